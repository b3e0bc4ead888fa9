from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from celery import shared_task

from breakthroughs import services
from breakthroughs.models import Notification

logger = logging.getLogger(__name__)


@shared_task(name="breakthroughs.tasks.process_deadlines", autoretry_for=(OperationalError,))
def process_deadlines() -> dict[str, int]:
    """Beat: reminders before the due time, escalation to the board when it has passed."""
    return services.process_deadlines()


@shared_task(
    name="breakthroughs.tasks.send_notification_emails",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=8,
)
def send_notification_emails(*, notification_ids: list[int]) -> int:
    """E-mail copies of in-app notifications; idempotent through `emailed_at`."""
    sent = 0
    for notification_id in notification_ids:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True)
                .select_related("user")
                .filter(pk=notification_id, emailed_at__isnull=True)
                .first()
            )
            if notification is None or not notification.user.email:
                continue
            # The mail names the breakthrough by number only: no personal data by e-mail.
            send_mail(
                subject=_("Doorbraak: %(text)s") % {"text": notification.get_kind_display()},
                message=notification.text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[notification.user.email],
            )
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["emailed_at"])
            sent += 1
    return sent


@shared_task(name="breakthroughs.tasks.generate_signal_reports")
def generate_signal_reports() -> int:
    """Beat: after a quarter closes, one report per municipality (idempotent).

    One municipality's failure does not stop the others: it is logged (the municipality's CBS code
    and the exception type only; the message may quote a row's text) and the next one is done.
    The next run (or the policy officer in the browser) tries the failed one again.
    """
    from breakthroughs.report_services import last_closed_quarter, report_generate
    from core.models import Municipality

    period = last_closed_quarter(timezone.localdate())
    created = 0
    for municipality in Municipality.objects.order_by("cbs_code"):
        try:
            _report, new = report_generate(municipality=municipality, period=period)
        except Exception as exc:  # one municipality must not stop the others
            logger.error(
                "signaalrapportage %s voor %s niet opgesteld: %s",
                period.label,
                municipality.cbs_code,
                type(exc).__name__,
            )
            continue
        created += int(new)
    return created


@shared_task(name="breakthroughs.tasks.deliver_report", bind=True, max_retries=None)
def deliver_report(self, *, report_pk: int) -> str:  # type: ignore[no-untyped-def]
    """One attempt; schedules the next one with exponential backoff while the receiver is down."""
    from breakthroughs.report_services import report_deliver_once

    outcome, wait = report_deliver_once(report_pk=report_pk)
    # Run eagerly (dev without a broker), a countdown is ignored and the retry would recurse at
    # once, attempt after attempt; there the sweeper picks the report up at next_attempt_at.
    if wait is not None and not self.request.is_eager:
        deliver_report.apply_async(kwargs={"report_pk": report_pk}, countdown=wait)
    return outcome


@shared_task(name="breakthroughs.tasks.deliver_due_reports")
def deliver_due_reports() -> int:
    """Sweeper: a report whose next attempt is overdue (a lost message) is queued again."""
    from datetime import timedelta

    from breakthroughs.constants import ReportStatus
    from breakthroughs.models import SignalReport

    grace = timezone.now() - timedelta(minutes=2)
    due = SignalReport.objects.filter(status=ReportStatus.SENDING, next_attempt_at__lt=grace)
    pks = list(due.values_list("pk", flat=True))
    for pk in pks:
        deliver_report.delay(report_pk=pk)
    return len(pks)
