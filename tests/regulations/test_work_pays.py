"""'Werk loont?': disposable income per step of extra earnings and the armoedeval flag."""

from __future__ import annotations

from decimal import Decimal

import pytest

from regulations.schemes.engine import work_pays
from regulations.schemes.facts import parse_household


def single_in_bijstand(**applicant_extra):
    applicant = {
        "ref": "a",
        "relation": "applicant",
        "birth_date": "1990-01-01",
        "incomes": [],
        "health_insured": True,
        **applicant_extra,
    }
    return parse_household(
        {
            "reference_date": "2026-03-01",
            "members": [applicant],
            "assets_total": 0,
            "debts": [],
            "housing": {"tenure": "social_rent", "basic_rent": 600},
            "benefits_received": ["bijstand"],
            "low_income_since": "2015-01-01",
        }
    )


def test_bijstand_is_withdrawn_euro_for_euro():
    steps = work_pays(
        single_in_bijstand(),
        member_ref="a",
        max_gross_monthly=Decimal(500),
        step=Decimal(250),
        net_rate=Decimal(1),
    )
    assert [s.extra_gross_monthly for s in steps] == [0, 250, 500]
    first, second = steps[0], steps[1]
    # Step 0 (2026): bijstand 1401.50; zorgtoeslag 129; huurtoeslag 295.68 + 101.80 x 0.65 = 361.85 -> 361;
    # IIT 478 / 12 = 39.83; no other amounts.
    assert first.scheme_amounts_monthly["bijstand"] == Decimal("1401.50")
    assert first.scheme_amounts_monthly["zorgtoeslag"] == Decimal("129")
    assert first.scheme_amounts_monthly["huurtoeslag"] == Decimal("361")
    assert first.scheme_amounts_monthly["individuele_inkomenstoeslag"] == Decimal("39.83")
    assert first.disposable_income_monthly == Decimal("1401.50") + 129 + 361 + Decimal("39.83")
    assert first.marginal_burden is None and not first.armoedeval
    # Step 1: +250 net. The first six months 25% of it (62.50, below the maximum of 285) is left
    # out of the bijstand (Pw art. 31 lid 2 onderdeel n): bijstand 1401.50 - 187.50 = 1214.00,
    # burden 75%. Once the vrijlating has ended bijstand falls by the full 250: burden 100%.
    assert second.scheme_amounts_monthly["bijstand"] == Decimal("1214.00")
    assert second.disposable_income_monthly == first.disposable_income_monthly + Decimal("62.50")
    assert second.marginal_burden == Decimal("0.7500")
    assert second.disposable_income_after_vrijlating_monthly == first.disposable_income_monthly
    assert second.marginal_burden_after_vrijlating == Decimal("1.0000")
    assert second.armoedeval


def test_above_the_norm_work_starts_to_pay():
    steps = work_pays(
        single_in_bijstand(),
        member_ref="a",
        max_gross_monthly=Decimal(2500),
        step=Decimal(500),
        net_rate=Decimal("0.9"),
    )
    last = steps[-1]
    assert last.scheme_amounts_monthly["bijstand"] == Decimal(0)  # 2500 x 0.9 = 2250 net > norm
    assert last.marginal_burden < Decimal("0.80")
    assert not last.armoedeval
    assert [s.armoedeval for s in steps[1:3]] == [True, True]


def test_default_net_rate_is_the_members_own_or_a_flagged_assumption():
    own = single_in_bijstand(incomes=[{"kind": "wages", "gross_monthly": 1000, "net_monthly": 900}])
    steps = work_pays(own, member_ref="a", max_gross_monthly=Decimal(100), step=Decimal(100))
    assert steps[1].extra_net_monthly == Decimal("90.00")
    assert "0.9000" in steps[1].notes[0]
    assumed = work_pays(
        single_in_bijstand(), member_ref="a", max_gross_monthly=Decimal(100), step=Decimal(100)
    )
    assert assumed[1].extra_net_monthly == Decimal("80.00")
    assert "graad C" in assumed[1].notes[0]


def test_json_form_and_validation():
    steps = work_pays(
        single_in_bijstand(), member_ref="a", max_gross_monthly=Decimal(0), step=Decimal(100)
    )
    assert steps[0].to_json()["disposable_income_monthly"] == "1931.33"
    with pytest.raises(ValueError, match="step"):
        work_pays(
            single_in_bijstand(), member_ref="a", max_gross_monthly=Decimal(100), step=Decimal(0)
        )
    with pytest.raises(ValueError, match="onbekend"):
        work_pays(
            single_in_bijstand(), member_ref="x", max_gross_monthly=Decimal(100), step=Decimal(10)
        )


