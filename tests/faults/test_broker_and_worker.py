"""Nothing is lost when the broker or a worker fails: real redis-server and worker processes.

Each test has its own redis-server and worker processes (tests/faults/conftest.py); the shared
Redis of the other tests is never stopped.
"""

from __future__ import annotations

from django.core.management import call_command
from django.db import connection

import psycopg
import pytest

from core.models import OutboxMessage, Role
from regulations import tasks
from regulations.models import RescreenChunk, RescreenRun, Screening
from tests.faults.conftest import celery_sends_to, session_database_url, wait_for

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]

HOUSEHOLDS_URL = "/api/v1/households/"


def _lock_waiters() -> int:
    """Sessions on the test database that wait for a row lock (the worker's chunk)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _lock_waiter_pids() -> list[int]:
    """The backends on the test database that wait for a row lock (the worker's chunk)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return [row[0] for row in cursor.fetchall()]


def _alive(pids: list[int]) -> int:
    """How many of these backends still exist."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [pids])
        return cursor.fetchone()[0]


def test_a_worker_killed_during_a_bulk_rescreen_loses_no_chunk_and_counts_none_twice(
    organisation, complete_household, private_redis, worker_processes, monkeypatch
):
    call_command("load_regulations", verbosity=0)
    monkeypatch.setattr(tasks, "CHUNK_SIZE", 3)
    households = [complete_household(organisation.team) for _ in range(30)]
    admin = organisation.users[Role.FUNCTIONAL_ADMIN]

    with celery_sends_to(private_redis.url), psycopg.connect(session_database_url()) as lock:
        run = tasks.start_rescreen(reason="Normen 1 januari", started_by_id=admin.pk)
        assert run.chunks_total == 10
        assert not OutboxMessage.objects.filter(dispatched_at__isnull=True).exists()

        # Hold the run's row: the worker's first chunk screens, writes its marker, and then waits
        # for the row to count its progress, inside its transaction. Kill it right there.
        lock.execute("SELECT 1 FROM regulations_rescreenrun WHERE id = %s FOR UPDATE", [run.pk])
        first = worker_processes(private_redis.url, "eerste")
        wait_for(lambda: _lock_waiters() == 1, timeout=30, what="eerste chunk halverwege")
        killed_sessions = _lock_waiter_pids()
        first.kill()
        lock.rollback()
        # The killed worker's session notices its client is gone once the lock is free, and
        # rolls back: the chunk's marker, snapshots and count are gone with it. (Only its own
        # backend counts: earlier tests in this process may keep idle connections open.)
        wait_for(
            lambda: _alive(killed_sessions) == 0,
            timeout=30,
            what="sessie van de gedode worker beëindigd",
        )
        assert not RescreenChunk.objects.filter(run=run).exists()
        assert not Screening.objects.exists()
        run.refresh_from_db()
        assert (run.chunks_done, run.status) == (0, RescreenRun.Status.RUNNING)

        # A second worker gets the chunk the first one took but never acknowledged, and the rest.
        worker_processes(private_redis.url, "tweede")

        def finished() -> bool:
            run.refresh_from_db()
            return run.status != RescreenRun.Status.RUNNING

        wait_for(finished, timeout=40, what="herberekening klaar na het doden van de worker")

    assert run.status == RescreenRun.Status.DONE
    assert (run.done, run.failed, run.total) == (30, 0, 30)
    assert run.chunks_done == run.chunks_total == 10
    assert sorted(RescreenChunk.objects.filter(run=run).values_list("index", flat=True)) == list(
        range(10)
    )
    for household in households:
        snapshots = Screening.objects.filter(household=household)
        assert snapshots.count() == 1, household.pk
        assert snapshots.get().trigger == Screening.Trigger.PARAMETERS


def test_households_saved_while_redis_is_down_are_all_rescreened_when_it_is_back(
    organisation, complete_household, api_client_for, private_redis, worker_processes, settings
):
    call_command("load_regulations", verbosity=0)
    # As in production: the cache (the API's rate limits) lives in the broker's Redis too.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": private_redis.url,
        }
    }
    households = [complete_household(organisation.team) for _ in range(5)]
    api = api_client_for(organisation.users[Role.PROFESSIONAL])

    with celery_sends_to(private_redis.url):
        private_redis.stop()
        for number, household in enumerate(households, start=1):
            for _save in range(2):  # two saves each: one re-screen of the newest data is enough
                household.refresh_from_db()
                response = api.patch(
                    f"{HOUSEHOLDS_URL}{household.pk}/",
                    {"house_number": number + _save, "version": household.version},
                    format="json",
                )
                assert response.status_code == 200, response.content

        def waiting():
            return OutboxMessage.objects.filter(dispatched_at__isnull=True)

        assert waiting().count() == 5
        assert all(message.attempts >= 1 and message.last_error for message in waiting())
        assert not Screening.objects.exists()

        # While Redis stays down the relay command keeps them.
        call_command("relay_outbox")
        assert waiting().count() == 5

        private_redis.start()
        worker_processes(private_redis.url, "na-storing")
        call_command("relay_outbox")
        assert not waiting().exists()

        wait_for(
            lambda: Screening.objects.filter(household__in=households).count() == 5,
            timeout=40,
            what="elk huishouden herberekend",
        )

    for household in households:
        screening = Screening.objects.get(household=household)
        assert screening.trigger == Screening.Trigger.CHANGE
