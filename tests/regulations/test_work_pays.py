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
    # Step 1: +250 net, bijstand -250; toeslagen unchanged (income far below the thresholds): burden 100%
    assert second.scheme_amounts_monthly["bijstand"] == Decimal("1151.50")
    assert second.disposable_income_monthly == first.disposable_income_monthly
    assert second.marginal_burden == Decimal("1.0000")
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
