"""Report periods: a closed quarter (the default), month or year, parsed from `2026Q3`,
`2026-07` or `2026`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:Q(?P<quarter>[1-4])|-(?P<month>0[1-9]|1[0-2]))?$")


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date


# No earlier period is a real report (the hub refuses them too).
EARLIEST_REPORT_YEAR = 2000


def parse_period(label: str, *, today: date | None = None) -> Period:
    """`2026Q3` (quarter, the default kind), `2026-07` (month) or `2026` (year); closed only."""
    match = PERIOD_RE.match(label.strip())
    if not match:
        raise ValidationError(
            {"period": _("Geef een periode als 2026Q3 (kwartaal), 2026-07 (maand) of 2026 (jaar).")}
        )
    year = int(match["year"])
    today = today or timezone.localdate()
    # Checked before any date is built: year 0 or 10000 is no date at all (a 500, not a 400).
    if year < EARLIEST_REPORT_YEAR:
        raise ValidationError(
            {
                "period": _("Rapporteer over een periode vanaf %(year)s.")
                % {"year": EARLIEST_REPORT_YEAR}
            }
        )
    if year > today.year:
        raise ValidationError({"period": _("Deze periode ligt in de toekomst.")})
    if match["quarter"]:
        quarter = int(match["quarter"])
        start = date(year, 3 * quarter - 2, 1)
        end = month_end(year, 3 * quarter)
    elif match["month"]:
        start = date(year, int(match["month"]), 1)
        end = month_end(year, int(match["month"]))
    else:
        start, end = date(year, 1, 1), date(year, 12, 31)
    if start > today:
        raise ValidationError({"period": _("Deze periode ligt in de toekomst.")})
    if end >= today:
        raise ValidationError(
            {
                "period": _("Deze periode is nog niet afgesloten: rapporteer na %(end)s.")
                % {"end": end}
            }
        )
    return Period(label=label.strip(), start=start, end=end)


def month_end(year: int, month: int) -> date:
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def last_closed_quarter(today: date) -> Period:
    quarter = (today.month - 1) // 3  # the current quarter, 0-based; the previous one closed
    year = today.year if quarter else today.year - 1
    quarter = quarter or 4
    return parse_period(f"{year}Q{quarter}", today=today)
