"""Dates in Dutch: "6 december 2026" in running text, "06-12-2026" in tables and CSV files.

Written out here rather than with Django's `date` filter so that the notation does not follow the
active language: letters, decisions and exports of the municipality are Dutch.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from core.presentation.money import MISSING

MONTH_NAMES = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
MONTH_ABBREVIATIONS = (
    "jan",
    "feb",
    "mrt",
    "apr",
    "mei",
    "jun",
    "jul",
    "aug",
    "sep",
    "okt",
    "nov",
    "dec",
)


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        # An aware moment is shown on the municipality's calendar, not UTC's.
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def date_long(value: Any, *, missing: str = MISSING) -> str:
    """`date(2026, 12, 6)` -> `6 december 2026`."""
    day = _as_date(value)
    if day is None:
        return missing if value in (None, "") else str(value)
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def date_short(value: Any, *, missing: str = MISSING) -> str:
    """`date(2026, 12, 6)` -> `06-12-2026`."""
    day = _as_date(value)
    if day is None:
        return missing if value in (None, "") else str(value)
    return f"{day.day:02d}-{day.month:02d}-{day.year}"


def month_name(month: int) -> str:
    """1 -> `januari`."""
    return MONTH_NAMES[month - 1]
