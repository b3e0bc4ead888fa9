"""The Django side of screening: catalogue in the database, stored snapshots, re-screening.

The engine (`regulations.schemes`) stays pure; this module turns stored households into the
engine's plain facts, resolves parameters from the database once per (date, municipality), and
stores reproducible snapshots.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Max, Prefetch
from django.utils import timezone

import orjson

from casework.constants import HouseholdStatus, IncomeKind, Relation, Tenure
from casework.models import Asset, BenefitReceived, Debt, Household, Housing, Income, Member
from core.audit import audit_record
from core.models import User
from regulations.models import ParameterValue, ProactiveGrant, Regulation, Screening
from regulations.schemes import catalogue
from regulations.schemes.engine import screen
from regulations.schemes.facts import HouseholdFacts, parse_household
from regulations.schemes.params import ParameterRecord, ParameterResolver, ParameterSet

logger = logging.getLogger(__name__)

# Casework's codes where the engine's contract uses other words.
INCOME_KIND_TO_ENGINE = {
    IncomeKind.WAGES: "wages",
    IncomeKind.PARTICIPATIEWET: "bijstand",
    IncomeKind.WW: "ww",
    IncomeKind.WIA_WAJONG: "wia",
    IncomeKind.AOW: "aow",
    IncomeKind.SELF_EMPLOYED: "self_employed",
    IncomeKind.ALIMONY: "alimony",
    IncomeKind.STUDENT_FINANCE: "student_finance",
    IncomeKind.OTHER: "other",
}
TENURE_TO_ENGINE = {
    Tenure.SOCIAL_RENT: "social_rent",
    Tenure.PRIVATE_RENT: "private_rent",
    Tenure.OWNER: "owner",
    Tenure.LIVING_IN: "living_in",
    Tenure.HOMELESS: "homeless",
}
CREDITOR_TO_ENGINE = {"particulier": "prive", "other": "overig", "gemeente": "overig"}


def _engine_version() -> str:
    """A receipt of the engine code: the hash of its modules, so a snapshot names what ran."""
    digest = hashlib.sha256()
    for path in sorted((Path(catalogue.__file__).parent).glob("*.py")):
        digest.update(path.read_bytes())
    return "engine-" + digest.hexdigest()[:12]


_ENGINE_VERSION: str | None = None


def current_engine_version() -> str:
    global _ENGINE_VERSION  # computed once per process
    if _ENGINE_VERSION is None:
        _ENGINE_VERSION = _engine_version()
    return _ENGINE_VERSION


# --- catalogue -----------------------------------------------------------------------------


def _to_json_value(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _from_row(row: ParameterValue) -> ParameterRecord:
    value: Any = row.value
    if row.kind == "decimal":
        value = Decimal(str(value))
    return ParameterRecord(
        key=row.key,
        value=value,
        unit=row.unit,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        source_url=row.source_url,
        grade=row.grade,
        municipality_code=row.municipality_code or None,
        note=row.note,
    )


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, Decimal):
        return "decimal"
    if isinstance(value, str):
        return "str"
    return "table"


@transaction.atomic
def catalogue_sync_from_files() -> dict[str, int]:
    """Load the data files into the database. Idempotent; values edited by an admin are kept."""
    regulations = 0
    for item in catalogue.load_regulations():
        Regulation.objects.update_or_create(
            code=item.code,
            defaults={
                "name": item.name,
                "level": item.level,
                "administering_body": item.administering_body,
                "legal_basis": item.legal_basis,
                "article": item.article,
                "law_url": item.law_url,
                "pillar": item.pillar,
                "theme": item.theme,
                "description": item.description,
            },
        )
        regulations += 1
    existing = {
        (row.key, row.municipality_code, row.valid_from): row
        for row in ParameterValue.objects.all()
    }
    created = updated = 0
    to_create = []
    for record in catalogue.load_parameter_records():
        identity = (record.key, record.municipality_code or "", record.valid_from)
        fields = {
            "value": _to_json_value(record.value),
            "kind": _kind_of(record.value),
            "unit": record.unit,
            "valid_to": record.valid_to,
            "source_url": record.source_url,
            "grade": record.grade,
            "note": record.note,
        }
        row = existing.get(identity)
        if row is None:
            to_create.append(
                ParameterValue(
                    key=record.key,
                    municipality_code=record.municipality_code or "",
                    valid_from=record.valid_from,
                    origin="file",
                    **fields,
                )
            )
            created += 1
        elif row.origin == "file" and any(getattr(row, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(row, key, value)
            row.save()
            updated += 1
    ParameterValue.objects.bulk_create(to_create)
    return {"regulations": regulations, "created": created, "updated": updated}


_RESOLVER: tuple[tuple[int, Any], ParameterResolver] | None = None


def parameter_resolver() -> ParameterResolver:
    """Resolver over the database values; rebuilt only when the catalogue changed (one query).

    Without any database values (a fresh install before `load_regulations`) the data files serve.
    """
    global _RESOLVER  # a per-process cache keyed by the catalogue's revision
    revision = ParameterValue.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    key = (revision["n"], revision["last"])
    if revision["n"] == 0:
        return catalogue.default_resolver()
    if _RESOLVER is None or _RESOLVER[0] != key:
        _RESOLVER = (key, ParameterResolver(_from_row(row) for row in ParameterValue.objects.all()))
    return _RESOLVER[1]


def parameters_for(*, reference_date: date, municipality_code: str | None) -> ParameterSet:
    return parameter_resolver().resolve(reference_date, municipality_code)


# --- households as engine facts ------------------------------------------------------------


def dossier_queryset() -> Any:
    """Households with everything the engine reads, in a fixed number of queries."""
    return Household.objects.select_related("municipality", "housing").prefetch_related(
        Prefetch(
            "members",
            queryset=Member.objects.prefetch_related(
                Prefetch("incomes", queryset=Income.objects.order_by("id"))
            ),
        ),
        "assets",
        "debts",
        "benefits",
    )


def facts_json(household: Household, *, reference_date: date) -> dict[str, Any]:
    """The screen JSON (SCHEMES.md section 0) of a stored household: what the engine sees.

    Unknown stays absent: a member without any income row is 'not known', not 'no income', unless
    the member is a child.
    """
    members = []
    for member in household.members.all():
        if not member.lives_in:
            continue
        entry: dict[str, Any] = {
            "ref": f"m{member.pk}",
            "relation": member.relation,
            "birth_date": member.birth_date.isoformat(),
        }
        incomes = list(member.incomes.all())
        if incomes or member.relation == Relation.CHILD:
            entry["incomes"] = [
                {
                    "kind": INCOME_KIND_TO_ENGINE.get(income.kind, "other"),
                    **(
                        {"gross_monthly": str(income.gross_monthly)}
                        if income.gross_monthly is not None
                        else {}
                    ),
                    **(
                        {"net_monthly": str(income.net_monthly)}
                        if income.net_monthly is not None
                        else {}
                    ),
                }
                for income in incomes
            ]
        if member.assessed_income_yearly is not None:
            entry["assessed_income_yearly"] = str(member.assessed_income_yearly)
        if member.health_insured is not None:
            entry["health_insured"] = member.health_insured
        members.append(entry)
    data: dict[str, Any] = {
        "reference_date": reference_date.isoformat(),
        "municipality_code": household.municipality.cbs_code,
        "members": members,
        "benefits_received": sorted({b.scheme_code for b in household.benefits.all()}),
        "debts": [
            {
                "creditor_kind": CREDITOR_TO_ENGINE.get(d.creditor_kind, d.creditor_kind),
                "amount": str(d.amount),
            }
            for d in household.debts.all()
        ],
    }
    assets = list(household.assets.all())
    if assets:
        # No asset rows means "not recorded", not "no assets": the engine then asks for it.
        data["assets_total"] = str(sum((a.value for a in assets), Decimal("0")))
    housing = getattr(household, "housing", None)
    if housing is not None:
        data["housing"] = {"tenure": TENURE_TO_ENGINE[housing.tenure]}
        if housing.basic_rent is not None:
            data["housing"]["basic_rent"] = str(housing.basic_rent)
        if housing.service_costs is not None:
            data["housing"]["service_costs"] = str(housing.service_costs)
    return data


def household_facts(household: Household, *, reference_date: date) -> HouseholdFacts:
    return parse_household(facts_json(household, reference_date=reference_date))


# --- screening -----------------------------------------------------------------------------


def _snapshot(
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
    results = outcome.to_json()["results"]
    versions: dict[str, str] = {}
    for result in results:
        versions.update(result["version"]["parameters"])
    eligible = [r["scheme"] for r in results if r["outcome"] == "eligible"]
    non_take_up = [r["scheme"] for r in results if r["non_take_up"]]
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
        )
        for code in non_take_up
    ]
    return screening, grants


def _new_grants_only(grants: list[ProactiveGrant]) -> list[ProactiveGrant]:
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


def _store(screenings: list[Screening], grants: list[ProactiveGrant]) -> None:
    grants = _new_grants_only(grants)
    Screening.objects.bulk_create(screenings)
    by_household = {s.household_id: s for s in screenings}
    for grant in grants:
        grant.screening = by_household.get(grant.household_id)
    # One open item per household and scheme: a repeat screening adds nothing new.
    ProactiveGrant.objects.bulk_create(grants, ignore_conflicts=True)


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
    screening, grants = _snapshot(
        household=household,
        reference_date=reference_date or timezone.localdate(),
        trigger=trigger,
        actor=actor,
    )
    _store([screening], grants)
    if actor is not None:
        audit_record(
            actor=actor,
            action="screening.create",
            obj=screening,
            household_id=household.pk,
            municipality_code=household.municipality.cbs_code,
            purpose="toetsing",
        )
    return screening


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
    households = _bulk_dossiers(list(household_ids))
    resolver = parameter_resolver()  # once per chunk, not once per household
    screenings, grants, failed = [], [], 0
    for household in households:
        try:
            screening, new_grants = _snapshot(
                household=household,
                reference_date=reference_date,
                trigger=trigger,
                actor=None,
                resolver=resolver,
            )
        except Exception:
            # Inconsistent dossier data or a missing parameter: this household keeps its
            # previous screening and the run counts it as failed; the chunk carries on.
            logger.exception("re-screen failed for household %s", household.pk)
            failed += 1
            continue
        screenings.append(screening)
        grants.extend(new_grants)
    with transaction.atomic():
        if before_store is not None and not before_store(len(screenings), failed):
            return 0, 0
        if connection.vendor == "postgresql":
            _copy_store(screenings, grants)
        else:
            _store(screenings, grants)
    return len(screenings), failed


class _Rows(list):
    """A list that answers `.all()`, so plain rows stand in for a prefetched relation."""

    def all(self) -> _Rows:
        return self


def _bulk_dossiers(household_ids: list[int]) -> list[SimpleNamespace]:
    """Open households with what the engine reads, as plain rows (seven queries, no model
    instances): the bulk path spends its time screening, not building ORM objects.

    The objects answer the same attributes as a prefetched Household, so `facts_json` serves
    both paths.
    """
    rows = Household.objects.filter(pk__in=household_ids, status=HouseholdStatus.OPEN).values_list(
        "pk", "team_id", "status", "municipality__cbs_code"
    )
    dossiers: dict[int, SimpleNamespace] = {}
    for pk, team_id, status, cbs_code in rows:
        dossiers[pk] = SimpleNamespace(
            pk=pk,
            team_id=team_id,
            status=status,
            municipality=SimpleNamespace(cbs_code=cbs_code),
            members=_Rows(),
            benefits=_Rows(),
            debts=_Rows(),
            assets=_Rows(),
            housing=None,
        )
    ids = list(dossiers)
    members: dict[int, SimpleNamespace] = {}
    for row in (
        Member.objects.filter(household_id__in=ids)
        .order_by("household_id", "relation", "birth_date", "id")
        .values(
            "pk", "household_id", "relation", "birth_date", "lives_in", "health_insured",
            "assessed_income_yearly",
        )
    ):  # fmt: skip
        member = SimpleNamespace(**row, incomes=_Rows())
        members[row["pk"]] = member
        dossiers[row["household_id"]].members.append(member)
    for row in (
        Income.objects.filter(member__household_id__in=ids)
        .order_by("id")
        .values("member_id", "kind", "gross_monthly", "net_monthly")
    ):
        members[row["member_id"]].incomes.append(SimpleNamespace(**row))
    for model, attribute, fields in (
        (BenefitReceived, "benefits", ("scheme_code",)),
        (Debt, "debts", ("creditor_kind", "amount")),
        (Asset, "assets", ("value",)),
    ):
        for row in model.objects.filter(household_id__in=ids).values("household_id", *fields):
            getattr(dossiers[row.pop("household_id")], attribute).append(SimpleNamespace(**row))
    for row in Housing.objects.filter(household_id__in=ids).values(
        "household_id", "tenure", "basic_rent", "service_costs"
    ):
        dossiers[row.pop("household_id")].housing = SimpleNamespace(**row)
    return list(dossiers.values())


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
                    )
                )
    grants = _new_grants_only(grants)
    if grants:
        ids = dict(
            Screening.objects.filter(
                household_id__in={g.household_id for g in grants}, created_at=now
            ).values_list("household_id", "pk")
        )
        for grant in grants:
            grant.screening_id = ids.get(grant.household_id)
        ProactiveGrant.objects.bulk_create(grants, ignore_conflicts=True)


def latest_screening(*, household_id: int) -> Screening | None:
    return (
        Screening.objects.filter(household_id=household_id).order_by("-created_at", "-id").first()
    )


# --- proactive granting --------------------------------------------------------------------


@transaction.atomic
def proactive_grant_handle(
    *, grant: ProactiveGrant, actor: User, status: str, note: str = "", request: Any = None
) -> ProactiveGrant:
    """Mark an open proactive grant as granted or not applicable; audited with the household."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if status not in (ProactiveGrant.Status.GRANTED, ProactiveGrant.Status.DISMISSED):
        raise ValidationError({"status": _("Kies toegekend of niet van toepassing.")})
    locked = ProactiveGrant.objects.select_for_update(of=("self",)).select_related(
        "household__municipality"
    )
    current = locked.get(pk=grant.pk)
    if current.status != ProactiveGrant.Status.OPEN:
        raise ValidationError({"status": _("Dit punt is al afgehandeld.")})
    current.status = status
    current.note = note
    current.handled_at = timezone.now()
    current.handled_by = actor
    current.save(update_fields=["status", "note", "handled_at", "handled_by"])
    audit_record(
        actor=actor,
        action=f"proactivegrant.{status}",
        obj=current,
        request=request,
        household_id=current.household_id,
        municipality_code=current.household.municipality.cbs_code,
        purpose="toetsing",
        data={"scheme": current.scheme_code},
    )
    return current
