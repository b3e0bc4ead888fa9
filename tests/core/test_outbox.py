"""The transactional outbox (core.outbox): a task is recorded with the change that asks for it,
sent after the commit, kept while the broker is away and relayed by beat or the command."""

from __future__ import annotations

import threading
from datetime import timedelta

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

import pytest

from config.celery import app
from core import outbox
from core.models import OutboxMessage, Role
from core.tasks import relay_outbox
from regulations.models import Screening
from tests.core.factories import OutboxMessageFactory
from tests.faults.conftest import celery_sends_to, free_port, wait_for

URL = "/api/v1/households/"


@pytest.fixture
def professional_api(organisation, api_client_for):
    return api_client_for(organisation.users[Role.PROFESSIONAL])


def _patch(api, household, **data):
    household.refresh_from_db()
    return api.patch(f"{URL}{household.pk}/", {"version": household.version, **data}, format="json")


def test_a_save_records_one_rescreen_in_its_transaction(
    organisation, professional_api, django_capture_on_commit_callbacks
):
    from tests.casework.factories import HouseholdFactory

    household = HouseholdFactory(team=organisation.team)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _patch(professional_api, household, house_number=12)
    assert response.status_code == 200
    message = OutboxMessage.objects.get()
    assert message.task_name == "regulations.tasks.rescreen_household"
    assert message.kwargs == {"household_id": household.pk}
    assert message.dedupe_key == f"rescreen-household:{household.pk}"
    assert message.dispatched_at is None
    assert len(callbacks) == 1  # the send waits for the commit


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"house_number": 5, "version": 99}, 409),  # stale version: refused before the save
        ({"start_date": "2999-01-01"}, 400),  # refused after the household row was updated
    ],
)
def test_a_refused_save_records_no_task(organisation, professional_api, data, status):
    from tests.casework.factories import HouseholdFactory

    household = HouseholdFactory(team=organisation.team)
    response = professional_api.patch(
        f"{URL}{household.pk}/", {"version": household.version, **data}, format="json"
    )
    assert response.status_code == status
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_saves_before_the_relay_are_one_task_and_a_save_after_it_is_another(
    organisation, professional_api
):
    from tests.casework.factories import HouseholdFactory

    household = HouseholdFactory(team=organisation.team)
    closed = f"redis://127.0.0.1:{free_port()}/0"
    with celery_sends_to(closed):  # broker away: the messages wait
        assert _patch(professional_api, household, house_number=1).status_code == 200
        assert _patch(professional_api, household, house_number=2).status_code == 200
        message = OutboxMessage.objects.get()
        assert message.attempts == 2  # each commit tried once
        assert "Connection refused" in message.last_error
    app.control.purge()
    try:
        assert outbox.relay().sent == 1
        assert _patch(professional_api, household, house_number=3).status_code == 200
        assert OutboxMessage.objects.filter(dispatched_at__isnull=True).count() == 0
        assert OutboxMessage.objects.count() == 2  # sent after its own commit
    finally:
        app.control.purge()


@pytest.mark.django_db(transaction=True)
def test_the_relay_skips_a_message_whose_transaction_is_still_open(organisation):
    """A save that re-asks for a pending task locks that row until it commits: a relay in the
    meantime must not send it (the task could run before the save is visible)."""
    OutboxMessageFactory(task_name="core.tasks.heartbeat", kwargs={}, dedupe_key="heartbeat")
    asked, release = threading.Event(), threading.Event()

    def save_in_progress() -> None:
        with transaction.atomic():
            outbox.enqueue("core.tasks.heartbeat", {}, dedupe_key="heartbeat")
            asked.set()
            release.wait(timeout=20)

    thread = threading.Thread(target=save_in_progress)
    thread.start()
    try:
        assert asked.wait(timeout=20)
        assert outbox.relay().sent == 0
    finally:
        release.set()
        thread.join(timeout=20)
    wait_for(
        lambda: not OutboxMessage.objects.filter(dispatched_at__isnull=True).exists(),
        timeout=10,
        what="na de commit verstuurd",
    )
    app.control.purge()


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_the_beat_task_relays_waiting_rescreens_on_a_real_worker(
    organisation, professional_api, complete_household, celery_worker
):
    call_command("load_regulations", verbosity=0)
    household = complete_household(organisation.team)
    with celery_sends_to(f"redis://127.0.0.1:{free_port()}/0"):
        assert _patch(professional_api, household, house_number=8).status_code == 200
    assert OutboxMessage.objects.filter(dispatched_at__isnull=True).count() == 1
    assert not Screening.objects.exists()

    result = relay_outbox.delay().get(timeout=20)

    assert result == {"sent": 1, "pending": 0, "purged": 0}
    wait_for(
        lambda: Screening.objects.filter(household=household).exists(),
        timeout=30,
        what="herberekend",
    )
    assert Screening.objects.get(household=household).trigger == Screening.Trigger.CHANGE


@pytest.mark.django_db(transaction=True)
def test_the_relay_command_loops_until_its_time_is_up(organisation, capsys):
    OutboxMessageFactory(task_name="core.tasks.heartbeat", kwargs={}, dedupe_key="heartbeat-1")
    try:
        call_command("relay_outbox", "--loop", "--interval", "0.1", "--max-seconds", "0.5")
    finally:
        app.control.purge()
    assert "verstuurd: 1, wachtend: 0" in capsys.readouterr().out
    assert OutboxMessage.objects.get().dispatched_at is not None


def test_sent_messages_are_kept_a_week(db):
    now = timezone.now()
    old = OutboxMessageFactory(dispatched_at=now - timedelta(days=7, minutes=1))
    recent = OutboxMessageFactory(dispatched_at=now - timedelta(days=6, hours=23, minutes=59))
    waiting = OutboxMessageFactory(created_at=now - timedelta(days=30))
    assert outbox.purge_dispatched() == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert not OutboxMessage.objects.filter(pk=old.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_eager_mode_runs_the_task_after_the_commit(
    organisation, professional_api, complete_household
):
    call_command("load_regulations", verbosity=0)
    household = complete_household(organisation.team)
    app.conf.task_always_eager = True
    try:
        assert _patch(professional_api, household, house_number=4).status_code == 200
    finally:
        app.conf.task_always_eager = False
    assert Screening.objects.get(household=household).trigger == Screening.Trigger.CHANGE
    assert OutboxMessage.objects.get().dispatched_at is not None


def test_an_event_task_is_recorded_with_the_transaction_and_not_on_a_rollback(db):
    from core import events

    events.subscribe_task("test.outbox_event", "core.tasks.heartbeat")

    class RefusedError(Exception):
        pass

    with pytest.raises(RefusedError), transaction.atomic():
        events.publish_on_commit("test.outbox_event", report_pk=7)
        raise RefusedError
    assert not OutboxMessage.objects.exists()

    with transaction.atomic():
        events.publish_on_commit("test.outbox_event", report_pk=7)
        events.publish_on_commit("test.outbox_event", report_pk=7)  # the same, still waiting
        events.publish_on_commit("test.outbox_event", report_pk=8)
    assert sorted(OutboxMessage.objects.values_list("kwargs", flat=True), key=str) == [
        {"report_pk": 7},
        {"report_pk": 8},
    ]
    assert set(OutboxMessage.objects.values_list("task_name", flat=True)) == {
        "core.tasks.heartbeat"
    }
