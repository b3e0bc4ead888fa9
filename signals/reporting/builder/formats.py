"""Money and timestamp formats shared by the input checks, the aggregation and the output."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from signals.reporting.disclosure import Value

_CENT = Decimal("0.01")


def round_cents(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def money_string(value: Value) -> str | None:
    if value is None:
        return None
    return format(Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP), "f")


def utc_timestamp(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("tijdstip moet een tijdzone hebben (aware datetime)")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
