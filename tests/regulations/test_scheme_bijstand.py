"""Bijstand (Participatiewet): norms, jongerennormen, AOW age, kostendelersnorm, assets."""

from __future__ import annotations

from decimal import Decimal

import pytest

from regulations.schemes.engine import screen
from regulations.schemes.facts import parse_household


def person(ref, relation, birth, net=None):
    member = {"ref": ref, "relation": relation, "birth_date": birth}
    if net is not None:
        member["incomes"] = [] if net == 0 else [{"kind": "other", "net_monthly": net}]
    return member


def bijstand(on, *, birth="1990-01-01", net=0, partner=None, children=(), housemates=(), assets=0):
    members = [person("a", "applicant", birth, net)]
    if partner:
        members.append(person("p", "partner", partner, 0))
    members += [person(f"c{i}", "child", b) for i, b in enumerate(children)]
    members += [person(f"h{i}", "housemate", b) for i, b in enumerate(housemates)]
    data = {"reference_date": on, "members": members, "assets_total": assets}
    return screen(parse_household(data), schemes=["bijstand"]).results[0]


@pytest.mark.parametrize(
    ("on", "norm"),
    [("2025-03-01", "1345.45"), ("2025-08-01", "1369.06"), ("2026-03-01", "1401.50")],
)
def test_single_21_to_aow_gets_the_full_norm(on, norm):
    result = bijstand(on)
    assert result.outcome == "eligible"
    assert result.amount_monthly == Decimal(norm)
    assert result.amount_yearly == Decimal(norm) * 12


@pytest.mark.parametrize(
    ("on", "norm"), [("2025-03-01", Decimal("1345.45")), ("2026-03-01", Decimal("1401.50"))]
)
def test_income_boundary(on, norm):
    assert bijstand(on, net=str(norm - 1)).amount_monthly == Decimal("1.00")  # one euro below
    assert bijstand(on, net=str(norm)).outcome == "not_eligible"  # income equal to the norm
    assert bijstand(on, net=str(norm + 1)).outcome == "not_eligible"
    assert bijstand(on, net=1000).amount_monthly == norm - 1000


@pytest.mark.parametrize(
    ("on", "single_aow", "couple", "couple_aow"),
    [
        ("2025-03-01", "1501.07", "1922.07", "2053.48"),
        ("2026-03-01", "1564.69", "2002.13", "2144.16"),
    ],
)
def test_couple_and_aow_norms(on, single_aow, couple, couple_aow):
    assert bijstand(on, partner="1990-01-01").amount_monthly == Decimal(couple)
    assert bijstand(on, birth="1950-01-01").amount_monthly == Decimal(single_aow)
    assert bijstand(on, partner="1950-01-01").amount_monthly == Decimal(couple_aow)


@pytest.mark.parametrize(
    ("on", "aow_birthday"), [("2025-03-01", "1958-03-01"), ("2026-03-01", "1959-03-01")]
)
def test_aow_age_67_exactly(on, aow_birthday):
    at = bijstand(on, birth=aow_birthday)
    assert at.amount_monthly == Decimal("1501.07" if on.startswith("2025") else "1564.69")
    assert any("SVB" in step.rule for step in at.explanation)
    day_short = aow_birthday[:-2] + "02"
    assert bijstand(on, birth=day_short).amount_monthly == Decimal(
        "1345.45" if on.startswith("2025") else "1401.50"
    )


@pytest.mark.parametrize(("on", "young"), [("2025-03-01", "332.17"), ("2026-03-01", "345.99")])
def test_youth_norms_at_18_20_and_21(on, young):
    year = int(on[:4])
    assert bijstand(on, birth=f"{year - 18}-03-01").amount_monthly == Decimal(young)  # 18 today
    assert bijstand(on, birth=f"{year - 18}-03-02").outcome == "not_eligible"  # 17
    assert bijstand(on, birth=f"{year - 21}-03-02").amount_monthly == Decimal(young)  # 20
    full = "1345.45" if year == 2025 else "1401.50"
    assert bijstand(on, birth=f"{year - 21}-03-01").amount_monthly == Decimal(full)  # 21 today


@pytest.mark.parametrize(
    ("on", "both_young", "both_young_kids", "one_young", "one_young_kids"),
    [
        ("2025-03-01", "664.34", "1048.75", "1293.21", "1677.62"),
        ("2026-03-01", "691.98", "1092.41", "1347.06", "1747.49"),
    ],
)
def test_young_couples(on, both_young, both_young_kids, one_young, one_young_kids):
    year = int(on[:4])
    nineteen = f"{year - 19}-01-01"
    kid = [f"{year - 1}-01-01"]
    assert bijstand(on, birth=nineteen, partner=nineteen).amount_monthly == Decimal(both_young)
    assert bijstand(on, birth=nineteen, partner=nineteen, children=kid).amount_monthly == Decimal(
        both_young_kids
    )
    assert bijstand(on, partner=nineteen).amount_monthly == Decimal(one_young)
    assert bijstand(on, partner=nineteen, children=kid).amount_monthly == Decimal(one_young_kids)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        # 2025 gehuwdennorm 1922.07: A=2 50% = 961.035 -> 961.04; A=3 130/3 % = 832.897 -> 832.90;
        # A=4 40% = 768.828 -> 768.83
        ("2025-03-01", {1: "1345.45", 2: "961.04", 3: "832.90", 4: "768.83"}),
        # 2026 gehuwdennorm 2002.13: 1001.07 / 867.59 / 800.85 (the published Normenbrief values)
        ("2026-03-01", {1: "1401.50", 2: "1001.07", 3: "867.59", 4: "800.85"}),
    ],
)
def test_kostendelersnorm_one_to_four_persons(on, expected):
    for persons, amount in expected.items():
        housemates = ["1980-01-01"] * (persons - 1)
        assert bijstand(on, housemates=housemates).amount_monthly == Decimal(amount), persons


