"""One trace from the policy officer's click to the VNG hub: the request, the delivery task on a
real Celery worker, and the HTTP call to the receiver all carry it (Logboek Dataverwerkingen)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.urls import reverse

import pytest

from core import tracing
from core.models import AuditLog, Role
from signals.constants import ReportStatus
from signals.models import SignalReport
from signals.periods import parse_period
from signals.services import report_approve, report_generate
from tests.signals.factories import approved_breakthroughs

pytestmark = pytest.mark.integration
TRACE = "0af7651916cd43dd8448eb211c80319c"
CALLER = "b7ad6b7169203331"


class Receiver:
    """A hub stand-in that answers 201 and keeps the headers it was sent."""

    def __init__(self) -> None:
        self.headers: list[dict[str, str]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["Content-Length"]))
                receiver.headers.append({k.lower(): v for k, v in self.headers.items()})
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/reports/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()


def _wait(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("not reached in time")


@pytest.mark.django_db(transaction=True)
def test_the_trace_of_the_send_click_reaches_the_task_and_the_hub(
    client, organisation, settings, celery_worker
):
    officer = organisation.users[Role.POLICY_OFFICER]
    approved_breakthroughs(organisation.municipality, organisation.team, n=12)
    report, _ = report_generate(
        municipality=organisation.municipality, period=parse_period("2026Q3")
    )
    report = report_approve(actor=officer, report=report)
    settings.SIGNAL_RECEIVER_TOKENS = {organisation.municipality.cbs_code: "token"}
    client.force_login(officer)

    with Receiver() as receiver:
        settings.SIGNAL_RECEIVER_URL = receiver.url
        client.post(
            reverse("signals:report-send", args=[report.report_id]),
            HTTP_TRACEPARENT=f"00-{TRACE}-{CALLER}-01",
        )
        _wait(lambda: SignalReport.objects.get(pk=report.pk).status == ReportStatus.SENT)

    # The click: a child of the caller's operation.
    sent = AuditLog.objects.get(action="signal_report.send")
    assert (sent.trace_id, sent.parent_span_id) == (TRACE, CALLER)
    # The task on the worker: the same trace, a child of the click.
    delivered = AuditLog.objects.get(action="signal_report.deliver")
    assert delivered.trace_id == TRACE
    assert delivered.parent_span_id == sent.span_id
    assert delivered.span_id not in {sent.span_id, CALLER}
    assert delivered.processing_activity == "signalering"
    assert delivered.data["outcome"] == "delivered"
    # The hub: called as a child of the task's operation.
    assert len(receiver.headers) == 1
    assert tracing.parse_traceparent(receiver.headers[0]["traceparent"]) == (
        TRACE,
        delivered.span_id,
    )


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_outside_a_request_starts_its_own_trace(
    organisation, settings, celery_worker
):
    """The sweeper and beat have no caller: the task's rows still carry a valid trace."""
    from signals.services import report_queue_delivery

    officer = organisation.users[Role.POLICY_OFFICER]
    approved_breakthroughs(organisation.municipality, organisation.team, n=12)
    report, _ = report_generate(
        municipality=organisation.municipality, period=parse_period("2026Q3")
    )
    report = report_approve(actor=officer, report=report)
    settings.SIGNAL_RECEIVER_TOKENS = {organisation.municipality.cbs_code: "token"}
    with Receiver() as receiver:
        settings.SIGNAL_RECEIVER_URL = receiver.url
        report_queue_delivery(actor=officer, report=report)
        _wait(lambda: AuditLog.objects.filter(action="signal_report.deliver").exists())

    sent = AuditLog.objects.get(action="signal_report.send")
    delivered = AuditLog.objects.get(action="signal_report.deliver")
    # Without a request the service's row is a trace of its own; the task's row is a new one
    # too (the publish had no current operation), never an empty or shared id.
    assert len(delivered.trace_id) == 32 and len(sent.trace_id) == 32
    assert tracing.parse_traceparent(receiver.headers[0]["traceparent"])[0] == delivered.trace_id
