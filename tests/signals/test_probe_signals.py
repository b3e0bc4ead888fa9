"""Probe findings 6 and 8 in the signal domain: personal data in signal text is refused, a
report is refused while any of its signal texts fails the guard, period 0000Q1 is a 400 and an
eager delivery to an unreachable receiver makes one attempt, not hundreds."""

from __future__ import annotations

from io import StringIO

from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

import pytest

from config.celery import app as celery_app
from signals.constants import ReportStatus, SignalStatus
from signals.models import DeliveryAttempt, Signal, SignalReport
from signals.periods import parse_period
from signals.services import report_generate, signal_move
from tests.signals.factories import DECIDED, approved_breakthroughs
from tests.signals.test_signal_api import SIGNAL

pytestmark = pytest.mark.django_db

PERSONAL = [
    ("Mevrouw Fatima Jansen aan de Dorpsstraat 12 in Zaandam kreeg geen borg.", "naam"),
    ("Bel haar op tel 06-12345678.", "telefoonnummer"),
    ("Storting op IBAN NL91ABNA0417164300.", "IBAN"),
    ("Aanvrager geboren 12-03-1985.", "geboortedatum"),
    ("Woont in 1234ab.", "postcode"),
    ("Woont in 1234 ab Zaandam.", "postcode"),
    ("Mail jan.jansen [at] example.nl.", "e-mail"),
    ("BSN 12345672 stond op de brief.", "bsn"),
]


@pytest.mark.parametrize(("text", "kind"), PERSONAL)
def test_signal_api_refuses_personal_data_in_its_text(api_client_for, officer, text, kind):
    response = api_client_for(officer).post(
        "/api/v1/signals/", {**SIGNAL, "description": text}, format="json"
    )
    assert response.status_code == 400
    (param,) = response.json()["invalidParams"]
    assert param["name"] == "description" and kind in param["reason"]
    assert not Signal.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        "De regel sluit een noodzakelijke tegemoetkoming uit.",
        "Per 1 juli 2026 vervalt de toeslag boven € 1.234,56; in 2024 is dat 12% meer.",
        "Art. 35 Participatiewet en art. 4:84 Awb botsen bij 30 huishoudens.",
    ],
)
def test_neutral_policy_text_passes(api_client_for, officer, text):
    response = api_client_for(officer).post(
        "/api/v1/signals/", {**SIGNAL, "description": text}, format="json"
    )
    assert response.status_code == 201, response.json()


@pytest.fixture
def reviewed_signal_with_a_name(organisation, officer, make_signal):
    """A signal accepted before the guard knew names: its text is fixed in the database."""
    approved_breakthroughs(organisation.municipality, organisation.team, n=12)
    signal = make_signal(organisation, officer)
    signal_move(actor=officer, signal=signal, to_status=SignalStatus.REVIEWED)
    Signal.objects.filter(pk=signal.pk).update(
        created_at=DECIDED, description="Mevrouw Jansen aan de Dorpsstraat 12 kreeg geen borg."
    )
    return signal


def test_a_report_is_refused_while_a_signal_text_fails(
    client, officer, reviewed_signal_with_a_name
):
    client.force_login(officer)
    response = client.post(reverse("signals:reports"), {"period": "2026Q3"})
    assert response.status_code == 400
    assert "persoonsgegevens" in response.content.decode() or "lijkt" in response.content.decode()
    assert "Jansen" not in response.content.decode()
    assert not SignalReport.objects.exists()


def test_a_stored_report_with_personal_text_cannot_be_approved(
    client, officer, organisation, reviewed_signal_with_a_name
):
    Signal.objects.filter(pk=reviewed_signal_with_a_name.pk).update(
        description="De regel sluit een noodzakelijke tegemoetkoming uit."
    )
    report, _ = report_generate(
        municipality=organisation.municipality, period=parse_period("2026Q3")
    )
    content = report.content
    content["signals"][0]["description"] = "Bel 06-12345678."
    SignalReport.objects.filter(pk=report.pk).update(content=content)
    client.force_login(officer)
    client.post(reverse("signals:report-approve", args=[report.report_id]))
    report.refresh_from_db()
    assert report.status == ReportStatus.GENERATED


# --- F8: period 0000Q1 ------------------------------------------------------------------------


@pytest.mark.parametrize("period", ["0000Q1", "0001-01", "1999Q4", "9999Q4", "9999-12", "9999"])
def test_impossible_periods_are_a_400_in_the_api(api_client_for, officer, period):
    response = api_client_for(officer).post(
        "/api/v1/signal-reports/generate/", {"period": period}, format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["invalidParams"][0]["name"] == "period"


def test_period_0000q1_is_a_400_in_the_form(client, officer):
    client.force_login(officer)
    response = client.post(reverse("signals:reports"), {"period": "0000Q1"})
    assert response.status_code == 400
    assert "vanaf 2000" in response.content.decode()


def test_the_earliest_period_is_2000(officer, organisation):
    assert parse_period("2000Q1").start.year == 2000
    with pytest.raises(ValidationError, match="vanaf 2000"):
        parse_period("1999-12")


def test_period_0000q1_in_the_command_is_a_clean_error(db):
    with pytest.raises(CommandError, match="vanaf 2000"):
        call_command("signal_report", "--period", "0000Q1", stdout=StringIO())


# --- F8: eager delivery to an unreachable receiver ----------------------------------------------


def test_eager_delivery_to_an_unreachable_receiver_makes_one_attempt(
    client, officer, organisation, settings
):
    settings.SIGNAL_RECEIVER_URL = "http://127.0.0.1:1/hub/api/reports/"  # nothing listens
    approved_breakthroughs(organisation.municipality, organisation.team, n=12)
    report, _ = report_generate(
        municipality=organisation.municipality, period=parse_period("2026Q3")
    )
    client.force_login(officer)
    client.post(reverse("signals:report-approve", args=[report.report_id]))
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        with pytest.MonkeyPatch.context() as patch:
            # on_commit never fires inside the test transaction: run it at once, as in dev.
            patch.setattr("django.db.transaction.on_commit", lambda func, *a, **k: func())
            response = client.post(reverse("signals:report-send", args=[report.report_id]))
    finally:
        celery_app.conf.task_always_eager = previous
    assert response.status_code == 302
    assert DeliveryAttempt.objects.filter(report=report).count() == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.SENDING and report.next_attempt_at is not None
