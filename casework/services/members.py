"""Household composition rules and the member services (add, change, remove, reveal BSN)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.constants import Relation
from casework.models import BsnDuplicateTask, Household, Member
from casework.services.common import (
    PURPOSE,
    audit_change,
    lock_household,
    save_constrained,
    touch_household,
)
from core.audit import audit_record
from core.bsn import encrypt_bsn, hash_bsn, is_valid_bsn, normalise_bsn
from core.models import User

# A parent is at least this much older than their child; younger gaps are typing errors.
MIN_PARENT_AGE_GAP_YEARS = 12
OLDEST_BIRTH_DATE = date(1900, 1, 1)

MEMBER_FIELDS = (
    "relation",
    "given_name",
    "family_name",
    "birth_date",
    "lives_in",
    "health_insured",
    "is_student",
    "in_detention",
    "assessed_income_yearly",
    "has_no_income",
    "works_or_studies",
    "childcare",
    "childcare_hours_monthly",
    "childcare_hourly_rate",
)
MEMBER_CONSTRAINT_FIELDS = {
    "member_one_applicant": "relation",
    "member_one_partner": "relation",
    "member_bsn_unique_in_municipality": "bsn",
}


def _validate_birth_date(value: date, field: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: _("Een geboortedatum kan niet in de toekomst liggen.")})
    if value < OLDEST_BIRTH_DATE:
        raise ValidationError({field: _("Deze geboortedatum is niet aannemelijk.")})


def _add_years(value: date, years: int) -> date:
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February
        return value.replace(year=value.year + years, day=28)


def validate_composition(members: list[Mapping[str, Any]], *, prefix: str = "members") -> None:
    """Cross-member rules: one applicant, at most one partner, plausible ages for children."""
    errors: dict[str, list[str]] = {}
    applicants = [i for i, m in enumerate(members) if m.get("relation") == Relation.APPLICANT]
    partners = [i for i, m in enumerate(members) if m.get("relation") == Relation.PARTNER]
    if len(applicants) != 1:
        errors.setdefault(prefix, []).append(_("Een huishouden heeft precies één aanvrager."))
    for index in partners[1:]:
        errors.setdefault(f"{prefix}.{index}.relation", []).append(
            _("Een huishouden heeft hoogstens één partner.")
        )
    for index, member in enumerate(members):
        birth = member.get("birth_date")
        if birth is not None:
            try:
                _validate_birth_date(birth, f"{prefix}.{index}.birth_date")
            except ValidationError as exc:
                for key, messages in exc.message_dict.items():
                    errors.setdefault(key, []).extend(messages)
    if applicants:
        applicant_birth = members[applicants[0]].get("birth_date")
        known = [
            d
            for d in [applicant_birth, *(members[i].get("birth_date") for i in partners[:1])]
            if d is not None
        ]
        # A child may be the applicant's or the partner's (step-children are common), so it must
        # be plausible for at least one of them: younger than the older parent by the gap.
        oldest_parent = min(known) if known else None
        for index, member in enumerate(members):
            birth = member.get("birth_date")
            if member.get("relation") != Relation.CHILD or birth is None or oldest_parent is None:
                continue
            if birth < _add_years(oldest_parent, MIN_PARENT_AGE_GAP_YEARS):
                errors.setdefault(f"{prefix}.{index}.birth_date", []).append(
                    _(
                        "Een kind is minstens %(years)s jaar jonger dan de aanvrager of partner. "
                        "Controleer de geboortedatum of de relatie."
                    )
                    % {"years": MIN_PARENT_AGE_GAP_YEARS}
                )
    if errors:
        raise ValidationError(errors)


def bsn_fields(bsn: str | None, *, municipality_code: str, field: str) -> dict[str, str]:
    if not bsn:
        return {"bsn_encrypted": "", "bsn_hash": "", "bsn_last4": ""}
    if not is_valid_bsn(bsn):
        raise ValidationError(
            {
                field: _(
                    "Dit is geen geldig BSN: het moet uit 9 cijfers bestaan en voldoen aan de "
                    "11-proef."
                )
            },
            code="invalid_bsn",
        )
    digits = normalise_bsn(bsn)
    return {
        "bsn_encrypted": encrypt_bsn(digits),
        "bsn_hash": hash_bsn(digits, municipality_code=municipality_code),
        "bsn_last4": digits[-4:],
    }


def _known_elsewhere(bsn_hash: str, *, member: Member) -> Member | None:
    """The member that already holds this BSN in the municipality, if any (not `member`)."""
    if not bsn_hash:
        return None
    others = Member.objects.filter(bsn_hash=bsn_hash).select_related("household")
    if member.pk is not None:
        others = others.exclude(pk=member.pk)
    return others.first()


def place_bsn(
    *,
    actor: User,
    member: Member,
    bsn: str | None,
    field: str,
    request: HttpRequest | None = None,
) -> Member | None:
    """Put a typed BSN on an unsaved or changed member; the answer is the same whoever holds it.

    Returns the member who already held it (call `record_bsn_duplicate` after saving), or None.
    Every check is audited (`member.bsn_check`) with its outcome, never the BSN.
    """
    household = member.household
    fields = bsn_fields(bsn, municipality_code=household.municipality.cbs_code, field=field)
    existing = _known_elsewhere(fields["bsn_hash"], member=member)
    if existing is not None and existing.household_id == household.pk:
        # Twice in one household is a typing error the user can see for themselves.
        raise ValidationError(
            {field: _("Dit BSN staat al bij een ander gezinslid van dit huishouden.")},
            code="duplicate_bsn",
        )
    if existing is not None:
        fields["bsn_hash"] = ""  # the unique lookup stays with the member registered first
    for key, value in fields.items():
        setattr(member, key, value)
    if bsn:
        audit_record(
            actor=actor,
            action="member.bsn_check",
            household_id=household.pk,
            municipality_code=household.municipality.cbs_code,
            request=request,
            purpose=PURPOSE,
            data={"outcome": "possible_duplicate" if existing is not None else "new"},
        )
    return existing


def record_bsn_duplicate(*, member: Member, existing: Member) -> None:
    """One task per team involved, each naming its own household and member only."""
    BsnDuplicateTask.objects.create(
        team_id=member.household.team_id,
        other_team_id=existing.household.team_id,
        household=member.household,
        member=member,
        entered_here=True,
    )
    BsnDuplicateTask.objects.create(
        team_id=existing.household.team_id,
        other_team_id=member.household.team_id,
        household=existing.household,
        member=existing,
        entered_here=False,
    )


def refresh_display_name(household: Household) -> None:
    applicant = household.members.filter(relation=Relation.APPLICANT).first()
    name = applicant.family_name if applicant else ""
    if household.display_name != name:
        Household.objects.filter(pk=household.pk).update(display_name=name)
        household.display_name = name


# --- members and incomes -------------------------------------------------------------------


def _composition_after(
    household: Household, *, member: Member | None, data: Mapping[str, Any] | None
) -> None:
    """Check the composition as it would be after adding, changing or removing `member`."""
    # A fresh query, not a prefetched `household.members`: the services call this after locking
    # the household, so it sees what other writers committed.
    current = [
        {"relation": m.relation, "birth_date": m.birth_date, "pk": m.pk}
        for m in Member.objects.filter(household_id=household.pk)
        if member is None or m.pk != member.pk
    ]
    if data is not None:
        current.append({"relation": data["relation"], "birth_date": data["birth_date"], "pk": None})
    try:
        validate_composition(current, prefix="members")
    except ValidationError as exc:
        # Report on the fields of the member being edited where possible.
        messages: dict[str, list[str]] = {}
        for key, values in exc.message_dict.items():
            field = key.rsplit(".", 1)[-1] if key.count(".") == 2 else "relation"
            messages.setdefault(field, []).extend(values)
        raise ValidationError(messages) from exc


@transaction.atomic
def member_add(
    *,
    actor: User,
    household: Household,
    data: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> Member:
    lock_household(household)
    _composition_after(household, member=None, data=data)
    member = Member(household=household, **{k: data[k] for k in MEMBER_FIELDS if k in data})
    existing = place_bsn(
        actor=actor, member=member, bsn=data.get("bsn"), field="bsn", request=request
    )
    save_constrained(member, field_errors=MEMBER_CONSTRAINT_FIELDS)
    if existing is not None:
        record_bsn_duplicate(member=member, existing=existing)
    touch_household(household, expected_version=None)
    refresh_display_name(household)
    audit_change(
        actor=actor, action="member.create", household=household, obj=member, request=request
    )
    return member


@transaction.atomic
def member_update(
    *,
    actor: User,
    member: Member,
    expected_version: int,
    data: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> Member:
    household = member.household
    lock_household(household, expected_version=expected_version)
    merged = {
        "relation": data.get("relation", member.relation),
        "birth_date": data.get("birth_date", member.birth_date),
    }
    _composition_after(household, member=member, data=merged)
    touch_household(household, expected_version=expected_version)
    for key in MEMBER_FIELDS:
        if key in data:
            setattr(member, key, data[key])
    existing = None
    if data.get("bsn"):
        existing = place_bsn(
            actor=actor, member=member, bsn=data["bsn"], field="bsn", request=request
        )
    save_constrained(member, field_errors=MEMBER_CONSTRAINT_FIELDS)
    if existing is not None:
        record_bsn_duplicate(member=member, existing=existing)
    refresh_display_name(household)
    audit_change(
        actor=actor, action="member.update", household=household, obj=member, request=request
    )
    return member


@transaction.atomic
def member_remove(*, actor: User, member: Member, request: HttpRequest | None = None) -> None:
    household = member.household
    lock_household(household)
    if member.relation == Relation.APPLICANT:
        raise ValidationError({"relation": _("De aanvrager kan niet worden verwijderd.")})
    # Without this member the others must still make sense (a child's age is plausible against
    # the applicant or the partner): otherwise every later change to a member would be refused.
    try:
        _composition_after(household, member=member, data=None)
    except ValidationError as exc:
        reasons = list(dict.fromkeys(exc.messages))
        raise ValidationError(
            [
                _(
                    "Dit gezinslid kan niet worden verwijderd: zonder dit gezinslid klopt de "
                    "samenstelling van het huishouden niet meer."
                ),
                *reasons,
            ]
        ) from exc
    touch_household(household, expected_version=None)
    audit_change(
        actor=actor, action="member.delete", household=household, obj=member, request=request
    )
    member.delete()


def member_reveal_bsn(*, actor: User, member: Member, request: HttpRequest | None = None) -> str:
    """Show the full BSN: an explicit, audited act."""
    with transaction.atomic():
        audit_change(
            actor=actor,
            action="member.reveal_bsn",
            household=member.household,
            obj=member,
            request=request,
        )
    return member.reveal_bsn()
