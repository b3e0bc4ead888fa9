from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.crawl import crawl_demo_roles


class Command(BaseCommand):
    help = (
        "Bezoekt elke pagina die vanuit het menu bereikbaar is, als elke demogebruiker, en faalt "
        "op een serverfout (5xx), een veldnaam of een bedrag met decimale punt in de tekst."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--per-kind",
            type=int,
            default=2,
            help="Hoeveel pagina's van één soort (bijv. dossiers).",
        )
        parser.add_argument("--max-pages", type=int, default=400, help="Maximum per gebruiker.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = crawl_demo_roles(per_kind=options["per_kind"], max_pages=options["max_pages"])
        for username, visited in result.visited.items():
            self.stdout.write(f"{username:<15} {len(visited)} pagina's")
            if options["verbosity"] > 1:
                self.stdout.write("".join(f"  {url}\n" for url in visited), ending="")
        if not result.ok:
            for finding in result.findings:
                self.stderr.write(str(finding))
            raise CommandError(f"{len(result.findings)} bevindingen.")
        self.stdout.write(self.style.SUCCESS("Alle pagina's in orde."))
