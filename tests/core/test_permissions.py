import pytest

from core.models import Role
from core.permissions import Access
from tests.core.factories import UserFactory


def test_professional_sees_only_own_team(organisation):
    access = Access(organisation.users[Role.PROFESSIONAL])
    assert access.team_ids() == frozenset({organisation.team.pk})
    assert access.can_see_cases
    assert not access.is_auditor


@pytest.mark.parametrize(
    "role", [Role.BOARD_MEMBER, Role.POLICY_OFFICER, Role.FUNCTIONAL_ADMIN, Role.AUDITOR]
)
def test_municipality_roles_see_no_cases(organisation, role):
    access = Access(organisation.users[role])
    assert access.team_ids() == frozenset()
    assert not access.can_see_cases
    assert access.municipality_ids() == frozenset({organisation.municipality.pk})


def test_user_without_membership_has_no_rights(db):
    access = Access(UserFactory())
    assert access.roles == frozenset()
    assert not access.can_see_cases


def test_inactive_user_loses_all_rights(organisation):
    user = organisation.users[Role.TEAM_LEAD]
    user.is_active = False
    assert Access(user).roles == frozenset()


def test_team_lead_of_other_team_does_not_reach_this_team(organisation):
    access = Access(organisation.other_team_users[Role.TEAM_LEAD])
    assert organisation.team.pk not in access.team_ids()
    assert access.is_team_lead


def test_membership_constraint_requires_team_for_team_roles(organisation):
    from django.db import IntegrityError, transaction

    from core.models import Membership

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=organisation.users[Role.AUDITOR],
            municipality=organisation.municipality,
            team=None,
            role=Role.PROFESSIONAL,
        )
