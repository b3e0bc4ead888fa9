"""Deadlines: reminders before the due time and automatic escalation to the board after it."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakthroughs import deadlines
from breakthroughs.constants import NotificationKind, Status
from breakthroughs.models import Breakthrough
from breakthroughs.services.common import TransitionError
from breakthroughs.services.notifications import deciders_of, notify
from breakthroughs.services.transitions import breakthrough_transition
from breakthroughs.workflow import Step


def process_deadlines(*, now: datetime | None = None) -> dict[str, int]:
    """Remind deciders a working day before the due time; escalate overdue team decisions.

    Idempotent: reminded items carry `reminded_at`; escalation changes the status. Safe to run
    from beat every few minutes and on several workers at once (row locks, skip_locked).
    """
    now = now or timezone.now()
    reminded = escalated = 0
    open_statuses = [Status.SUBMITTED, Status.ESCALATED]
    due_soon = Breakthrough.objects.filter(
        status__in=open_statuses, reminded_at__isnull=True, due_at__isnull=False
    ).values_list("pk", "due_at")
    for pk, due in due_soon:
        if due <= now:
            continue
        next_working_day = deadlines.add_working_days(
            timezone.localtime(now, deadlines.AMSTERDAM).date(), 1
        )
        if timezone.localtime(due, deadlines.AMSTERDAM).date() <= next_working_day:
            with transaction.atomic():
                item = (
                    Breakthrough.objects.select_for_update(skip_locked=True)
                    .filter(pk=pk, reminded_at__isnull=True)
                    .first()
                )
                if item is None:
                    continue
                item.reminded_at = now
                item.save(update_fields=["reminded_at"])
                notify(
                    users=deciders_of(item),
                    breakthrough=item,
                    kind=NotificationKind.REMINDER,
                    text=_("Herinnering: doorbraak %(id)s moet uiterlijk %(due)s besloten zijn.")
                    % {"id": item.pk, "due": timezone.localtime(due).strftime("%d-%m-%Y %H:%M")},
                )
                reminded += 1
    overdue = Breakthrough.objects.filter(status=Status.SUBMITTED, due_at__lt=now).values_list(
        "pk", flat=True
    )
    for pk in overdue:
        try:
            breakthrough_transition(
                actor=None,
                breakthrough_id=pk,
                step=Step.ESCALATE,
                expected_status=Status.SUBMITTED,
                motivation=_(
                    "De termijn voor een besluit van de teamleider is verstreken; automatisch "
                    "doorgezet naar het doorbraakteam."
                ),
                now=now,
            )
            escalated += 1
        except TransitionError:
            continue  # decided in the meantime: nothing to escalate
    return {"reminded": reminded, "escalated": escalated}
