"""Bijzondere bijstand: income base and draagkracht (municipal, grade-C defaults flagged)."""

from __future__ import annotations

from decimal import Decimal

from regulations.schemes.engine import screen
from regulations.schemes.facts import parse_household


def bb(on, *, net, housemates=(), assets=0):
    members = [
        {
            "ref": "a",
            "relation": "applicant",
            "birth_date": "1985-01-01",
            "incomes": [{"kind": "wages", "net_monthly": net, "gross_monthly": net}],
        }
    ]
    members += [
        {"ref": f"h{i}", "relation": "housemate", "birth_date": b} for i, b in enumerate(housemates)
    ]
    data = {"reference_date": on, "members": members, "assets_total": assets}
    return screen(parse_household(data), schemes=["bijzondere_bijstand"]).results[0]


def draagkracht(result):
    return next(
        step.values["draagkracht_per_maand"]
        for step in result.explanation
        if "draagkracht_per_maand" in step.values
    )


def test_2025_draagkracht_above_the_voet():
    # (1500 - 1345.45) x 0.50 = 77.275 -> 77.28 per month; amount itself depends on costs
    result = bb("2025-03-01", net=1500)
    assert (result.outcome, result.amount_monthly, result.amount_yearly) == ("eligible", None, None)
    assert draagkracht(result) == Decimal("77.28")
    assert draagkracht(bb("2025-03-01", net=1000)) == Decimal("0.00")


def test_upper_bound_130_percent_and_grade_c_warning():
    # 2025: 1345.45 x 1.30 = 1749.085 -> 1749.09 (Westland); 2026: 1401.50 x 1.30 = 1821.95
    at = bb("2025-03-01", net="1749.09")
    assert at.outcome == "eligible"
    assert any("graad C" in step.rule for step in at.explanation)
    assert bb("2025-03-01", net="1750.09").outcome == "not_eligible"
    assert bb("2026-03-01", net="1821.95").outcome == "eligible"
    assert bb("2026-03-01", net="1822.95").outcome == "not_eligible"


def test_kostendeler_uses_the_non_kostendeler_norm_by_default():
    # With a housemate of 30 the bijstand norm would be 1001.07 (2026); the minima base stays 1401.50.
    result = bb("2026-03-01", net="1401.50", housemates=["1996-01-01"])
    assert draagkracht(result) == Decimal("0.00")


def test_assets_above_limit():
    assert bb("2026-03-01", net=1000, assets=8001).outcome == "not_eligible"
