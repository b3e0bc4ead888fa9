"""Reforms and simulations on the Django side: parse and store a reform, run it over a
municipality's open caseload (on a worker, with progress), keep the result immutable.

The figures come from the pure ``regulations.simulation``; this module reads the households
(``simulation_documents``, in chunks), resolves the parameters from the database and stores the receipt.
Only a policy officer of the municipality defines and runs reforms; every household read by a
run gets an audit row (purpose ``beleidssimulatie``) in the same transaction as its progress.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Generator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

import orjson

from casework.constants import HouseholdStatus
from casework.models import Household
from core.audit import audit_record, audit_record_households
from core.events import publish_on_commit
from core.models import Municipality, Role, User
from core.permissions import access_for
from regulations import simulation as figures_of
from regulations.models import Reform, Simulation
from regulations.schemes.facts import HouseholdFacts, InputError, parse_household
from regulations.schemes.packs import PackInvalid, load_yaml
from regulations.schemes.reforms import (
    ReformInvalid,
    ReformSpec,
    apply_reform,
    changed_keys,
    parse_reform,
)
from regulations.services.dossiers import simulation_documents
from regulations.services.parameters import parameter_resolver
from regulations.services.screening import current_engine_version

logger = logging.getLogger("regulations.services")
PURPOSE = "beleidssimulatie"
# Published after commit; regulations.apps subscribes the worker task (core.events).
SIMULATION_QUEUED = "regulations.simulation_queued"
# Households read and audited per query round and transaction: large enough that the fixed
# cost of the seven queries and the COPY stays small, small enough for frequent progress.
CHUNK_SIZE = 5_000


# --- who may -----------------------------------------------------------------------------------


def officer_municipality_ids(user: Any) -> frozenset[int]:
    return access_for(user).municipality_ids({Role.POLICY_OFFICER})


def officer_municipalities(user: Any) -> list[Municipality]:
    """The municipalities in which the user is a policy officer; none: PermissionDenied."""
    ids = officer_municipality_ids(user)
    if not ids:
        raise PermissionDenied
    return list(Municipality.objects.filter(pk__in=ids).order_by("pk"))


def officer_reforms(user: Any) -> QuerySet[Reform]:
    return Reform.objects.filter(municipality_id__in=officer_municipality_ids(user)).select_related(
        "municipality"
    )


def officer_simulations(user: Any) -> QuerySet[Simulation]:
    return Simulation.objects.filter(
        municipality_id__in=officer_municipality_ids(user)
    ).select_related("reform", "municipality")


# --- reforms -----------------------------------------------------------------------------------


def known_parameter_kinds() -> dict[str, str]:
    """Every key of the catalogue with the type of its values (for the reform's validation)."""
    kinds: dict[str, str] = {}
    for record in parameter_resolver().records:
        value = record.value
        kind = (
            "bool"
            if isinstance(value, bool)
            else "int"
            if isinstance(value, int)
            else "decimal"
            if isinstance(value, Decimal)
            else "str"
            if isinstance(value, str)
            else "table"
        )
        kinds.setdefault(record.key, kind)
    return kinds


def reform_parse(raw: Any) -> ReformSpec:
    """Validate a loaded reform (YAML, JSON or form data); ``ReformInvalid`` names every field."""
    return parse_reform(raw, known=known_parameter_kinds())


def reform_parse_text(text: str, *, source: str = "hervorming") -> ReformSpec:
    try:
        raw = load_yaml(text, source=source)
    except PackInvalid as invalid:
        raise ReformInvalid([("", error.message) for error in invalid.errors]) from invalid
    return reform_parse(raw)


@transaction.atomic
def reform_create(*, actor: User, municipality: Municipality, spec: ReformSpec) -> Reform:
    if municipality.pk not in officer_municipality_ids(actor):
        raise PermissionDenied
    reform = Reform.objects.create(
        municipality=municipality,
        name=spec.name,
        description=spec.description,
        valid_from=spec.valid_from,
        valid_to=spec.valid_to,
        spec=spec.to_json(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="reform.create",
        obj=reform,
        municipality_code=municipality.cbs_code,
        purpose=PURPOSE,
    )
    return reform


# --- simulations -------------------------------------------------------------------------------


def simulation_reference_date(reform: Reform, requested: date | None) -> date:
    """The reform's first day unless another date within its validity is asked for."""
    on = requested or reform.valid_from
    if on < reform.valid_from or (reform.valid_to is not None and on > reform.valid_to):
        raise ReformInvalid(
            [("reference_date", "de peildatum ligt buiten de geldigheid van de hervorming")]
        )
    return on


@transaction.atomic
def simulation_start(
    *, actor: User, reform: Reform, reference_date: date | None = None
) -> Simulation:
    """Queue a run over the municipality's open households; the worker starts after commit."""
    if reform.municipality_id not in officer_municipality_ids(actor):
        raise PermissionDenied
    on = simulation_reference_date(reform, reference_date)
    total = Household.objects.filter(
        municipality_id=reform.municipality_id, status=HouseholdStatus.OPEN
    ).count()
    simulation = Simulation.objects.create(
        reform=reform,
        municipality_id=reform.municipality_id,
        reference_date=on,
        total=total,
        inputs={"reform": reform.spec, "reference_date": on.isoformat()},
        started_by=actor,
    )
    audit_record(
        actor=actor,
        action="simulation.start",
        obj=simulation,
        municipality_code=reform.municipality.cbs_code,
        purpose=PURPOSE,
        data={"households": total},
    )
    publish_on_commit(SIMULATION_QUEUED, simulation_id=simulation.pk)
    return simulation


def simulation_run(
    simulation_id: int, *, progress: Callable[[int], None] | None = None
) -> Simulation | None:
    """Compute a queued simulation and store it finished (never again updated).

    Households are read in chunks of ``CHUNK_SIZE``; after each chunk its audit rows and the
    progress are written in one transaction. A run that fails is stored as failed, with the
    reason, and its partial figures are dropped.
    """
    claimed = Simulation.objects.filter(pk=simulation_id, status=Simulation.Status.QUEUED).update(
        status=Simulation.Status.RUNNING
    )
    if not claimed:
        return None  # delivered twice, or already finished
    simulation = Simulation.objects.select_related("reform", "municipality").get(pk=simulation_id)
    try:
        return _compute(simulation, progress=progress)
    except Exception as exc:
        logger.exception("simulation %s failed", simulation_id)
        Simulation.objects.filter(pk=simulation_id, status=Simulation.Status.RUNNING).update(
            status=Simulation.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:300],
            finished_at=timezone.now(),
        )
        return Simulation.objects.get(pk=simulation_id)


def compute_figures(
    *,
    spec: ReformSpec,
    municipality: Municipality,
    reference_date: date,
    audit_actor: User | None,
    audit_obj: Any,
    after_chunk: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """The figures of ``spec`` over the municipality's open households on ``reference_date``.

    Returns ``{"figures" (raw), "results" (published, with the typical households), "inputs",
    "parameter_versions"}``. Each chunk's audit rows (one per household read, on ``audit_obj``)
    are written with ``after_chunk`` in one transaction.
    """
    on = reference_date
    baseline = parameter_resolver().resolve(on, municipality.cbs_code)
    reformed = apply_reform(baseline, spec)
    ids = list(
        Household.objects.filter(municipality=municipality, status=HouseholdStatus.OPEN)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    digest = hashlib.sha256()
    parts: list[figures_of.EffectColumns] = []
    computed = unreadable = 0
    chunks = [ids[start : start + CHUNK_SIZE] for start in range(0, len(ids), CHUNK_SIZE)]
    # Each chunk is read, digested, parsed and screened (on worker processes when the machine
    # has cores to spare, see _screened_chunks); its audit rows and the progress are written
    # here, in id order, one transaction per chunk.
    screened = _screened_chunks(chunks, reference_date=on, baseline=baseline, reform=reformed)
    try:
        for chunk in screened:
            digest.update(chunk.digest_bytes)
            if chunk.columns is not None:
                parts.append(chunk.columns)
            computed += chunk.computed
            unreadable += chunk.unreadable
            with transaction.atomic():
                audit_record_households(
                    actor=audit_actor,
                    action="simulation.household_read",
                    obj=audit_obj,
                    rows=[(pk, municipality.cbs_code, persons) for pk, persons in chunk.read],
                    purpose=PURPOSE,
                )
                if after_chunk is not None:
                    after_chunk(computed + unreadable)
    finally:
        screened.close()  # on a failure too: the workers (and their connections) end now
    raw = figures_of.aggregate_columns(figures_of.EffectColumns.concatenate(parts))
    results = figures_of.publish(raw)
    results["typical"] = figures_of.typical_burdens(
        reference_date=on,
        municipality_code=municipality.cbs_code,
        baseline=baseline,
        reform=reformed,
    )
    return {
        "figures": raw,
        "results": results,
        "inputs": {
            "reform": spec.to_json(),
            "reference_date": on.isoformat(),
            "municipality_code": municipality.cbs_code,
            "households": computed,
            "households_left_out": unreadable,
            "facts_sha256": digest.hexdigest(),
            "changed_parameters": changed_keys(baseline, reformed),
        },
        "parameter_versions": {
            key: baseline.record(key).valid_from_iso  # type: ignore[union-attr]
            for key in list(baseline.keys())
        },
    }


@dataclass(frozen=True)
class _ScreenedChunk:
    """One chunk of households read and screened: what the run keeps of it."""

    digest_bytes: bytes  # the facts JSON of each household, sorted keys, concatenated in id order
    columns: figures_of.EffectColumns | None  # None: no readable household in the chunk
    computed: int
    unreadable: int
    read: list[tuple[int, list[int]]]  # (household id, person ids): its audit rows


def _screen_chunk(
    household_ids: list[int], *, reference_date: date, baseline: Any, reform: Any
) -> _ScreenedChunk:
    """Read, digest, parse and screen one chunk. Figures are per household (columns), so
    screening chunk by chunk and concatenating gives the same columns as one big batch."""
    read = simulation_documents(household_ids, reference_date=reference_date)
    dumped: list[bytes] = []
    facts: list[HouseholdFacts] = []
    unreadable = 0
    for household_id, document, _persons in read:
        dumped.append(orjson.dumps(document, option=orjson.OPT_SORT_KEYS))
        try:
            facts.append(parse_household(document))
        except InputError:
            # Inconsistent dossier data: as in the bulk re-screen, this household is left out
            # and counted, the run carries on.
            logger.warning("simulation: household %s has unreadable facts", household_id)
            unreadable += 1
    columns = (
        figures_of.effect_columns(
            facts, reference_date=reference_date, baseline=baseline, reform=reform
        )
        if facts
        else None
    )
    return _ScreenedChunk(
        digest_bytes=b"".join(dumped),
        columns=columns,
        computed=len(facts),
        unreadable=unreadable,
        read=[(pk, persons) for pk, _document, persons in read],
    )


# Set in each worker process by its initializer (inherited through fork, not pickled).
_worker_state: dict[str, Any] = {}


def _worker_init(reference_date: date, baseline: Any, reform: Any) -> None:
    _worker_state.update(reference_date=reference_date, baseline=baseline, reform=reform)


def _worker_screen(household_ids: list[int]) -> _ScreenedChunk:
    try:
        return _screen_chunk(household_ids, **_worker_state)
    finally:
        # A pool's worker ends without closing anything: its session ends cleanly here.
        connection.close()


def simulation_processes() -> int:
    """Worker processes for a run: the setting ``SIMULATION_PROCESSES``, 0 (default) one per core
    (below two the run stays in this process). A daemonic process (a Celery prefork pool's
    child) may not start processes: there the run stays in this process too."""
    if multiprocessing.current_process().daemon:
        return 1
    wanted = getattr(settings, "SIMULATION_PROCESSES", 0)
    return wanted or os.cpu_count() or 1


def _screened_chunks(
    chunks: list[list[int]], *, reference_date: date, baseline: Any, reform: Any
) -> Generator[_ScreenedChunk, None, None]:
    """``_screen_chunk`` of each chunk, in order.

    The work is CPU-bound Python, so on a machine with more than one core it runs in forked
    worker processes (each with its own database connection) while this process writes the
    audit rows of the chunks already done; at most two chunks per worker are in flight.
    Only outside a transaction and on PostgreSQL: another connection does not see a caller's
    uncommitted rows (a test's transaction), and the embedded SQLite default stays sequential.
    """
    processes = simulation_processes()
    if (
        connection.in_atomic_block
        or connection.vendor != "postgresql"
        or len(chunks) < 2
        or processes < 2
    ):
        for chunk in chunks:
            yield _screen_chunk(
                chunk, reference_date=reference_date, baseline=baseline, reform=reform
            )
        return
    # A forked child must not share this process's database socket: close it before the fork,
    # this process reconnects for its own writes.
    connection.close()
    pool = ProcessPoolExecutor(
        max_workers=processes,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_worker_init,
        initargs=(reference_date, baseline, reform),
    )
    try:
        pending: deque[Future[_ScreenedChunk]] = deque()
        following = iter(chunks)
        for chunk in itertools.islice(following, 2 * processes):
            pending.append(pool.submit(_worker_screen, chunk))
        while pending:
            done = pending.popleft().result()
            chunk = next(following, None)
            if chunk is not None:
                pending.append(pool.submit(_worker_screen, chunk))
            yield done
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _compute(simulation: Simulation, *, progress: Callable[[int], None] | None) -> Simulation:
    def after_chunk(done: int) -> None:
        Simulation.objects.filter(pk=simulation.pk).update(done=min(done, simulation.total))
        if progress is not None:
            progress(done)

    computed = compute_figures(
        spec=reform_parse(simulation.inputs["reform"]),
        municipality=simulation.municipality,
        reference_date=simulation.reference_date,
        audit_actor=simulation.started_by,
        audit_obj=simulation,
        after_chunk=after_chunk,
    )
    households = computed["inputs"]["households"] + computed["inputs"]["households_left_out"]
    Simulation.objects.filter(pk=simulation.pk, status=Simulation.Status.RUNNING).update(
        status=Simulation.Status.DONE,
        total=households,
        done=households,
        inputs=computed["inputs"],
        engine_version=current_engine_version(),
        parameter_versions=computed["parameter_versions"],
        figures=computed["figures"],
        results=computed["results"],
        finished_at=timezone.now(),
    )
    return Simulation.objects.get(pk=simulation.pk)


def simulation_read(*, actor: User, simulation: Simulation, request: Any = None) -> None:
    """The officer looked at a simulation's figures (aggregates only, suppressed): one row."""
    audit_record(
        actor=actor,
        action="simulation.read",
        obj=simulation,
        request=request,
        municipality_code=simulation.municipality.cbs_code,
        purpose=PURPOSE,
    )
