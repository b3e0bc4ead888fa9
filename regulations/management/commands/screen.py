"""`manage.py screen HOUSEHOLD.json [--date YYYY-MM-DD] [--scheme CODE ...]`: the stable contract.

Reads one household (or a JSON array of households) from a file or `-` (stdin), writes
`{"reference_date": ..., "results": [...]}` (or an array of those, in order) to stdout as JSON,
and exits 0. Malformed input exits 2 with a message naming the field. Writes nothing to the
database; parameters come from the catalogue (the database when it is loaded, else the data files).

Output is compact JSON written by orjson (batches of thousands of households are the normal case);
``--indent`` pretty-prints it for people, ``--no-explanation`` leaves the explanation steps out
(``"explanation": []``) for bulk use and screens the batch with the vectorised engine
(``regulations.schemes.vector``). The JSON values are the same either way.
"""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

import orjson

from core.jsondepth import MAX_JSON_DEPTH, json_depth_exceeds
from regulations.schemes import catalogue
from regulations.schemes.engine import screen, shared_steps
from regulations.schemes.facts import (
    HouseholdFacts,
    InputError,
    parse_household,
    parse_scheme_codes,
)
from regulations.schemes.params import ParameterResolver, ParameterSet
from regulations.schemes.results import Step

EXIT_MALFORMED = 2


