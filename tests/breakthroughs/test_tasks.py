"""Reminders and escalation by the beat task, executed by a real worker over the real Redis."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

import pytest

from breakthroughs.constants import MandateLevel, NotificationKind, Status
from breakthroughs.models import Breakthrough, BreakthroughTransition, Notification
from breakthroughs.tasks import process_deadlines
from core.models import Role
from tests.breakthroughs.factories import BreakthroughFactory
from tests.casework.factories import HouseholdFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _wait_for(predicate, timeout: float = 20.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("condition not reached in time")


def test_beat_task_reminds_before_and_escalates_after_the_due_time(organisation, celery_worker):
    board = organisation.users[Role.BOARD_MEMBER]
    lead = organisation.users[Role.TEAM_LEAD]
    lead.email, board.email = "teamleider@gemeente.example", "doorbraakteam@gemeente.example"
    lead.save()
    board.save()
    now = timezone.now()
    overdue = BreakthroughFactory(
        household=HouseholdFactory(team=organisation.team),
        status=Status.SUBMITTED,
        submitted_at=now - timedelta(days=20),
        due_at=now - timedelta(hours=1),
    )
    due_soon = BreakthroughFactory(
        household=HouseholdFactory(team=organisation.team),
        status=Status.SUBMITTED,
        submitted_at=now - timedelta(days=1),
        due_at=now + timedelta(hours=2),
    )
    not_yet = BreakthroughFactory(
        household=HouseholdFactory(team=organisation.team),
        status=Status.SUBMITTED,
        submitted_at=now,
        due_at=now + timedelta(days=14),
    )

    result = process_deadlines.delay().get(timeout=30)
    assert result == {"reminded": 1, "escalated": 1}

    overdue.refresh_from_db()
    assert overdue.status == Status.ESCALATED
    assert overdue.mandate_level == MandateLevel.BOARD
    assert overdue.due_at > now
    escalation = BreakthroughTransition.objects.get(breakthrough=overdue)
    assert escalation.actor is None and "termijn" in escalation.motivation.lower()
    assert Notification.objects.filter(
        breakthrough=overdue, user=board, kind=NotificationKind.ESCALATED
    ).exists()

    due_soon.refresh_from_db()
    assert due_soon.status == Status.SUBMITTED and due_soon.reminded_at is not None
    assert Notification.objects.filter(
        breakthrough=due_soon, user=lead, kind=NotificationKind.REMINDER
    ).exists()
    assert not Notification.objects.filter(breakthrough=not_yet).exists()

    # The e-mail copies are sent by the worker after commit.
    _wait_for(lambda: len(mail.outbox) >= 2)
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {"teamleider@gemeente.example", "doorbraakteam@gemeente.example"}

    # Idempotent: running again changes nothing.
    assert process_deadlines.delay().get(timeout=30) == {"reminded": 0, "escalated": 0}
    assert Breakthrough.objects.get(pk=due_soon.pk).reminded_at == due_soon.reminded_at
