"""The Wgs time limits (art. 4 Wgs) tracked by the beat task, on a real worker over real Redis."""

from __future__ import annotations

from datetime import date

from django.core import mail

import pytest

from casework.constants import JournalKind, WgsPhase
from casework.models import JournalEntry, WgsRequest
from casework.services.items import wgs_due_on
from casework.tasks import process_wgs_deadlines
from core.models import AuditLog, Role
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


def _request(household, requested_on: date, threat: str) -> WgsRequest:
    return WgsRequest.objects.create(
        household=household,
        requested_on=requested_on,
        threat=threat,
        phase=WgsPhase.TOEGANG,
        due_on=wgs_due_on(requested_on=requested_on, threat=threat),
    )


def test_reminders_and_escalation_across_christmas_and_a_weekend(organisation, celery_worker):
    professional = organisation.users[Role.PROFESSIONAL]
    lead = organisation.users[Role.TEAM_LEAD]
    professional.email, lead.email = "regisseur@gemeente.example", "teamleider@gemeente.example"
    professional.save()
    lead.save()
    household = HouseholdFactory(team=organisation.team, assigned_professional=professional)
    # Monday 22 December 2025, energy cut-off threatens: three working days are the 23rd, the
    # 24th and (after Christmas, Boxing Day and the weekend) Monday the 29th.
    urgent = _request(household, date(2025, 12, 22), "energy_cutoff")
    assert urgent.due_on == date(2025, 12, 29)
    # Without a threat: four weeks, to 19 January 2026.
    regular = _request(household, date(2025, 12, 22), "")
    assert regular.due_on == date(2026, 1, 19)

    # Tuesday the 23rd: the next working day is the 24th, before the limit: nothing yet.
    assert process_wgs_deadlines.delay(today="2025-12-23").get(timeout=30) == {
        "reminded": 0,
        "escalated": 0,
    }
    # Wednesday the 24th: the next working day is Monday the 29th, the limit: a reminder.
    assert process_wgs_deadlines.delay(today="2025-12-24").get(timeout=30) == {
        "reminded": 1,
        "escalated": 0,
    }
    urgent.refresh_from_db()
    assert urgent.reminded_at is not None and urgent.escalated_at is None
    # Monday the 29th is the last day: not overdue yet, and no second reminder.
    assert process_wgs_deadlines.delay(today="2025-12-29").get(timeout=30) == {
        "reminded": 0,
        "escalated": 0,
    }
    # Tuesday the 30th: the limit has passed without a first conversation: escalated.
    assert process_wgs_deadlines.delay(today="2025-12-30").get(timeout=30) == {
        "reminded": 0,
        "escalated": 1,
    }
    urgent.refresh_from_db()
    assert urgent.escalated_at is not None
    regular.refresh_from_db()
    assert regular.reminded_at is None and regular.escalated_at is None

    texts = list(
        JournalEntry.objects.filter(household=household, kind=JournalKind.EVENT)
        .order_by("occurred_on", "id")
        .values_list("occurred_on", "text")
    )
    assert [day for day, _text in texts] == [date(2025, 12, 24), date(2025, 12, 30)]
    assert "uiterlijk 29-12-2025" in texts[0][1] and "verstreken" in texts[1][1]
    actions = set(
        AuditLog.objects.filter(household_id=household.pk).values_list("action", "purpose")
    )
    assert ("wgsrequest.remind", "schuldhulpverlening:toegang") in actions
    assert ("wgsrequest.escalate", "schuldhulpverlening:toegang") in actions

    # The e-mails (after commit, by the worker) name the household by number only.
    _wait_for(lambda: len(mail.outbox) >= 2)
    recipients = [message.to for message in mail.outbox]
    assert ["regisseur@gemeente.example"] in recipients
    assert ["teamleider@gemeente.example"] in recipients
    for message in mail.outbox:
        assert str(household.pk) in message.subject
        assert household.display_name not in message.subject + message.body

    # Idempotent: the same day again changes nothing.
    assert process_wgs_deadlines.delay(today="2025-12-30").get(timeout=30) == {
        "reminded": 0,
        "escalated": 0,
    }


def test_a_first_conversation_in_time_stops_the_tracker(organisation, celery_worker):
    household = HouseholdFactory(team=organisation.team)
    request = _request(household, date(2026, 4, 24), "eviction")
    assert request.due_on == date(2026, 4, 30)  # Koningsdag (27 April) skipped
    request.first_conversation_on = date(2026, 4, 28)
    request.save()
    assert process_wgs_deadlines.delay(today="2026-05-04").get(timeout=30) == {
        "reminded": 0,
        "escalated": 0,
    }
