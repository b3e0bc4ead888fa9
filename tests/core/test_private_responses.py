"""Pages and API answers for a signed-in user are never stored by a browser or proxy."""

from __future__ import annotations

from django.urls import reverse

import pytest

from core.models import Role
from tests.casework.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_signed_in_pages_are_not_stored(client, organisation):
    household = HouseholdFactory(team=organisation.team)
    client.force_login(organisation.users[Role.PROFESSIONAL])
    for url in (
        reverse("casework:list"),
        reverse("casework:edit", args=[household.pk]),
        reverse("core:dashboard"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url
        assert "private" in response["Cache-Control"], url


def test_api_answers_with_a_token_are_not_stored(organisation, api_client_for):
    api = api_client_for(organisation.users[Role.PROFESSIONAL])
    response = api.get("/api/v1/households/")
    assert response.status_code == 200
    assert _no_store(response)
