from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from breakthroughs.models import BudgetPot
from breakthroughs.services import budget_pot_save
from core.models import Municipality, Team
from core.presentation.money import euro


class Command(BaseCommand):
    help = (
        "Maakt voor een jaar per team een maatwerkbudget en een budget voor het doorbraakteam "
        "(bestaande budgetten blijven ongemoeid)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("municipality", help="CBS-code van de gemeente, bijv. GM0479.")
        parser.add_argument("--year", type=int, default=None, help="Jaar (standaard: dit jaar).")
        parser.add_argument("--amount", type=Decimal, default=Decimal("25000"), help="Per team.")
        parser.add_argument("--team-lead-limit", type=Decimal, default=Decimal("2500"))
        parser.add_argument(
            "--board-amount",
            type=Decimal,
            default=Decimal("0"),
            help="0: geen doorbraakteam-budget.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            municipality = Municipality.objects.get(cbs_code=options["municipality"])
        except Municipality.DoesNotExist as exc:
            raise CommandError(f"Onbekende gemeente {options['municipality']}.") from exc
        year = options["year"] or timezone.localdate().year
        wanted = [
            (f"Maatwerkbudget {team.name}", team, options["amount"], options["team_lead_limit"])
            for team in Team.objects.filter(municipality=municipality).order_by("name")
        ]
        if options["board_amount"] > 0:
            wanted.append(("Doorbraakbudget gemeente", None, options["board_amount"], Decimal("0")))
        for name, team, amount, limit in wanted:
            if BudgetPot.objects.filter(municipality=municipality, name=name, year=year).exists():
                self.stdout.write(f"Bestaat al: {name} {year}")
                continue
            try:
                budget_pot_save(
                    actor=None,  # type: ignore[arg-type]  # the command runs as the system
                    municipality=municipality,
                    data={"name": name, "team": team, "year": year, "amount": amount,
                          "team_lead_limit": limit, "spending_rules": ""},
                )  # fmt: skip
            except ValidationError as exc:
                raise CommandError(f"{name}: {exc.messages}") from exc
            self.stdout.write(self.style.SUCCESS(f"Aangemaakt: {name} {year} ({euro(amount)})"))
