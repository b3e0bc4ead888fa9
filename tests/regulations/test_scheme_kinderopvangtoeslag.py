"""Kinderopvangtoeslag: 96% band (2025), the full Bijlage I table and the worked examples (2026)."""

from __future__ import annotations

from decimal import Decimal

import pytest

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
    # Bijlage I 2026: 96% up to and including 56,412; from 56,413 the first child gets 95.5%.
    care = {"kind": "bso", "hours_monthly": 50, "hourly_rate": 9}
    at = kot("2026-03-01", income=56412, childcare=care, child_birth="2018-01-01")
    # 50 h x 9.00 (below max 9.98) x 0.96 = 432 per month; 5184 per year
    assert (at.amount_monthly, at.amount_yearly) == (Decimal("432"), Decimal("5184"))
    above = kot("2026-03-01", income=56413, childcare=care, child_birth="2018-01-01")
    # 50 x 9.00 x 0.955 = 429.75 -> 429 per month; 5157 per year
    assert (above.outcome, above.amount_monthly, above.amount_yearly) == (
        "eligible",
        Decimal("429"),
        Decimal("5157"),
    )


def kot_children(on, *, income, children):
    members = [
        {
            "ref": "a",
            "relation": "applicant",
            "birth_date": "1990-01-01",
            "assessed_income_yearly": income,
            "works_or_studies": True,
        },
        {
            "ref": "p",
            "relation": "partner",
            "birth_date": "1990-01-01",
            "assessed_income_yearly": 0,
            "works_or_studies": True,
        },
    ]
    for position, (birth, care) in enumerate(children):
        members.append(
            {"ref": f"c{position}", "relation": "child", "birth_date": birth, "childcare": care}
        )
    data = {"reference_date": on, "members": members}
    return screen(parse_household(data), schemes=["kinderopvangtoeslag"]).results[0]


# The worked examples of the Belastingdienst's "Berekening kinderopvangtoeslag 2026".
def test_2026_worked_example_one_child_dagopvang_at_60000():
    # 122 h x 10.50 x 93.9% = 1,202.86 -> € 1.202 per month
    care = {"kind": "dagopvang", "hours_monthly": 122, "hourly_rate": "10.50"}
    result = kot_children("2026-03-01", income=60000, children=[("2024-01-01", care)])
    assert result.amount_monthly == Decimal("1202")


def test_2026_worked_example_two_children_the_one_with_most_hours_is_first():
    # youngest: 87 h x min(12.45, 11.23) x 60.6% = 592.07 (first child: most hours)
    # oldest:   65 h x min(10.10, 9.98) x 87.9%  = 570.21 -> together € 1.162 per month
    youngest = {"kind": "dagopvang", "hours_monthly": 87, "hourly_rate": "12.45"}
    oldest = {"kind": "bso", "hours_monthly": 65, "hourly_rate": "10.10"}
    result = kot_children(
        "2026-03-01",
        income=120000,
        children=[("2018-05-01", oldest), ("2024-05-01", youngest)],
    )
    assert result.amount_monthly == Decimal("1162")


def test_2026_worked_example_hours_capped_at_230():
    # min(240, 230) h x 8.25 x 96% = 1,821.60 -> € 1.821 per month
    care = {"kind": "gastouder", "hours_monthly": 240, "hourly_rate": "8.25"}
    result = kot_children("2026-03-01", income=40000, children=[("2022-01-01", care)])
    assert result.amount_monthly == Decimal("1821")


def test_2026_worked_example_gastouder_rate_capped():
    # 108 h x min(9.52, 8.49) x 96% = 880.24 -> € 880 per month
    care = {"kind": "gastouder", "hours_monthly": 108, "hourly_rate": "9.52"}
    result = kot_children("2026-03-01", income=50000, children=[("2022-01-01", care)])
    assert result.amount_monthly == Decimal("880")


@pytest.mark.parametrize(
    ("income", "first", "following"),
    [
        (165657, "0.385", "0.817"),
        (165658, "0.365", "0.814"),
        (235697, "0.365", "0.691"),
        (235698, "0.365", "0.682"),
        (1000000, "0.365", "0.682"),
    ],
)
def test_2026_table_boundaries_far_above_the_96_percent_band(income, first, following):
    care = {"kind": "dagopvang", "hours_monthly": 100, "hourly_rate": "10.00"}
    result = kot_children(
        "2026-03-01", income=income, children=[("2022-01-01", care), ("2024-01-01", care)]
    )
    step = next(s for s in result.explanation if "percentage_eerste_kind" in s.values)
    assert (step.values["percentage_eerste_kind"], step.values["percentage_volgende_kinderen"]) == (
        Decimal(first),
        Decimal(following),
    )
    expected = (Decimal(1000) * (Decimal(first) + Decimal(following))).quantize(
        Decimal(1), "ROUND_DOWN"
    )
    assert result.amount_monthly == expected


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
