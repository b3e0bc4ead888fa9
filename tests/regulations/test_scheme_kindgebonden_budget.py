"""Kindgebonden budget 2025 and 2026 (SCHEMES.md 2.5 and 2.8)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from regulations.schemes.engine import screen
from regulations.schemes.facts import parse_household


def kgb(on, *, income, children, partner=False, assets=0):
    members = [
        {
            "ref": "a",
            "relation": "applicant",
            "birth_date": "1985-01-01",
            "assessed_income_yearly": income,
        }
    ]
    if partner:
        members.append(
            {
                "ref": "p",
                "relation": "partner",
                "birth_date": "1985-01-01",
                "assessed_income_yearly": 0,
            }
        )
    members += [
        {"ref": f"c{i}", "relation": "child", "birth_date": b} for i, b in enumerate(children)
    ]
    data = {"reference_date": on, "members": members, "assets_total": assets}
    return screen(parse_household(data), schemes=["kindgebonden_budget"]).results[0]


def amounts(result):
    return result.amount_monthly, result.amount_yearly


def test_2026_partners_two_young_children():
    # 2 x 2580 = 5160 - 0.076 x (45000 - 39141) = 445.28 -> 4714.72 -> 4715 per year; /12 = 392.89 -> 392
    assert amounts(
        kgb("2026-03-01", income=45000, children=["2018-01-01", "2020-01-01"], partner=True)
    ) == (Decimal("392"), Decimal("4715"))


def test_2026_partners_children_13_and_16():
    # 5160 + 724 + 964 = 6848 - 445.28 = 6402.72 -> 6403; /12 = 533.56 -> 533
    assert amounts(
        kgb("2026-03-01", income=45000, children=["2012-06-01", "2009-06-01"], partner=True)
    ) == (Decimal("533"), Decimal("6403"))


def test_2026_single_parent():
    # Worked example of "Berekening kindgebonden budget 2026": 2580 + 3416 = 5996 - 0.076 x
    # (30000 - 29736) = 20.06 -> 5975.94 per year; the Belastingdienst pays 5975.94 / 12 = 497.99
    # -> € 497 a month (not a twelfth of the rounded 5976, which would be 498).
    assert amounts(kgb("2026-03-01", income=30000, children=["2017-06-01"])) == (
        Decimal("497"),
        Decimal("5976"),
    )


def test_2025_single_parent_below_threshold():
    # 2511 + 3389 = 5900 -> 5900; /12 = 491.67 -> 491
    assert amounts(kgb("2025-03-01", income=20000, children=["2020-01-01"])) == (
        Decimal("491"),
        Decimal("5900"),
    )


def test_2025_partners_child_aged_14():
    # 2511 + 703 = 3214 - 0.071 x (40000 - 37545) = 174.305 -> 3039.695 -> 3040; /12 = 253.31 -> 253
    assert amounts(kgb("2025-03-01", income=40000, children=["2010-06-01"], partner=True)) == (
        Decimal("253"),
        Decimal("3040"),
    )


def test_2025_partner_threshold_exact():
    # at the threshold no afbouw: 2511; one euro above: 2511 - 0.071 = 2510.929 -> 2511, /12 = 209.24 -> 209
    assert kgb(
        "2025-03-01", income=37545, children=["2020-01-01"], partner=True
    ).amount_yearly == Decimal("2511")
    above = kgb("2025-03-01", income=37546, children=["2020-01-01"], partner=True)
    assert amounts(above) == (Decimal("209"), Decimal("2511"))
    afbouw = next(s.values["afbouw"] for s in above.explanation if "afbouw" in s.values)
    assert afbouw == Decimal("0.071")


def test_2025_minimum_payout():
    # 2511 - 0.071 x (72580 - 37545) = 23.515 -> 24: granted; at 72581: 23.444 -> 23: nothing
    at = kgb("2025-03-01", income=72580, children=["2020-01-01"], partner=True)
    assert (at.outcome, at.amount_yearly) == ("eligible", Decimal("24"))
    assert (
        kgb("2025-03-01", income=72581, children=["2020-01-01"], partner=True).outcome
        == "not_eligible"
    )


@pytest.mark.parametrize("on", ["2025-03-01", "2026-03-01"])
def test_child_of_18_no_longer_counts(on):
    # Art. 2 lid 1 Wkgb: up to and including the month in which the child turns 18.
    year = int(on[:4])
    eighteen_last_month = f"{year - 18}-02-28"
    eighteen_this_month = f"{year - 18}-03-01"
    assert kgb(on, income=20000, children=[eighteen_last_month]).outcome == "not_eligible"
    assert kgb(on, income=20000, children=[eighteen_this_month]).outcome == "eligible"


@pytest.mark.parametrize(("on", "limit"), [("2025-03-01", 141896), ("2026-03-01", 146011)])
def test_asset_limit_single(on, limit):
    assert kgb(on, income=20000, children=["2020-01-01"], assets=limit).outcome == "eligible"
    assert (
        kgb(on, income=20000, children=["2020-01-01"], assets=limit + 1).outcome == "not_eligible"
    )


def test_no_children():
    assert kgb("2026-03-01", income=20000, children=[]).outcome == "not_eligible"


def test_missing_partner_income():
    data = {
        "reference_date": "2026-03-01",
        "assets_total": 0,
        "members": [
            {
                "ref": "a",
                "relation": "applicant",
                "birth_date": "1985-01-01",
                "assessed_income_yearly": 1,
            },
            {"ref": "p", "relation": "partner", "birth_date": "1985-01-01"},
            {"ref": "c", "relation": "child", "birth_date": "2020-01-01"},
        ],
    }
    result = screen(parse_household(data), schemes=["kindgebonden_budget"]).results[0]
    assert (result.outcome, result.missing) == (
        "insufficient_data",
        ["members[1].assessed_income_yearly"],
    )


@pytest.mark.parametrize(
    ("on", "yearly"),
    [
        # Turns 12 on 15 March 2026: the 12-15 supplement starts in April (art. 2 Wkgb).
        ("2026-03-20", "5996"),  # 2580 + ALO-kop 3416
        ("2026-03-31", "5996"),
        ("2026-04-01", "6720"),  # + 724
    ],
)
def test_2026_supplement_from_the_month_after_the_12th_birthday(on, yearly):
    result = kgb(on, income=20000, children=["2014-03-15"])
    assert result.amount_yearly == Decimal(yearly)


def test_2026_supplement_on_a_first_of_the_month_birthday_also_starts_the_month_after():
    assert kgb("2026-03-01", income=20000, children=["2014-03-01"]).amount_yearly == Decimal("5996")
    assert kgb("2026-04-01", income=20000, children=["2014-03-01"]).amount_yearly == Decimal("6720")


@pytest.mark.parametrize(
    ("on", "yearly"),
    [
        ("2026-03-31", "6720"),  # turns 16 on 10 March: still 12-15 (2580 + 3416 + 724)
        ("2026-04-01", "6960"),  # 16-17 from April (2580 + 3416 + 964)
    ],
)
def test_2026_supplement_from_the_month_after_the_16th_birthday(on, yearly):
    assert kgb(on, income=20000, children=["2010-03-10"]).amount_yearly == Decimal(yearly)


def test_child_counts_through_the_month_it_turns_18_and_from_the_month_after_birth():
    # Turns 18 on 15 March 2026: still counted in March (with the 16-17 supplement), not in April.
    assert kgb("2026-03-20", income=20000, children=["2008-03-15"]).amount_yearly == Decimal("6960")
    assert kgb("2026-04-01", income=20000, children=["2008-03-15"]).outcome == "not_eligible"
    # Born on 10 March 2026: counted from April.
    assert kgb("2026-03-20", income=20000, children=["2026-03-10"]).outcome == "not_eligible"
    assert kgb("2026-04-01", income=20000, children=["2026-03-10"]).amount_yearly == Decimal("5996")
