"""Counts and percentages in Dutch notation: 1.234 and 85,3%, on every page and CSV.

Locale-independent, like `money.euro`: the figures read the same whatever language a user picked.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from core.presentation.money import MISSING


def _grouped(whole: str) -> str:
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return ".".join(groups)


def _decimal(value: Any) -> Decimal | None:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def count(value: Any, *, missing: str = MISSING) -> str:
    """`1234` -> `1.234`; `-5` -> `-5`. `None` or `""` gives `missing`; a non-number its text."""
    if value is None or value == "":
        return missing
    number = _decimal(value)
    if number is None:
        return str(value)
    whole = number.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    sign = "-" if whole < 0 else ""
    return sign + _grouped(f"{abs(whole):f}")


def percent(value: Any, *, places: int = 1, share: bool = True, missing: str = MISSING) -> str:
    """A share `0.8534` -> `85,3%` (`share=False` when the value is already a percentage).

    Half up, Dutch decimal comma and thousands dots; `places=0` gives `85%`.
    """
    if value is None or value == "":
        return missing
    number = _decimal(value)
    if number is None:
        return str(value)
    if share:
        number *= 100
    quantum = Decimal(1).scaleb(-places)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    return sign + _grouped(whole) + (f",{fraction}" if fraction else "") + "%"
