"""Signal reports: generation per closed period, approval, delivery with retries, the hub."""

import json
import threading
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

import pytest
import requests

from breakthroughs.constants import Status, Theme
from core.models import Role
from hub.models import MunicipalityToken, ReceivedReport
from signals.constants import ReportStatus
from signals.models import DeliveryAttempt, SignalReport
from signals.periods import parse_period
from signals.reporting.builder import validate_report
from signals.services import report_approve, report_generate, report_queue_delivery
from tests.breakthroughs.factories import BreakthroughFactory, BudgetPotFactory
from tests.casework.factories import HouseholdFactory, MemberFactory, valid_bsn

Q3 = "2026Q3"
DECIDED = datetime(2026, 8, 12, 10, 0, tzinfo=UTC)


def _approved(organisation, *, n: int, theme: str = Theme.DEBTS, regulation: str = "bijstand"):
    pot = BudgetPotFactory(
        municipality=organisation.municipality, team=organisation.team, amount=Decimal("900000")
    )
    items = []
    for _ in range(n):
        household = HouseholdFactory(team=organisation.team, display_name="Uniekenaam")
        MemberFactory(household=household, bsn=valid_bsn(), family_name="Uniekenaam")
        items.append(
            BreakthroughFactory(
                household=household,
                budget_pot=pot,
                status=Status.APPROVED,
                theme=theme,
                regulation_code=regulation,
                submitted_at=DECIDED - timedelta(days=3),
                decided_at=DECIDED,
                amount=Decimal("850.00"),
                expected_avoided_cost=Decimal("4000.00"),
            )
        )
    return items


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("2026Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_periods(label, start, end):
    period = parse_period(label, today=date(2026, 11, 27))
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("label", "message"),
    [("2027Q1", "toekomst"), ("2026Q4", "nog niet afgesloten"), ("2026Q5", "Geef een periode")],
)
def test_future_open_and_malformed_periods_are_refused(label, message):
    with pytest.raises(ValidationError, match=message):
        parse_period(label, today=date(2026, 11, 27))


def test_generation_is_idempotent_and_a_correction_is_a_new_revision(organisation):
    _approved(organisation, n=12)
    period = parse_period(Q3)
    first, created = report_generate(municipality=organisation.municipality, period=period)
    assert created and first.revision == 1
    again, created = report_generate(municipality=organisation.municipality, period=period)
    assert not created and again.pk == first.pk
    report_approve(actor=organisation.users[Role.POLICY_OFFICER], report=first)
    correction, created = report_generate(
        municipality=organisation.municipality, period=period, revise=True
    )
    assert created and correction.revision == 2
    assert SignalReport.objects.filter(municipality=organisation.municipality).count() == 2


def test_report_content_is_valid_and_holds_no_identifiers(organisation):
    items = _approved(organisation, n=12)
    report, _ = report_generate(municipality=organisation.municipality, period=parse_period(Q3))
    assert validate_report(report.content) == []
    assert report.content["totals"]["breakthroughs"] == 12
    text = json.dumps(report.content)
    for item in items:
        member = item.household.members.exclude(bsn_hash="").first()
        assert member.reveal_bsn() not in text
        assert item.household.postcode not in text
    assert "Uniekenaam" not in text
    assert organisation.users[Role.PROFESSIONAL].username not in text


def test_small_counts_are_suppressed(organisation):
    _approved(organisation, n=12, theme=Theme.DEBTS)
    _approved(organisation, n=3, theme=Theme.HOUSING)
    report, _ = report_generate(municipality=organisation.municipality, period=parse_period(Q3))
    housing = next(r for r in report.content["by_theme"] if r["theme"] == "wonen")
    assert housing["breakthroughs"] is None and housing["amount_eur"] is None
    # The total would reveal the hidden cell, so secondary suppression hides another cell too.
    published = [r["breakthroughs"] for r in report.content["by_theme"]]
    assert published.count(None) >= 2 or report.content["totals"]["breakthroughs"] is None


def test_signal_report_command(organisation, capsys):
    _approved(organisation, n=11)
    call_command(
        "signal_report", "--period", Q3, "--municipality", organisation.municipality.cbs_code
    )
    assert "revisie 1: opgesteld" in capsys.readouterr().out
    call_command(
        "signal_report", "--period", Q3, "--municipality", organisation.municipality.cbs_code
    )
    assert "revisie 1: bestond al" in capsys.readouterr().out


