"""Household services: create, update, close, reopen and assign."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.constants import AssetKind, HouseholdStatus, JournalKind
from casework.models import (
    Asset,
    BenefitReceived,
    Household,
    Housing,
    Income,
    Member,
    PerspectivePlan,
)
from casework.services.common import (
    audit_change,
    clean_income,
    clean_or_raise,
    household_changed,
    journal_write,
    lock_household,
    save_constrained,
    touch_household,
)
from casework.services.members import (
    MEMBER_CONSTRAINT_FIELDS,
    MEMBER_FIELDS,
    place_bsn,
    record_bsn_duplicate,
    refresh_display_name,
    validate_composition,
)
from core.models import Membership, Role, Team, User

# --- household -----------------------------------------------------------------------------


INCOME_FIELDS = ("kind", "gross_amount", "net_amount", "period", "is_stable")
HOUSING_FIELDS = ("tenure", "basic_rent", "service_costs", "landlord_kind")
HOUSEHOLD_FIELDS = (
    "postcode",
    "house_number",
    "house_number_suffix",
    "start_date",
    "low_income_since",
    "municipal_tax_yearly",
)
# Household fields the screening reads: a change re-screens the household.
SCREENING_FIELDS = {"low_income_since", "municipal_tax_yearly"}


def _clean_postcode(value: str) -> str:
    compact = value.replace(" ", "").upper()
    return f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else value.upper()


def _refuse_inactive(professional: User | None, *, field: str) -> None:
    """A casusregisseur must be able to log in: a deactivated account cannot take a case."""
    if professional is not None and not professional.is_active:
        raise ValidationError(
            {field: _("Deze medewerker is niet meer actief en kan geen casusregisseur zijn.")}
        )


@transaction.atomic
def household_create(
    *,
    actor: User,
    team: Team,
    household: Mapping[str, Any],
    members: list[Mapping[str, Any]],
    housing: Mapping[str, Any] | None = None,
    assets_total: Decimal | None = None,
    benefits_received: Iterable[str] = (),
    assigned_professional: User | None = None,
    request: HttpRequest | None = None,
) -> Household:
    """Create a household with its members, their incomes and the housing: all or nothing.

    Each member mapping may hold `bsn` and `incomes` (a list of income mappings). `assets_total`
    (0 is "no assets", None is "not asked") becomes one asset row; `benefits_received` one row per
    scheme code the household already receives.
    """
    validate_composition(list(members))
    _refuse_inactive(assigned_professional, field="assigned_professional")
    if household["start_date"] > timezone.localdate():
        raise ValidationError({"start_date": _("De startdatum kan niet in de toekomst liggen.")})
    record = Household(
        municipality=team.municipality,
        team=team,
        assigned_professional=assigned_professional,
        **{key: household[key] for key in HOUSEHOLD_FIELDS if key in household},
    )
    record.postcode = _clean_postcode(record.postcode)
    record.full_clean(exclude=["latest_assessment", "display_name"])
    record.save()
    for index, data in enumerate(members):
        member = Member(
            household=record, **{key: data[key] for key in MEMBER_FIELDS if key in data}
        )
        existing = place_bsn(
            actor=actor,
            member=member,
            bsn=data.get("bsn"),
            field=f"members.{index}.bsn",
            request=request,
        )
        try:
            save_constrained(member, field_errors=MEMBER_CONSTRAINT_FIELDS)
        except ValidationError as exc:
            raise ValidationError(
                {f"members.{index}.{key}": value for key, value in exc.message_dict.items()}
            ) from exc
        if existing is not None:
            record_bsn_duplicate(member=member, existing=existing)
        for position, income_data in enumerate(data.get("incomes", [])):
            income = Income(
                member=member, **{k: income_data[k] for k in INCOME_FIELDS if k in income_data}
            )
            # Normalise first, so the monthly amounts are validated too (as in `item_save`).
            clean_income(income, prefix=f"members.{index}.incomes.{position}.", exclude=["member"])
            income.save()
    if housing:
        housing_record = Housing(
            household=record, **{k: housing[k] for k in HOUSING_FIELDS if k in housing}
        )
        clean_or_raise(housing_record, prefix="housing", exclude=["household"])
        housing_record.save()
    if assets_total is not None:
        asset = Asset(
            household=record,
            kind=AssetKind.OTHER,
            description=_("Totaal opgegeven bij de aanmelding"),
            value=assets_total,
        )
        clean_or_raise(asset, prefix="assets_total", exclude=["household"])
        asset.save()
    for code in sorted(set(benefits_received)):
        benefit = BenefitReceived(household=record, scheme_code=code)
        clean_or_raise(benefit, prefix="benefits_received", exclude=["household"])
        benefit.save()
    PerspectivePlan.objects.create(household=record)
    refresh_display_name(record)
    journal_write(record, author=actor, kind=JournalKind.STATUS, text=_("Huishouden aangemeld."))
    audit_change(actor=actor, action="household.create", household=record, request=request)
    household_changed.send(sender=Household, household_id=record.pk)
    return record


@transaction.atomic
def household_update(
    *,
    actor: User,
    household: Household,
    expected_version: int,
    data: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> Household:
    lock_household(household, expected_version=expected_version)
    touch_household(household, expected_version=expected_version)
    changed = []
    for key in HOUSEHOLD_FIELDS:
        if key in data and getattr(household, key) != data[key]:
            setattr(household, key, data[key])
            changed.append(key)
    household.postcode = _clean_postcode(household.postcode)
    if household.start_date > timezone.localdate():
        raise ValidationError({"start_date": _("De startdatum kan niet in de toekomst liggen.")})
    household.full_clean(exclude=["latest_assessment", "display_name", "assigned_professional"])
    household.save(update_fields=[*HOUSEHOLD_FIELDS, "updated_at"])
    audit_change(
        actor=actor,
        action="household.update",
        household=household,
        request=request,
        data={"fields": changed},
    )
    if set(changed) & SCREENING_FIELDS:
        household_changed.send(sender=Household, household_id=household.pk)
    return household


def _set_status(
    *,
    actor: User,
    household: Household,
    status: str,
    reason: str,
    request: HttpRequest | None,
) -> Household:
    """Close or reopen with a reason, recorded in the journal and the audit log."""
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een reden op.")})
    # The status on the locked row, not on the caller's copy: of two concurrent closes, the
    # second is told the household is already closed.
    lock_household(household, require_open=False)
    if household.status == status:
        already = {
            HouseholdStatus.CLOSED: _("Dit huishouden is al afgesloten."),
            HouseholdStatus.OPEN: _("Dit huishouden is al open."),
        }[status]
        raise ValidationError({"reason": already})
    touch_household(household, expected_version=None)
    closing = status == HouseholdStatus.CLOSED
    household.status = status
    household.status_reason = reason
    household.closed_on = timezone.localdate() if closing else None
    household.save(update_fields=["status", "status_reason", "closed_on", "updated_at"])
    text = _("Afgesloten: %(reason)s") if closing else _("Heropend: %(reason)s")
    journal_write(household, author=actor, kind=JournalKind.STATUS, text=text % {"reason": reason})
    action = "household.close" if closing else "household.reopen"
    audit_change(actor=actor, action=action, household=household, request=request)
    return household


@transaction.atomic
def household_close(
    *, actor: User, household: Household, reason: str, request: HttpRequest | None = None
) -> Household:
    return _set_status(
        actor=actor,
        household=household,
        status=HouseholdStatus.CLOSED,
        reason=reason,
        request=request,
    )


@transaction.atomic
def household_reopen(
    *, actor: User, household: Household, reason: str, request: HttpRequest | None = None
) -> Household:
    return _set_status(
        actor=actor,
        household=household,
        status=HouseholdStatus.OPEN,
        reason=reason,
        request=request,
    )


@transaction.atomic
def household_assign(
    *,
    actor: User,
    household: Household,
    professional: User | None,
    request: HttpRequest | None = None,
) -> Household:
    lock_household(household)
    _refuse_inactive(professional, field="professional")
    if (
        professional is not None
        and not Membership.objects.filter(
            user=professional, team=household.team, role__in=[Role.PROFESSIONAL, Role.TEAM_LEAD]
        ).exists()
    ):
        raise ValidationError(
            {"professional": _("Deze medewerker hoort niet bij het team van dit huishouden.")}
        )
    touch_household(household, expected_version=None)
    household.assigned_professional = professional
    household.save(update_fields=["assigned_professional", "updated_at"])
    name = professional.get_full_name() or professional.get_username() if professional else "-"
    journal_write(
        household,
        author=actor,
        kind=JournalKind.STATUS,
        text=_("Casusregisseur: %(name)s") % {"name": name},
    )
    audit_change(
        actor=actor,
        action="household.assign",
        household=household,
        request=request,
        data={"professional_id": professional.pk if professional else None},
    )
    return household
