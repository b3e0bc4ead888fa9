"""Reads of breakthroughs (household names) are logged, under the municipality of the data."""

from __future__ import annotations

from django.urls import reverse

import pytest

from breakthroughs.constants import Status
from core.models import AuditLog, Role
from tests.breakthroughs.factories import BreakthroughFactory
from tests.casework.factories import HouseholdFactory
from tests.core.factories import (
    MembershipFactory,
    MunicipalityFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_the_breakthrough_list_is_logged_without_search_values(client, organisation):
    professional = organisation.users[Role.PROFESSIONAL]
    household = HouseholdFactory(team=organisation.team, display_name="Uniekenaam")
    BreakthroughFactory(household=household, status=Status.SUBMITTED)
    client.force_login(professional)

    page = client.get(reverse("breakthroughs:list"))
    assert page.status_code == 200
    assert "Uniekenaam" in page.content.decode()
    filtered = client.get(reverse("breakthroughs:list"), {"status": Status.SUBMITTED})
    assert "Uniekenaam" in filtered.content.decode()

    rows = list(AuditLog.objects.filter(action="breakthrough.list").order_by("id"))
    assert [row.actor for row in rows] == [professional, professional]
    assert [row.data for row in rows] == [{"filters": []}, {"filters": ["status"]}]
    assert all(row.purpose == "doorbraak" and row.household_id is None for row in rows)
    assert all("Uniekenaam" not in str(row.data) for row in rows)


def test_a_read_is_logged_under_the_municipality_of_the_breakthrough(client, organisation):
    # A professional in two municipalities: each read under the municipality of what was read,
    # whichever membership comes first.
    elsewhere = TeamFactory(municipality=MunicipalityFactory(cbs_code="GM0888", name="Elders"))
    user = UserFactory(username="twee_gemeenten")
    MembershipFactory(user=user, team=elsewhere, role=Role.PROFESSIONAL)
    MembershipFactory(user=user, team=organisation.team, role=Role.PROFESSIONAL)
    client.force_login(user)

    for team in (organisation.team, elsewhere):
        household = HouseholdFactory(team=team)
        breakthrough = BreakthroughFactory(household=household, status=Status.SUBMITTED)
        url = reverse("breakthroughs:detail", args=[breakthrough.pk])
        assert client.get(url).status_code == 200
        read = AuditLog.objects.get(action="breakthrough.read", object_id=str(breakthrough.pk))
        assert (read.municipality_code, read.household_id) == (
            team.municipality.cbs_code,
            household.pk,
        )

        # The breakthroughs in the household's file: its municipality too.
        section = client.get(reverse("breakthroughs:case-section", args=[household.pk]))
        assert section.status_code == 200
        listed = AuditLog.objects.get(action="breakthrough.list", household_id=household.pk)
        assert listed.municipality_code == team.municipality.cbs_code
