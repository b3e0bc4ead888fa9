"""`manage.py screen HOUSEHOLD.json [--date YYYY-MM-DD] [--scheme CODE ...]`: the stable contract.

Reads one household (or a JSON array of households) from a file or `-` (stdin), writes
`{"reference_date": ..., "results": [...]}` (or an array of those, in order) to stdout as JSON,
and exits 0. Malformed input exits 2 with a message naming the field. Writes nothing to the
database; parameters come from the catalogue (the database when it is loaded, else the data files).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from core.api.parsers import MAX_JSON_DEPTH, json_depth_exceeds
from regulations.schemes import catalogue
from regulations.schemes.engine import screen
from regulations.schemes.facts import InputError, parse_household, parse_scheme_codes
from regulations.schemes.params import ParameterResolver

EXIT_MALFORMED = 2


class Command(BaseCommand):
    help = "Toetst een huishouden (JSON) op alle regelingen en schrijft de uitkomsten als JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("household", help="Pad naar een JSON-bestand, of - voor stdin.")
        parser.add_argument("--date", dest="reference_date", help="Peildatum JJJJ-MM-DD.")
        parser.add_argument(
            "--scheme", dest="schemes", action="append", nargs="+", help="Alleen deze regeling(en)."
        )

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
        schemes = None
        if options["schemes"]:
            flat = [code for group in options["schemes"] for code in group]
            schemes = parse_scheme_codes(flat, field="--scheme")
        resolver = _resolver()
        if isinstance(raw, list):
            if not raw:
                raise InputError("$", "een lege lijst: geef minstens één huishouden")
            return [
                self._screen_one(item, reference_date, schemes, resolver, prefix=f"[{index}].")
                for index, item in enumerate(raw)
            ]
        return self._screen_one(raw, reference_date, schemes, resolver, prefix="")

    def _screen_one(self, raw, reference_date, schemes, resolver, *, prefix: str):  # type: ignore[no-untyped-def]
        try:
            facts = parse_household(raw, reference_date_override=reference_date)
        except InputError as error:
            raise InputError(prefix + error.field, error.message) from error
        parameters = resolver.resolve(facts.reference_date, facts.municipality_code)
        return screen(facts, schemes=schemes, parameters=parameters).to_json()

    def _read(self, source: str) -> Any:
        try:
            text = sys.stdin.read() if source == "-" else open(source, encoding="utf-8").read()  # noqa: SIM115
        except OSError as exc:
            raise InputError("household", f"bestand niet te lezen: {exc.strerror}") from exc
        if json_depth_exceeds(text):
            raise InputError("$", f"de JSON is te diep genest (hoogstens {MAX_JSON_DEPTH} niveaus)")
        try:
            return json.loads(text)
        except RecursionError as exc:
            raise InputError("$", "de JSON is te diep genest") from exc
        except json.JSONDecodeError as exc:
            raise InputError(
                "$", f"geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}): {exc.msg}"
            ) from exc


def _resolver() -> ParameterResolver:
    from regulations.services import parameter_resolver

    try:
        return parameter_resolver()
    except DatabaseError:
        # No database (or not migrated): the data files in the repository are the catalogue.
        return catalogue.default_resolver()
