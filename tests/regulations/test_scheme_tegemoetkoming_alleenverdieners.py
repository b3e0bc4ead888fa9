"""Tegemoetkoming alleenverdienersproblematiek: € 1,000 (2025) / € 1,100 (2026) once a year."""

from __future__ import annotations

from decimal import Decimal

import pytest

from regulations.schemes.engine import screen
from regulations.schemes.facts import parse_household


def tav(on, *, partner=True, partner_incomes=(), received=("bijstand",)):
    members = [
        {
            "ref": "a",
            "relation": "applicant",
            "birth_date": "1970-01-01",
            "incomes": [{"kind": "wia", "net_monthly": 1500}],
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
    assert tav("2026-06-01", received=()).outcome == "not_eligible"


def test_unknown_benefits_are_missing():
    result = tav("2026-06-01", received=None)
    assert (result.outcome, result.missing) == ("insufficient_data", ["benefits_received"])
