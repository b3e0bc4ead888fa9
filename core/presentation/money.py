"""Money in Dutch notation: € 1.234,56, the same on every page, CSV, chart and PDF.

Locale-independent on purpose: an English-speaking user still reads Dutch amounts, as the
municipality's letters and the Belastingdienst do.
"""

from __future__ import annotations

import re
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


# An amount as plain code writes it into a sentence: "€ 1550.45", "€ -12", "€1000.5".
_PLAIN_AMOUNT = re.compile(r"€\s?(-?\d+(?:\.\d+)?)(?![\d,])")


def euro_in_text(text: str) -> str:
    """Rewrite the amounts in `text` that pure code wrote as `€ 1550.45` in Dutch notation.

    The rules engine (`regulations/schemes`) imports no app, so its explanation of a calculation
    says "Berekend: € 1550.45 per jaar."; pages show that sentence through here:
    "Berekend: € 1.550,45 per jaar."
    """
    return _PLAIN_AMOUNT.sub(lambda match: euro(match.group(1)), text)
