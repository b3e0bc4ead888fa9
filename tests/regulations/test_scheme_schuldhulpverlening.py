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
