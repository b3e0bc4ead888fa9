"""The catalogue in the database: loading the data files, and the cached parameter resolver."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.dispatch import Signal

from casework.constants import HouseholdStatus
from casework.models import Household
from regulations.models import ParameterValue, Regulation, Screening
from regulations.schemes import catalogue
from regulations.schemes.params import ParameterRecord, ParameterResolver, ParameterSet


def json_value(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def record_from_row(row: ParameterValue) -> ParameterRecord:
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
        source_title=row.source_title,
        grade=row.grade,
        municipality_code=row.municipality_code or None,
        note=row.note,
        final=row.final,
    )


def kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, Decimal):
        return "decimal"
    if isinstance(value, str):
        return "str"
    return "table"


# Sent inside the transaction of any change to parameter values (admin, data files, a pack):
# keys=[...], reason=str, actor_id=int|None. The receiver records the re-screen of the affected
# households in the same transaction (core.outbox): nothing on a rollback, nothing lost on a commit.
parameters_changed = Signal()


def parameters_changed_notify(*, keys: list[str], reason: str, actor_id: int | None) -> None:
    """Announce changed keys within the transaction that changed them."""
    if not keys:
        return
    changed = sorted(set(keys))
    parameters_changed.send(sender=ParameterValue, keys=changed, reason=reason, actor_id=actor_id)


def households_affected(*, keys: list[str]) -> list[int]:
    """Open households whose latest screening used one of ``keys`` (current or carried forward).

    A provisional screening lists its carried keys in ``provisional_keys``, and every screening
    lists the keys it read in ``parameter_versions``: both are indexed JSON, one query.
    """
    latest = Subquery(
        Screening.objects.filter(household_id=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    latest_ids = Household.objects.filter(status=HouseholdStatus.OPEN).annotate(latest=latest)
    return list(
        Screening.objects.filter(pk__in=latest_ids.values("latest"))
        .filter(Q(provisional_keys__has_any_keys=keys) | Q(parameter_versions__has_any_keys=keys))
        .order_by("household_id")
        .values_list("household_id", flat=True)
    )


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
    changed_keys: list[str] = []
    for record in catalogue.load_parameter_records():
        identity = (record.key, record.municipality_code or "", record.valid_from)
        fields = {
            "value": json_value(record.value),
            "kind": kind_of(record.value),
            "unit": record.unit,
            "valid_to": record.valid_to,
            "source_url": record.source_url,
            "source_title": record.source_title,
            "grade": record.grade,
            "note": record.note,
            "final": record.final,
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
            changed_keys.append(record.key)
        elif row.origin == "file" and any(getattr(row, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(row, key, value)
            row.save()
            updated += 1
            changed_keys.append(record.key)
    ParameterValue.objects.bulk_create(to_create)
    parameters_changed_notify(keys=changed_keys, reason="Parameterbestanden geladen", actor_id=None)
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
        _RESOLVER = (
            key,
            ParameterResolver(record_from_row(row) for row in ParameterValue.objects.all()),
        )
    return _RESOLVER[1]


def parameters_for(*, reference_date: date, municipality_code: str | None) -> ParameterSet:
    return parameter_resolver().resolve(reference_date, municipality_code)
