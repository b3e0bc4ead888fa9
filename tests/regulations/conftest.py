"""Fixtures shared by the regulations tests (helpers come as fixtures, never imported from
another test module)."""

from __future__ import annotations

from django.core.management import call_command

import pytest


@pytest.fixture
def grant_national_parameters(db):
    """grant_national_parameters(user): give `user` the national parameter permission."""
    from django.contrib.auth.models import Permission

    def grant(user):  # type: ignore[no-untyped-def]
        user.user_permissions.add(
            Permission.objects.get(
                content_type__app_label="regulations", codename="manage_national_parameters"
            )
        )
        return user

    return grant


@pytest.fixture
def organisation(organisation, grant_national_parameters):
    """The shared organisation, its functional admin also the installation's national admin (as in
    the demo): the catalogue's values are national. Tests of a municipality-only admin make one."""
    from core.models import Role

    grant_national_parameters(organisation.users[Role.FUNCTIONAL_ADMIN])
    return organisation


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
