"""Schuldhulpverlening (Wgs): access and the statutory time limits; never an amount."""

from __future__ import annotations

from datetime import date

import pytest

from regulations.schemes.engine import screen
from regulations.schemes.facts import parse_household


def shv(on, *, debts, requested=None, birth="1985-01-01"):
    data = {
        "reference_date": on,
        "members": [{"ref": "a", "relation": "applicant", "birth_date": birth}],
    }
    if debts is not None:
        data["debts"] = debts
    if requested:
        data["debt_help_requested_on"] = requested
    return screen(parse_household(data), schemes=["schuldhulpverlening"]).results[0]


def deadline(result):
    return next(
        s.values["uiterlijk_eerste_gesprek"]
        for s in result.explanation
        if "uiterlijk_eerste_gesprek" in s.values
    )


@pytest.mark.parametrize("on", ["2025-03-10", "2026-03-10"])
def test_threat_gives_three_working_days(on):
    # Friday 2025-03-07 + 3 working days = Wednesday 2025-03-12 (weekend skipped)
    result = shv(
        on,
        debts=[{"creditor_kind": "verhuurder", "amount": 2400, "threat": "eviction"}],
        requested="2025-03-07",
    )
    assert (result.outcome, result.amount_monthly, result.amount_yearly) == ("eligible", None, None)
    assert deadline(result) == date(2025, 3, 12)
    assert any("BWBR0031343&artikel=4" in step.law_url for step in result.explanation)


def test_without_threat_four_weeks():
    result = shv(
        "2025-03-10", debts=[{"creditor_kind": "telecom", "amount": 300}], requested="2025-03-01"
    )
    assert deadline(result) == date(2025, 3, 29)
    assert any("binnen 4 weken" in step.result for step in result.explanation)


def test_no_debts_unknown_debts_and_minors():
    assert shv("2026-03-01", debts=[]).outcome == "not_eligible"
    unknown = shv("2026-03-01", debts=None)
    assert (unknown.outcome, unknown.missing) == ("insufficient_data", ["debts"])
    assert (
        shv("2026-03-01", debts=[{"creditor_kind": "bnpl"}], birth="2008-03-02").outcome
        == "not_eligible"
    )
    assert (
        shv("2026-03-01", debts=[{"creditor_kind": "bnpl"}], birth="2008-03-01").outcome
        == "eligible"
    )


# The 3-working-day limit skips the Dutch public holidays (core.workdays), like the Wgs tracker.
THREAT = [{"creditor_kind": "verhuurder", "amount": 2400, "threat": "eviction"}]


@pytest.mark.parametrize(
    ("requested", "expected", "why"),
    [
        # Thursday 2026-04-02: Goede Vrijdag 3 April and Tweede Paasdag 6 April do not count
        # (core.workdays counts Goede Vrijdag as a holiday, as the casework tracker does).
        ("2026-04-02", date(2026, 4, 9), "Pasen"),
        ("2026-04-01", date(2026, 4, 8), "Pasen"),
        # Friday 2026-04-24: King's Day is Monday 27 April 2026.
        ("2026-04-24", date(2026, 4, 30), "Koningsdag"),
        # Wednesday 2026-12-23: 25 and 26 December (Friday, Saturday) and the weekend.
        ("2026-12-23", date(2026, 12, 29), "Kerstmis"),
        # A week without holidays: Monday + 3 working days is Thursday.
        ("2026-04-13", date(2026, 4, 16), "geen feestdag"),
    ],
)
def test_threat_deadline_skips_public_holidays(requested, expected, why):
    result = shv("2026-04-01", debts=THREAT, requested=requested)
    assert deadline(result) == expected, why


def test_threat_deadline_equals_the_casework_tracker_days():
    from core.workdays import add_working_days

    for day in range(1, 32):
        requested = date(2026, 12, day)
        result = shv("2026-12-01", debts=THREAT, requested=requested.isoformat())
        assert deadline(result) == add_working_days(requested, 3)
