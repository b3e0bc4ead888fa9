"""Fixtures shared by the regulations tests (helpers come as fixtures, never imported from
another test module)."""

from __future__ import annotations

from django.core.management import call_command

import pytest


@pytest.fixture
def catalogue(db):
    """The regulations catalogue and its parameters, loaded as `make run` does."""
    call_command("load_regulations", verbosity=0)


@pytest.fixture
def singles_without_income():
    """singles_without_income(team, count): single adults (41 on 1 July 2026) without income or
    assets in social rent of € 650; each receives the bijstand norm for a single person."""
    from decimal import Decimal

    from tests.casework.factories import AssetFactory, HouseholdFactory, HousingFactory

    def make(team, count: int) -> None:
        for _ in range(count):
            household = HouseholdFactory(team=team)
            applicant = household.members.get()
            applicant.has_no_income = True
            applicant.save()
            HousingFactory(
                household=household, basic_rent=Decimal("650.00"), service_costs=Decimal(0)
            )
            AssetFactory(household=household, value=Decimal("0.00"))

    return make
