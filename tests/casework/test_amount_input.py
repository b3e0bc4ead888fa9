"""Amounts typed the Dutch way: dots are thousands separators only where they can be.

`0.125` is not 125: a leading zero cannot start a group of thousands, so it stays a decimal
fraction (and, with more than two decimals, a form error rather than a silent thousandfold).
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

import pytest

from casework.forms.common import parse_amount
from casework.models import Debt, Household
from core.models import Role
from tests.casework.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pro(client, organisation):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    return client


@pytest.fixture
def household(organisation):
    return HouseholdFactory(team=organisation.team)


def _add_debt(client, household, amount: str):
    version = Household.objects.get(pk=household.pk).version
    return client.post(
        reverse("casework:item-add", args=[household.pk, "schulden"]),
        {"creditor_kind": "cjib", "amount": amount, "arrears_months": "0", "version": version},
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1.234", Decimal("1234")),
        ("1.234,56", Decimal("1234.56")),
        ("12.345.678", Decimal("12345678")),
        ("0,5", Decimal("0.50")),
        ("0.5", Decimal("0.50")),
        ("€ 1.250", Decimal("1250")),
    ],
)
def test_debt_amount_typed_dutch_style_is_stored_as_meant(pro, household, typed, stored):
    response = _add_debt(pro, household, typed)
    assert response.status_code == 302, response.content.decode()[:500]
    assert Debt.objects.get(household=household).amount == stored


def test_a_leading_zero_with_three_decimals_is_not_read_as_thousands(pro, household):
    response = _add_debt(pro, household, "0.125")
    assert response.status_code == 422
    assert 'id="id_amount_error"' in response.content.decode()
    assert not Debt.objects.exists()  # never stored as 125


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        ("0.125", "0.125"),
        ("00.125", "00.125"),
        ("-0.125", "-0.125"),
        ("1.234", "1234"),
        ("1.234,56", "1234.56"),
        ("12.345.678", "12345678"),
        ("0,5", "0.5"),
    ],
)
def test_parse_amount(typed, parsed):
    assert parse_amount(typed) == parsed
