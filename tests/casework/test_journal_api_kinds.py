"""Status entries in the journal are written by close, reopen and assign only, not by clients.

The browser's journal form never offered "status"; the API now refuses it the same way, so no
one can forge a "Heropend" line on a closed household.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse

import pytest

from casework.constants import JournalKind
from casework.models import JournalEntry
from casework.services import household_close
from core.models import AuditLog
from tests.casework.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def household(organisation):
    return HouseholdFactory(team=organisation.team)


def _post(api, household, kind: str):
    return api.post(
        f"/api/v1/households/{household.pk}/journal/",
        {"kind": kind, "occurred_on": date.today().isoformat(), "text": "Heropend: nep"},
        format="json",
    )


def test_api_refuses_a_status_entry_with_a_dutch_problem(api_client_for, professional, household):
    household_close(actor=professional, household=household, reason="klaar")
    before = JournalEntry.objects.filter(household=household).count()
    response = _post(api_client_for(professional), household, JournalKind.STATUS)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    [param] = response.json()["invalidParams"]
    assert param["name"] == "kind"
    assert param["code"] == "invalid_choice"
    assert "statusregel" in param["reason"]
    assert JournalEntry.objects.filter(household=household).count() == before
    assert not AuditLog.objects.filter(action="journalentry.create").exists()


@pytest.mark.parametrize("kind", [JournalKind.NOTE, JournalKind.CONTACT, JournalKind.EVENT])
def test_api_accepts_the_kinds_the_browser_offers(api_client_for, professional, household, kind):
    response = _post(api_client_for(professional), household, kind)
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == kind


def test_status_entries_written_by_close_are_still_listed(api_client_for, professional, household):
    household_close(actor=professional, household=household, reason="klaar")
    response = api_client_for(professional).get(f"/api/v1/households/{household.pk}/journal/")
    assert JournalKind.STATUS in {entry["kind"] for entry in response.json()["results"]}


def test_the_browser_form_refuses_status_too(client, professional, household):
    client.force_login(professional)
    response = client.post(
        reverse("casework:journal-add", args=[household.pk]),
        {"kind": "status", "occurred_on": date.today().isoformat(), "text": "Heropend: nep"},
    )
    assert response.status_code == 422
    assert not JournalEntry.objects.filter(household=household, kind="status").exists()
