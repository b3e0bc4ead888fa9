"""Field-level validation shared by the parsers: InputError and the primitive value checks."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

_MUNICIPALITY_RE = re.compile(r"GM\d{4}")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MAX_AMOUNT = Decimal("100000000")
_CENT = Decimal("0.01")


class InputError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def parse_object(raw: Any, path: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise InputError(path or "$", "moet een JSON-object zijn")
    return raw


def reject_unknown_fields(obj: dict[str, Any], allowed: frozenset[str], path: str) -> None:
    for key in obj:
        if key not in allowed:
            where = f"{path}.{key}" if path else str(key)
            raise InputError(where, "onbekend veld")


def object_items(
    raw: Any, path: str, allowed: frozenset[str]
) -> Iterator[tuple[dict[str, Any], str]]:
    """Each object of a JSON list with its path (``path[i]``), unknown fields refused."""
    if not isinstance(raw, list):
        raise InputError(path, "moet een lijst zijn")
    for position, item in enumerate(raw):
        item_path = f"{path}[{position}]"
        obj = parse_object(item, item_path)
        reject_unknown_fields(obj, allowed, item_path)
        yield obj, item_path


def check_choice(value: Any, choices: Collection[str], path: str, unknown: str) -> None:
    """Refuse a code outside ``choices``, naming them: "<unknown> 'x'; kies uit a, b"."""
    if value not in choices:
        raise InputError(path, f"{unknown} {value!r}; kies uit {', '.join(choices)}")


def required_field(obj: dict[str, Any], key: str, path: str) -> Any:
    if key not in obj or obj[key] is None:
        raise InputError(f"{path}.{key}", "ontbreekt")
    return obj[key]


def optional_field(obj: dict[str, Any], key: str, parse: Any, path: str) -> Any:
    value = obj.get(key)
    if value is None:
        return None
    return parse(value, path)


def parse_money(raw: Any, path: str) -> Decimal:
    # bool is an int subclass in Python: "true" is not an amount.
    kind = type(raw)
    if kind is int:
        value = Decimal(raw)  # the common case, and the cheapest
    elif kind is float or kind is str or (isinstance(raw, (int, str)) and kind is not bool):
        try:
            value = Decimal(str(raw).strip())  # via str: 0.1 stays 0.1, no float artefacts
        except InvalidOperation:
            raise InputError(path, f"{raw!r} is geen geldig bedrag") from None
    else:
        raise InputError(path, 'moet een bedrag zijn (getal of tekst zoals "1234.56")')
    if not value.is_finite():
        raise InputError(path, "moet een eindig bedrag zijn")
    if value < 0:
        raise InputError(path, "mag niet negatief zijn")
    if value > _MAX_AMOUNT:
        raise InputError(path, "is onrealistisch hoog")
    if kind is not int:
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -2:
            raise InputError(path, "heeft meer dan twee decimalen")
    return value.quantize(_CENT)  # lossless: at most two decimals were accepted


def parse_bool(raw: Any, path: str) -> bool:
    if not isinstance(raw, bool):
        raise InputError(path, "moet true of false zijn")
    return raw


def parse_date(raw: Any, path: str) -> date:
    if not isinstance(raw, str) or not _DATE_RE.fullmatch(raw):
        raise InputError(path, "moet een datum zijn in de vorm JJJJ-MM-DD")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InputError(path, f"{raw} is geen bestaande datum") from None


def parse_municipality(raw: Any, path: str) -> str:
    if not isinstance(raw, str) or not _MUNICIPALITY_RE.fullmatch(raw):
        raise InputError(path, "moet een CBS-gemeentecode zijn zoals GM0363")
    return raw
