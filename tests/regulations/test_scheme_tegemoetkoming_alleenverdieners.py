"""Tegemoetkoming alleenverdienersproblematiek: € 1,000 (2025) / € 1,100 (2026) once a year."""

from __future__ import annotations

from decimal import Decimal

import pytest

from regulations.schemes.engine import screen
from regulations.schemes.facts import parse_household


def tav(on, *, partner=True, partner_incomes=(), received=("bijstand",), incomes=None):
    if incomes is None:
        incomes = [{"kind": "wia", "net_monthly": 1500}]
    members = [
        {
            "ref": "a",
            "relation": "applicant",
            "birth_date": "1970-01-01",
            "incomes": list(incomes),
        }
    ]
    if partner:
        members.append(
            {
                "ref": "p",
                "relation": "partner",
                "birth_date": "1972-01-01",
                "incomes": list(partner_incomes),
            }
        )
    data = {"reference_date": on, "members": members}
    if received is not None:
        data["benefits_received"] = list(received)
    return screen(parse_household(data), schemes=["tegemoetkoming_alleenverdieners"]).results[0]


@pytest.mark.parametrize(("on", "amount"), [("2025-06-01", "1000"), ("2026-06-01", "1100")])
def test_single_earner_couple_in_bijstand(on, amount):
    result = tav(on)
    assert (result.outcome, result.amount_yearly, result.amount_monthly) == (
        "eligible",
        Decimal(amount),
        None,
    )
    assert result.non_take_up is True  # eligible, and not in benefits_received


def test_not_applicable():
    assert tav("2026-06-01", partner=False).outcome == "not_eligible"
    assert (
        tav("2026-06-01", partner_incomes=[{"kind": "wages", "net_monthly": 200}]).outcome
        == "not_eligible"
    )


def test_target_group_does_not_depend_on_receiving_bijstand():
    # The law's group lives on one partner's uitkering; bijstand is not a condition.
    assert tav("2026-06-01", received=()).outcome == "eligible"
    assert tav("2026-06-01", received=None).outcome == "eligible"


def test_the_couples_own_bijstand_does_not_make_an_earner():
    # A WW partner topped up with bijstand, the other partner with (their share of) bijstand only.
    result = tav(
        "2026-06-01",
        incomes=[{"kind": "ww", "net_monthly": 1200}, {"kind": "bijstand", "net_monthly": 300}],
        partner_incomes=[{"kind": "bijstand", "net_monthly": 200}],
    )
    assert (result.outcome, result.amount_yearly) == ("eligible", Decimal("1100"))
    assert "78gg lid 1" in result.explanation[-1].article


def test_a_couple_on_bijstand_only_or_on_wages_is_not_the_target_group():
    on_bijstand = tav("2026-06-01", incomes=[{"kind": "bijstand", "net_monthly": 2000}])
    assert on_bijstand.outcome == "not_eligible"
    on_wages = tav("2026-06-01", incomes=[{"kind": "wages", "net_monthly": 2000}])
    assert on_wages.outcome == "not_eligible"