class Command(BaseCommand):
    help = "Toetst een huishouden (JSON) op alle regelingen en schrijft de uitkomsten als JSON."
    # Read-only and run in batches by other tools: the system checks would import every URLconf
    # and view for nothing (most of the start-up time).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("household", help="Pad naar een JSON-bestand, of - voor stdin.")
        parser.add_argument("--date", dest="reference_date", help="Peildatum JJJJ-MM-DD.")
        parser.add_argument(
            "--scheme", dest="schemes", action="append", nargs="+", help="Alleen deze regeling(en)."
        )
        parser.add_argument(
            "--indent", action="store_true", help="Leesbare JSON (twee spaties inspringen)."
        )
        parser.add_argument(
            "--no-explanation",
            dest="explanation",
            action="store_false",
            help="Zonder uitleg per regeling (sneller, voor grote aantallen).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            documents, single = self._run(options)
            option = orjson.OPT_INDENT_2 if options["indent"] else 0
            self._write(documents, single=single, option=option)
        except InputError as error:
            self.stderr.write(f"Ongeldige invoer: {error.field}: {error.message}")
            sys.exit(EXIT_MALFORMED)

    def _write(self, documents: Iterator[dict[str, Any]], *, single: bool, option: int) -> None:
        """Stream one JSON document per household: a batch is never held in memory as a whole.

        The first household is screened before anything is written, and every household is
        validated before it is screened, so malformed input (exit 2) leaves stdout empty.
        """
        first = next(documents)
        write = self._byte_writer()
        # Decimals in explanation values are written as strings, as Step.to_json does.
        if single:
            write(_dumps(first, option) + b"\n")
        elif option & orjson.OPT_INDENT_2:
            # For people: one indented array (they do not read thousands of households).
            everything = [first, *documents]
            write(_dumps(everything, option) + b"\n")
        else:
            parts = [b"[", _dumps(first, option)]
            for document in documents:
                parts.append(b",")
                parts.append(_dumps(document, option))
                if len(parts) >= 512:
                    write(b"".join(parts))
                    parts.clear()
            parts.append(b"]\n")
            write(b"".join(parts))
        self.stdout.flush()

    def _byte_writer(self) -> Callable[[bytes], Any]:
        """Write orjson's UTF-8 bytes as they are where the stream allows it.

        Decoding every document to text for a text stream that encodes it back was a fifth of a
        batch's CPU time (documents with explanations are some 25 kB each). A text stream without
        a binary buffer (``call_command(stdout=StringIO())``) still gets the same text.
        """
        stream = self.stdout._out
        buffer = getattr(stream, "buffer", None)
        if buffer is None or getattr(stream, "encoding", "").lower().replace("-", "") != "utf8":
            return lambda data: stream.write(data.decode())
        stream.flush()
        return buffer.write

    def _run(self, options: dict[str, Any]) -> tuple[Iterator[dict[str, Any]], bool]:
        self._explanation = options["explanation"]
        # Compact output only: a fragment is written as it is, so it would not be indented.
        self._shared = _SharedStepJson() if not options["indent"] else None
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
            # Validate the whole batch first: a malformed household exits 2 before any output.
            # The decoded batch stays alive until the end: out of the collector's sight already
            # while parsing (collections over it were a fifth of the parse time), then the facts.
            _quiet_garbage_collector()
            facts = [
                self._parse_one(item, reference_date, prefix=f"[{index}].")
                for index, item in enumerate(raw)
            ]
            _quiet_garbage_collector()
            return self._screen_all(facts, schemes, resolver), False
        facts = [self._parse_one(raw, reference_date, prefix="")]
        return self._screen_all(facts, schemes, resolver), True

    def _screen_all(
        self, facts: list[HouseholdFacts], schemes: list[str] | None, resolver: ParameterResolver
    ) -> Iterator[dict[str, Any]]:
        if not self._explanation:
            # Without explanations the vectorised engine screens the whole batch column-wise
            # (the same outcomes, amounts, missing, provisional and versions as the scalar one).
            from regulations.schemes.vector import screen_grouped_json

            return iter(screen_grouped_json(facts, resolver.resolve, schemes=schemes))
        return (self._screen_one(item, schemes, resolver) for item in facts)

    def _parse_one(self, raw: Any, reference_date: date | None, *, prefix: str) -> HouseholdFacts:
        try:
            return parse_household(raw, reference_date_override=reference_date)
        except InputError as error:
            raise InputError(prefix + error.field, error.message) from error

    def _screen_one(
        self, facts: HouseholdFacts, schemes: list[str] | None, resolver: ParameterResolver
    ) -> dict[str, Any]:
        parameters = resolver.resolve(facts.reference_date, facts.municipality_code)
        explain = self._explanation
        screening = screen(facts, schemes=schemes, parameters=parameters, explain=explain)
        document = screening.to_json(explanation=explain, raw_steps=True)
        if explain and self._shared is not None:
            self._shared.substitute(document["results"], parameters)
        return document

    def _read(self, source: str) -> Any:
        # Bytes: orjson and the depth check take UTF-8 as it is (no decoding to text and back).
        try:
            if source == "-":
                stdin = getattr(sys.stdin, "buffer", None)
                text: str | bytes = stdin.read() if stdin is not None else sys.stdin.read()
            else:
                with open(source, "rb") as file:
                    text = file.read()
        except OSError as exc:
            raise InputError("household", f"bestand niet te lezen: {exc.strerror}") from exc
        if json_depth_exceeds(text):
            raise InputError("$", f"de JSON is te diep genest (hoogstens {MAX_JSON_DEPTH} niveaus)")
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
        try:
            # Only to tell the user where: the stdlib parser's error names line and column.
            return json.loads(text)
        except RecursionError as exc:
            raise InputError("$", "de JSON is te diep genest") from exc
        except UnicodeDecodeError as exc:
            raise InputError("$", f"geen geldige UTF-8 (byte {exc.start + 1})") from exc
        except json.JSONDecodeError as exc:
            raise InputError(
                "$", f"geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}): {exc.msg}"
            ) from exc


def _dumps(document: Any, option: int) -> bytes:
    """orjson bytes; Decimals as strings. Non-string keys (a parameter value keyed by age, say)
    are rare, and allowing them slows every dict down: only the documents that have them pay."""
    try:
        return orjson.dumps(document, default=str, option=option)
    except orjson.JSONEncodeError:
        return orjson.dumps(document, default=str, option=option | orjson.OPT_NON_STR_KEYS)


class _SharedStepJson:
    """The JSON of the explanation steps the engine shares between households, encoded once.

    Some 40 % of a batch's explanation text are steps built once per parameter set (provenance,
    provisional values; ``shared_steps``) and repeated in many households; their Decimals made the
    encoder call back into Python every time. Each is encoded once, the same way as in place, and
    written as an ``orjson.Fragment``. Keyed by identity: the steps are kept alive here, so while
    this lives no other object can have one of those ids.
    """

    def __init__(self) -> None:
        self._fragments: dict[int, orjson.Fragment] = {}
        self._steps: list[Step] = []
        self._scanned: dict[int, tuple[ParameterSet, int]] = {}

    def substitute(self, results: list[dict[str, Any]], parameters: ParameterSet) -> None:
        scanned = self._scanned.get(id(parameters))
        if scanned is None or scanned[1] != len(parameters.memo):
            for step in shared_steps(parameters):
                if id(step) not in self._fragments:
                    self._steps.append(step)
                    self._fragments[id(step)] = orjson.Fragment(_dumps(step, 0))
            self._scanned[id(parameters)] = (parameters, len(parameters.memo))
        fragment = self._fragments.get
        for result in results:
            result["explanation"] = [fragment(id(step), step) for step in result["explanation"]]


def _quiet_garbage_collector() -> None:
    """Keep the cyclic collector from rescanning the whole batch over and over.

    A screening allocates many short-lived, acyclic objects that reference counting frees at once;
    with the parsed batch and the catalogue alive, every generation-2 collection walked all of
    them and took half of the CPU time. Freezing moves what exists now out of the collector's
    sight (without a collection first: the little garbage there is does not matter here); the
    higher threshold lets it run less often on what remains. The process ends after the batch,
    so nothing else depends on the default tuning.
    """
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


def _resolver() -> ParameterResolver:
    from regulations.services import parameter_resolver

    try:
        return parameter_resolver()
    except DatabaseError:
        # No database (or not migrated): the data files in the repository are the catalogue.
        return catalogue.default_resolver()
