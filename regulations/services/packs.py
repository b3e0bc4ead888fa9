"""Parameter packs: upload, diff, four-eyes approval, audited apply, then re-screening.

The pack format and its validation are the release's data files' (``regulations.schemes.packs``);
here the pack is also checked against the stored catalogue (same unit per key, no period
overlapping a stored value). Nothing is written for an invalid pack, and a pack is applied in one
transaction: all values or none.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from core.audit import audit_record
from core.models import Role, User
from core.permissions import access_for
from regulations.models import ParameterPack, ParameterValue
from regulations.schemes.packs import (
    PackError,
    PackInvalid,
    PackRecord,
    load_yaml,
    overlaps,
    parse_pack,
)
from regulations.services.parameter_rights import (
    administered_municipality_codes,
    parameter_code_refusal,
)
from regulations.services.parameters import (
    json_value,
    parameters_changed_notify,
    record_from_row,
)

PURPOSE = "parameterbeheer"
STORED = "catalogus"  # the `where` of stored values in overlap errors
MAX_PACK_BYTES = 2_000_000
NEW, CHANGED, ENDING = "new", "changed", "ending"
COMPARED = (
    "value",
    "unit",
    "valid_to",
    "grade",
    "source_url",
    "source_title",
    "note",
    "final",
)


def _require_functional_admin(actor: User) -> None:
    if not access_for(actor).has_role(Role.FUNCTIONAL_ADMIN):
        raise PermissionDenied


def pack_parse(*, content: str, filename: str) -> list[PackRecord]:
    """Validate a pack on its own and against the stored catalogue.

    Raises ``ValidationError`` with one Dutch message per problem ("row"), each naming the file,
    the key, the value number and the field.
    """
    if len(content.encode()) > MAX_PACK_BYTES:
        raise ValidationError("Het pakket is groter dan 2 MB.")
    try:
        records = parse_pack([(filename, load_yaml(content, source=filename))])
        errors = _against_catalogue(records)
    except PackInvalid as invalid:
        errors = invalid.errors
    if errors:
        raise ValidationError([str(error) for error in errors])
    return records


def _require_rights(records: list[PackRecord], actor: User) -> None:
    """Every row of the pack must be one the actor may manage: a national row needs the national
    permission, a municipality's row a functional admin of that municipality. One Dutch message
    per offending row, in the pack errors' style; the caller stores nothing."""
    codes = administered_municipality_codes(actor)
    errors = []
    for item in records:
        refusal = parameter_code_refusal(actor, item.record.municipality_code or "", codes=codes)
        if refusal is not None:
            errors.append(PackError(item.where, "municipality_code", refusal))
    if errors:
        raise ValidationError([str(error) for error in errors])


def _against_catalogue(records: list[PackRecord]) -> list[PackError]:
    keys = {item.record.key for item in records}
    stored = list(ParameterValue.objects.filter(key__in=keys))
    errors = []
    units = {row.key: row.unit for row in stored}
    for item in records:
        unit = units.get(item.record.key)
        if unit is not None and unit != item.record.unit:
            errors.append(
                PackError(
                    item.where,
                    "unit",
                    f"eenheid {item.record.unit!r} wijkt af van de catalogus ({unit!r})",
                )
            )
    # Overlap with the stored values the pack does not replace (same key, municipality, start).
    replaced = {_identity(item.record) for item in records}
    merged = list(records) + [
        PackRecord(record=record_from_row(row), where=STORED, kind=row.kind)
        for row in stored
        if (row.key, row.municipality_code or None, row.valid_from) not in replaced
    ]
    errors.extend(error for error in overlaps(merged) if error.where != STORED)
    return errors


def _identity(record: Any) -> tuple[str, str | None, date]:
    return (record.key, record.municipality_code, record.valid_from)