def test_signal_report_command_refuses_a_correction_while_sending(organisation):
    from django.core.management.base import CommandError

    _approved(organisation, n=11)
    report, _ = report_generate(municipality=organisation.municipality, period=parse_period(Q3))
    SignalReport.objects.filter(pk=report.pk).update(status=ReportStatus.SENDING)
    code = organisation.municipality.cbs_code
    with pytest.raises(CommandError, match=f"{code}: Maak een correctie vanaf de nieuwste"):
        call_command("signal_report", "--period", Q3, "--municipality", code, "--revise")


# --- the hub -------------------------------------------------------------------------------


@pytest.fixture
def approved_report(organisation):
    _approved(organisation, n=12)
    report, _ = report_generate(municipality=organisation.municipality, period=parse_period(Q3))
    return report_approve(actor=organisation.users[Role.POLICY_OFFICER], report=report)


@pytest.fixture
def hub_token(organisation):
    _record, token = MunicipalityToken.issue(
        cbs_code=organisation.municipality.cbs_code, name=organisation.municipality.name
    )
    return token


def _post(client, report, token, *, key=None, body=None):
    return client.post(
        "/hub/api/reports/",
        data=body if body is not None else json.dumps(report.content),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY=key or str(report.report_id),
    )


def test_hub_answers_201_then_200_for_an_identical_repeat(client, approved_report, hub_token):
    assert _post(client, approved_report, hub_token).status_code == 201
    assert _post(client, approved_report, hub_token).status_code == 200
    assert ReceivedReport.objects.count() == 1


def test_hub_answers_409_for_the_same_id_with_other_content(client, approved_report, hub_token):
    assert _post(client, approved_report, hub_token).status_code == 201
    approved_report.content["totals"]["amount_eur"] = "1.00"
    response = _post(client, approved_report, hub_token)
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


def test_hub_refuses_missing_or_wrong_tokens(client, approved_report, hub_token):
    assert _post(client, approved_report, "verkeerd").status_code == 401
    _other, token = MunicipalityToken.issue(cbs_code="GM0363", name="Amsterdam")
    assert _post(client, approved_report, token).status_code == 403
    assert not ReceivedReport.objects.exists()


def test_hub_validates_the_schema_and_names_the_field(client, approved_report, hub_token):
    approved_report.content["household_id"] = 12
    response = _post(client, approved_report, hub_token)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["invalidParams"]
    assert not ReceivedReport.objects.exists()


def test_hub_refuses_an_oversize_body(client, approved_report, hub_token, settings):
    settings.HUB_MAX_BODY_BYTES = 100
    assert _post(client, approved_report, hub_token).status_code == 413
    assert not ReceivedReport.objects.exists()


def test_hub_refuses_a_period_that_has_not_closed(client, approved_report, hub_token):
    approved_report.content["period"] = {"start": "2026-10-01", "end": "2026-12-31"}
    response = _post(client, approved_report, hub_token)
    assert response.status_code == 400
    assert response.json()["code"] == "period_open"


# --- delivery against a real HTTP server on loopback ---------------------------------------