def test_kostendelers_count_from_27():
    # 2026: a housemate (or adult child) of 26 does not count, one of 27 does
    assert bijstand("2026-03-01", housemates=["1999-03-02"]).amount_monthly == Decimal("1401.50")
    assert bijstand("2026-03-01", housemates=["1999-03-01"]).amount_monthly == Decimal("1001.07")
    assert bijstand("2026-03-01", children=["1999-03-01"]).amount_monthly == Decimal("1001.07")


def test_couple_with_housemate():
    # 2026 A=3: 2 x 867.59 = 1735.18
    assert bijstand(
        "2026-03-01", partner="1990-01-01", housemates=["1970-01-01"]
    ).amount_monthly == Decimal("1735.18")


@pytest.mark.parametrize(
    ("on", "single", "family"), [("2025-03-01", 7770, 15540), ("2026-03-01", 8000, 16000)]
)
def test_asset_limits(on, single, family):
    assert bijstand(on, assets=single).outcome == "eligible"
    assert bijstand(on, assets=single + 1).outcome == "not_eligible"
    assert bijstand(on, assets=single - 1).outcome == "eligible"
    assert bijstand(on, partner="1990-01-01", assets=family).outcome == "eligible"
    assert bijstand(on, partner="1990-01-01", assets=family + 1).outcome == "not_eligible"
    # single parent: the family limit
    assert bijstand(on, children=["2020-01-01"], assets=family).outcome == "eligible"


def test_2025_grade_b_asset_limit_is_flagged():
    result = bijstand("2025-03-01")
    assert any(
        "graad B" in step.rule and "bijstand.vermogensgrens.alleenstaande" in step.values
        for step in result.explanation
    )


def test_unknown_income_and_assets_are_missing_not_zero():
    data = {"reference_date": "2026-03-01", "members": [person("a", "applicant", "1990-01-01")]}
    result = screen(parse_household(data), schemes=["bijstand"]).results[0]
    assert result.outcome == "insufficient_data"
    assert result.missing == ["assets_total", "members[0].incomes"]
    assert result.amount_monthly is None


def test_youth_norm_without_a_value_before_the_date_is_not_guessed():
    # The catalogue's values start in 2024: before that nothing is carried forward or guessed.
    result = bijstand("2023-08-01", birth="2004-01-01")
    assert result.outcome == "insufficient_data"
    assert result.missing and all(item.startswith("parameter:") for item in result.missing)
    assert result.amount_monthly is None


@pytest.mark.parametrize(
    ("on", "birth", "norm"),
    [
        # Pw art. 20 lid 1 a and art. 21 a as in force on 1 July 2025 and 1 July 2026.
        ("2025-08-01", "2006-01-01", "337.98"),
        ("2026-08-01", "2007-01-01", "350.42"),
        ("2026-08-01", "1990-01-01", "1419.46"),
        ("2026-06-30", "1990-01-01", "1401.50"),
    ],
)
def test_norms_from_july_2025_and_july_2026(on, birth, norm):
    result = bijstand(on, birth=birth)
    assert (result.outcome, result.amount_monthly) == ("eligible", Decimal(norm))


@pytest.mark.parametrize(
    ("on", "children", "expected"),
    [
        # A = 2 (applicant and housemate; the partner of 19 is not in A): 50% x 2002.13 =
        # 1001.07, plus 345.99 (art. 22a lid 3 b) or 746.42 with children (lid 3 a).
        ("2026-03-01", (), "1347.06"),
        ("2026-03-01", ("2024-01-01",), "1747.49"),
        # 1 July 2026: 50% x 2027.79 = 1013.90 plus 755.98.
        ("2026-08-01", ("2024-01-01",), "1769.88"),
    ],
)
def test_young_partner_with_a_kostendeler(on, children, expected):
    result = bijstand(on, partner="2007-01-01", children=children, housemates=["1970-01-01"])
    assert (result.outcome, result.amount_monthly) == ("eligible", Decimal(expected))


def test_explanation_cites_the_participatiewet():
    result = bijstand("2026-03-01")
    assert any(
        step.law_url.startswith("https://wetten.overheid.nl/jci1.3:c:BWBR0015703&artikel=21")
        for step in result.explanation
    )


@pytest.mark.parametrize(
    ("partner_birth", "expected"),
    [
        # 17 on 1 March 2026: no norm of their own and no kostendeler: the single norm.
        ("2008-03-02", "1401.50"),
        # 18 exactly on 1 March 2026: the couple norm for one partner 18-20 applies instead.
        ("2008-03-01", "1347.06"),
    ],
)
def test_partner_under_18_is_not_a_kostendeler(partner_birth, expected):
    result = bijstand("2026-03-01", partner=partner_birth)
    assert result.outcome == "eligible"
    assert result.amount_monthly == Decimal(expected)
