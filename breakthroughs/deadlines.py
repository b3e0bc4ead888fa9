"""Due times in Dutch working days (weekends and national holidays excluded), computed once."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings

import holidays

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# A decision is due at the end of the office day.
END_OF_DAY = time(17, 0)


@lru_cache(maxsize=16)
def national_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in national_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (the start day itself does not count)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


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
