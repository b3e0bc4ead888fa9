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


def test_bulk_rescreen_stores_the_vector_results_and_explains_them_on_reading(
    complete_household, organisation, celery_worker, api_client_for
):
    # The re-screen runs the vectorised engine on a real worker: the snapshots hold exactly the
    # scalar engine's outcomes, amounts, missing lists and provisional values, without steps;
    # reading a snapshot (API and case page) writes the steps from its stored inputs.
    from regulations.services.parameters import parameter_resolver
    from regulations.services.screening import screening_snapshot

    call_command("load_regulations", verbosity=0)
    households = [complete_household(organisation.team, children=n % 3) for n in range(6)]

    run = _wait_until_finished(tasks.start_rescreen(reason="Normen 1 januari"))

    assert run.status == RescreenRun.Status.DONE
    assert run.done == 6
    assert run.failed == 0
    resolver = parameter_resolver()
    for household in households:
        stored = Screening.objects.get(household=household)
        assert all(result["explanation"] == [] for result in stored.results)
        scalar, _grants = screening_snapshot(
            household=household,
            reference_date=run.reference_date,
            trigger=Screening.Trigger.PARAMETERS,
            actor=None,
            resolver=resolver,
        )
        for bulk, one in zip(stored.results, scalar.results, strict=True):
            for field in ("scheme", "outcome", "amount_monthly", "amount_yearly", "missing"):
                assert bulk[field] == one[field], (household.pk, bulk["scheme"], field)
            assert bulk["provisional"] == one["provisional"]
        assert stored.eligible_codes == scalar.eligible_codes
        assert stored.non_take_up_codes == scalar.non_take_up_codes

    def scalar_results(household):
        snapshot, _grants = screening_snapshot(
            household=household,
            reference_date=run.reference_date,
            trigger=Screening.Trigger.PARAMETERS,
            actor=None,
            resolver=resolver,
        )
        return snapshot.results

    client = api_client_for(organisation.users["professional"])
    stored = Screening.objects.get(household=households[0])
    body = client.get(f"/api/v1/screenings/{stored.pk}/").json()
    explained = {result["scheme"]: result["explanation"] for result in body["results"]}
    expected = {result["scheme"]: result["explanation"] for result in scalar_results(households[0])}
    assert [bool(steps) for steps in explained.values()] == [
        bool(steps) for steps in expected.values()
    ], [code for code in explained if bool(explained[code]) != bool(expected[code])]
    assert sum(len(steps) for steps in explained.values()) > 12
    stored.refresh_from_db()  # reading writes nothing back: the snapshot stays as stored
    assert all(result["explanation"] == [] for result in stored.results)
