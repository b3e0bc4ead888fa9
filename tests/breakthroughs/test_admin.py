"""The Django admin of budget pots saves through the same service as the pages: locked, audited,
and never writing back a stale `committed` or `spent`."""

from __future__ import annotations

import threading
from decimal import Decimal

from django.db import connection
from django.urls import reverse

import pytest

from breakthroughs.admin import BudgetPotAdmin
from breakthroughs.constants import Status
from breakthroughs.models import BudgetPot
from breakthroughs.services import breakthrough_transition
from breakthroughs.workflow import Step
from core.models import AuditLog, Role, User
from tests.breakthroughs.factories import BreakthroughFactory, BudgetPotFactory
from tests.casework.factories import HouseholdFactory
from tests.core.factories import MunicipalityFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    superuser = User.objects.create_superuser("beheer", "beheer@example.org", "geheim-123-abc")
    client.force_login(superuser)
    client.superuser = superuser
    return client


@pytest.fixture
def pot(organisation):
    return BudgetPotFactory(
        municipality=organisation.municipality,
        team=organisation.team,
        name="Maatwerkbudget Noord",
        amount=Decimal("10000.00"),
    )


def _change(pot, **overrides) -> dict:
    data = {
        "municipality": str(pot.municipality_id),  # shown, not edited, on a change
        "team": str(pot.team_id or ""),
        "name": pot.name,
        "year": str(pot.year),
        "amount": "12000.00",
        "team_lead_limit": "3000.00",
        "spending_rules": "Alleen eenmalige kosten.",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db(transaction=True)
def test_an_admin_save_keeps_what_an_approval_committed_meanwhile(
    superuser_client, organisation, pot, monkeypatch
):
    breakthrough = BreakthroughFactory(
        household=HouseholdFactory(team=organisation.team),
        budget_pot=pot,
        status=Status.SUBMITTED,
        amount=Decimal("2000.00"),
    )
    load = BudgetPotAdmin.get_object
    outcome: list = []

    def approve() -> None:  # a team lead's request, on its own connection
        try:
            outcome.append(
                breakthrough_transition(
                    actor=organisation.users[Role.TEAM_LEAD],
                    breakthrough_id=breakthrough.pk,
                    step=Step.APPROVE,
                    expected_status=Status.SUBMITTED,
                    motivation="Binnen mandaat en budget.",
                )
            )
        except Exception as exc:  # kept for the assertion below
            outcome.append(exc)
        finally:
            connection.close()

    def load_then_approval_lands(self, request, object_id, from_field=None):
        loaded = load(self, request, object_id, from_field)  # committed 0, as the admin saw it
        if request.method == "POST":
            other = threading.Thread(target=approve)
            other.start()
            other.join(timeout=30)
        return loaded

    monkeypatch.setattr(BudgetPotAdmin, "get_object", load_then_approval_lands)
    url = reverse("admin:breakthroughs_budgetpot_change", args=[pot.pk])
    response = superuser_client.post(url, _change(pot))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert [type(item).__name__ for item in outcome] == ["Breakthrough"], outcome

    pot.refresh_from_db()
    assert pot.committed == Decimal("2000.00")
    assert (pot.amount, pot.team_lead_limit) == (Decimal("12000.00"), Decimal("3000.00"))
    assert pot.spending_rules == "Alleen eenmalige kosten."
    entry = AuditLog.objects.get(action="budget_pot.update", object_id=str(pot.pk))
    assert entry.actor == superuser_client.superuser
    assert entry.municipality_code == organisation.municipality.cbs_code
    assert entry.data["amount"] == "12000.00"


def test_the_admin_checks_the_amount_against_the_current_row(superuser_client, organisation, pot):
    url = reverse("admin:breakthroughs_budgetpot_change", args=[pot.pk])
    assert superuser_client.get(url).status_code == 200
    BudgetPot.objects.filter(pk=pot.pk).update(committed=Decimal("4000.00"))  # after the GET
    response = superuser_client.post(url, _change(pot, amount="3000.00"))
    assert response.status_code == 200
    assert "het budget kan niet lager" in response.content.decode()
    pot.refresh_from_db()
    assert (pot.amount, pot.committed) == (Decimal("10000.00"), Decimal("4000.00"))
    assert not AuditLog.objects.filter(action="budget_pot.update").exists()


def test_adding_a_pot_in_the_admin_goes_through_the_service(superuser_client, organisation):
    url = reverse("admin:breakthroughs_budgetpot_add")
    data = {
        "municipality": str(organisation.municipality.pk),
        "team": str(organisation.other_team.pk),
        "name": "Maatwerkbudget Zuid",
        "year": "2026",
        "amount": "20000.00",
        "team_lead_limit": "2500.00",
        "spending_rules": "",
    }
    elsewhere = TeamFactory(municipality=MunicipalityFactory())
    refused = superuser_client.post(url, {**data, "team": str(elsewhere.pk)})
    assert refused.status_code == 200
    assert "Dit team hoort niet bij deze gemeente." in refused.content.decode()
    assert not BudgetPot.objects.filter(name="Maatwerkbudget Zuid").exists()

    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    created = BudgetPot.objects.get(name="Maatwerkbudget Zuid")
    assert (created.municipality, created.team) == (
        organisation.municipality,
        organisation.other_team,
    )
    assert (created.amount, created.committed, created.spent) == (Decimal("20000"), 0, 0)
    entry = AuditLog.objects.get(action="budget_pot.create", object_id=str(created.pk))
    assert entry.actor == superuser_client.superuser
    assert entry.municipality_code == organisation.municipality.cbs_code
