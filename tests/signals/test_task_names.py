"""The report tasks moved from breakthroughs.tasks to signals.tasks. The beat schedule names
registered tasks, and messages still queued under the old names (a delivery retry waits in the
broker for hours) are still worked off."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

import pytest

from config.celery import app
from core import events
from signals.constants import ReportStatus
from signals.models import SignalReport
from tests.signals.factories import SignalReportFactory

OLD_NAMES = (
    "breakthroughs.tasks.generate_signal_reports",
    "breakthroughs.tasks.deliver_report",
    "breakthroughs.tasks.deliver_due_reports",
)


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} >= {
        "signals.tasks.generate_signal_reports",
        "signals.tasks.deliver_due_reports",
    }


@pytest.mark.parametrize("name", OLD_NAMES)
def test_the_old_task_names_stay_registered(name):
    app.loader.import_default_modules()
    assert name in app.tasks


@pytest.mark.django_db
def test_a_delivery_queued_under_the_old_name_is_attempted(settings):
    # Nothing listens on this port: the attempt fails and the next one is scheduled.
    settings.SIGNAL_RECEIVER_URL = "http://127.0.0.1:9/hub/api/reports/"
    report = SignalReportFactory(
        status=ReportStatus.SENDING, next_attempt_at=timezone.now() - timedelta(minutes=5)
    )
    outcome = app.tasks["breakthroughs.tasks.deliver_report"].apply(kwargs={"report_pk": report.pk})
    assert outcome.get() == "retry"
    report.refresh_from_db()
    assert report.status == ReportStatus.SENDING
    assert list(report.attempts.values_list("outcome", flat=True)) == ["retry"]


@pytest.mark.django_db
def test_the_old_sweeper_name_finds_the_overdue_reports(monkeypatch):
    overdue = SignalReportFactory(
        status=ReportStatus.SENDING, next_attempt_at=timezone.now() - timedelta(minutes=3)
    )
    SignalReportFactory(  # not overdue yet: within the two minutes of grace
        status=ReportStatus.SENDING,
        next_attempt_at=timezone.now() - timedelta(seconds=90),
        period_label="2026-07",
        period_end=overdue.period_start + timedelta(days=30),
    )
    queued = []
    monkeypatch.setattr(
        app.tasks["signals.tasks.deliver_report"], "delay", lambda **kw: queued.append(kw)
    )
    assert app.tasks["breakthroughs.tasks.deliver_due_reports"].apply().get() == 1
    assert queued == [{"report_pk": overdue.pk}]
    assert SignalReport.objects.count() == 2


def test_an_event_nobody_listens_to_is_an_error():
    with pytest.raises(LookupError):
        events.publish("signals.nobody_listens")
