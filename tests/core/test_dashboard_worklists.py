"""The home page is a worklist per role: my households, my doorbraken with deadlines and
notifications for professionals; the queue with need, cost against mandate and age for deciders."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from breakthroughs.constants import NotificationKind, Status
from breakthroughs.models import Notification
from casework.services import journal_add
from core import dashboard
from core.models import AuditLog, Role
from tests.breakthroughs.factories import BreakthroughFactory, BudgetPotFactory
from tests.casework.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_professional_sees_their_households_with_what_changed(client, organisation):
    pro = organisation.users[Role.PROFESSIONAL]
    mine = HouseholdFactory(
        team=organisation.team, display_name="Bakker", assigned_professional=pro
    )
    HouseholdFactory(team=organisation.team, display_name="Anderman")  # not assigned to me
    HouseholdFactory(
        team=organisation.other_team, display_name="Zuidhuis", assigned_professional=pro
    )
    journal_add(
        actor=pro,
        household=mine,
        kind="note",
        text="Huisbezoek gedaan",
        occurred_on=date(2026, 5, 4),
    )
    content = _home(client, pro)
    assert "Mijn huishoudens" in content
    assert "Bakker" in content and "04-05-2026: Huisbezoek gedaan" in content
    assert "Anderman" not in content
    assert "Zuidhuis" not in content  # a team they are not in
    assert AuditLog.objects.filter(action="household.list", actor=pro).exists()


def test_professional_sees_open_proposals_with_deadlines_and_notifications(client, organisation):
    pro = organisation.users[Role.PROFESSIONAL]
    household = HouseholdFactory(team=organisation.team)
    due = timezone.now() + timedelta(days=2)
    submitted = BreakthroughFactory(
        household=household, proposer=pro, status=Status.SUBMITTED, due_at=due
    )
    BreakthroughFactory(household=household, proposer=pro, status=Status.REJECTED)
    Notification.objects.create(
        user=pro, breakthrough=submitted, kind=NotificationKind.DECIDED, text="Besluit genomen"
    )
    content = _home(client, pro)
    assert f'data-id="{submitted.pk}"' in content
    assert f"besluit uiterlijk {timezone.localtime(due):%d-%m-%Y}" in content
    assert content.count('data-id="') == 1
    assert "1 ongelezen melding" in content and "Besluit genomen" in content


def test_team_lead_sees_the_queue_with_need_mandate_and_age(client, organisation):
    lead = organisation.users[Role.TEAM_LEAD]
    pot = BudgetPotFactory(
        municipality=organisation.municipality,
        team=organisation.team,
        team_lead_limit=Decimal("2500.00"),
    )
    household = HouseholdFactory(team=organisation.team)
    item = BreakthroughFactory(
        household=household,
        budget_pot=pot,
        status=Status.SUBMITTED,
        need="Een wasmachine",
        amount=Decimal("2500.01"),
        submitted_at=timezone.now(),
    )
    content = _home(client, lead)
    assert "Wacht op uw besluit" in content and "Een wasmachine" in content
    assert "boven het teamleidermandaat van €\u00a02.500,00" in content
    assert "0 werkdagen" in content
    assert AuditLog.objects.filter(
        action="breakthrough.queue.read", object_id=str(item.pk)
    ).exists()
    assert "Mijn huishoudens" not in content


def test_panels_follow_the_roles(client, organisation):
    content = _home(client, organisation.users[Role.AUDITOR])
    assert "Mijn huishoudens" not in content and "Wacht op uw besluit" not in content


def test_a_registered_panel_is_shown_to_its_roles_only(client, organisation, rf):
    dashboard.register_dashboard_panel(
        key="test-panel", roles={Role.POLICY_OFFICER}, render=lambda request: "<p>Paneel</p>"
    )
    try:
        assert "<p>Paneel</p>" in _home(client, organisation.users[Role.POLICY_OFFICER])
        assert "<p>Paneel</p>" not in _home(client, organisation.users[Role.AUDITOR])
    finally:
        dashboard.unregister_dashboard_panel("test-panel")


def test_home_page_query_count_does_not_grow(client, organisation, django_assert_max_num_queries):
    pro = organisation.users[Role.PROFESSIONAL]
    url = reverse("core:dashboard")
    client.force_login(pro)
    first = HouseholdFactory(team=organisation.team, assigned_professional=pro)
    journal_add(actor=pro, household=first, kind="note", text="x", occurred_on=date.today())
    BreakthroughFactory(household=first, proposer=pro, status=Status.SUBMITTED)
    client.get(url)
    with CaptureQueriesContext(connection) as baseline:
        client.get(url)
    for _ in range(6):
        household = HouseholdFactory(team=organisation.team, assigned_professional=pro)
        journal_add(actor=pro, household=household, kind="note", text="x", occurred_on=date.today())
        BreakthroughFactory(household=household, proposer=pro, status=Status.SUBMITTED)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        client.get(url)
