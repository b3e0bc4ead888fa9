from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.models import Municipality
from signals.periods import parse_period
from signals.services import report_generate


class Command(BaseCommand):
    help = "Stelt de signaalrapportage op voor een afgesloten periode (bv. --period 2026Q3)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="2026Q3, 2026-07 of 2026.")
        parser.add_argument(
            "--municipality", action="append", help="CBS-code (standaard: alle gemeenten)."
        )
        parser.add_argument(
            "--revise", action="store_true", help="Maak een correctie als nieuwe revisie."
        )
        parser.add_argument("--print", action="store_true", help="Toon het rapport als JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["period"])
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        municipalities = Municipality.objects.all()
        if options["municipality"]:
            municipalities = municipalities.filter(cbs_code__in=options["municipality"])
            missing = set(options["municipality"]) - set(
                municipalities.values_list("cbs_code", flat=True)
            )
            if missing:
                raise CommandError(f"Onbekende gemeente(n): {', '.join(sorted(missing))}")
        for municipality in municipalities:
            try:
                report, created = report_generate(
                    municipality=municipality, period=period, revise=options["revise"]
                )
            except ValidationError as error:
                raise CommandError(
                    f"{municipality.cbs_code}: {'; '.join(error.messages)}"
                ) from error
            state = "opgesteld" if created else "bestond al"
            self.stdout.write(
                f"{municipality.cbs_code} {period.label} revisie {report.revision}: {state} "
                f"({report.get_status_display()})"
            )
            if options["print"]:
                self.stdout.write(json.dumps(report.content, ensure_ascii=False, indent=2))
