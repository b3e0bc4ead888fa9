"""Celery tasks of the breakthrough workflow. Tasks import the services, never the reverse: the
services announce what needs a task through `core.events` (subscribed in apps.py)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from celery import shared_task

from breakthroughs import services
from breakthroughs.models import HubFeed, Notification
from breakthroughs.services import hub_feeds

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


@shared_task(name="breakthroughs.tasks.pull_hub_feed", bind=True, max_retries=None)
def pull_hub_feed(self: Any, *, feed: str) -> str:
    """One conditional GET of a hub feed; retried with exponential backoff while the hub is out.

    The last good copy stays in use meanwhile; after HUB_FEED_MAX_RETRIES the task gives up until
    the next day's beat (the copy's `last_error` says why).
    """
    try:
        return hub_feeds.hub_feed_pull(feed=feed)
    except hub_feeds.HubUnavailable as exc:
        if self.request.is_eager or self.request.retries >= settings.HUB_FEED_MAX_RETRIES:
            logger.warning("hubfeed %s niet opgehaald: %s", feed, exc)
            return "failed"
        raise self.retry(
            exc=exc, countdown=hub_feeds.backoff_seconds(self.request.retries)
        ) from exc


@shared_task(name="breakthroughs.tasks.pull_hub_feeds")
def pull_hub_feeds() -> list[str]:
    """Beat, daily: pull every feed of the hub, each as its own task (one outage, one retry)."""
    for feed in HubFeed.values:
        pull_hub_feed.delay(feed=feed)
    return list(HubFeed.values)
