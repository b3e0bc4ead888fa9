"""Probe findings 8 (non-numeric breakthrough ids), 12 (user-id enumeration) and 13 (reads
without an audit row), each through the entry point the probe used."""

from __future__ import annotations

import pytest

from breakthroughs.constants import Status
from core.models import AuditLog, Role
from tests.breakthroughs.factories import BreakthroughFactory
from tests.casework.factories import HouseholdFactory
from tests.core.factories import MembershipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- F8: /api/v1/breakthroughs/abc/ was a 500 ---------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "abc/"),
        ("put", "abc/"),
        ("patch", "abc/"),
        ("get", "abc/history/"),
        ("post", "abc/transitions/"),
        ("get", "1e3/"),
    ],
)
def test_non_numeric_breakthrough_id_is_a_404_problem(api_client_for, professional, method, path):
    response = getattr(api_client_for(professional), method)(
        f"/api/v1/breakthroughs/{path}", {}, format="json"
    )
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_non_numeric_budget_pot_id_is_a_404(api_client_for, organisation):
    client = api_client_for(organisation.users[Role.FUNCTIONAL_ADMIN])
    assert client.patch("/api/v1/budget-pots/abc/", {}, format="json").status_code == 404


# --- F12: the assign endpoint told a foreign user id from an unknown one -----------------------


def test_assign_answers_alike_for_a_foreign_and_an_unknown_user(api_client_for, organisation):
    household = HouseholdFactory(team=organisation.team)
    elsewhere = UserFactory(username="b_prof")
    MembershipFactory(user=elsewhere, team=TeamFactory(), role=Role.PROFESSIONAL)
    client = api_client_for(organisation.users[Role.PROFESSIONAL])
    url = f"/api/v1/households/{household.pk}/assign/"
    foreign = client.post(url, {"professional": elsewhere.pk}, format="json")
    unknown = client.post(url, {"professional": 999_999_999}, format="json")
    assert foreign.status_code == unknown.status_code == 400
    assert foreign.json()["invalidParams"] == unknown.json()["invalidParams"]
    own = client.post(
        url, {"professional": organisation.users[Role.PROFESSIONAL].pk}, format="json"
    )
    assert own.status_code == 200


# --- F13: reads without an audit row ------------------------------------------------------------


def test_the_empty_work_pays_page_is_audited(client, professional, organisation):
    household = HouseholdFactory(team=organisation.team)
    client.force_login(professional)
    response = client.get(f"/regelingen/huishouden/{household.pk}/werken-loont/")
    assert response.status_code == 200
    row = AuditLog.objects.get(action="workpays.read")
    assert row.household_id == household.pk and row.data == {"computed": False}


def test_the_social_minimum_slot_is_audited(client, professional, organisation):
    household = HouseholdFactory(team=organisation.team)
    client.force_login(professional)
    response = client.get(f"/regelingen/huishouden/{household.pk}/sociaal-minimum/")
    assert response.status_code == 200
    assert (
        AuditLog.objects.filter(action="social_minimum.read", household_id=household.pk).count()
        == 1
    )


def test_the_api_breakthrough_list_is_audited_with_filter_names_only(
    api_client_for, professional, organisation
):
    household = HouseholdFactory(team=organisation.team)
    BreakthroughFactory(household=household, status=Status.SUBMITTED)
    client = api_client_for(professional)
    assert client.get("/api/v1/breakthroughs/", {"household": household.pk}).status_code == 200
    row = AuditLog.objects.get(action="breakthrough.list")
    assert row.data == {"filters": ["household"]}


def test_the_team_queues_are_audited(api_client_for, client, team_lead, organisation):
    BreakthroughFactory(household=HouseholdFactory(team=organisation.team), status=Status.SUBMITTED)
    assert api_client_for(team_lead).get("/api/v1/queues/team/").status_code == 200
    api_row = AuditLog.objects.get(action="breakthrough.queue", actor=team_lead)
    assert api_row.data == {"queues": ["team"]}
    client.force_login(team_lead)
    assert client.get("/doorbraken/beoordelen/").status_code == 200
    rows = AuditLog.objects.filter(action="breakthrough.queue").exclude(pk=api_row.pk)
    assert [row.data for row in rows] == [{"queues": ["team"]}]
