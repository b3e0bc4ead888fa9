"""Simulate a reform over a municipality's open caseload from the command line.

manage.py simulate REFORM.yaml [--municipality GM0479] [--date YYYY-MM-DD] [--indent]

Writes the published figures (counts of 1..9 households suppressed, as on the page) as JSON to
stdout; stores no simulation. Exit 2 with a message naming the field on a malformed reform.
Every household read gets an audit row (purpose ``beleidssimulatie``, no user).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.models import Municipality
from regulations.schemes.reforms import ReformInvalid
from regulations.services.simulations import compute_figures, reform_parse_text


class Command(BaseCommand):
    help = (
        "Rekent een hervorming (YAML) door over de open huishoudens van een gemeente en schrijft "
        "de uitkomsten als JSON (kleine aantallen onderdrukt)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="de hervorming (YAML), of - voor stdin")
        parser.add_argument("--municipality", help="CBS-code, bijvoorbeeld GM0479")
        parser.add_argument("--date", help="peildatum JJJJ-MM-DD (standaard: geldig vanaf)")
        parser.add_argument("--indent", action="store_true", help="ingesprongen JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Kan {path} niet lezen als UTF-8-tekst.", returncode=2) from exc
        try:
            spec = reform_parse_text(text, source=Path(path).name)
        except ReformInvalid as invalid:
            for field, message in invalid.errors:
                self.stderr.write(f"{field or '(hervorming)'}: {message}")
            raise CommandError("De hervorming is ongeldig.", returncode=2) from invalid
        municipality = self._municipality(options["municipality"])
        on = spec.valid_from
        if options["date"]:
            try:
                on = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date: gebruik JJJJ-MM-DD.", returncode=2) from exc
            if on < spec.valid_from or (spec.valid_to is not None and on > spec.valid_to):
                raise CommandError(
                    "--date: de peildatum ligt buiten de geldigheid van de hervorming.",
                    returncode=2,
                )
        computed = compute_figures(
            spec=spec,
            municipality=municipality,
            reference_date=on,
            audit_actor=None,
            audit_obj=municipality,
        )
        output = {
            "inputs": computed["inputs"],
            "parameter_versions": computed["parameter_versions"],
            "results": computed["results"],
        }
        self.stdout.write(
            json.dumps(output, ensure_ascii=False, indent=2 if options["indent"] else None)
        )

    def _municipality(self, code: str | None) -> Municipality:
        if code:
            found = Municipality.objects.filter(cbs_code=code).first()
            if found is None:
                raise CommandError(f"--municipality: onbekende gemeente {code!r}.", returncode=2)
            return found
        municipalities = list(Municipality.objects.order_by("pk")[:2])
        if len(municipalities) != 1:
            raise CommandError(
                "--municipality: geef de CBS-code (er is niet precies één gemeente).", returncode=2
            )
        return municipalities[0]
