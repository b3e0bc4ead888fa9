"""Individuele inkomenstoeslag: municipal percentage, reference period and amounts."""

from __future__ import annotations

from decimal import Decimal

from regulations.schemes.engine import screen
from regulations.schemes.facts import parse_household


def iit(on, *, net, since="2015-01-01", birth="1985-01-01", municipality=None, assets=0):
    applicant = {
        "ref": "a",
        "relation": "applicant",
        "birth_date": birth,
        "incomes": [{"kind": "bijstand", "net_monthly": net}],
    }
    data = {"reference_date": on, "members": [applicant], "assets_total": assets}
    if since:
        data["low_income_since"] = since
    if municipality:
        data["municipality_code"] = municipality
    return screen(parse_household(data), schemes=["individuele_inkomenstoeslag"]).results[0]


def test_2025_default_110_percent():
    # 1345.45 x 1.10 = 1479.995 -> 1480.00 (Westland publishes 1480.00)
    at = iit("2025-03-01", net="1480.00")
    assert (at.outcome, at.amount_yearly, at.amount_monthly) == (
        "eligible",
        Decimal("521.97"),
        None,
    )
    assert iit("2025-03-01", net="1479.00").outcome == "eligible"
    assert iit("2025-03-01", net="1481.00").outcome == "not_eligible"
    assert any("standaardwaarden" in step.rule for step in at.explanation)


def test_2026_default():
    # 1401.50 x 1.10 = 1541.65; default amount 2026 478
    at = iit("2026-03-01", net="1541.65")
    assert (at.outcome, at.amount_yearly) == ("eligible", Decimal("478"))
    assert iit("2026-03-01", net="1542.65").outcome == "not_eligible"


def test_midden_drenthe_compares_without_holiday_pay():
    # 1345.45 x 0.95 = 1278.18 (cents); x 1.10 = 1405.998 -> 1406.00 (as Midden-Drenthe publishes)
    at = iit("2025-03-01", net="1406.00", municipality="GM1731")
    assert (at.outcome, at.amount_yearly) == ("eligible", Decimal("521.97"))
    assert iit("2025-03-01", net="1407.00", municipality="GM1731").outcome == "not_eligible"
    assert at.version["parameters"]["iit.percentage_sociaal_minimum"] == "2025-01-01"


def test_reference_period_36_months():
    assert (
        iit("2025-03-01", net=1000, since="2022-03-01").outcome == "eligible"
    )  # exactly 36 months
    assert iit("2025-03-01", net=1000, since="2022-03-02").outcome == "not_eligible"  # 35 months


def test_age_bounds():
    assert iit("2026-03-01", net=1000, birth="2005-03-02").outcome == "not_eligible"  # 20
    assert iit("2026-03-01", net=1000, birth="2005-03-01").outcome == "eligible"  # 21
    assert iit("2026-03-01", net=1000, birth="1959-03-01").outcome == "not_eligible"  # 67: AOW age


def test_assets_and_missing_period():
    assert iit("2026-03-01", net=1000, assets=8001).outcome == "not_eligible"
    result = iit("2026-03-01", net=1000, since=None)
    assert (result.outcome, result.missing) == ("insufficient_data", ["low_income_since"])
