"""Celery tasks of the signal reports: generation after a quarter closes, delivery with backoff,
and the sweeper for lost delivery messages. Thin wrappers: the work is in the services.

Tasks import the services, never the reverse: `report_queue_delivery` publishes an event that
SignalsConfig.ready() routes to `deliver_report`.

The tasks were registered as `breakthroughs.tasks.*` before the signals app existed. Messages
with those names may still be queued (a `deliver_report` retry waits up to hours in the broker)
or be sent by a beat process that has not been restarted, so the old names stay registered as
aliases that do the same work.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from celery import shared_task

from core.models import Municipality
from signals.constants import ReportStatus
from signals.models import SignalReport
from signals.periods import last_closed_quarter
from signals.services import backoff_seconds, report_deliver_once, report_generate
from signals.services.lever_outcomes import HubRefused, lever_outcomes_send

logger = logging.getLogger(__name__)


def _generate_signal_reports() -> int:
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


@shared_task(name="signals.tasks.generate_signal_reports")
def generate_signal_reports() -> int:
    """Beat: after a quarter closes, one report per municipality (idempotent).

    One municipality's failure does not stop the others: it is logged (the municipality's CBS code
    and the exception type only; the message may quote a row's text) and the next one is done.
    The next run (or the policy officer in the browser) tries the failed one again.
    """
    return _generate_signal_reports()


def _deliver(report_pk: int, *, eager: bool) -> str:
    outcome, wait = report_deliver_once(report_pk=report_pk)
    # Run eagerly (dev without a broker), a countdown is ignored and the retry would recurse at
    # once, attempt after attempt; there the sweeper picks the report up at next_attempt_at.
    if wait is not None and not eager:
        deliver_report.apply_async(kwargs={"report_pk": report_pk}, countdown=wait)
    return outcome


@shared_task(name="signals.tasks.deliver_report", bind=True, max_retries=None)
def deliver_report(self: Any, *, report_pk: int) -> str:
    """One attempt; schedules the next one with exponential backoff while the receiver is down."""
    return _deliver(report_pk, eager=bool(self.request.is_eager))


def _deliver_due_reports() -> int:
    grace = timezone.now() - timedelta(minutes=2)
    due = SignalReport.objects.filter(status=ReportStatus.SENDING, next_attempt_at__lt=grace)
    pks = list(due.values_list("pk", flat=True))
    for pk in pks:
        deliver_report.delay(report_pk=pk)
    return len(pks)


@shared_task(name="signals.tasks.deliver_due_reports")
def deliver_due_reports() -> int:
    """Sweeper: a report whose next attempt is overdue (a lost message) is queued again."""
    return _deliver_due_reports()


# --- the names of before the move (see the module docstring) -------------------------------


@shared_task(name="breakthroughs.tasks.generate_signal_reports")
def legacy_generate_signal_reports() -> int:
    return _generate_signal_reports()


@shared_task(name="breakthroughs.tasks.deliver_report", bind=True, max_retries=None)
def legacy_deliver_report(self: Any, *, report_pk: int) -> str:
    return _deliver(
        report_pk, eager=bool(self.request.is_eager)
    )  # the next attempt, if any, goes out under the new name


@shared_task(name="breakthroughs.tasks.deliver_due_reports")
def legacy_deliver_due_reports() -> int:
    return _deliver_due_reports()


@shared_task(name="signals.tasks.send_lever_outcomes", bind=True, max_retries=None)
def send_lever_outcomes(self: Any, *, municipality_id: int) -> str:
    """One municipality's lever outcomes to the hub; a missing answer or a server error is
    retried with backoff, a refusal (4xx) is logged and left for the next day."""
    municipality = Municipality.objects.get(pk=municipality_id)
    try:
        return str(lever_outcomes_send(municipality=municipality))
    except HubRefused as exc:
        transient = exc.status is None or exc.status >= 500
        if transient and not self.request.is_eager and self.request.retries < 6:
            raise self.retry(countdown=backoff_seconds(self.request.retries + 1)) from exc
        logger.warning(
            "hefboomuitkomsten van %s niet afgeleverd: %s", municipality.cbs_code, exc.status
        )
        return "failed"


@shared_task(name="signals.tasks.send_all_lever_outcomes")
def send_all_lever_outcomes() -> int:
    """Beat, daily: every municipality with a hub token sends its lever outcomes."""
    ids = list(
        Municipality.objects.filter(cbs_code__in=list(settings.SIGNAL_RECEIVER_TOKENS)).values_list(
            "pk", flat=True
        )
    )
    for pk in ids:
        send_lever_outcomes.delay(municipality_id=pk)
    return len(ids)
