"""Services for dossier items, the housing and the perspective plan."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.http import HttpRequest

from casework.models import BenefitReceived, Household, Housing, Income, PerspectivePlan
from casework.services.common import (
    audit_change,
    clean_income,
    lock_household,
    save_constrained,
    touch_household,
)
from casework.services.households import HOUSING_FIELDS
from core.models import User

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
    if isinstance(item, Income):
        clean_income(item)
    else:
        try:
            item.full_clean()
        except ValidationError as exc:
            errors = exc.message_dict
            # A duplicate benefit is about its scheme: report it on that field.
            if isinstance(item, BenefitReceived) and NON_FIELD_ERRORS in errors:
                errors["scheme_code"] = errors.pop(NON_FIELD_ERRORS)
            raise ValidationError(errors) from exc
    touch_household(household, expected_version=expected_version)
    save_constrained(item, field_errors={"benefit_unique": "scheme_code"})
    action = f"{item._meta.model_name}.{'create' if is_new else 'update'}"
    audit_change(actor=actor, action=action, household=household, obj=item, request=request)
    return item


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