def _shown(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return json_value(value)


def pack_diff(records: list[PackRecord]) -> list[dict[str, Any]]:
    """What applying would change, per key: new values, changed values, and values that now end
    (an end date set or brought forward). Values the pack repeats unchanged are left out."""
    keys = {item.record.key for item in records}
    stored = {
        (row.key, row.municipality_code or None, row.valid_from): row
        for row in ParameterValue.objects.filter(key__in=keys)
    }
    per_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in sorted(
        records,
        key=lambda i: (
            _identity(i.record)[0],
            i.record.municipality_code or "",
            i.record.valid_from,
        ),
    ):
        record = item.record
        after = {name: _shown(getattr(record, name)) for name in COMPARED}
        row = stored.get(_identity(record))
        base = {
            "municipality_code": record.municipality_code or "",
            "valid_from": record.valid_from.isoformat(),
            "after": after,
        }
        if row is None:
            per_key[record.key].append({**base, "change": NEW, "before": None})
            continue
        before = {name: _shown(getattr(record_from_row(row), name)) for name in COMPARED}
        if before == after:
            continue
        ends = record.valid_to is not None and (
            row.valid_to is None or record.valid_to < row.valid_to
        )
        changed_fields = sorted(name for name in COMPARED if before[name] != after[name])
        per_key[record.key].append(
            {
                **base,
                "change": ENDING if changed_fields == ["valid_to"] and ends else CHANGED,
                "before": before,
                "fields": changed_fields,
            }
        )
    return [{"key": key, "changes": changes} for key, changes in sorted(per_key.items())]


@transaction.atomic
def pack_submit(
    *, content: str, filename: str, actor: User, request: HttpRequest | None = None
) -> ParameterPack:
    """Store a valid pack as pending with its diff; an invalid pack raises and stores nothing."""
    _require_functional_admin(actor)
    records = pack_parse(content=content, filename=filename)
    _require_rights(records, actor)
    pack = ParameterPack.objects.create(
        filename=filename[:200],
        content=content,
        sha256=hashlib.sha256(content.encode()).hexdigest(),
        diff=pack_diff(records),
        uploaded_by=actor,
    )
    audit_record(
        actor=actor,
        action="parameterpack.upload",
        obj=pack,
        request=request,
        purpose=PURPOSE,
        data={"filename": pack.filename, "sha256": pack.sha256, "keys": _keys(pack.diff)},
    )
    return pack


def _keys(diff: list[dict[str, Any]]) -> list[str]:
    return [entry["key"] for entry in diff]


@transaction.atomic
def pack_approve(*, pack_id: int, actor: User, request: HttpRequest | None = None) -> ParameterPack:
    """The second functional admin applies the pack: validated again against the catalogue as it
    is now, written in one transaction, audited; after the commit the affected open households
    are re-screened."""
    _require_functional_admin(actor)
    pack = ParameterPack.objects.select_for_update().get(pk=pack_id)
    _decidable(pack, actor)
    records = pack_parse(content=pack.content, filename=pack.filename)
    _require_rights(records, actor)  # the approver's own rights, as they are now
    diff = pack_diff(records)
    if diff != pack.diff:
        # The approver approves the diff that was shown; the catalogue moved since the upload.
        raise ValidationError(
            "De catalogus is sinds het indienen gewijzigd, dus de getoonde wijzigingen kloppen "
            "niet meer. Dien het pakket opnieuw in."
        )
    created, updated = _apply(records)
    pack.status = ParameterPack.Status.APPLIED
    pack.decided_by = actor
    pack.decided_at = timezone.now()
    pack.save(update_fields=["status", "decided_by", "decided_at"])
    keys = _keys(diff)
    audit_record(
        actor=actor,
        action="parameterpack.apply",
        obj=pack,
        request=request,
        purpose=PURPOSE,
        data={
            "sha256": pack.sha256,
            "uploaded_by": pack.uploaded_by.get_username(),
            "created": created,
            "updated": updated,
            "keys": keys,
        },
    )
    parameters_changed_notify(
        keys=keys, reason=f"Parameterpakket {pack.filename} toegepast", actor_id=actor.pk
    )
    return pack


@transaction.atomic
def pack_reject(*, pack_id: int, actor: User, request: HttpRequest | None = None) -> ParameterPack:
    _require_functional_admin(actor)
    pack = ParameterPack.objects.select_for_update().get(pk=pack_id)
    _decidable(pack, actor)
    pack.status = ParameterPack.Status.REJECTED
    pack.decided_by = actor
    pack.decided_at = timezone.now()
    pack.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor, action="parameterpack.reject", obj=pack, request=request, purpose=PURPOSE
    )
    return pack


def _decidable(pack: ParameterPack, actor: User) -> None:
    if pack.status != ParameterPack.Status.PENDING:
        raise ValidationError("Over dit pakket is al besloten.")
    if pack.uploaded_by_id == actor.pk:
        raise ValidationError(
            "Vier ogen: een andere functioneel beheerder moet dit pakket goedkeuren."
        )


def _apply(records: list[PackRecord]) -> tuple[int, int]:
    stored = {
        (row.key, row.municipality_code or None, row.valid_from): row
        for row in ParameterValue.objects.filter(
            key__in={item.record.key for item in records}
        ).select_for_update()
    }
    created = updated = 0
    for item in records:
        record = item.record
        fields = {
            "value": json_value(record.value),
            "kind": item.kind,
            "unit": record.unit,
            "valid_to": record.valid_to,
            "source_url": record.source_url,
            "source_title": record.source_title,
            "grade": record.grade,
            "note": record.note,
            "final": record.final,
            "origin": "pack",  # kept by later loads of the release's data files
        }
        row = stored.get(_identity(record))
        if row is None:
            ParameterValue.objects.create(
                key=record.key,
                municipality_code=record.municipality_code or "",
                valid_from=record.valid_from,
                **fields,
            )
            created += 1
        elif any(getattr(row, name) != value for name, value in fields.items() if name != "origin"):
            # Only a real change takes the row over; a repeated value keeps its origin.
            for name, value in fields.items():
                setattr(row, name, value)
            row.save()
            updated += 1
    return created, updated
