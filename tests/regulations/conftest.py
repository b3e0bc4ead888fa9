"""Fixtures shared by the regulations tests (helpers come as fixtures, never imported from
another test module)."""

from __future__ import annotations

from decimal import Decimal

from django.core.management import call_command

import pytest

from casework.constants import Relation
from tests.casework.factories import (
    BenefitReceivedFactory,
    HouseholdFactory,
    HousingFactory,
    IncomeFactory,
    MemberFactory,
)


@pytest.fixture
def catalogue(db):
    """The regulations catalogue and its parameters, loaded as `make run` does."""
    call_command("load_regulations", verbosity=0)


def _complete_household(team, *, benefits=(), children=1, wages=Decimal("1800.00")):
    """A single parent with low wages in social rent: entitled to several toeslagen today."""
    household = HouseholdFactory(team=team)
    applicant = household.members.get()
    applicant.assessed_income_yearly = wages * 12
    applicant.save()
    IncomeFactory(member=applicant, gross_amount=wages, net_amount=(wages * Decimal("0.84")))
    for _index in range(children):
        MemberFactory(household=household, relation=Relation.CHILD)
    HousingFactory(household=household)
    for code in benefits:
        BenefitReceivedFactory(household=household, scheme_code=code)
    return household


@pytest.fixture
def complete_household():
    """`complete_household(team, benefits=..., children=..., wages=...)`: see `_complete_household`."""
    return _complete_household
