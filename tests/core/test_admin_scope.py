"""Probe finding 1: the Django admin is scoped to the functional admin's municipality, and
every privilege change goes through core.services with an audit row."""

from __future__ import annotations

from django.contrib.auth.models import Permission

import pytest

from core.models import AuditLog, Membership, Role, User
from tests.core.factories import MembershipFactory, MunicipalityFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

# The permissions the README implies a functional admin gets to grant rights.
ADMIN_PERMISSIONS = [
    "view_user",
    "change_user",
    "add_membership",
    "change_membership",
    "delete_membership",
    "view_membership",
    "view_team",
    "view_municipality",
]


@pytest.fixture
def beheer(organisation):
    admin = organisation.users[Role.FUNCTIONAL_ADMIN]
    admin.is_staff = True
    admin.save()
    admin.user_permissions.set(
        Permission.objects.filter(content_type__app_label="core", codename__in=ADMIN_PERMISSIONS)
    )
    return User.objects.get(pk=admin.pk)  # fresh: no cached permissions


@pytest.fixture
def elsewhere():
    municipality = MunicipalityFactory(cbs_code="GM0363", name="Amsterdam")
    team = TeamFactory(municipality=municipality, name="Wijkteam B1")
    user = UserFactory(username="b_prof")
    MembershipFactory(user=user, team=team, role=Role.PROFESSIONAL)
    return team


def _change_data(user: User, memberships: list[Membership], new: list[dict] | None = None):
    """The admin change form of `user` as the browser posts it (the non-superuser version)."""
    new = new or []
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "memberships-TOTAL_FORMS": str(len(memberships) + len(new)),
        "memberships-INITIAL_FORMS": str(len(memberships)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    rows = [
        {
            "id": str(m.pk),
            "user": str(user.pk),
            "municipality": str(m.municipality_id),
            "team": str(m.team_id or ""),
            "role": m.role,
        }
        for m in memberships
    ] + new
    for index, row in enumerate(rows):
        data.update({f"memberships-{index}-{key}": value for key, value in row.items()})
    return data


def test_user_list_shows_only_the_admins_municipality(client, beheer, elsewhere):
    client.force_login(beheer)
    page = client.get("/beheer/core/user/")
    assert page.status_code == 200
    assert "b_prof" not in page.content.decode()
    assert "professional" in page.content.decode()
    foreign = User.objects.get(username="b_prof")
    assert client.get(f"/beheer/core/user/{foreign.pk}/change/").status_code in (302, 404)


def test_membership_in_another_municipality_cannot_be_granted(
    client, beheer, elsewhere, organisation
):
    target = organisation.users[Role.PROFESSIONAL]
    client.force_login(beheer)
    page = client.get(f"/beheer/core/user/{target.pk}/change/").content.decode()
    assert "Wijkteam B1" not in page and "Amsterdam" not in page
    data = _change_data(
        target,
        list(Membership.objects.filter(user=target)),
        new=[
            {
                "user": str(target.pk),
                "municipality": str(elsewhere.municipality_id),
                "team": str(elsewhere.pk),
                "role": Role.PROFESSIONAL,
            }
        ],
    )
    response = client.post(f"/beheer/core/user/{target.pk}/change/", data)
    assert response.status_code == 200  # the form again, with the choice refused
    assert not Membership.objects.filter(user=target, team=elsewhere).exists()


def test_a_grant_in_the_own_municipality_is_audited(client, beheer, organisation):
    target = organisation.users[Role.PROFESSIONAL]
    client.force_login(beheer)
    data = _change_data(
        target,
        list(Membership.objects.filter(user=target)),
        new=[
            {
                "user": str(target.pk),
                "municipality": str(organisation.municipality.pk),
                "team": str(organisation.other_team.pk),
                "role": Role.PROFESSIONAL,
            }
        ],
    )
    response = client.post(f"/beheer/core/user/{target.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    granted = Membership.objects.get(user=target, team=organisation.other_team)
    row = AuditLog.objects.get(action="membership.grant")
    assert row.actor == beheer and row.object_id == str(granted.pk)
    assert row.municipality_code == organisation.municipality.cbs_code
    assert row.data == {"user_id": target.pk, "role": "professional", "team_id": granted.team_id}


def test_a_revocation_is_audited(client, beheer, organisation):
    target = organisation.users[Role.PROFESSIONAL]
    membership = Membership.objects.get(user=target)
    client.force_login(beheer)
    data = _change_data(target, [membership])
    data["memberships-0-DELETE"] = "on"
    assert client.post(f"/beheer/core/user/{target.pk}/change/", data).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditLog.objects.get(action="membership.revoke").data["role"] == "professional"


def test_the_admin_cannot_make_themselves_superuser(client, beheer):
    client.force_login(beheer)
    data = _change_data(beheer, [])
    data.update({"is_superuser": "on", "is_staff": "on"})
    client.post(f"/beheer/core/user/{beheer.pk}/change/", data)
    beheer.refresh_from_db()
    assert beheer.is_superuser is False


def test_the_admin_cannot_change_their_own_roles(client, beheer, organisation):
    client.force_login(beheer)
    data = _change_data(
        beheer,
        [],
        new=[
            {
                "user": str(beheer.pk),
                "municipality": str(organisation.municipality.pk),
                "team": str(organisation.team.pk),
                "role": Role.PROFESSIONAL,
            }
        ],
    )
    client.post(f"/beheer/core/user/{beheer.pk}/change/", data)
    assert not Membership.objects.filter(user=beheer, role=Role.PROFESSIONAL).exists()


def test_a_superuser_privilege_change_is_audited(client, organisation):
    root = User.objects.create_superuser("root", "root@example.org", "geheim-123-abc")
    target = organisation.users[Role.FUNCTIONAL_ADMIN]
    client.force_login(root)
    data = _change_data(target, list(Membership.objects.filter(user=target)))
    data["is_staff"] = "on"
    response = client.post(f"/beheer/core/user/{target.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    row = AuditLog.objects.get(action="user.privileges")
    assert row.actor == root and row.data == {"changed": {"is_staff": True}}


def test_teams_and_audit_rows_of_other_municipalities_are_hidden(client, beheer, elsewhere):
    client.force_login(beheer)
    beheer.user_permissions.add(Permission.objects.get(codename="view_auditlog"))
    assert "Wijkteam B1" not in client.get("/beheer/core/team/").content.decode()
    assert client.get(f"/beheer/core/team/{elsewhere.pk}/change/").status_code in (302, 404)


def test_budget_pots_of_other_municipalities_are_hidden(client, beheer, elsewhere, organisation):
    from tests.breakthroughs.factories import BudgetPotFactory

    beheer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_budgetpot", "change_budgetpot"])
    )
    own = BudgetPotFactory(municipality=organisation.municipality, name="Eigen budget")
    foreign = BudgetPotFactory(
        municipality=elsewhere.municipality, team=elsewhere, name="Budget elders"
    )
    client.force_login(beheer)
    listing = client.get("/beheer/breakthroughs/budgetpot/").content.decode()
    assert "Eigen budget" in listing and "Budget elders" not in listing
    assert client.get(f"/beheer/breakthroughs/budgetpot/{own.pk}/change/").status_code == 200
    assert client.get(f"/beheer/breakthroughs/budgetpot/{foreign.pk}/change/").status_code in (
        302,
        404,
    )