def single_parent_on_bijstand():
    """The case of issue 11: bijstand recorded as her income, a toetsingsinkomen entered."""
    return parse_household(
        {
            "reference_date": "2026-03-01",
            "members": [
                {
                    "ref": "a",
                    "relation": "applicant",
                    "birth_date": "1990-01-01",
                    "health_insured": True,
                    "assessed_income_yearly": "18471",
                    "incomes": [
                        {"kind": "bijstand", "net_monthly": "1401.50", "gross_monthly": "1539.25"}
                    ],
                },
                {"ref": "c", "relation": "child", "birth_date": "2020-06-01"},
            ],
            "assets_total": 0,
            "debts": [],
            "housing": {"tenure": "social_rent", "basic_rent": 600},
            "benefits_received": [
                "bijstand",
                "zorgtoeslag",
                "huurtoeslag",
                "kindgebonden_budget",
                "kinderbijslag",
            ],
            "low_income_since": "2015-01-01",
        }
    )


def test_single_parent_on_bijstand_every_scheme_follows_the_extra_earnings():
    steps = work_pays(
        single_parent_on_bijstand(),
        member_ref="a",
        max_gross_monthly=Decimal(3000),
        step=Decimal(500),
        net_rate=Decimal("0.85"),
    )
    by_extra = {int(s.extra_gross_monthly): s for s in steps}
    start = by_extra[0]
    # The recorded bijstand is not counted twice: the screening computes it (norm 1401.50).
    assert start.scheme_amounts_monthly["bijstand"] == Decimal("1401.50")
    assert start.net_income_monthly == Decimal(0)
    assert start.disposable_income_monthly == Decimal("2541.94")

    # +500 gross = 425 net; 25% (106.25) left out the first six months: bijstand 1401.50 - 318.75.
    first = by_extra[500]
    assert first.scheme_amounts_monthly["bijstand"] == Decimal("1082.75")
    assert first.marginal_burden == Decimal("0.7875")
    # After the vrijlating every extra euro is lost to the bijstand: the armoedeval.
    assert first.marginal_burden_after_vrijlating == Decimal("1.0000")
    assert first.armoedeval
    assert [by_extra[e].armoedeval for e in (500, 1000, 1500)] == [True, True, True]

    # 1275 net: 25% = 318.75 is above the maximum of 285 (1 January 2026).
    assert by_extra[1500].scheme_amounts_monthly["bijstand"] == Decimal("411.50")

    # The entered toetsingsinkomen follows: + 12 x 2500 gross - 12 x the gross bijstand lost
    # (1401.50 x 1539.25 / 1401.50) = 29,999.79 > drempel 29,736: zorgtoeslag 129 -> 126.
    assert by_extra[2000].scheme_amounts_monthly["zorgtoeslag"] == Decimal("129")
    assert by_extra[2500].scheme_amounts_monthly["zorgtoeslag"] == Decimal("126")
    last = by_extra[3000]
    assert (
        last.scheme_amounts_monthly["zorgtoeslag"],
        last.scheme_amounts_monthly["huurtoeslag"],
        last.scheme_amounts_monthly["kindgebonden_budget"],
    ) == (Decimal("57"), Decimal("281"), Decimal("459"))
    assert last.marginal_burden == Decimal("0.5280")
    assert not last.armoedeval


# --- Pw art. 31 lid 2 onderdeel r: the alleenstaande ouder's vrijlating after the six months -----


def single_parent(*, child_birth="2019-05-01", applicant_birth="1990-01-01", partner=False):
    members = [
        {
            "ref": "a",
            "relation": "applicant",
            "birth_date": applicant_birth,
            "incomes": [],
            "health_insured": True,
        },
        {"ref": "c", "relation": "child", "birth_date": child_birth},
    ]
    if partner:
        members.append(
            {"ref": "p", "relation": "partner", "birth_date": "1990-01-01", "incomes": []}
        )
    return parse_household(
        {
            "reference_date": "2026-03-01",
            "members": members,
            "assets_total": 0,
            "debts": [],
            "housing": {"tenure": "social_rent", "basic_rent": 600},
            "benefits_received": ["bijstand"],
            "low_income_since": "2015-01-01",
        }
    )


