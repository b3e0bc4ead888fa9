"""Zorgtoeslag 2025 and 2026: expected values worked out by hand from SCHEMES.md 2.3 and 2.8."""

from __future__ import annotations

from decimal import Decimal

import pytest

from regulations.schemes.engine import screen
from regulations.schemes.facts import parse_household


def zorgtoeslag(
    on, income, *, partner=False, partner_insured=True, assets=0, birth="1990-01-01", insured=True
):
    members = [
        {"ref": "a", "relation": "applicant", "birth_date": birth, "assessed_income_yearly": income}
    ]
    if insured is not None:
        members[0]["health_insured"] = insured
    if partner:
        members.append(
            {
                "ref": "p",
                "relation": "partner",
                "birth_date": "1990-01-01",
                "assessed_income_yearly": 0,
                "health_insured": partner_insured,
            }
        )
    data = {"reference_date": on, "members": members, "assets_total": assets}
    return screen(parse_household(data), schemes=["zorgtoeslag"]).results[0]


@pytest.mark.parametrize(
    ("on", "monthly", "yearly"),
    [
        # 2025: 2112 - 0.01896 x 28406 = 1573.42 -> 1573 per year; 1573.42 / 12 = 131.12 -> 131
        ("2025-03-01", "131", "1573"),
        # 2026: 2119 - 0.01912 x 29736 = 1550.45 -> 1550; 1550.45 / 12 = 129.20 -> 129
        ("2026-03-01", "129", "1550"),
    ],
)
def test_maximum_single(on, monthly, yearly):
    result = zorgtoeslag(on, 20000)
    assert result.outcome == "eligible"
    assert result.amount_monthly == Decimal(monthly)
    assert result.amount_yearly == Decimal(yearly)


@pytest.mark.parametrize(
    ("on", "monthly", "yearly"),
    [
        # 2025: 2 x 2112 - 0.04273 x 28406 = 4224 - 1213.79 = 3010.21 -> 3010; / 12 = 250.85 -> 250
        ("2025-03-01", "250", "3010"),
        # 2026: 2 x 2119 - 0.04289 x 29736 = 4238 - 1275.38 = 2962.62 -> 2963; / 12 = 246.89 -> 246
        ("2026-03-01", "246", "2963"),
    ],
)
def test_maximum_with_partner(on, monthly, yearly):
    result = zorgtoeslag(on, 20000, partner=True)
    assert (result.amount_monthly, result.amount_yearly) == (Decimal(monthly), Decimal(yearly))


@pytest.mark.parametrize(
    ("on", "limit", "partner"),
    [
        ("2025-03-01", 39719, False),
        ("2026-03-01", 40857, False),
        ("2025-03-01", 50206, True),
        ("2026-03-01", 51142, True),
    ],
)
def test_published_income_limits_follow_from_the_awir_minimum(on, limit, partner):
    # At the limit: e.g. 2026 single 2119 - [568.55 + 0.1373 x (40857 - 29736)] = 23.53 -> 24 >= 24.
    at_limit = zorgtoeslag(on, limit, partner=partner)
    assert at_limit.outcome == "eligible"
    assert at_limit.amount_yearly == Decimal("24")
    assert at_limit.amount_monthly == Decimal("2")  # the rounded year: 24 / 12 = 2
    # One euro above: 23.40 -> 23 < 24: nothing is granted.
    assert zorgtoeslag(on, limit + 1, partner=partner).outcome == "not_eligible"
    # One euro below: still 24 (23.67 rounds to 24).
    assert zorgtoeslag(on, limit - 1, partner=partner).amount_yearly == Decimal("24")


@pytest.mark.parametrize(
    ("on", "monthly", "yearly"),
    [
        # 2025: 3010.21 x 0.5 = 1505.11 -> 1505; / 12 = 125.43 -> 125
        ("2025-03-01", "125", "1505"),
        # 2026: 2962.62 x 0.5 = 1481.31 -> 1481; / 12 = 123.44 -> 123
        ("2026-03-01", "123", "1481"),
    ],
)
def test_partner_not_insured_halves_the_couple_amount(on, monthly, yearly):
    result = zorgtoeslag(on, 20000, partner=True, partner_insured=False)
    assert (result.amount_monthly, result.amount_yearly) == (Decimal(monthly), Decimal(yearly))
    assert any("helft" in step.rule for step in result.explanation)


@pytest.mark.parametrize(
    ("on", "limit", "partner"),
    [
        ("2025-03-01", 141896, False),
        ("2026-03-01", 146011, False),
        ("2025-03-01", 179429, True),
        ("2026-03-01", 184633, True),
    ],
)
def test_asset_limit(on, limit, partner):
    assert zorgtoeslag(on, 20000, partner=partner, assets=limit).outcome == "eligible"
    assert zorgtoeslag(on, 20000, partner=partner, assets=limit - 1).outcome == "eligible"
    assert zorgtoeslag(on, 20000, partner=partner, assets=limit + 1).outcome == "not_eligible"


@pytest.mark.parametrize(
    ("on", "eighteenth_birthday"), [("2025-03-01", "2007-03-01"), ("2026-03-01", "2008-03-01")]
)
def test_age_18(on, eighteenth_birthday):
    assert zorgtoeslag(on, 0, birth=eighteenth_birthday).outcome == "eligible"
    day_later = eighteenth_birthday[:-2] + "02"  # 17 years and 364 days
    assert zorgtoeslag(on, 0, birth=day_later).outcome == "not_eligible"


def test_not_insured_applicant_is_not_eligible():
    assert zorgtoeslag("2025-03-01", 20000, insured=False).outcome == "not_eligible"


def test_unknown_insurance_assets_and_income_are_listed_as_missing():
    data = {
        "reference_date": "2026-03-01",
        "members": [{"ref": "a", "relation": "applicant", "birth_date": "1990-01-01"}],
    }
    result = screen(parse_household(data), schemes=["zorgtoeslag"]).results[0]
    assert result.outcome == "insufficient_data"
    assert result.missing == [
        "members[0].health_insured",
        "assets_total",
        "members[0].assessed_income_yearly",
    ]
    assert result.amount_monthly is None and result.amount_yearly is None


def test_income_derived_from_gross_is_explained():
    data = {
        "reference_date": "2026-03-01",
        "members": [
            {
                "ref": "a",
                "relation": "applicant",
                "birth_date": "1990-01-01",
                "health_insured": True,
                "incomes": [{"kind": "wages", "gross_monthly": 1500, "net_monthly": 1350}],
            }
        ],
        "assets_total": 0,
    }
    result = screen(parse_household(data), schemes=["zorgtoeslag"]).results[0]
    # 12 x 1500 = 18000 < drempelinkomen: the maximum 129 / 1550.
    assert (result.amount_monthly, result.amount_yearly) == (Decimal("129"), Decimal("1550"))
    assert any("geschat" in step.rule for step in result.explanation)
    assert result.version["parameters"]["zorgtoeslag.standaardpremie"] == "2026-01-01"


def test_the_month_is_a_twelfth_of_the_rounded_year():
    """Awir order (SCHEMES.md §2.8, correction 2): the year is rounded to whole euros first.
    2025 single at 28,418: 1,571.78 -> 1,572 a year; 1,572 / 12 = 131 (not floor(130.98) = 130)."""
    result = zorgtoeslag("2025-03-01", 28418, partner=False)
    assert result.amount_yearly == Decimal("1572")
    assert result.amount_monthly == Decimal("131")