class FlakyReceiver:
    """Fails (503), then hangs past the client's timeout, then forwards to the real hub."""

    def __init__(self, forward_to: str, script: list[str]) -> None:
        self.script = list(script)
        self.requests = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                receiver.requests += 1
                body = self.rfile.read(int(self.headers["Content-Length"]))
                action = receiver.script.pop(0) if receiver.script else "forward"
                if action == "fail":
                    self.send_response(503)
                    self.end_headers()
                    return
                if action == "timeout":
                    time.sleep(3)
                    self.send_response(504)
                    self.end_headers()
                    return
                upstream = requests.post(
                    forward_to,
                    data=body,
                    headers={k: v for k, v in self.headers.items() if k.lower() != "host"},
                    timeout=10,
                )
                self.send_response(upstream.status_code)
                self.send_header("Content-Type", upstream.headers.get("Content-Type", ""))
                self.end_headers()
                self.wfile.write(upstream.content)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/reports/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _wait(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("not reached in time")


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_delivery_survives_failure_and_timeout_and_arrives_once(
    organisation, live_server, settings, celery_worker
):
    _approved(organisation, n=12)
    report, _ = report_generate(municipality=organisation.municipality, period=parse_period(Q3))
    report = report_approve(actor=organisation.users[Role.POLICY_OFFICER], report=report)
    _record, token = MunicipalityToken.issue(cbs_code=organisation.municipality.cbs_code, name="x")
    settings.SIGNAL_RECEIVER_TOKENS = {organisation.municipality.cbs_code: token}
    settings.SIGNAL_DELIVERY_BACKOFF_BASE_SECONDS = 1
    settings.SIGNAL_DELIVERY_TIMEOUT_SECONDS = 1.0
    with FlakyReceiver(f"{live_server.url}/hub/api/reports/", ["fail", "timeout"]) as receiver:
        settings.SIGNAL_RECEIVER_URL = receiver.url
        report_queue_delivery(actor=organisation.users[Role.POLICY_OFFICER], report=report)
        _wait(lambda: SignalReport.objects.get(pk=report.pk).status == ReportStatus.SENT)
        outcomes = list(
            DeliveryAttempt.objects.filter(report=report).values_list("outcome", flat=True)
        )
        assert outcomes == ["retry", "retry", "delivered"]
        assert ReceivedReport.objects.filter(report_id=report.report_id).count() == 1

        # A duplicate send is answered 200 by the hub and changes nothing there.
        received = ReceivedReport.objects.get()
        SignalReport.objects.filter(pk=report.pk).update(status=ReportStatus.APPROVED)
        report_queue_delivery(actor=organisation.users[Role.POLICY_OFFICER], report=report)
        _wait(lambda: DeliveryAttempt.objects.filter(report=report).count() == 4)
    assert DeliveryAttempt.objects.filter(report=report).last().status_code == 200
    assert ReceivedReport.objects.get().received_at == received.received_at
    assert receiver.requests == 4


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_conflict_stops_retries_and_alerts_the_policy_officer(
    organisation, live_server, settings, celery_worker
):
    officer = organisation.users[Role.POLICY_OFFICER]
    officer.email = "beleid@gemeente.example"
    officer.save()
    _approved(organisation, n=12)
    report, _ = report_generate(municipality=organisation.municipality, period=parse_period(Q3))
    report = report_approve(actor=officer, report=report)
    _record, token = MunicipalityToken.issue(cbs_code=organisation.municipality.cbs_code, name="x")
    settings.SIGNAL_RECEIVER_TOKENS = {organisation.municipality.cbs_code: token}
    settings.SIGNAL_RECEIVER_URL = f"{live_server.url}/hub/api/reports/"
    # The hub already holds this id with other content.
    tampered = dict(report.content, totals=dict(report.content["totals"], amount_eur="1.00"))
    from hub.services import receive

    receive(token=MunicipalityToken.objects.get(), idempotency_key=str(report.report_id),
            body=json.dumps(tampered).encode())  # fmt: skip
    report_queue_delivery(actor=officer, report=report)
    _wait(lambda: SignalReport.objects.get(pk=report.pk).status == ReportStatus.CONFLICT)
    time.sleep(1.5)
    assert DeliveryAttempt.objects.filter(report=report).count() == 1
    _wait(lambda: len(mail.outbox) == 1)
    assert mail.outbox[0].to == ["beleid@gemeente.example"]


@pytest.mark.django_db(transaction=True)
def test_a_late_attempt_does_not_overwrite_a_delivery_that_concluded_meanwhile(
    organisation, settings
):
    """While this attempt waits for the receiver, another one delivers the report; this attempt's
    failure (here: past the give-up time) must not turn SENT into FAILED."""
    from signals.services import report_deliver_once

    _approved(organisation, n=12)
    report, _ = report_generate(municipality=organisation.municipality, period=parse_period(Q3))
    report = report_approve(actor=organisation.users[Role.POLICY_OFFICER], report=report)
    SignalReport.objects.filter(pk=report.pk).update(status=ReportStatus.SENDING)
    DeliveryAttempt.objects.create(report=report, status_code=503, outcome="retry", detail="")
    settings.SIGNAL_DELIVERY_GIVE_UP_SECONDS = 0

    class ConcludedMeanwhile(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            SignalReport.objects.filter(pk=report.pk).update(status=ReportStatus.SENT)
            connection.close()
            self.send_response(503)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), ConcludedMeanwhile)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings.SIGNAL_RECEIVER_URL = f"http://127.0.0.1:{server.server_address[1]}/reports/"
        outcome, wait = report_deliver_once(
            report_pk=report.pk, now=timezone.now() + timedelta(hours=1)
        )
    finally:
        server.shutdown()
        server.server_close()
    assert (outcome, wait) == ("skipped", None)
    assert SignalReport.objects.get(pk=report.pk).status == ReportStatus.SENT
    assert DeliveryAttempt.objects.filter(report=report).last().outcome == "late"
