"""`manage.py safety_net HOUSEHOLD.json [--date YYYY-MM-DD]`: the financial safety net contract.

Reads the screen JSON plus `fixed_costs` and `debts` (see `regulations.schemes.safety_net`) from a
file or `-` (stdin) and writes `{"reference_date", "budget", "beslagvrije_voet", "debts",
"alerts"}` as JSON to stdout; exit 0. Malformed input exits 2 with a message naming the field.
Writes nothing to the database.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from regulations.schemes import catalogue
from regulations.schemes.facts import InputError
from regulations.schemes.params import ParameterRecord
from regulations.schemes.safety_net import parse_safety_net, safety_net
from regulations.services import parameter_resolver

EXIT_MALFORMED = 2


class Command(BaseCommand):
    help = (
        "Berekent huishoudbudget, beslagvrije voet, schuldprioriteiten en signalen voor een "
        "huishouden (JSON) en schrijft de uitkomst als JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("household", help="Pad naar een JSON-bestand, of - voor stdin.")
        parser.add_argument("--date", dest="reference_date", help="Peildatum JJJJ-MM-DD.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            output = self._run(options)
        except InputError as error:
            self.stderr.write(f"Ongeldige invoer: {error.field}: {error.message}")
            sys.exit(EXIT_MALFORMED)
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))

    def _run(self, options: dict[str, Any]) -> Any:
        raw = self._read(options["household"])
        reference_date = None
        if options["reference_date"]:
            try:
                reference_date = date.fromisoformat(options["reference_date"])
            except ValueError as exc:
                raise InputError("--date", "geen geldige datum; gebruik JJJJ-MM-DD") from exc
        facts = parse_safety_net(raw, reference_date_override=reference_date)
        return safety_net(facts, records=_records()).to_json()

    def _read(self, source: str) -> Any:
        try:
            text = sys.stdin.read() if source == "-" else open(source, encoding="utf-8").read()  # noqa: SIM115
        except OSError as exc:
            raise InputError("household", f"bestand niet te lezen: {exc.strerror}") from exc
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                "$", f"geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}): {exc.msg}"
            ) from exc


def _records() -> tuple[ParameterRecord, ...]:
    try:
        return parameter_resolver().records
    except DatabaseError:
        # No database (or not migrated): the data files in the repository are the catalogue.
        return catalogue.default_resolver().records
