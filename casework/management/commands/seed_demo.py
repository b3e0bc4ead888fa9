from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.demo import DEMO_PASSWORD, DEMO_USERS, create_demo_organisation


class Command(BaseCommand):
    help = "Maakt demogegevens: een gemeente, twee teams, een gebruiker per rol en huishoudens."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--households", type=int, default=0, help="Aantal huishoudens.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Maak geen huishoudens als er al zijn."
        )
        parser.add_argument("--seed", type=int, default=2026, help="Startwaarde voor toeval.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = create_demo_organisation()
        created = 0
        if options["households"] > 0:
            from casework.demo import seed_households

            created = seed_households(
                organisation=organisation,
                count=options["households"],
                seed=options["seed"],
                if_empty=options["if_empty"],
            )
        self.stdout.write(self.style.SUCCESS(f"Demogegevens klaar ({created} huishoudens nieuw)."))
        self.stdout.write(f"Demo-logins (wachtwoord voor allemaal: {DEMO_PASSWORD}):")
        for username, first, last, role, _team in DEMO_USERS:
            self.stdout.write(f"  {username:<15} {role.label} ({first} {last})")
        self.stdout.write("Open http://127.0.0.1:8000 en log in.")
