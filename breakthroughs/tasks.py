"""Celery tasks of the breakthrough workflow. Tasks import the services, never the reverse: the
services announce what needs a task through `core.events` (subscribed in apps.py)."""

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
