"""Screening one household: the reproducible snapshot, storing it, and the engine's receipt."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casework.constants import HouseholdStatus
from casework.models import Household
from core.audit import audit_record
from core.models import User
from regulations.models import ProactiveGrant, Screening
from regulations.schemes import catalogue
from regulations.schemes.engine import screen
from regulations.schemes.facts import parse_household
from regulations.schemes.params import ParameterResolver
from regulations.services.dossiers import dossier_queryset, facts_json
from regulations.services.parameters import parameter_resolver
from regulations.services.reads import PURPOSE


def _engine_version() -> str:
    """A receipt of the engine code: the hash of its modules, so a snapshot names what ran."""
    digest = hashlib.sha256()
    # rglob: the engine's subpackages (`facts/`) are part of the receipt too.
    for path in sorted((Path(catalogue.__file__).parent).rglob("*.py")):
        digest.update(path.read_bytes())
    return "engine-" + digest.hexdigest()[:12]


_ENGINE_VERSION: str | None = None


def current_engine_version() -> str:
    global _ENGINE_VERSION  # computed once per process
    if _ENGINE_VERSION is None:
        _ENGINE_VERSION = _engine_version()
    return _ENGINE_VERSION


def screening_snapshot(
    *,
    household: Household,
    reference_date: date,
    trigger: str,
    actor: User | None,
    schemes: Sequence[str] | None = None,
    resolver: ParameterResolver | None = None,
) -> tuple[Screening, list[ProactiveGrant]]:
    inputs = facts_json(household, reference_date=reference_date)
    facts = parse_household(inputs)
    parameters = (resolver or parameter_resolver()).resolve(
        reference_date, household.municipality.cbs_code
    )
    outcome = screen(facts, reference_date=reference_date, schemes=schemes, parameters=parameters)
    return snapshot_from_results(
        household=household,
        reference_date=reference_date,
        trigger=trigger,
        actor=actor,
        inputs=inputs,
        results=outcome.to_json()["results"],
    )


def snapshot_from_results(
    *,
    household: Household,
    reference_date: date,
    trigger: str,
    actor: User | None,
    inputs: dict[str, Any],
    results: list[dict[str, Any]],
) -> tuple[Screening, list[ProactiveGrant]]:
    """The unsaved snapshot and the grants it proposes, from the engine's JSON results."""
    versions: dict[str, str] = {}
    for result in results:
        versions.update(result["version"]["parameters"])
    eligible = [r["scheme"] for r in results if r["outcome"] == "eligible"]
    non_take_up = [r["scheme"] for r in results if r["non_take_up"]]
    provisional_codes = [r["scheme"] for r in results if r["provisional"]]
    provisional_keys = sorted({p["key"] for r in results for p in r["provisional"]})
    screening = Screening(
        household_id=household.pk,
        reference_date=reference_date,
        inputs=inputs,
        results=results,
        parameter_versions=versions,
        engine_version=current_engine_version(),
        trigger=trigger,
        created_by=actor,
        eligible_codes=eligible,
        non_take_up_codes=non_take_up,
        provisional_codes=provisional_codes,
        provisional_keys=provisional_keys,
    )
    amounts = {r["scheme"]: r["amount_monthly"] for r in results}
    if household.status != HouseholdStatus.OPEN:
        return screening, []
    grants = [
        ProactiveGrant(
            household_id=household.pk,
            team_id=household.team_id,
            scheme_code=code,
            amount_monthly=Decimal(amounts[code]) if amounts.get(code) else None,
            provisional=code in provisional_codes,
        )
        for code in non_take_up
    ]
    return screening, grants


def new_grants_only(grants: list[ProactiveGrant]) -> list[ProactiveGrant]:
    """Drop grants for (household, scheme) pairs that were already handled or are open: a
    professional who decided 'niet van toepassing' is not asked again by every screening."""
    if not grants:
        return grants
    known = set(
        ProactiveGrant.objects.filter(
            household_id__in={g.household_id for g in grants},
            scheme_code__in={g.scheme_code for g in grants},
        ).values_list("household_id", "scheme_code")
    )
    return [g for g in grants if (g.household_id, g.scheme_code) not in known]


