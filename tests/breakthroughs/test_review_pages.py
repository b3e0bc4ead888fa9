"""Review pages put the content first: the queue shows need, cost against mandate and age in
working days; the detail page shows the need and the household before the decision forms."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest

from breakthroughs import selectors
from breakthroughs.constants import Status
from breakthroughs.models import Breakthrough
from casework.constants import CreditorKind, ZrmDomain
from casework.models import PerspectivePlan
from casework.services import assessment_create
from core.models import AuditLog, Role
from regulations.models import Screening
from regulations.services import screening_run_and_store
from tests.breakthroughs.factories import BreakthroughFactory, BudgetPotFactory
from tests.casework.factories import (
    ZRM_REASONS,
    DebtFactory,
    HouseholdFactory,
    PlanGoalFactory,
)

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def household(organisation):
    return HouseholdFactory(team=organisation.team, display_name="Yilmaz")


@pytest.fixture
def pot(organisation):
    return BudgetPotFactory(
        municipality=organisation.municipality,
        team=organisation.team,
        amount=Decimal("10000.00"),
        team_lead_limit=Decimal("2500.00"),
    )


def _queue_row(content: str, pk: int) -> str:
    start = content.index(f'data-id="{pk}"')
    return content[start : content.index("</tr>", start)]


@pytest.mark.parametrize(
    ("amount", "within"),
    [(Decimal("2499.99"), True), (Decimal("2500.00"), True), (Decimal("2500.01"), False)],
)
def test_queue_shows_need_and_cost_against_the_mandate(
    make_submitted, client, organisation, household, pot, amount, within
):
    item = make_submitted(
        organisation, household, pot, amount=amount, need="Een koelkast voor de insuline"
    )
    client.force_login(organisation.users[Role.TEAM_LEAD])
    row = _queue_row(client.get(reverse("breakthroughs:queue")).content.decode(), item.pk)
    assert "Een koelkast voor de insuline" in row
    limit = "€\u00a02.500,00"
    expected = (
        f"binnen het teamleidermandaat van {limit}"
        if within
        else (f"boven het teamleidermandaat van {limit}")
    )
    assert expected in row
    assert "0 werkdagen" in row  # submitted just now


@pytest.mark.parametrize(
    ("submitted", "now", "days"),
    [
        (datetime(2026, 12, 4, 10, tzinfo=AMS), datetime(2026, 12, 4, 16, tzinfo=AMS), 0),
        (datetime(2026, 12, 4, 10, tzinfo=AMS), datetime(2026, 12, 7, 9, tzinfo=AMS), 1),
        (datetime(2026, 12, 4, 10, tzinfo=AMS), datetime(2026, 12, 11, 9, tzinfo=AMS), 5),
        # Christmas (Friday 25th) and the weekend do not count.
        (datetime(2026, 12, 24, 10, tzinfo=AMS), datetime(2026, 12, 28, 9, tzinfo=AMS), 1),
    ],
)
def test_queue_age_is_in_working_days(
    make_submitted, organisation, household, pot, submitted, now, days
):
    item = make_submitted(organisation, household, pot)
    Breakthrough.objects.filter(pk=item.pk).update(submitted_at=submitted)
    rows = selectors.queue_rows(
        selectors.team_queue(user=organisation.users[Role.TEAM_LEAD], now=now), now=now
    )
    assert [(row.pk, row.age_working_days) for row in rows] == [(item.pk, days)]


def test_queue_records_a_read_per_proposal_shown(
    make_submitted, client, organisation, household, pot
):
    item = make_submitted(organisation, household, pot)
    client.force_login(organisation.users[Role.TEAM_LEAD])
    client.get(reverse("breakthroughs:queue"))
    row = AuditLog.objects.get(action="breakthrough.queue.read")
    assert (row.object_id, row.household_id) == (str(item.pk), household.pk)
    assert row.actor == organisation.users[Role.TEAM_LEAD]


def _dossier(organisation, household):
    call_command("load_regulations", verbosity=0)
    DebtFactory(household=household, creditor_kind=CreditorKind.ENERGY, amount=Decimal("400.00"))
    DebtFactory(household=household, creditor_kind=CreditorKind.ENERGY, amount=Decimal("100.00"))
    DebtFactory(household=household, creditor_kind=CreditorKind.CJIB, amount=Decimal("75.50"))
    assessment_create(
        actor=organisation.users[Role.PROFESSIONAL],
        household=household,
        assessed_on=date(2026, 3, 1),
        scores={
            d.value: (1 if d == ZrmDomain.FINANCES else 2 if d == ZrmDomain.ADDICTION else 4)
            for d in ZrmDomain
        },
        reasons=ZRM_REASONS,
    )
    PerspectivePlan.objects.update_or_create(
        household=household, defaults={"desired_situation": "Rust en een eigen plek"}
    )
    PlanGoalFactory(household=household, description="Schulden in beeld")
    return screening_run_and_store(
        household_id=household.pk,
        trigger=Screening.Trigger.MANUAL,
        actor=organisation.users[Role.PROFESSIONAL],
    )


def test_detail_shows_need_and_household_before_the_decision_forms(
    make_submitted, client, organisation, household, pot
):
    screening = _dossier(organisation, household)
    item = make_submitted(organisation, household, pot, screening_id=screening.pk)
    client.force_login(organisation.users[Role.TEAM_LEAD])
    response = client.get(reverse("breakthroughs:detail", args=[item.pk]))
    content = response.content.decode()
    need = content.index('id="kop-nodig"')
    household_part = content.index('id="kop-huishouden"')
    forms = content.index('id="kop-stappen"')
    assert need < household_part < forms
    assert content.index('data-step="approve"') > household_part
    summary = response.context["household_summary"]
    assert summary["debt_total"] == Decimal("575.50")
    assert [(r["label"], r["count"], r["amount"]) for r in summary["debts"]] == [
        ("Energieleverancier", 2, Decimal("500.00")),
        ("CJIB", 1, Decimal("75.50")),
    ]
    # The addiction score is stored encrypted; the reviewer sees it decrypted, and the read names
    # the special categories shown.
    assert summary["zrm_low"] == 2
    assert [(r["label"], r["score"]) for r in summary["zrm"][:2]] == [
        ("Financiën", 1),
        ("Middelengebruik", 2),
    ]
    assert summary["screening"] is not None
    assert "€\u00a0575,50" in content
    assert "Rust en een eigen plek" in content and "Schulden in beeld" in content
    read = AuditLog.objects.get(
        action="breakthrough.household_summary.read", household_id=household.pk
    )
    assert read.data == {"special_categories": ["gezondheid", "justitie", "verslaving"]}


def test_the_board_sees_the_summary_without_the_plan(client, organisation, household, pot):
    _dossier(organisation, household)
    item = BreakthroughFactory(household=household, budget_pot=pot, status=Status.ESCALATED)
    Breakthrough.objects.filter(pk=item.pk).update(due_at=timezone.now() + timedelta(days=2))
    client.force_login(organisation.users[Role.BOARD_MEMBER])
    response = client.get(reverse("breakthroughs:detail", args=[item.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "€\u00a0575,50" in content
    assert "Rust en een eigen plek" not in content
    assert household.display_name not in content
