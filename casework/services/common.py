"""Shared by the casework services: the change signal, errors, audit, locking, helpers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.models import Household, Income, JournalEntry
from casework.selectors import household_list
from core.audit import audit_record
from core.models import User

# Sent inside the write's transaction whenever a household's screening inputs may have changed.
# Receivers (the regulations app) record a re-screen in the outbox, which commits with the write;
# casework itself knows nothing about them.
household_changed = Signal()

PURPOSE = "casusregie"


class VersionConflictError(Exception):
    """The household changed after the caller read it; nothing was saved."""

    def __init__(self, *, current_version: int) -> None:
        super().__init__(_("Dit huishouden is intussen door iemand anders gewijzigd."))
        self.current_version = current_version


# --- helpers ------------------------------------------------------------------------------


def _loaded_person_ids(household: Household) -> list[int] | None:
    """The member ids when a read already loaded the members (household_dossier attaches them
    as prefetched): its audit row then names the data subjects without reading them again.
    Only for reads: a write may have changed the members since they were loaded."""
    members = getattr(household, "_prefetched_objects_cache", {}).get("members")
    return [member.pk for member in members] if members is not None else None


def audit_change(
    *,
    actor: User | None,
    action: str,
    household: Household,
    obj: models.Model | None = None,
    request: HttpRequest | None = None,
    data: dict[str, Any] | None = None,
    purpose: str | None = None,
    person_ids: list[int] | None = None,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=obj if obj is not None else household,
        household_id=household.pk,
        municipality_code=household.municipality.cbs_code,
        request=request,
        purpose=purpose or PURPOSE,
        data=data,
        person_ids=person_ids,
    )


def lock_household(
    household: Household, *, expected_version: int | None = None, require_open: bool = True
) -> None:
    """Lock the household row until the end of the write's transaction and check it afresh.

    Every write to a dossier starts here. Two concurrent writes to one household queue on this
    row lock, and the second then sees what the first committed: a household closed in the
    meantime is refused (`require_open`), and so is a version other than the one the caller read
    (`expected_version`, when given). The caller's copy gets the current status and version.
    """
    status, version = (
        Household.objects.select_for_update()
        .filter(pk=household.pk)
        .values_list("status", "version")
        .get()
    )
    household.status = status
    if require_open:
        _require_open(household)
    if expected_version is not None and version != expected_version:
        raise VersionConflictError(current_version=version)
    household.version = version


def touch_household(household: Household, *, expected_version: int | None) -> None:
    """Bump the version; refuse when the caller's version is stale (optimistic locking)."""
    rows = Household.objects.filter(pk=household.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    updated = rows.update(version=F("version") + 1, updated_at=timezone.now())
    if not updated:
        current = Household.objects.filter(pk=household.pk).values_list("version", flat=True)
        raise VersionConflictError(current_version=current.first() or 0)
    household.version = (
        expected_version + 1 if expected_version is not None else household.version + 1
    )
    # Sent inside the transaction: the re-screen it asks for is recorded with the change (outbox).
    household_changed.send(sender=Household, household_id=household.pk)


def _require_open(household: Household) -> None:
    if not household.is_open:
        raise ValidationError(
            _("Dit huishouden is afgesloten. Heropen het voordat u iets wijzigt."), code="closed"
        )


def save_constrained(instance: models.Model, *, field_errors: Mapping[str, str]) -> None:
    """Save; turn a violated unique constraint into a field error instead of a 500."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        message = str(exc)
        for constraint, field in field_errors.items():
            if constraint in message:
                raise ValidationError({field: _constraint_message(constraint)}) from exc
        raise


def _constraint_message(constraint: str) -> str:
    return {
        "member_one_applicant": _("Een huishouden heeft precies één aanvrager."),
        "member_one_partner": _("Een huishouden heeft hoogstens één partner."),
        "member_bsn_unique_in_municipality": _("Dit BSN is al geregistreerd in deze gemeente."),
        "benefit_unique": _("Deze regeling staat al bij dit huishouden."),
    }.get(constraint, _("Deze gegevens botsen met wat al is vastgelegd."))


# The monthly amounts are derived from the amounts the user typed.
_MONTHLY_OF = {"gross_monthly": "gross_amount", "net_monthly": "net_amount"}


def clean_income(income: Income, *, prefix: str = "", exclude: list[str] | None = None) -> None:
    """Normalise an income to monthly amounts, then validate it, the monthly amounts included.

    A weekly amount can be valid itself and still too large per month. That error belongs on the
    amount the user typed, not on the derived monthly field they never see.
    """
    income.normalise()
    try:
        income.full_clean(exclude=exclude)
    except ValidationError as exc:
        found = exc.message_dict
        errors = {key: list(messages) for key, messages in found.items() if key not in _MONTHLY_OF}
        for monthly, typed in _MONTHLY_OF.items():
            if monthly in found and typed not in errors:
                errors[typed] = [
                    _("Dit bedrag is te groot: omgerekend naar een maand past het niet.")
                ]
        raise ValidationError({f"{prefix}{key}": value for key, value in errors.items()}) from exc


def clean_or_raise(instance: models.Model, *, prefix: str, exclude: list[str]) -> None:
    """Model validation with field names prefixed, so nested input gets field-level errors."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ValidationError(
            {f"{prefix}.{key}": value for key, value in exc.message_dict.items()}
        ) from exc


def journal_write(
    household: Household,
    *,
    author: User | None,
    kind: str,
    text: str,
    occurred_on: date | None = None,
) -> JournalEntry:
    return JournalEntry.objects.create(
        household=household,
        author=author,
        kind=kind,
        occurred_on=occurred_on or timezone.localdate(),
        text=text,
    )


def record_read(
    *,
    actor: User,
    household: Household,
    what: str = "household.read",
    request: HttpRequest | None = None,
    special_categories: list[str] | None = None,
) -> None:
    """Audit a read of personal data (case page, API retrieve, export).

    `special_categories` names the special personal data shown (gezondheid, verslaving,
    justitie), so the privacy officer can find every read of it.
    """
    data = {"special_categories": special_categories} if special_categories else None
    with transaction.atomic():
        audit_change(
            actor=actor,
            action=what,
            household=household,
            request=request,
            data=data,
            person_ids=_loaded_person_ids(household),
        )


def household_search_bsn(
    *, user: User | AnonymousUser, bsn: str, request: HttpRequest | None = None
) -> list[Household]:
    """The households (of the user's teams) with a member with this BSN, audited.

    Every search writes exactly one `household.search_bsn` row, found or not: who looked, when,
    and how many households matched; the household when it was exactly one (the ids when there
    were more). Never the BSN itself. Browser and API both search through here.
    """
    found = list(household_list(user=user, bsn=bsn).select_related("municipality"))
    data: dict[str, Any] = {"matches": len(found)}
    household = found[0] if len(found) == 1 else None
    if len(found) > 1:
        data["households"] = sorted(h.pk for h in found)
    with transaction.atomic():
        audit_record(
            actor=user if isinstance(user, User) else None,
            action="household.search_bsn",
            obj=household,
            household_id=household.pk if household else None,
            municipality_code=household.municipality.cbs_code if household else "",
            request=request,
            purpose=PURPOSE,
            data=data,
        )
    return found


def record_list(*, actor: User, request: HttpRequest | None, filters: list[str]) -> None:
    """Audit a household list or name search: who looked, with which filters (never their values:
    a search term may be a name)."""
    audit_record(
        actor=actor,
        action="household.list",
        request=request,
        purpose=PURPOSE,
        data={"filters": filters},
    )
