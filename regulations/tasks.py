"""Re-screening tasks. They take ids and dates only (never personal data) and are idempotent:
running one twice adds a second identical snapshot at most, never a second open grant."""

from __future__ import annotations

from datetime import date

from django.db import OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from celery import shared_task

from casework.constants import HouseholdStatus
from casework.models import Household
from core import outbox
from regulations import services
from regulations.models import RescreenChunk, RescreenRun, Screening
from regulations.services.simulations import simulation_run

CHUNK_SIZE = 250


@shared_task(name="regulations.tasks.parameter_currency_mail")
def parameter_currency_mail() -> int:
    """Weekly (beat): tell the functional admins which values ended or end within 60 days."""
    return services.parameter_currency_mail(on=timezone.localdate())


@shared_task(name="regulations.tasks.rescreen_household", autoretry_for=(OperationalError,))
def rescreen_household(*, household_id: int, trigger: str = Screening.Trigger.CHANGE) -> int | None:
    screening = services.screening_run_and_store(household_id=household_id, trigger=trigger)
    return screening.pk if screening else None


def start_rescreen(
    *,
    reason: str,
    started_by_id: int | None = None,
    reference_date: date | None = None,
    household_ids: list[int] | None = None,
) -> RescreenRun:
    """Split the open households (all, or ``household_ids``) into chunks over the workers.

    The run and one outbox message per chunk commit together (core.outbox): a chunk is sent when
    the broker can take it, and counted once however often it is delivered (RescreenChunk).
    """
    with transaction.atomic():
        return _start_rescreen(
            reason=reason,
            started_by_id=started_by_id,
            reference_date=reference_date,
            household_ids=household_ids,
        )


def _start_rescreen(
    *,
    reason: str,
    started_by_id: int | None,
    reference_date: date | None,
    household_ids: list[int] | None,
) -> RescreenRun:
    on = reference_date or timezone.localdate()
    households = Household.objects.filter(status=HouseholdStatus.OPEN)
    if household_ids is not None:
        households = households.filter(pk__in=household_ids)
    ids = list(households.order_by("pk").values_list("pk", flat=True))
    chunks = [ids[i : i + CHUNK_SIZE] for i in range(0, len(ids), CHUNK_SIZE)]
    run = RescreenRun.objects.create(
        reason=reason,
        reference_date=on,
        total=len(ids),
        chunks_total=len(chunks),
        started_by_id=started_by_id,
        status=RescreenRun.Status.RUNNING if chunks else RescreenRun.Status.DONE,
        finished_at=None if chunks else timezone.now(),
    )
    outbox.enqueue_many(
        [
            outbox.OutboxTask(
                "regulations.tasks.rescreen_chunk",
                {
                    "run_id": run.pk,
                    "index": index,
                    "household_ids": chunk,
                    "reference_date": on.isoformat(),
                },
                dedupe_key=f"rescreen-chunk:{run.pk}:{index}",
            )
            for index, chunk in enumerate(chunks)
        ]
    )
    return run


# A worker killed mid-chunk (SIGKILL, out of memory) must not lose the chunk: the message is
# acknowledged after the work (acks_late) and put back when the pool process dies.
@shared_task(
    name="regulations.tasks.rescreen_chunk",
    autoretry_for=(OperationalError,),
    acks_late=True,
    reject_on_worker_lost=True,
)
def rescreen_chunk(
    *, run_id: int, household_ids: list[int], reference_date: str, index: int = 0
) -> int:
    """Screen one chunk; store it and count its progress in one transaction, exactly once."""

    def claim(done: int, failed: int) -> bool:
        _marker, created = RescreenChunk.objects.get_or_create(
            run_id=run_id, index=index, defaults={"done": done, "failed": failed}
        )
        if not created:
            return False  # delivered twice: the first delivery stored and counted it
        skipped = len(household_ids) - done - failed  # closed in the meantime
        RescreenRun.objects.filter(pk=run_id).update(
            done=F("done") + done + skipped,
            failed=F("failed") + failed,
            chunks_done=F("chunks_done") + 1,
        )
        RescreenRun.objects.filter(
            pk=run_id, chunks_done__gte=F("chunks_total"), status=RescreenRun.Status.RUNNING
        ).update(status=RescreenRun.Status.DONE, finished_at=timezone.now())
        return True

    done, _failed = services.screening_chunk(
        household_ids=household_ids,
        reference_date=date.fromisoformat(reference_date),
        trigger=Screening.Trigger.PARAMETERS,
        before_store=claim,
    )
    return done


def rescreen_for_parameters(
    *, keys: list[str], reason: str, started_by_id: int | None = None
) -> RescreenRun | None:
    """Re-screen the open households whose latest screening used a changed key, among them every
    one screened provisionally with it. None when no household is affected."""
    ids = services.households_affected(keys=keys)
    if not ids:
        return None
    return start_rescreen(reason=reason[:200], started_by_id=started_by_id, household_ids=ids)


@shared_task(name="regulations.tasks.run_simulation", autoretry_for=(OperationalError,))
def run_simulation(*, simulation_id: int) -> str | None:
    """Run a queued reform simulation; progress is stored per chunk (the page polls it)."""
    simulation = simulation_run(simulation_id)
    return simulation.status if simulation else None
