"""Due times in Dutch working days (weekends and national holidays excluded), computed once."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from core.workdays import add_working_days, is_working_day, national_holidays

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# A decision is due at the end of the office day.
END_OF_DAY = time(17, 0)


# The working-day rules live in core (casework's Wgs limits count them too); re-exported here.
__all__ = [
    "AMSTERDAM",
    "add_working_days",
    "due_at",
    "is_working_day",
    "national_holidays",
    "working_days_between",
]


def due_at(*, start: datetime, urgency: str) -> datetime:
    working_days = settings.BREAKTHROUGH_DUE_WORKING_DAYS[urgency]
    local_start = start.astimezone(AMSTERDAM)
    day = add_working_days(local_start.date(), working_days)
    return datetime.combine(day, END_OF_DAY, tzinfo=AMSTERDAM)


def working_days_between(start: datetime, end: datetime) -> int:
    """Whole working days from `start` to `end` (for the median time to decision)."""
    first, last = start.astimezone(AMSTERDAM).date(), end.astimezone(AMSTERDAM).date()
    count, current = 0, first
    while current < last:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count
