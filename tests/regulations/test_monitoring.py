"""Currency monitoring: the catalogue page's status per key, the weekly mail task (on a real
worker), /health/ and the system check. Dates are pinned relative to today: a value ending today,
yesterday, and 59, 60 and 61 days from now."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.core.checks import Warning as CheckWarning
from django.core.checks import run_checks
from django.urls import reverse
from django.utils import timezone

import pytest

from config.celery import app
from regulations.models import ParameterValue
from regulations.tasks import parameter_currency_mail
from tests.core.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
CURRENT_KEY = "test.open_ended"


def value(key: str, *, ends_in_days: int | None, municipality_code: str = "", final=False):
    today = timezone.localdate()
    return ParameterValue.objects.create(
        key=key,
        value="1.00",
        kind="decimal",
        unit="EUR/maand",
        valid_from=today - timedelta(days=400),
        valid_to=None if ends_in_days is None else today + timedelta(days=ends_in_days),
        municipality_code=municipality_code,
        source_url="https://www.rijksoverheid.nl/",
        grade="A",
        final=final,
    )


@pytest.fixture
def boundaries(db):
    value(CURRENT_KEY, ends_in_days=None)
    value("test.ends_in_61", ends_in_days=61)
    value("test.ends_in_60", ends_in_days=60)
    value("test.ends_in_59", ends_in_days=59)
    value("test.ends_today", ends_in_days=0)
    value("test.ended_yesterday", ends_in_days=-1)
    value("test.ended_yesterday", ends_in_days=-1, municipality_code="GM0363")
    value("test.abolished", ends_in_days=-100, final=True)
    # A successor makes an ended value current again.
    old = value("test.with_successor", ends_in_days=-1)
    ParameterValue.objects.create(
        key=old.key,
        value="2.00",
        kind="decimal",
        unit=old.unit,
        valid_from=old.valid_to + timedelta(days=1),
        source_url=old.source_url,
        grade="A",
    )


def test_catalogue_shows_valid_until_and_status_per_key(client, organisation, boundaries):
    client.force_login(organisation.users["functional_admin"])
    html = client.get(reverse("regulations:catalogue")).content.decode()

    def status(key: str, municipality: str = "") -> str:
        marker = f'data-key="{key}" data-municipality="{municipality}" data-status="'
        start = html.index(marker) + len(marker)
        return html[start : html.index('"', start)]

    assert status(CURRENT_KEY) == "current"
    assert status("test.ends_in_61") == "current"
    assert status("test.ends_in_60") == "ending"
    assert status("test.ends_in_59") == "ending"
    assert status("test.ends_today") == "ending"
    assert status("test.ended_yesterday") == "ended"
    assert status("test.ended_yesterday", "GM0363") == "ended"
    assert status("test.with_successor") == "current"
    assert status("test.abolished") == "final"
    assert "2 verlopen zonder opvolger, 3 verlopen binnen 60 dagen." in html
    ends = (timezone.localdate() + timedelta(days=60)).strftime("%d-%m-%Y")
    row = html[html.index('data-key="test.ends_in_60"') :]
    assert ends in row[: row.index("</tr>")]
    assert "Verloopt binnen 60 dagen" in row[: row.index("</tr>")]


def test_policy_officer_sees_the_currency_but_cannot_upload(client, organisation, boundaries):
    client.force_login(organisation.users["policy_officer"])
    html = client.get(reverse("regulations:catalogue")).content.decode()
    assert 'data-status="ended"' in html
    assert reverse("regulations:pack-upload") not in html


def _admins_with_mail(organisation):
    admin = organisation.users["functional_admin"]
    admin.email = "beheer@gemeente.example"
    admin.save()
    second = UserFactory(username="beheer2", email="beheer2@gemeente.example")
    MembershipFactory(
        user=second, municipality=organisation.municipality, team=None, role="functional_admin"
    )
    UserFactory(username="zonder_rol", email="niet@gemeente.example")
    inactive = UserFactory(username="oud", email="oud@gemeente.example", is_active=False)
    MembershipFactory(
        user=inactive, municipality=organisation.municipality, team=None, role="functional_admin"
    )
    return {"beheer@gemeente.example", "beheer2@gemeente.example"}


def test_weekly_task_mails_the_functional_admins(organisation, boundaries):
    expected = _admins_with_mail(organisation)

    assert parameter_currency_mail.apply().get() == 2

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == expected
    assert message.subject == "Doorbraak: 2 parameterwaarden verlopen, 3 verlopen binnenkort"
    assert "- test.ended_yesterday: geldig tot en met" in message.body
    assert "- test.ended_yesterday (GM0363): geldig tot en met" in message.body
    assert "- test.ends_in_59" in message.body and "- test.ends_today" in message.body
    assert "test.ends_in_61" not in message.body
    assert CURRENT_KEY not in message.body
    assert "test.abolished" not in message.body


def test_weekly_task_is_silent_while_everything_is_current(organisation):
    _admins_with_mail(organisation)
    value(CURRENT_KEY, ends_in_days=None)
    value("test.ends_in_61", ends_in_days=61)

    assert parameter_currency_mail.apply().get() == 0
    assert mail.outbox == []


def test_the_task_is_scheduled_weekly():
    entry = next(
        e
        for e in app.conf.beat_schedule.values()
        if e["task"] == "regulations.tasks.parameter_currency_mail"
    )
    assert entry["schedule"].day_of_week == {1}  # Mondays


@pytest.mark.integration
def test_weekly_task_runs_on_a_real_worker(organisation, celery_worker, settings):
    # The worker thread shares the test database; locmem mail of another thread is not visible,
    # so the task's own answer (number of recipients) is the proof.
    _admins_with_mail(organisation)
    value("test.ended_yesterday", ends_in_days=-1)
    result = parameter_currency_mail.delay()
    assert result.get(timeout=30) == 2


def test_health_reports_degraded_parameters_with_200(client, boundaries):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["parameters"]["status"] == "degraded"
    assert body["checks"]["parameters"]["keys"] == [
        "test.ended_yesterday",
        "test.ended_yesterday (GM0363)",
    ]
    assert body["checks"]["database"]["status"] == "up"


def test_health_is_up_when_every_value_runs(client, db):
    value(CURRENT_KEY, ends_in_days=None)
    value("test.ends_today", ends_in_days=0)  # ending soon is not degraded yet
    body = client.get("/health/").json()
    assert body["checks"]["parameters"] == {"status": "up"}
    assert body["status"] == "up"


def test_system_check_warns_not_errors(boundaries):
    issues = [i for i in run_checks(databases=["default"]) if i.id.startswith("regulations.")]
    assert {i.id for i in issues} == {"regulations.W001", "regulations.W002"}
    assert all(isinstance(i, CheckWarning) for i in issues)
    ended = next(i for i in issues if i.id == "regulations.W001")
    assert ended.msg.startswith("2 parameterwaarden zijn verlopen zonder opvolger")
    assert "test.ended_yesterday (GM0363)" in ended.msg


def test_system_check_is_quiet_when_everything_runs(db):
    value(CURRENT_KEY, ends_in_days=61)
    assert not [i for i in run_checks(databases=["default"]) if i.id.startswith("regulations.")]