def _step(household, extra: str):
    """The step at `extra` gross (= net) a month."""
    steps = work_pays(
        household,
        member_ref="a",
        max_gross_monthly=Decimal(extra),
        step=Decimal(extra),
        net_rate=Decimal(1),
    )
    return steps[0], steps[1]


@pytest.mark.parametrize(
    ("extra", "kept"),
    [
        # 12.5% of the earnings, at most 177.66 a month (Pw art. 31 lid 2 onderdeel r, 2026):
        # 1421.28 x 12.5% = 177.66 exactly; one cent of 12.5% below and above.
        ("500.00", "62.50"),
        ("1421.20", "177.65"),
        ("1421.28", "177.66"),
        ("1421.36", "177.66"),
    ],
)
def test_single_parent_keeps_12_5_percent_up_to_the_maximum_in_months_7_to_36(extra, kept):
    start, step = _step(single_parent(), extra)
    gained = step.disposable_income_single_parent_vrijlating_monthly - (
        start.disposable_income_single_parent_vrijlating_monthly
    )
    # Bijstand stays above zero at these steps, so the household keeps exactly the vrijlating;
    # zorgtoeslag and huurtoeslag do not move below the bijstand norm.
    assert gained == Decimal(kept)
    # The first six months (onderdeel n, 25% up to 285) and after every vrijlating (nothing).
    assert step.disposable_income_monthly - start.disposable_income_monthly == min(
        (Decimal(extra) * Decimal("0.25")).quantize(Decimal("0.01")), Decimal(285)
    )
    if Decimal(extra) < Decimal("1401.50"):  # below the norm bijstand takes every euro after
        assert step.disposable_income_after_vrijlating_monthly == (
            start.disposable_income_after_vrijlating_monthly
        )


def test_single_parent_phase_shows_its_own_marginal_burden():
    start, step = _step(single_parent(), "500")
    assert start.marginal_burden_single_parent_vrijlating is None  # no previous step
    assert step.marginal_burden_single_parent_vrijlating == Decimal("0.8750")
    assert step.marginal_burden == Decimal("0.7500")
    assert step.marginal_burden_after_vrijlating == Decimal("1.0000")
    assert step.to_json()["marginal_burden_single_parent_vrijlating"] == "0.8750"


@pytest.mark.parametrize(
    ("household", "why"),
    [
        # "een tot zijn last komend kind tot 12 jaar": 12 on the reference date is too old.
        (single_parent(child_birth="2014-03-01"), "kind van 12"),
        (single_parent(applicant_birth="1999-03-02"), "ouder van 26 (lid 5: niet onder 27)"),
        (single_parent(partner=True), "geen alleenstaande ouder"),
    ],
)
def test_onderdeel_r_does_not_apply(household, why):
    _start, step = _step(household, "500")
    assert step.disposable_income_single_parent_vrijlating_monthly is None, why
    assert step.marginal_burden_single_parent_vrijlating is None, why


@pytest.mark.parametrize(
    ("child_birth", "applicant_birth"),
    [("2014-03-02", "1990-01-01"), ("2019-05-01", "1999-03-01")],  # child 11, parent just 27
)
def test_onderdeel_r_applies_one_day_inside_the_age_limits(child_birth, applicant_birth):
    _start, step = _step(
        single_parent(child_birth=child_birth, applicant_birth=applicant_birth), "500"
    )
    assert step.marginal_burden_single_parent_vrijlating == Decimal("0.8750")


def test_the_bijstand_explanation_cites_onderdeel_r():
    from dataclasses import replace

    from regulations.schemes.engine import screen
    from regulations.schemes.facts import IncomeFacts

    household = single_parent()
    applicant = household.members[0]
    wages = IncomeFacts("wages", Decimal(500), Decimal(500), after_first_months=True)
    members = (replace(applicant, incomes=(wages,)), *household.members[1:])
    result = screen(replace(household, members=members), schemes=["bijstand"]).results[0]
    assert result.amount_monthly == Decimal("1401.50") - Decimal(500) + Decimal("62.50")
    step = next(s for s in result.explanation if "onderdeel r" in s.article)
    assert step.article == "art. 31 lid 2 onderdeel r Participatiewet"
    assert "12,5%" in step.rule and "€ 177.66" in step.rule and "30" in step.rule
    assert "BWBR0015703" in step.law_url
