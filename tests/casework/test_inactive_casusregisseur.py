"""Someone whose account is switched off cannot be chosen as casusregisseur.

Neither in the browser's assign form nor in the API's create call; the list filter still offers
them, so the households they left behind can be found and handed over.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils.html import escape

import pytest

from casework.models import Household
from core.models import Role
from tests.casework.factories import HouseholdFactory, valid_bsn
from tests.core.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def departed(organisation):
    user = UserFactory(username="vertrokken", first_name="Vera", last_name="Vertrokken")
    MembershipFactory(user=user, team=organisation.team, role=Role.PROFESSIONAL)
    user.is_active = False
    user.save()
    return user


@pytest.fixture
def household(organisation):
    return HouseholdFactory(team=organisation.team)


def _create_body(**overrides):
    return {
        "postcode": "1234ab",
        "house_number": 12,
        "start_date": (date.today() - timedelta(days=3)).isoformat(),
        "members": [
            {
                "relation": "applicant",
                "given_name": "Sanne",
                "family_name": "de Vries",
                "birth_date": "1988-04-02",
                "bsn": valid_bsn(),
            }
        ],
        **overrides,
    }


def test_assign_form_does_not_offer_an_inactive_user(client, professional, household, departed):
    client.force_login(professional)
    url = reverse("casework:assign", args=[household.pk])
    form = client.get(url).content.decode()
    assert "Vera Vertrokken" not in form
    lead = household.team.memberships.get(role=Role.TEAM_LEAD).user
    assert escape(lead.get_full_name()) in form


def test_assign_form_refuses_an_inactive_user(client, professional, household, departed):
    client.force_login(professional)
    response = client.post(
        reverse("casework:assign", args=[household.pk]), {"professional": departed.pk}
    )
    assert response.status_code == 422
    assert Household.objects.get(pk=household.pk).assigned_professional is None


def test_list_filter_still_finds_households_of_an_inactive_user(
    client, professional, organisation, departed
):
    left_behind = HouseholdFactory(team=organisation.team, assigned_professional=departed)
    HouseholdFactory(team=organisation.team)
    client.force_login(professional)
    response = client.get(reverse("casework:list"), {"assigned": departed.pk})
    assert response.status_code == 200
    assert [h.pk for h in response.context["page"].object_list] == [left_behind.pk]


def test_api_create_refuses_an_inactive_casusregisseur(api_client_for, professional, departed):
    response = api_client_for(professional).post(
        "/api/v1/households/", _create_body(assigned_professional=departed.pk), format="json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    [param] = response.json()["invalidParams"]
    assert param["name"] == "assigned_professional"
    assert "niet meer actief" in param["reason"]
    assert not Household.objects.exists()


def test_api_create_accepts_an_active_casusregisseur(
    api_client_for, professional, organisation, departed
):
    lead = organisation.users[Role.TEAM_LEAD]
    response = api_client_for(professional).post(
        "/api/v1/households/", _create_body(assigned_professional=lead.pk), format="json"
    )
    assert response.status_code == 201, response.content
    assert Household.objects.get().assigned_professional == lead
