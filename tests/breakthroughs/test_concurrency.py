"""Races on PostgreSQL with real threads and separate connections."""

import threading
from decimal import Decimal

from django.db import connection

import pytest

from breakthroughs.constants import Status
from breakthroughs.models import Breakthrough, BreakthroughTransition
from breakthroughs.services import TransitionError, breakthrough_transition
from breakthroughs.workflow import Step
from core.models import Role
from tests.breakthroughs.factories import BreakthroughFactory, BudgetPotFactory
from tests.casework.factories import HouseholdFactory
from tests.core.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _race(workers: list) -> list:
    """Start all workers at the same barrier; return what each one returned or raised."""
    barrier = threading.Barrier(len(workers))
    results: list = [None] * len(workers)

    def run(index: int, work) -> None:
        try:
            barrier.wait()
            results[index] = work()
        except Exception as exc:  # the outcome under test: kept, not swallowed
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_team_leads_deciding_at_once_exactly_one_wins(organisation):
    second_lead = UserFactory(username="tweede_teamleider")
    MembershipFactory(user=second_lead, team=organisation.team, role=Role.TEAM_LEAD)
    breakthrough = BreakthroughFactory(
        household=HouseholdFactory(team=organisation.team), status=Status.SUBMITTED
    )
    leads = [organisation.users[Role.TEAM_LEAD], second_lead]
    steps = [Step.APPROVE, Step.REJECT]

    def decide(lead, step):
        return lambda: breakthrough_transition(
            actor=lead,
            breakthrough_id=breakthrough.pk,
            step=step,
            expected_status=Status.SUBMITTED,
            motivation="Besluit.",
        )

    results = _race([decide(lead, step) for lead, step in zip(leads, steps, strict=True)])
    winners = [r for r in results if isinstance(r, Breakthrough)]
    losers = [r for r in results if isinstance(r, TransitionError)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert losers[0].code == "stale"
    assert BreakthroughTransition.objects.filter(breakthrough=breakthrough).count() == 1


def test_twenty_approvals_racing_on_one_pot_never_take_it_below_zero(organisation):
    pot = BudgetPotFactory(
        municipality=organisation.municipality,
        team=organisation.team,
        amount=Decimal("5000.00"),
        team_lead_limit=Decimal("1000.00"),
    )
    items = [
        BreakthroughFactory(
            household=HouseholdFactory(team=organisation.team),
            status=Status.SUBMITTED,
            budget_pot=pot,
            amount=Decimal("700.00"),
        )
        for _ in range(20)
    ]
    lead = organisation.users[Role.TEAM_LEAD]

    def approve(item):
        return lambda: breakthrough_transition(
            actor=lead,
            breakthrough_id=item.pk,
            step=Step.APPROVE,
            expected_status=Status.SUBMITTED,
            motivation="Binnen mandaat en budget.",
        )

    results = _race([approve(item) for item in items])
    approved = [r for r in results if isinstance(r, Breakthrough)]
    refused = [r for r in results if isinstance(r, TransitionError)]
    assert len(approved) == 7  # 7 x 700 = 4900 fits in 5000; the eighth would not
    assert len(refused) == 13
    assert {r.code for r in refused} == {"budget_exhausted"}
    pot.refresh_from_db()
    assert pot.remaining >= 0
    total = sum(
        b.total_cost for b in Breakthrough.objects.filter(budget_pot=pot, status=Status.APPROVED)
    )
    assert pot.committed == total == Decimal("4900.00")
