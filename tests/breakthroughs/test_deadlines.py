from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from breakthroughs.deadlines import add_working_days, due_at, is_working_day

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 23), 2, date(2026, 11, 25)),  # Monday + 2 = Wednesday
        (date(2026, 11, 26), 2, date(2026, 11, 30)),  # Thursday + 2 skips the weekend
        (date(2026, 11, 27), 2, date(2026, 12, 1)),  # Friday + 2 = Tuesday
        (date(2026, 12, 24), 2, date(2026, 12, 29)),  # Christmas and Boxing Day skipped
        (date(2026, 4, 24), 2, date(2026, 4, 29)),  # Koningsdag (27 April, Monday) skipped
        (date(2025, 12, 31), 1, date(2026, 1, 2)),  # New Year's Day skipped
        (date(2026, 11, 27), 10, date(2026, 12, 11)),  # ten working days: two weeks
        (date(2026, 12, 18), 10, date(2027, 1, 5)),  # over Christmas and New Year
    ],
)
def test_add_working_days_skips_weekends_and_national_holidays(start, days, expected):
    assert add_working_days(start, days) == expected


def test_holidays_are_not_working_days():
    assert not is_working_day(date(2026, 4, 27))  # Koningsdag
    assert not is_working_day(date(2026, 5, 14))  # Hemelvaartsdag
    assert not is_working_day(date(2026, 5, 25))  # Tweede pinksterdag
    assert is_working_day(date(2026, 5, 26))


def test_acute_is_due_in_two_and_regular_in_ten_working_days_at_five_pm():
    friday_evening = datetime(2026, 11, 27, 22, 30, tzinfo=AMS)
    assert due_at(start=friday_evening, urgency="acute") == datetime(2026, 12, 1, 17, 0, tzinfo=AMS)
    assert due_at(start=friday_evening, urgency="regular") == datetime(
        2026, 12, 11, 17, 0, tzinfo=AMS
    )


def test_limits_are_configurable(settings):
    settings.BREAKTHROUGH_DUE_WORKING_DAYS = {"acute": 1, "regular": 5}
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=AMS)
    assert due_at(start=monday, urgency="acute").date() == date(2026, 11, 24)
    assert due_at(start=monday, urgency="regular").date() == date(2026, 11, 30)
