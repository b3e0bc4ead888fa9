"""The bulk re-screen of all open households: chunks over a REAL worker, with progress."""

from __future__ import annotations

import time

from django.core.management import call_command

import pytest

from casework.constants import HouseholdStatus
from regulations import tasks
from regulations.models import RescreenRun, Screening
from tests.casework.factories import HouseholdFactory

pytestmark = pytest.mark.integration


def _wait_until_finished(run: RescreenRun, timeout: float = 90.0) -> RescreenRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status != RescreenRun.Status.RUNNING:
            return run
        time.sleep(0.25)
    raise AssertionError(f"herberekening niet klaar: {run.done}/{run.total}")


def test_start_rescreen_screens_every_open_household_once(
    complete_household, organisation, celery_worker, monkeypatch
):
    call_command("load_regulations", verbosity=0)
    monkeypatch.setattr(tasks, "CHUNK_SIZE", 7)  # several chunks over the queue
    households = [complete_household(organisation.team) for _ in range(20)]
    households += [HouseholdFactory(team=organisation.other_team) for _ in range(10)]
    closed = HouseholdFactory(team=organisation.team, status=HouseholdStatus.CLOSED)
    admin = organisation.users["functional_admin"]

    run = tasks.start_rescreen(reason="Normen 1 januari", started_by_id=admin.pk)

    assert run.total == 30
    assert run.chunks_total == 5
    run = _wait_until_finished(run)
    assert run.status == RescreenRun.Status.DONE
    assert run.done == run.total == 30
    assert run.failed == 0
    assert run.chunks_done == run.chunks_total
    assert run.percentage == 100
    assert run.finished_at is not None
    for household in households:
        snapshots = Screening.objects.filter(household=household)
        assert snapshots.count() == 1
        assert snapshots.get().trigger == Screening.Trigger.PARAMETERS
        assert snapshots.get().reference_date == run.reference_date
    assert not Screening.objects.filter(household=closed).exists()


def test_start_rescreen_without_open_households_is_done_at_once(db):
    run = tasks.start_rescreen(reason="Leeg")
    assert run.total == 0
    assert run.status == RescreenRun.Status.DONE
    assert run.percentage == 100
