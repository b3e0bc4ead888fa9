"""Bulk re-screening: a chunk of households screened at once and stored with COPY."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

import orjson

from regulations.models import ProactiveGrant, Screening
from regulations.schemes.engine import screen
from regulations.schemes.facts import parse_household
from regulations.services.dossiers import bulk_dossiers, facts_json
from regulations.services.parameters import parameter_resolver
from regulations.services.screening import (
    grants_follow_latest,
    new_grants_only,
    snapshot_from_results,
    store_screenings,
)

# The package's logger name, as before the split into modules.
logger = logging.getLogger("regulations.services")


def screening_chunk(
    *,
    household_ids: Iterable[int],
    reference_date: date,
    trigger: str,
    before_store: Callable[[int, int], bool] | None = None,
) -> tuple[int, int]:
    """Re-screen a chunk of households in a fixed number of queries. Returns (done, failed).

    `before_store(done, failed)` runs inside the storing transaction; when it returns False
    nothing is stored (the bulk run uses it to store and count each chunk exactly once, even when
    a task is delivered twice).
    """
    households = bulk_dossiers(list(household_ids))
    resolver = parameter_resolver()  # once per chunk, not once per household
    screenings, grants, failed = [], [], 0
    prepared = []
    for household in households:
        try:
            inputs = facts_json(household, reference_date=reference_date)
            prepared.append((household, inputs, parse_household(inputs)))
        except Exception:
            # Inconsistent dossier data: this household keeps its previous screening and the
            # run counts it as failed; the chunk carries on.
            logger.exception("re-screen failed for household %s", household.pk)
            failed += 1
    # The whole chunk column-wise (the vectorised engine: the scalar engine's outcomes, amounts,
    # missing lists, provisional values and versions). The explanation steps are written when
    # someone reads them (services.screening.explained_results).
    # Imported here: numpy is for the bulk path only, not for every process's start-up.
    from regulations.schemes.vector import screen_grouped_json

    try:
        documents = screen_grouped_json(
            [facts for _household, _inputs, facts in prepared],
            lambda on, code: resolver.resolve(on, code),
            reference_date=reference_date,
        )
    except Exception:
        # A defect of the vectorised engine must not stop a run: this chunk goes the scalar way.
        logger.exception("vectorised re-screen failed; the chunk is screened one by one")
        documents = [
            screen(facts, reference_date=reference_date, parameters=resolver.resolve(
                reference_date, household.municipality.cbs_code
            )).to_json()
            for household, _inputs, facts in prepared
        ]  # fmt: skip
    for (household, inputs, _facts), document in zip(prepared, documents, strict=True):
        screening, new_grants = snapshot_from_results(
            household=household,
            reference_date=reference_date,
            trigger=trigger,
            actor=None,
            inputs=inputs,
            results=document["results"],
        )
        screenings.append(screening)
        grants.extend(new_grants)
    with transaction.atomic():
        if before_store is not None and not before_store(len(screenings), failed):
            return 0, 0
        if connection.vendor == "postgresql":
            _copy_store(screenings, grants)
        else:
            store_screenings(screenings, grants)
    return len(screenings), failed


SCREENING_COPY_COLUMNS = (
    "household_id",
    "reference_date",
    "inputs",
    "results",
    "parameter_versions",
    "engine_version",
    "trigger",
    "created_at",
    "eligible_codes",
    "non_take_up_codes",
    "provisional_codes",
    "provisional_keys",
)


def _json_text(value: Any) -> str:
    # orjson: several times faster than json for the large result documents of a bulk run.
    return orjson.dumps(value).decode()


def _copy_store(screenings: list[Screening], grants: list[ProactiveGrant]) -> None:
    """Bulk path: COPY the snapshots (large JSON) instead of binding them as query parameters.

    Client-side parameter quoting of a few megabytes of JSON per chunk costs more than the
    screening itself; COPY streams the rows as they are.
    """
    now = timezone.now()
    with connection.cursor() as cursor:
        columns = ", ".join(SCREENING_COPY_COLUMNS)
        with cursor.copy(f"COPY regulations_screening ({columns}) FROM STDIN") as copy:
            for screening in screenings:
                copy.write_row(
                    (
                        screening.household_id,
                        screening.reference_date,
                        _json_text(screening.inputs),
                        _json_text(screening.results),
                        _json_text(screening.parameter_versions),
                        screening.engine_version,
                        screening.trigger,
                        now,
                        _json_text(screening.eligible_codes),
                        _json_text(screening.non_take_up_codes),
                        _json_text(screening.provisional_codes),
                        _json_text(screening.provisional_keys),
                    )
                )
    grants = new_grants_only(grants)
    if grants:
        ids = dict(
            Screening.objects.filter(
                household_id__in={g.household_id for g in grants}, created_at=now
            ).values_list("household_id", "pk")
        )
        for grant in grants:
            grant.screening_id = ids.get(grant.household_id)
        ProactiveGrant.objects.bulk_create(grants, ignore_conflicts=True)
    grants_follow_latest(screenings)
