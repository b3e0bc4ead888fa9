"""The Wgs time limits (art. 4 Wgs): reminders before the first-conversation deadline and
escalation to the team lead when it has passed.

Run from beat (`casework.tasks.process_wgs_deadlines`), like the breakthroughs' deadlines: the
working days are the same (`core.workdays`), and the run is idempotent (`reminded_at` and
`escalated_at` are set once, under a row lock with skip_locked, so two workers never both act).
Every reminder and escalation is written to the case journal and the audit log; the e-mails name
the household by number only.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.constants import JournalKind
from casework.models import WgsRequest
from casework.services.common import audit_change, journal_write
from core.models import Membership, Role
from core.workdays import add_working_days

logger = logging.getLogger(__name__)


def wgs_process_deadlines(*, today: date | None = None) -> dict[str, int]:
    """Remind a working day before the limit; escalate once the limit has passed."""
    today = today or timezone.localdate()
    reminded = escalated = 0
    next_working_day = add_working_days(today, 1)
    open_requests = WgsRequest.objects.filter(
        first_conversation_on__isnull=True, household__status="open"
    )
    for pk in open_requests.filter(due_on__lt=today, escalated_at__isnull=True).values_list(
        "pk", flat=True
    ):
        escalated += _act(pk=pk, today=today, escalate=True)
    for pk in open_requests.filter(
        due_on__gte=today, due_on__lte=next_working_day, reminded_at__isnull=True
    ).values_list("pk", flat=True):
        reminded += _act(pk=pk, today=today, escalate=False)
    return {"reminded": reminded, "escalated": escalated}


@transaction.atomic
def _act(*, pk: int, today: date, escalate: bool) -> int:
    marker = "escalated_at" if escalate else "reminded_at"
    item = (
        WgsRequest.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("household__municipality", "household__assigned_professional")
        .filter(pk=pk, first_conversation_on__isnull=True, **{f"{marker}__isnull": True})
        .first()
    )
    if item is None:
        return 0  # handled by another worker, or the conversation took place meanwhile
    setattr(item, marker, timezone.now())
    item.save(update_fields=[marker])
    household = item.household
    due = item.due_on.strftime("%d-%m-%Y")
    if escalate:
        text = _(
            "Termijn schuldhulpverlening verstreken: het eerste gesprek had uiterlijk %(due)s "
            "moeten plaatsvinden (art. 4 Wgs). Doorgezet naar de teamleider."
        ) % {"due": due}
        recipients = [
            m.user.email
            for m in Membership.objects.filter(team_id=household.team_id, role=Role.TEAM_LEAD)
            .select_related("user")
            .order_by("id")
            if m.user.is_active and m.user.email
        ]
    else:
        text = _(
            "Herinnering: het eerste gesprek schuldhulpverlening moet uiterlijk %(due)s "
            "plaatsvinden (art. 4 Wgs)."
        ) % {"due": due}
        professional = household.assigned_professional
        recipients = [professional.email] if professional and professional.email else []
    journal_write(household, author=None, kind=JournalKind.EVENT, text=text, occurred_on=today)
    audit_change(
        actor=None,  # the beat task acts, not a user
        action=f"wgsrequest.{'escalate' if escalate else 'remind'}",
        household=household,
        obj=item,
        purpose=f"schuldhulpverlening:{item.phase}",
    )
    if recipients:
        # By number only: no personal data in e-mail.
        subject = _("Doorbraak: termijn schuldhulpverlening huishouden %(id)s") % {
            "id": household.pk
        }
        transaction.on_commit(lambda: _mail(subject, text, recipients))
    return 1


def _mail(subject: str, text: str, recipients: list[str]) -> None:
    try:
        send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, recipients)
    except OSError as exc:
        # The journal entry and the badge on the case page stand; the mail is a convenience.
        logger.warning("e-mail termijn schuldhulpverlening niet verstuurd: %s", type(exc).__name__)
