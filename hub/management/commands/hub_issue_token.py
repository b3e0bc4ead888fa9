from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hub.models import MunicipalityToken


class Command(BaseCommand):
    help = "Geeft een gemeente een aflevertoken voor de hub (het token wordt één keer getoond)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cbs-code", required=True)
        parser.add_argument("--name", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        _record, token = MunicipalityToken.issue(cbs_code=options["cbs_code"], name=options["name"])
        self.stdout.write(token)
