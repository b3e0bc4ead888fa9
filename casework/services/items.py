"""Services for dossier items, the housing and the perspective plan."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.http import HttpRequest

from casework.constants import WgsThreat
from casework.models import (
    BenefitReceived,
    Debt,
    FixedCost,
    Household,
    Housing,
    Income,
    PerspectivePlan,
    WgsRequest,
)
from casework.services.common import (
    audit_change,
    clean_income,
    lock_household,
    save_constrained,
    touch_household,
)
from casework.services.households import HOUSING_FIELDS
from casework.wgs_phases import phase_errors
from core.models import User
from core.workdays import add_working_days

# Art. 4 Wgs: the first conversation within four weeks of the request, or within three working
# days when one of the threats of lid 2 is there. The same values are in the parameter catalogue
# (schuldhulpverlening.termijn_*), which casework cannot read; a test keeps the two equal.
WGS_WEEKS = 4
# The records that carry a phase of debt help (casework.wgs_phases).
PHASED_ITEMS = (Debt, FixedCost, WgsRequest)
WGS_THREAT_WORKING_DAYS = 3


def wgs_due_on(*, requested_on: date, threat: str) -> date:
    """The latest date of the first conversation (art. 4 lid 1 and 2 Wgs)."""
    if threat in WgsThreat.values:
        return add_working_days(requested_on, WGS_THREAT_WORKING_DAYS)
    return requested_on + timedelta(weeks=WGS_WEEKS)


# --- generic dossier items (incomes, assets, debts, benefits, goals, organisations) ---------


def _item_household(item: models.Model) -> Household:
    if isinstance(item, Income):
        return item.member.household
    household = getattr(item, "household", None)
    if not isinstance(household, Household):
        raise TypeError(f"{type(item).__name__} is not a dossier item")
    return household


@transaction.atomic
def item_save(
    *,
    actor: User,
    item: models.Model,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> models.Model:
    """Add or change one dossier item (validated by its form or serializer) and audit it.

    A given `expected_version` must be current, for a new item too.
    """
    household = _item_household(item)
    lock_household(household, expected_version=expected_version)
    is_new = item.pk is None
    if isinstance(item, WgsRequest) and item.requested_on is not None:
        due_on = wgs_due_on(requested_on=item.requested_on, threat=item.threat)
        if item.pk is not None and due_on != item.due_on:
            # A new limit (other date or threat) starts the reminders afresh.
            item.reminded_at = item.escalated_at = None
        item.due_on = due_on
    if isinstance(item, Income):
        clean_income(item)
    else:
        errors: dict[str, list[str]] = {}
        try:
            item.full_clean()
        except ValidationError as exc:
            errors = exc.message_dict
            # A duplicate benefit is about its scheme: report it on that field.
            if isinstance(item, BenefitReceived) and NON_FIELD_ERRORS in errors:
                errors["scheme_code"] = errors.pop(NON_FIELD_ERRORS)
        # The data a debt-help record may hold depends on its phase (Wgs art. 8a and 8b).
        for field, messages in phase_errors(item).items():
            errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)
    touch_household(household, expected_version=expected_version)
    save_constrained(item, field_errors={"benefit_unique": "scheme_code"})
    action = f"{item._meta.model_name}.{'create' if is_new else 'update'}"
    audit_change(
        actor=actor,
        action=action,
        household=household,
        obj=item,
        request=request,
        purpose=_purpose(item),
    )
    return item


def _purpose(item: models.Model) -> str | None:
    # A debt-help record is processed for the phase it carries (casework.wgs_phases).
    phase = getattr(item, "phase", None)
    return f"schuldhulpverlening:{phase}" if isinstance(item, PHASED_ITEMS) and phase else None


@transaction.atomic
def item_delete(*, actor: User, item: models.Model, request: HttpRequest | None = None) -> None:
    household = _item_household(item)
    lock_household(household)
    touch_household(household, expected_version=None)
    audit_change(
        actor=actor,
        action=f"{item._meta.model_name}.delete",
        household=household,
        obj=item,
        request=request,
        purpose=_purpose(item),
    )
    item.delete()


@transaction.atomic
def housing_save(
    *,
    actor: User,
    household: Household,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Housing:
    # A given version must be current, also when this is the first housing of the household.
    lock_household(household, expected_version=expected_version)
    housing, _created = Housing.objects.get_or_create(
        household=household, defaults={"tenure": data["tenure"]}
    )
    for key in HOUSING_FIELDS:
        if key in data:
            setattr(housing, key, data[key])
    housing.full_clean()
    touch_household(household, expected_version=expected_version)
    housing.save()
    audit_change(
        actor=actor, action="housing.update", household=household, obj=housing, request=request
    )
    return housing


@transaction.atomic
def plan_save(
    *,
    actor: User,
    household: Household,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> PerspectivePlan:
    lock_household(household, expected_version=expected_version)
    plan, _created = PerspectivePlan.objects.get_or_create(household=household)
    for key in ("own_words", "desired_situation", "needs"):
        if key in data:
            setattr(plan, key, data[key])
    touch_household(household, expected_version=expected_version)
    plan.save()
    audit_change(
        actor=actor, action="perspectiveplan.update", household=household, obj=plan, request=request
    )
    return plan