def store_screenings(screenings: list[Screening], grants: list[ProactiveGrant]) -> None:
    grants = new_grants_only(grants)
    Screening.objects.bulk_create(screenings)
    by_household = {s.household_id: s for s in screenings}
    for grant in grants:
        grant.screening = by_household.get(grant.household_id)
    # One open item per household and scheme: a repeat screening adds nothing new.
    ProactiveGrant.objects.bulk_create(grants, ignore_conflicts=True)
    grants_follow_latest(screenings)


def grants_follow_latest(screenings: list[Screening]) -> None:
    """Open grants show whether the LATEST screening was provisional: once the real value is in
    the catalogue and the household is re-screened, the mark goes (two queries per batch)."""
    if not screenings:
        return
    open_grants = ProactiveGrant.objects.filter(
        household_id__in=[s.household_id for s in screenings], status=ProactiveGrant.Status.OPEN
    )
    provisional = Q()
    for screening in screenings:
        if screening.provisional_codes:
            provisional |= Q(
                household_id=screening.household_id, scheme_code__in=screening.provisional_codes
            )
    if provisional:
        open_grants.filter(provisional).update(provisional=True)
        open_grants.filter(provisional=True).exclude(provisional).update(provisional=False)
    else:
        open_grants.filter(provisional=True).update(provisional=False)


@transaction.atomic
def screening_run_and_store(
    *,
    household_id: int,
    trigger: str = Screening.Trigger.MANUAL,
    actor: User | None = None,
    reference_date: date | None = None,
) -> Screening | None:
    """Screen one stored household and keep the snapshot. None when it no longer exists."""
    household = dossier_queryset().filter(pk=household_id).first()
    if household is None:
        return None
    if household.status != HouseholdStatus.OPEN and trigger != Screening.Trigger.MANUAL:
        return None  # a closed case is not re-screened behind anyone's back
    screening, grants = screening_snapshot(
        household=household,
        reference_date=reference_date or timezone.localdate(),
        trigger=trigger,
        actor=actor,
    )
    store_screenings([screening], grants)
    if actor is not None:
        audit_record(
            actor=actor,
            action="screening.create",
            obj=screening,
            household_id=household.pk,
            municipality_code=household.municipality.cbs_code,
            purpose=PURPOSE,
        )
    return screening


def latest_screening(*, household_id: int) -> Screening | None:
    return (
        Screening.objects.filter(household_id=household_id).order_by("-created_at", "-id").first()
    )


def explained_results(screening: Screening) -> list[dict[str, Any]]:
    """The stored results, with the explanation steps the scalar engine writes.

    A bulk re-screen stores the vectorised engine's results, which have no explanation: the
    steps are a pure function of the inputs, the reference date and the parameters, so they are
    written here, when someone reads them. A recomputed step list is used only where the
    recomputation gives the stored outcome, amounts and missing list and read at least the stored
    parameter versions (the explanation reads a few values more); otherwise the result keeps its
    empty explanation rather than show steps of other values.
    """
    results = screening.results
    # A snapshot of the scalar engine has steps (a result may have none of its own, never all):
    # only a bulk snapshot, with no step at all, is explained again.
    if not results or any(result.get("explanation") for result in results):
        return results
    try:
        facts = parse_household(screening.inputs)
        parameters = parameter_resolver().resolve(screening.reference_date, facts.municipality_code)
        fresh = screen(
            facts,
            reference_date=screening.reference_date,
            schemes=[result["scheme"] for result in results],
            parameters=parameters,
        ).to_json()["results"]
    except Exception:
        return results
    explained = []
    for stored, again in zip(results, fresh, strict=True):
        same = all(stored.get(key) == again[key] for key in _SAME_RESULT) and all(
            again["version"]["parameters"].get(key) == valid_from
            for key, valid_from in stored.get("version", {}).get("parameters", {}).items()
        )
        if not stored.get("explanation") and same:
            stored = {**stored, "explanation": again["explanation"]}
        explained.append(stored)
    return explained


_SAME_RESULT = ("scheme", "outcome", "amount_monthly", "amount_yearly", "missing")
