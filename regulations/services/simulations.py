"""Reforms and simulations on the Django side: parse and store a reform, run it over a
municipality's open caseload (on a worker, with progress), keep the result immutable.

The figures come from the pure ``regulations.simulation``; this module reads the households
(``simulation_documents``, in chunks), resolves the parameters from the database and stores the receipt.
Only a policy officer of the municipality defines and runs reforms; every household read by a
run gets an audit row (purpose ``beleidssimulatie``) in the same transaction as its progress.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Generator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from typing import Any

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
COMPUTE_SIZE = 20_000


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
    # Facts are read (the next chunk ahead, see _read_ahead) and audited per chunk of
    # CHUNK_SIZE, and screened in batches of COMPUTE_SIZE: the bulk engine's fixed cost per
    # batch stays small next to its rows.
    parts: list[figures_of.EffectColumns] = []
    pending: list[HouseholdFacts] = []
    computed = unreadable = 0
    starts = range(0, len(ids), CHUNK_SIZE)
    chunks = _read_ahead(
        [ids[start : start + CHUNK_SIZE] for start in starts],
        lambda chunk: simulation_documents(chunk, reference_date=on),
    )
    try:
        for start, read in zip(starts, chunks, strict=True):
            for household_id, document, _persons in read:
                digest.update(orjson.dumps(document, option=orjson.OPT_SORT_KEYS))
                try:
                    pending.append(parse_household(document))
                except InputError:
                    # Inconsistent dossier data: as in the bulk re-screen, this household is left
                    # out and counted, the run carries on.
                    logger.warning("simulation: household %s has unreadable facts", household_id)
                    unreadable += 1
            if pending and (len(pending) >= COMPUTE_SIZE or start + CHUNK_SIZE >= len(ids)):
                parts.append(
                    figures_of.effect_columns(
                        pending, reference_date=on, baseline=baseline, reform=reformed
                    )
                )
                computed += len(pending)
                pending = []
            with transaction.atomic():
                audit_record_households(
                    actor=audit_actor,
                    action="simulation.household_read",
                    obj=audit_obj,
                    rows=[(pk, municipality.cbs_code, persons) for pk, _document, persons in read],
                    purpose=PURPOSE,
                )
                if after_chunk is not None:
                    after_chunk(computed + len(pending) + unreadable)
    finally:
        chunks.close()  # on a failure too: the reading thread and its connection end now
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


def _read_ahead(
    chunks: list[list[int]], read: Callable[[list[int]], Any]
) -> Generator[Any, None, None]:
    """``read(chunk)`` for each chunk in order, the next chunk read on a second thread (with its
    own database connection) while the caller screens and audits this one: the database's time
    and the driver's waits overlap the screening instead of adding to it.

    Only outside a transaction and on PostgreSQL: another connection does not see a caller's
    uncommitted rows (a test's transaction), and the embedded SQLite default stays sequential.
    """
    if connection.in_atomic_block or connection.vendor != "postgresql" or len(chunks) < 2:
        for chunk in chunks:
            yield read(chunk)
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="simulation-read") as pool:
        try:
            pending = pool.submit(read, chunks[0])
            for following in chunks[1:]:
                current = pending.result()
                pending = pool.submit(read, following)
                yield current
            yield pending.result()
        finally:
            pool.submit(connection.close)  # the reading thread's connection, not this one


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
