from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from breakthroughs.services import legal_levers_sync_from_file


class Command(BaseCommand):
    help = "Laadt de catalogus van juridische hefbomen uit breakthroughs/data in de database."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = legal_levers_sync_from_file()
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['levers']} hefbomen; versies: {counts['created']} nieuw, "
                f"{counts['updated']} bijgewerkt."
            )
        )
