"""Collectieve zorgverzekering: municipal percentage of the sociaal minimum."""

from __future__ import annotations

from decimal import Decimal

from regulations.schemes.engine import screen
from regulations.schemes.facts import parse_household


def czv(on, *, net, partner=False, birth="1985-01-01", municipality=None):
    members = [
        {
            "ref": "a",
            "relation": "applicant",
            "birth_date": birth,
            "incomes": [{"kind": "ww", "net_monthly": net}],
        }
    ]
    if partner:
        members.append({"ref": "p", "relation": "partner", "birth_date": birth, "incomes": []})
    data = {"reference_date": on, "members": members}
    if municipality:
        data["municipality_code"] = municipality
    return screen(parse_household(data), schemes=["collectieve_zorgverzekering"]).results[0]


def test_2025_couple_default_130_percent():
    # 1922.07 x 1.30 = 2498.691 -> 2498.69 (Westland publishes 2498.69)
    at = czv("2025-03-01", net="2498.69", partner=True)
    assert (at.outcome, at.amount_monthly) == ("eligible", None)
    assert czv("2025-03-01", net="2497.69", partner=True).outcome == "eligible"
    assert czv("2025-03-01", net="2499.69", partner=True).outcome == "not_eligible"


def test_2025_aow_single():
    # 1501.07 x 1.30 = 1951.391 -> 1951.39
    assert czv("2025-03-01", net="1951.39", birth="1950-01-01").outcome == "eligible"
    assert czv("2025-03-01", net="1952.39", birth="1950-01-01").outcome == "not_eligible"


def test_2026_single():
    # 1401.50 x 1.30 = 1821.95
    assert czv("2026-03-01", net="1821.95").outcome == "eligible"
    assert czv("2026-03-01", net="1822.95").outcome == "not_eligible"


def test_municipal_contribution_and_unconfirmed_values_are_flagged():
    # Hilvarenbeek (page year unknown, grade C, recorded for 2024): 2024 norm 1283.83 x 1.30 = 1668.98;
    # contribution 30 per adult per month
    result = czv("2024-03-01", net=1600, municipality="GM0798")
    assert (result.outcome, result.amount_monthly, result.amount_yearly) == (
        "eligible",
        Decimal("30"),
        Decimal("360"),
    )
    assert any("graad C" in step.rule for step in result.explanation)


def test_missing_income():
    data = {
        "reference_date": "2026-03-01",
        "members": [{"ref": "a", "relation": "applicant", "birth_date": "1985-01-01"}],
    }
    result = screen(parse_household(data), schemes=["collectieve_zorgverzekering"]).results[0]
    assert (result.outcome, result.missing) == ("insufficient_data", ["members[0].incomes"])
