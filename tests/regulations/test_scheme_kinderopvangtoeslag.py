"""Kinderopvangtoeslag basics: only the 96% band is computed (tables not available)."""

from __future__ import annotations

from decimal import Decimal

from regulations.schemes.engine import screen
from regulations.schemes.facts import parse_household


def kot(on, *, income, childcare, partner_works=True, child_birth="2023-01-01"):
    wages = [{"kind": "wages", "gross_monthly": 1000, "net_monthly": 900}]
    members = [
        {
            "ref": "a",
            "relation": "applicant",
            "birth_date": "1990-01-01",
            "assessed_income_yearly": income,
            "incomes": wages,
        },
        {
            "ref": "p",
            "relation": "partner",
            "birth_date": "1990-01-01",
            "assessed_income_yearly": 0,
            "works_or_studies": partner_works,
        },
        {"ref": "c", "relation": "child", "birth_date": child_birth},
    ]
    if childcare is not None:
        members[2]["childcare"] = childcare
    data = {"reference_date": on, "members": members}
    return screen(parse_household(data), schemes=["kinderopvangtoeslag"]).results[0]


def test_2025_dagopvang_at_96_percent():
    # 100 h x 10.00 x 0.96 = 960.00 per month; yearly 11520
    result = kot(
        "2025-03-01",
        income=40000,
        childcare={"kind": "dagopvang", "hours_monthly": 100, "hourly_rate": 10},
    )
    assert (result.amount_monthly, result.amount_yearly) == (Decimal("960"), Decimal("11520"))


def test_2025_hourly_rate_capped():
    # 100 h x min(12.00, 10.71) x 0.96 = 1028.16 -> 1028 per month; 12337.92 -> 12338 per year
    result = kot(
        "2025-03-01",
        income=40000,
        childcare={"kind": "dagopvang", "hours_monthly": 100, "hourly_rate": 12},
    )
    assert (result.amount_monthly, result.amount_yearly) == (Decimal("1028"), Decimal("12338"))


def test_2025_hours_capped_at_230():
    # min(250, 230) x 10 x 0.96 = 2208
    result = kot(
        "2025-03-01",
        income=40000,
        childcare={"kind": "dagopvang", "hours_monthly": 250, "hourly_rate": 10},
    )
    assert result.amount_monthly == Decimal("2208")


def test_2025_band_boundary():
    care = {"kind": "dagopvang", "hours_monthly": 100, "hourly_rate": 10}
    assert kot("2025-03-01", income=47403, childcare=care).outcome == "eligible"
    above = kot("2025-03-01", income=47404, childcare=care)
    assert above.outcome == "insufficient_data"
    assert above.missing == ["parameter:kinderopvangtoeslag.percentagetabel"]


def test_2026_bso_and_band_boundary():
    # 50 h x 9.00 (below max 9.98) x 0.96 = 432 per month; 5184 per year
    care = {"kind": "bso", "hours_monthly": 50, "hourly_rate": 9}
    at = kot("2026-03-01", income=56413, childcare=care, child_birth="2018-01-01")
    assert (at.amount_monthly, at.amount_yearly) == (Decimal("432"), Decimal("5184"))
    assert (
        kot("2026-03-01", income=56414, childcare=care, child_birth="2018-01-01").outcome
        == "insufficient_data"
    )


def test_unknown_childcare_is_missing():
    result = kot("2026-03-01", income=30000, childcare=None)
    assert (result.outcome, result.missing) == ("insufficient_data", ["members[2].childcare"])
    result = kot("2026-03-01", income=30000, childcare={"kind": "gastouder"})
    assert result.missing == [
        "members[2].childcare.hours_monthly",
        "members[2].childcare.hourly_rate",
    ]


def test_partner_not_working_or_no_childcare_is_not_eligible():
    care = {"kind": "dagopvang", "hours_monthly": 100, "hourly_rate": 10}
    assert (
        kot("2026-03-01", income=30000, childcare=care, partner_works=False).outcome
        == "not_eligible"
    )
    assert kot("2026-03-01", income=30000, childcare={"kind": "none"}).outcome == "not_eligible"


def test_child_of_13_is_too_old():
    care = {"kind": "bso", "hours_monthly": 50, "hourly_rate": 9}
    assert (
        kot("2026-03-01", income=30000, childcare=care, child_birth="2013-01-01").outcome
        == "not_eligible"
    )
