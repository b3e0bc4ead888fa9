"""Reading the proactive-grant list (household names) is logged, in the API as on the page."""

from __future__ import annotations

from django.urls import reverse

import pytest

from core.models import AuditLog, Role

pytestmark = pytest.mark.django_db


def test_the_api_list_is_logged_like_the_page(
    complete_household, client, organisation, api_client_for, catalogue
):
    professional = organisation.users[Role.PROFESSIONAL]
    household = complete_household(organisation.team)
    api = api_client_for(professional)
    api.post(f"/api/v1/households/{household.pk}/screenings/")

    response = api.get("/api/v1/proactive-grants/")
    assert response.status_code == 200
    assert household.display_name in {row["household_name"] for row in response.json()["results"]}
    (from_api,) = AuditLog.objects.filter(action="proactivegrant.list")
    assert from_api.actor == professional
    assert from_api.data == {}  # who looked, not whom

    client.force_login(professional)
    assert client.get(reverse("regulations:proactive-list")).status_code == 200
    from_page = AuditLog.objects.filter(action="proactivegrant.list").exclude(pk=from_api.pk).get()
    assert (from_api.purpose, from_api.actor) == (from_page.purpose, from_page.actor)

    # A refused request shows nothing and logs no read.
    auditor = api_client_for(organisation.users[Role.AUDITOR])
    assert auditor.get("/api/v1/proactive-grants/").status_code == 403
    assert AuditLog.objects.filter(action="proactivegrant.list").count() == 2
