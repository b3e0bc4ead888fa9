from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from regulations.services import catalogue_sync_from_files


class Command(BaseCommand):
    help = "Laadt de regelingen en parameterwaarden uit regulations/data in de database."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = catalogue_sync_from_files()
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['regulations']} regelingen; parameterwaarden: {counts['created']} nieuw, "
                f"{counts['updated']} bijgewerkt."
            )
        )
