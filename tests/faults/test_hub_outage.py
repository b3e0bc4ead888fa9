"""The VNG hub unreachable for a simulated day: delivery keeps retrying with backoff on a real
worker, and once the hub is back each report arrives exactly once (the receiver counts)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core import mail
from django.utils import timezone

import pytest
import requests

from breakthroughs.constants import Status, Theme
from core.models import Role
from hub.models import MunicipalityToken, ReceivedReport
from signals.constants import ReportStatus
from signals.models import DeliveryAttempt, SignalReport
from signals.periods import parse_period
from signals.services import report_approve, report_generate, report_queue_delivery
from signals.tasks import deliver_due_reports, deliver_report
from tests.breakthroughs.factories import BreakthroughFactory, BudgetPotFactory
from tests.casework.factories import HouseholdFactory
from tests.faults.conftest import free_port, wait_for

pytestmark = [pytest.mark.fault, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

DECIDED = datetime(2026, 8, 12, 10, 0, tzinfo=UTC)


class SimulatedClock:
    """timezone.now() for the app, the worker thread and the hub alike; moved by the test."""

    def __init__(self) -> None:
        self.current = timezone.now()

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


class CountingReceiver:
    """The hub's front door on a fixed loopback port: refused while down; while up it counts
    every POST per idempotency key and forwards it to the real hub."""

    def __init__(self, hub_url: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/reports/"
        self.hub_url = hub_url
        self.posts: dict[str, list[int]] = {}
        self.server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                upstream = requests.post(
                    receiver.hub_url,
                    data=body,
                    headers={k: v for k, v in self.headers.items() if k.lower() != "host"},
                    timeout=10,
                )
                key = self.headers["Idempotency-Key"]
                receiver.posts.setdefault(key, []).append(upstream.status_code)
                self.send_response(upstream.status_code)
                self.end_headers()
                self.wfile.write(upstream.content)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


def _approved_report(organisation, label: str) -> SignalReport:
    report, _ = report_generate(municipality=organisation.municipality, period=parse_period(label))
    return report_approve(actor=organisation.users[Role.POLICY_OFFICER], report=report)


def _sweep_and_wait() -> int:
    """The sweeper (beat, every 5 minutes) on the worker, then the attempts it queued."""
    before = DeliveryAttempt.objects.count()
    queued = deliver_due_reports.delay().get(timeout=20)
    wait_for(
        lambda: DeliveryAttempt.objects.count() >= before + queued,
        timeout=20,
        what=f"{queued} afleverpogingen",
    )
    return queued


def test_a_day_without_hub_then_each_report_arrives_exactly_once(
    organisation, live_server, settings, celery_worker, monkeypatch
):
    pot = BudgetPotFactory(
        municipality=organisation.municipality, team=organisation.team, amount=Decimal("900000")
    )
    for _ in range(12):
        BreakthroughFactory(
            household=HouseholdFactory(team=organisation.team),
            budget_pot=pot,
            status=Status.APPROVED,
            theme=Theme.DEBTS,
            regulation_code="bijstand",
            submitted_at=DECIDED - timedelta(days=3),
            decided_at=DECIDED,
            amount=Decimal("850.00"),
            expected_avoided_cost=Decimal("4000.00"),
        )
    reports = [_approved_report(organisation, label) for label in ("2026Q2", "2026Q3")]
    _record, token = MunicipalityToken.issue(cbs_code=organisation.municipality.cbs_code, name="x")
    settings.SIGNAL_RECEIVER_TOKENS = {organisation.municipality.cbs_code: token}
    receiver = CountingReceiver(f"{live_server.url}/hub/api/reports/")
    settings.SIGNAL_RECEIVER_URL = receiver.url
    clock = SimulatedClock()
    monkeypatch.setattr(timezone, "now", clock.now)
    start = clock.now()

    try:
        # The hub is down: the first attempts are refused.
        for report in reports:
            report_queue_delivery(actor=organisation.users[Role.POLICY_OFFICER], report=report)
        wait_for(lambda: DeliveryAttempt.objects.count() == 2, timeout=20, what="eerste pogingen")

        # A day passes in steps of half an hour; the sweeper runs at each step.
        while clock.now() < start + timedelta(days=1):
            clock.advance(timedelta(minutes=30))
            _sweep_and_wait()
        for report in reports:
            report.refresh_from_db()
            assert report.status == ReportStatus.SENDING  # still trying, not given up
            attempts = DeliveryAttempt.objects.filter(report=report).order_by("attempted_at")
            assert attempts.count() >= 20
            assert {a.outcome for a in attempts} == {"retry"}
            assert {a.status_code for a in attempts} == {None}  # refused: no answer at all
            span = attempts.last().attempted_at - attempts.first().attempted_at
            assert timedelta(hours=23) <= span <= timedelta(days=1)
        assert receiver.posts == {}

        # The hub is back: the next sweep delivers each report.
        receiver.start()
        clock.advance(timedelta(hours=1))
        assert _sweep_and_wait() == 2
        # Later sweeps and a duplicate delivery message (a late retry) send nothing again.
        for _ in range(3):
            clock.advance(timedelta(minutes=30))
            assert _sweep_and_wait() == 0
        for report in reports:
            assert deliver_report.delay(report_pk=report.pk).get(timeout=20) == "skipped"
    finally:
        receiver.stop()

    for report in reports:
        report.refresh_from_db()
        assert report.status == ReportStatus.SENT
        assert receiver.posts[str(report.report_id)] == [201]
        assert ReceivedReport.objects.filter(report_id=report.report_id).count() == 1
    assert len(receiver.posts) == 2
    assert mail.outbox == []  # nobody was alerted: nothing was given up
