"""Validation of a report against the JSON Schema, with Dutch error messages."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import Any

import jsonschema

from signals.reporting.builder.constants import SCHEMA_ID, SCHEMA_PATHS


@cache
def load_schema(schema_id: str = SCHEMA_ID) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a report version (default doorbraak.signal-report/1)."""
    with SCHEMA_PATHS[schema_id].open(encoding="utf-8") as schema_file:
        return json.load(schema_file)


def validate_report(report: Any) -> list[str]:
    """Validate against the JSON Schema of the report's own version (1 or 2; anything else is
    checked against version 1, whose ``schema`` constant then names the problem); return Dutch
    messages "<JSON path>: <problem>" (empty = ok)."""
    declared = report.get("schema") if isinstance(report, dict) else None
    schema_id = declared if declared in SCHEMA_PATHS else SCHEMA_ID
    validator = jsonschema.Draft202012Validator(load_schema(schema_id))
    errors = sorted(
        validator.iter_errors(report),
        key=lambda error: (_json_path(error.absolute_path), error.message),
    )
    return [f"{_json_path(error.absolute_path)}: {_dutch_message(error)}" for error in errors]


def _json_path(parts: Iterable[Any]) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


_JSON_TYPE_NAMES = {
    "integer": "geheel getal",
    "number": "getal",
    "string": "tekst",
    "boolean": "waar/onwaar",
    "null": "null",
    "object": "object",
    "array": "lijst",
}


def _json_type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "waar/onwaar"
    if isinstance(value, int):
        return "geheel getal"
    if isinstance(value, float):
        return "getal"
    if isinstance(value, str):
        return "tekst"
    return "lijst" if isinstance(value, list) else "object"


def _dutch_message(error: jsonschema.ValidationError) -> str:
    kind, expected, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = [name for name in expected if name not in instance]
        return f"verplicht veld ontbreekt: {', '.join(missing)}"
    if kind == "additionalProperties":
        known = error.schema.get("properties", {})
        extra = sorted(name for name in instance if name not in known)
        return f"onbekend veld niet toegestaan: {', '.join(extra)}"
    if kind == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        names = " of ".join(_JSON_TYPE_NAMES.get(name, name) for name in wanted)
        return f"verkeerd type: verwacht {names}, gekregen {_json_type_name(instance)}"
    if kind == "const":
        return f"waarde moet {json.dumps(expected, ensure_ascii=False)} zijn"
    if kind == "enum":
        allowed = ", ".join(json.dumps(value, ensure_ascii=False) for value in expected)
        return f"waarde {json.dumps(instance, ensure_ascii=False)} niet toegestaan (toegestaan: {allowed})"
    if kind == "pattern":
        return f"waarde {json.dumps(instance, ensure_ascii=False)} heeft niet het juiste formaat"
    if kind in ("minimum", "exclusiveMinimum"):
        return f"waarde {instance} is kleiner dan het minimum {expected}"
    if kind in ("maximum", "exclusiveMaximum"):
        return f"waarde {instance} is groter dan het maximum {expected}"
    if kind == "multipleOf":
        return f"waarde {instance} moet een veelvoud zijn van {expected}"
    if kind == "minItems":
        return f"te weinig elementen: minimaal {expected}"
    if kind in ("maxItems", "items"):
        return "te veel elementen"
    if kind == "minLength":
        return f"tekst te kort: minimaal {expected} teken(s)"
    return f"ongeldige waarde (regel '{kind}')"
