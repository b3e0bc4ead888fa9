"""Money in Dutch notation: € 1.234,56, the same on every page, CSV, chart and PDF.

Locale-independent on purpose: an English-speaking user still reads Dutch amounts, as the
municipality's letters and the Belastingdienst do.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

NBSP = "\u00a0"  # keeps the euro sign on the same line as the amount
MISSING = "\u2013"  # an en dash for "no amount"


def euro(value: Any, *, cents: bool = True, missing: str = MISSING) -> str:
    """`1234.5` -> `€ 1.234,50`; `-12` -> `€ -12,00`; `cents=False` -> `€ 1.235` (half up).

    `None` or `""` gives `missing` (pass e.g. "onbekend" where an unknown amount must say so).
    A value that is not a number is returned as text, never an exception on a page.
    """
    if value is None or value == "":
        return missing
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not amount.is_finite():
        return str(value)
    places = Decimal("0.01") if cents else Decimal("1")
    amount = amount.quantize(places, rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):f}".partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = ".".join(groups) + (f",{fraction}" if cents else "")
    return f"€{NBSP}{sign}{text}"
