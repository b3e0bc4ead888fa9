"""Delivery of an approved report to the VNG hub: one HTTP attempt at a time, with an
idempotency key, exponential backoff, a visible attempt log and an e-mail to the policy officers
when the receiver refuses the report for good. The status a receiver's answer leads to is in
`signals.workflow.REPORT_TRANSITIONS`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import requests

from core import tracing
from core.audit import audit_record
from core.models import AuditResult, Membership, Role
from signals.constants import PURPOSE, ReportStatus
from signals.models import DeliveryAttempt, SignalReport
from signals.reporting.builder import canonical_json
from signals.workflow import REPORT_TRANSITIONS, ReportStep

# The policy officers are told by e-mail when the receiver refused the report or stayed unreachable.
ALERT_OUTCOMES = (ReportStep.CONFLICT, ReportStep.REJECTED, ReportStep.GAVE_UP)
RETRY = "retry"


def backoff_seconds(attempt: int) -> int:
    """Exponential backoff: base, 2x base, 4x base ... capped, so retries continue for days."""
    base = settings.SIGNAL_DELIVERY_BACKOFF_BASE_SECONDS
    return int(min(base * (2 ** max(attempt - 1, 0)), settings.SIGNAL_DELIVERY_BACKOFF_MAX_SECONDS))


def _outcome(status_code: int | None, *, first_attempt: datetime | None, now: datetime) -> str:
    """What a receiver's answer means: a final step of REPORT_TRANSITIONS, or RETRY."""
    if status_code in (200, 201):
        return ReportStep.DELIVERED
    if status_code == 409:
        return ReportStep.CONFLICT
    if status_code is not None and 400 <= status_code < 500:
        return ReportStep.REJECTED
    # No answer or a server error: try again, until the give-up time has passed.
    first = first_attempt or now
    if now - first > timedelta(seconds=settings.SIGNAL_DELIVERY_GIVE_UP_SECONDS):
        return ReportStep.GAVE_UP
    return RETRY


def report_deliver_once(*, report_pk: int, now: datetime | None = None) -> tuple[str, int | None]:
    """One delivery attempt. Returns (outcome, seconds until the next attempt or None).

    The HTTP call happens outside any transaction; the result is recorded afterwards, so a slow
    receiver never holds a database lock.
    """
    now = now or timezone.now()
    report = SignalReport.objects.select_related("municipality").get(pk=report_pk)
    if report.status != ReportStatus.SENDING:
        return "skipped", None
    url = settings.SIGNAL_RECEIVER_URL
    token = settings.SIGNAL_RECEIVER_TOKENS.get(report.municipality.cbs_code, "")
    status_code: int | None = None
    detail = ""
    try:
        response = requests.post(
            url,
            data=canonical_json(report.content),
            headers={
                "Content-Type": "application/json",
                "Idempotency-Key": str(report.report_id),
                "Authorization": f"Bearer {token}",
                # The hub continues this trace (Logboek Dataverwerkingen: foreign operation).
                tracing.HEADER: tracing.outgoing_traceparent(),
            },
            timeout=settings.SIGNAL_DELIVERY_TIMEOUT_SECONDS,
        )
        status_code = response.status_code
        detail = response.text[:500]
    except requests.RequestException as exc:
        detail = exc.__class__.__name__

    attempts = report.attempts.count() + 1
    with transaction.atomic():
        locked = SignalReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != ReportStatus.SENDING:
            # Another attempt (the sweeper, or a task the broker delivered twice) concluded while
            # this one was on the wire; its result stands, this attempt is only logged.
            DeliveryAttempt.objects.create(
                report=locked, status_code=status_code, outcome="late", detail=detail
            )
            return "skipped", None
        first_attempt = (
            report.attempts.order_by("attempted_at").values_list("attempted_at", flat=True).first()
        )
        outcome = _outcome(status_code, first_attempt=first_attempt, now=now)
        wait: int | None = None
        if outcome == RETRY:
            wait = backoff_seconds(attempts)
            locked.next_attempt_at = now + timedelta(seconds=wait)
        else:
            # Defined for every final outcome from SENDING, which was checked above.
            locked.status = REPORT_TRANSITIONS[(outcome, ReportStatus.SENDING)]
            locked.next_attempt_at = None
            if outcome == ReportStep.DELIVERED:
                locked.sent_at = now
        locked.save(update_fields=["status", "sent_at", "next_attempt_at"])
        DeliveryAttempt.objects.create(
            report=locked, status_code=status_code, outcome=outcome, detail=detail
        )
        # The transmission to the VNG, in the trace of the request that queued it.
        audit_record(
            actor=None,
            action="signal_report.deliver",
            obj=locked,
            municipality_code=report.municipality.cbs_code,
            purpose=PURPOSE,
            result=AuditResult.SUCCESS if outcome == ReportStep.DELIVERED else AuditResult.FAILURE,
            data={"outcome": outcome, "status_code": status_code, "attempt": attempts},
        )
        if outcome in ALERT_OUTCOMES:
            transaction.on_commit(lambda: _alert_policy_officers(locked, outcome))
    return outcome, wait


def _alert_policy_officers(report: SignalReport, outcome: str) -> None:
    emails = list(
        Membership.objects.filter(
            municipality=report.municipality, role=Role.POLICY_OFFICER, user__is_active=True
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if emails:
        send_mail(
            subject=_("Signaalrapportage %(period)s niet afgeleverd")
            % {"period": report.period_label},
            message=_(
                "De ontvanger weigerde de signaalrapportage %(period)s (revisie %(rev)s): %(outcome)s. "
                "Bekijk de afleverpogingen in Doorbraak."
            )
            % {"period": report.period_label, "rev": report.revision, "outcome": outcome},
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=emails,
        )
