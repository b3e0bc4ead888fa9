"""Parameter packs: the one parser and validator for dated parameter values.

A pack is one or more YAML documents in the format of ``regulations/data/parameters/*.yaml`` (see
``catalogue``): the release's data files are the release's pack, and a functional admin's upload
uses the same format. Both go through ``parse_pack``, which checks everything before anything is
used and reports every problem per value ("row") in Dutch:

- the schema: ``parameters`` is a list of definitions with ``key``, ``unit``, optional ``type``
  and ``description``, and a non-empty ``values`` list; unknown fields are refused;
- the unit: its first word is a known base unit (``EUR/maand``, ``ratio``, ``jaren``, ...);
- per value: ``valid_from`` (and optional ``valid_to`` not before it) as JJJJ-MM-DD, a value of the
  definition's type (decimals as text), ``grade`` A/B/C, an http(s) ``source_url`` (required),
  an optional ``source_title`` (the publication as people cite it, e.g. "Staatscourant 2025,
  44064"), an optional CBS ``municipality_code`` (GM + four digits), ``note`` and ``final``;
- no two periods of one key and municipality overlap.

Pure Python (no Django): the importer in ``regulations.services.packs`` adds the checks against
the database (a changed unit, overlap with stored values).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

import yaml

from .params import GRADES, ParameterRecord

KINDS = ("decimal", "int", "bool", "str", "table")
BASE_UNITS = frozenset(
    {
        "EUR",
        "EUR/dag",
        "EUR/week",
        "EUR/maand",
        "EUR/kwartaal",
        "EUR/jaar",
        "EUR/uur",
        "ratio",
        "factor",
        "procent",
        "aantal",
        "code",
        "tekst",
        "ja/nee",
        "dagen",
        "werkdagen",
        "weken",
        "maanden",
        "jaren",
        "uren",
        "uren/maand",
    }
)
DEFINITION_FIELDS = frozenset({"key", "unit", "type", "description", "values"})
VALUE_FIELDS = frozenset(
    {
        "valid_from",
        "valid_to",
        "value",
        "grade",
        "source_url",
        "source_title",
        "municipality_code",
        "note",
        "final",
    }
)
SOURCE_TITLE_MAX = 200
KEY_PATTERN = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
MUNICIPALITY_PATTERN = re.compile(r"^GM\d{4}$")
URL_PATTERN = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


@dataclass(frozen=True, slots=True)
class PackError:
    """One problem, located as precisely as the pack allows (file, key, value number, field)."""

    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return (
            f"{self.where}: {self.field}: {self.message}"
            if self.field
            else (f"{self.where}: {self.message}")
        )


class PackInvalid(ValueError):  # noqa: N818 - reads as "the pack is invalid"
    def __init__(self, errors: list[PackError]) -> None:
        super().__init__("; ".join(str(error) for error in errors[:5]))
        self.errors = errors


@dataclass(frozen=True, slots=True)
class PackRecord:
    """A parsed value with where it came from (for errors found later, against the database)."""

    record: ParameterRecord
    where: str
    kind: str


# libyaml's loader when installed: the same safe constructors, a fraction of the start-up time.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, *, source: str) -> Any:
    try:
        return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (regel {mark.line + 1})" if mark is not None else ""
        raise PackInvalid([PackError(source, "", f"geen geldige YAML{line}")]) from exc


def parse_pack(documents: Iterable[tuple[str, Any]]) -> list[PackRecord]:
    """Validate and parse ``(source name, loaded YAML)`` documents; raise ``PackInvalid`` with
    every error found, or return all values."""
    errors: list[PackError] = []
    parsed: list[PackRecord] = []
    for source, raw in documents:
        parsed.extend(_document(raw, source=source, errors=errors))
    errors.extend(overlaps(parsed))
    if errors:
        raise PackInvalid(errors)
    return parsed


def overlaps(records: Iterable[PackRecord]) -> list[PackError]:
    """Two values of one key and municipality whose periods share a day."""
    by_identity: dict[tuple[str, str | None], list[PackRecord]] = defaultdict(list)
    for item in records:
        by_identity[(item.record.key, item.record.municipality_code)].append(item)
    errors = []
    for (key, municipality), items in sorted(
        by_identity.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")
    ):
        items.sort(key=lambda item: item.record.valid_from)
        for before, after in pairwise(items):
            end = before.record.valid_to
            if end is None or end >= after.record.valid_from:
                until = "zonder einddatum" if end is None else f"tot en met {end.isoformat()}"
                errors.append(
                    PackError(
                        after.where,
                        "valid_from",
                        f"periode overlapt met de waarde vanaf "
                        f"{before.record.valid_from.isoformat()} ({until}) van {key}"
                        f" ({municipality or 'landelijk'})",
                    )
                )
    return errors


def _document(raw: Any, *, source: str, errors: list[PackError]) -> list[PackRecord]:
    if not isinstance(raw, dict) or not isinstance(raw.get("parameters"), list):
        errors.append(PackError(source, "parameters", "verwacht een lijst 'parameters'"))
        return []
    unknown = set(raw) - {"parameters"}
    if unknown:
        errors.append(PackError(source, ", ".join(sorted(unknown)), "onbekend veld"))
    records: list[PackRecord] = []
    for index, definition in enumerate(raw["parameters"]):
        records.extend(
            _definition(definition, where=f"{source}: parameter {index + 1}", errors=errors)
        )
    return records


def _definition(definition: Any, *, where: str, errors: list[PackError]) -> list[PackRecord]:
    if not isinstance(definition, dict):
        errors.append(PackError(where, "", "verwacht key, unit en values"))
        return []
    key = definition.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        errors.append(
            PackError(where, "key", "verplicht, in de vorm onderwerp.naam (kleine letters)")
        )
        return []
    where = f"{where.rsplit(':', 1)[0]}: {key}"
    before = len(errors)
    unknown = set(definition) - DEFINITION_FIELDS
    if unknown:
        errors.append(PackError(where, ", ".join(sorted(unknown)), "onbekend veld"))
    unit = definition.get("unit")
    if not isinstance(unit, str) or not unit.strip():
        errors.append(PackError(where, "unit", "eenheid is verplicht"))
    elif unit.split(" ", 1)[0] not in BASE_UNITS:
        errors.append(
            PackError(where, "unit", f"onbekende eenheid {unit!r} (bijvoorbeeld EUR/maand, ratio)")
        )
    kind = definition.get("type", "decimal")
    if kind not in KINDS:
        errors.append(PackError(where, "type", f"onbekend type {kind!r} ({', '.join(KINDS)})"))
    values = definition.get("values")
    if not isinstance(values, list) or not values:
        errors.append(PackError(where, "values", "minstens één waarde is verplicht"))
    if len(errors) > before:
        return []
    records = []
    for index, value in enumerate(values):
        item = _value(
            value, key=key, unit=unit, kind=kind, where=f"{where} waarde {index + 1}", errors=errors
        )
        if item is not None:
            records.append(item)
    return records


def _value(
    raw: Any, *, key: str, unit: str, kind: str, where: str, errors: list[PackError]
) -> PackRecord | None:
    if not isinstance(raw, dict):
        errors.append(PackError(where, "", "verwacht valid_from, value, grade en source_url"))
        return None
    before = len(errors)
    unknown = set(raw) - VALUE_FIELDS
    if unknown:
        errors.append(PackError(where, ", ".join(sorted(unknown)), "onbekend veld"))
    valid_from = raw.get("valid_from")
    valid_to = raw.get("valid_to")
    if not isinstance(valid_from, date):
        errors.append(PackError(where, "valid_from", "verplicht, als datum JJJJ-MM-DD"))
    if valid_to is not None and not isinstance(valid_to, date):
        errors.append(PackError(where, "valid_to", "datum JJJJ-MM-DD verwacht"))
    elif isinstance(valid_from, date) and valid_to is not None and valid_to < valid_from:
        errors.append(PackError(where, "valid_to", "ligt voor valid_from"))
    value = None
    if "value" not in raw:
        errors.append(PackError(where, "value", "waarde is verplicht"))
    else:
        value, problem = typed_value(raw["value"], kind)
        if problem:
            errors.append(PackError(where, "value", problem))
    grade = raw.get("grade")
    if str(grade) not in GRADES:
        errors.append(PackError(where, "grade", "betrouwbaarheid A, B of C is verplicht"))
    source_url = raw.get("source_url")
    if not isinstance(source_url, str) or not URL_PATTERN.match(source_url):
        errors.append(PackError(where, "source_url", "bron (http(s)-adres) is verplicht"))
    municipality_code = raw.get("municipality_code")
    if municipality_code is not None and (
        not isinstance(municipality_code, str) or not MUNICIPALITY_PATTERN.match(municipality_code)
    ):
        errors.append(PackError(where, "municipality_code", "CBS-code als GM0363 verwacht"))
    note = raw.get("note", "")
    if not isinstance(note, str):
        errors.append(PackError(where, "note", "tekst verwacht"))
    source_title = raw.get("source_title", "")
    if not isinstance(source_title, str) or len(source_title) > SOURCE_TITLE_MAX:
        errors.append(
            PackError(
                where, "source_title", f"tekst van hoogstens {SOURCE_TITLE_MAX} tekens verwacht"
            )
        )
    final = raw.get("final", False)
    if not isinstance(final, bool):
        errors.append(PackError(where, "final", "true/false verwacht"))
    if len(errors) > before:
        return None
    record = ParameterRecord(
        key=key,
        value=value,
        unit=unit,
        valid_from=valid_from,
        valid_to=valid_to,
        source_url=source_url,
        grade=str(grade),
        municipality_code=municipality_code,
        note=note,
        source_title=source_title.strip() if isinstance(source_title, str) else "",
        final=final,
    )
    return PackRecord(record=record, where=where, kind=kind)


def typed_value(raw: Any, kind: str) -> tuple[Any, str]:
    """The value in its type, or a Dutch problem description."""
    if kind == "decimal":
        if isinstance(raw, float):
            return None, 'schrijf decimalen als tekst ("0.137"), niet als getal met punt'
        if isinstance(raw, bool) or not isinstance(raw, (int, str)):
            return None, "getal verwacht"
        try:
            number = Decimal(str(raw).strip())
        except InvalidOperation:
            return None, f"geen getal: {raw!r}"
        if not number.is_finite():
            return None, f"geen getal: {raw!r}"
        return number, ""
    if kind == "int":
        if not isinstance(raw, int) or isinstance(raw, bool):
            return None, "geheel getal verwacht"
        return raw, ""
    if kind == "bool":
        if not isinstance(raw, bool):
            return None, "true/false verwacht"
        return raw, ""
    if kind == "str":
        if isinstance(raw, (dict, list)) or raw is None:
            return None, "tekst verwacht"
        return str(raw), ""
    if raw is None:
        return None, "tabel verwacht"
    return raw, ""
