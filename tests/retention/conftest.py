"""Fixtures of the retention tests."""

from __future__ import annotations

import pytest

from core.models import Role
from tests.core.factories import MembershipFactory, UserFactory


@pytest.fixture
def admins(organisation):
    """Two functional admins of the municipality: the proposer and the second pair of eyes."""
    second = UserFactory(username="beheerder_twee")
    MembershipFactory(
        user=second,
        municipality=organisation.municipality,
        role=Role.FUNCTIONAL_ADMIN,
        team=None,
    )
    return organisation.users[Role.FUNCTIONAL_ADMIN], second
