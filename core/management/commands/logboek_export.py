"""The audit log of one municipality as Logboek Dataverwerkingen log records (JSON Lines on
stdout), for shipping to a central Logboek. The rows are those its auditors see on the audit page."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core import logboek
from core.audit import audit_record
from core.models import Municipality
from core.selectors import audit_log_list
from core.views import LOGBOEK_FORMAT, SUPERVISION_PURPOSE


def _date(option: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        # fromisoformat alone would also take 20260105 and week dates.
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{option}: gebruik JJJJ-MM-DD.", returncode=2) from exc


class Command(BaseCommand):
    help = (
        "Schrijft het auditlog van een gemeente als logregels volgens Logboek Dataverwerkingen "
        "(JSON Lines, één betrokkene per regel) naar stdout."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, help="CBS-code, bijvoorbeeld GM0479")
        parser.add_argument("--from", dest="date_from", help="vanaf JJJJ-MM-DD")
        parser.add_argument("--to", dest="date_to", help="tot en met JJJJ-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["municipality"]
        municipality = Municipality.objects.filter(cbs_code=code).first()
        if municipality is None:
            raise CommandError(f"Onbekende gemeente {code!r}.", returncode=2)
        date_from = _date("--from", options["date_from"])
        date_to = _date("--to", options["date_to"])
        if date_from and date_to and date_from > date_to:
            raise CommandError("--to: de einddatum ligt voor de begindatum.", returncode=2)
        filters = {"date_from": date_from, "date_to": date_to}
        entries = audit_log_list(
            municipality_ids=frozenset({municipality.pk}),
            **{key: value for key, value in filters.items() if value},
        )
        audit_record(
            actor=None,
            action="audit_log.export",
            purpose=SUPERVISION_PURPOSE,
            municipality_code=municipality.cbs_code,
            data={
                "filters": {key: str(value) for key, value in filters.items() if value},
                "format": LOGBOEK_FORMAT,
            },
        )
        for lines in logboek.logboek_lines(logboek.export_rows(entries)):
            self.stdout.write(lines, ending="")
