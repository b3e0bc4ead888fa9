"""Who may change which parameter values, and the audited admin edits of single values.

A value is national (``municipality_code`` empty) or one municipality's own. National values change
the screenings of every municipality an installation serves, so they need the permission
``regulations.manage_national_parameters``; a municipality's values need a functional admin of that
municipality. A superuser may do both. The Django admin and the parameter packs ask these rules.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import Municipality, User
from core.services import administered_municipality_ids
from regulations.models import ParameterValue
from regulations.services.parameters import parameters_changed_notify

NATIONAL_PERMISSION = "regulations.manage_national_parameters"
PURPOSE = "parameterbeheer"  # the packs' purpose: the same processing activity
# What an audit row of an admin edit records: the value and where and when it applies, never who
# it is about (parameter values hold no personal data).
AUDITED_FIELDS = (
    "key",
    "municipality_code",
    "valid_from",
    "valid_to",
    "value",
    "kind",
    "unit",
    "grade",
    "source_url",
    "source_title",
    "note",
    "final",
)


def may_manage_national_parameters(user: User) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm(NATIONAL_PERMISSION))


def administered_municipality_codes(user: User) -> frozenset[str] | None:
    """The CBS codes of the municipalities `user` administers; None for a superuser (all)."""
    ids = administered_municipality_ids(user)
    if ids is None:
        return None
    return frozenset(Municipality.objects.filter(pk__in=ids).values_list("cbs_code", flat=True))


def parameter_code_refusal(
    user: User, municipality_code: str, *, codes: frozenset[str] | None = None
) -> str | None:
    """Why `user` may not manage values of `municipality_code` ("" national), or None if they may.

    `codes` are the user's administered codes when the caller has them already (a whole pack).
    """
    if not municipality_code:
        if may_manage_national_parameters(user):
            return None
        return _(
            "Een landelijke waarde (zonder gemeente) wijzigt alleen wie het recht "
            "'Landelijke parameterwaarden beheren' heeft."
        )
    if user.is_superuser:
        return None
    codes = administered_municipality_codes(user) if codes is None else codes
    if codes is None or municipality_code in codes:
        return None
    return _("U beheert gemeente %(code)s niet.") % {"code": municipality_code}


def parameter_values_visible(
    user: User, queryset: QuerySet[ParameterValue]
) -> QuerySet[ParameterValue]:
    """The national values and those of the user's own municipalities (a superuser: all)."""
    codes = administered_municipality_codes(user)
    if codes is None:
        return queryset
    return queryset.filter(Q(municipality_code="") | Q(municipality_code__in=codes))


def may_manage_parameter_value(user: User, value: ParameterValue) -> bool:
    return parameter_code_refusal(user, value.municipality_code) is None


def _require(user: User, municipality_code: str) -> None:
    refusal = parameter_code_refusal(user, municipality_code)
    if refusal is not None:
        raise PermissionDenied(refusal)


def _audited(value: ParameterValue | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        name: (
            getattr(value, name).isoformat()
            if isinstance(getattr(value, name), date)
            else getattr(value, name)
        )
        for name in AUDITED_FIELDS
    }


def _record(
    *,
    actor: User,
    action: str,
    value: ParameterValue,
    before: ParameterValue | None,
    after: ParameterValue | None,
    request: HttpRequest | None,
) -> None:
    old, new = _audited(before), _audited(after)
    if old is not None and new is not None:
        # A change keeps the fields that changed, and always the value itself.
        changed = [name for name in AUDITED_FIELDS if old[name] != new[name] or name == "value"]
        old = {name: old[name] for name in changed}
        new = {name: new[name] for name in changed}
    current = after or before
    assert current is not None  # noqa: S101 - one of the two always exists
    audit_record(
        actor=actor,
        action=action,
        obj=value,
        request=request,
        purpose=PURPOSE,
        municipality_code=current.municipality_code,
        data={
            "key": current.key,
            "municipality_code": current.municipality_code,
            "valid_from": current.valid_from.isoformat(),
            "old": old,
            "new": new,
        },
    )


@transaction.atomic
def parameter_value_save(
    *, actor: User, value: ParameterValue, request: HttpRequest | None = None
) -> ParameterValue:
    """Add or change one value by hand: checked for the old and the new municipality, marked
    origin "admin" (later file loads keep it), audited, and the re-screen announced."""
    before = None
    if value.pk is not None:
        before = ParameterValue.objects.select_for_update().get(pk=value.pk)
        _require(actor, before.municipality_code)
    _require(actor, value.municipality_code)
    value.origin = "admin"
    value.save()
    _record(
        actor=actor,
        action="parameter.change" if before is not None else "parameter.add",
        value=value,
        before=before,
        after=value,
        request=request,
    )
    keys = sorted({value.key, before.key} if before is not None else {value.key})
    # The real value for what was screened provisionally: the re-screen commits with it.
    parameters_changed_notify(
        keys=keys, reason=f"Parameter {value.key} bijgewerkt", actor_id=actor.pk
    )
    return value


@transaction.atomic
def parameter_values_delete(
    *, actor: User, values: QuerySet[ParameterValue], request: HttpRequest | None = None
) -> int:
    """Delete values by hand: all or none (one value the actor may not manage refuses the lot),
    one audit row per value."""
    rows = list(values.select_for_update().order_by("pk"))
    for row in rows:
        _require(actor, row.municipality_code)
    for row in rows:
        _record(
            actor=actor,
            action="parameter.delete",
            value=row,
            before=row,
            after=None,
            request=request,
        )
    ParameterValue.objects.filter(pk__in=[row.pk for row in rows]).delete()
    keys = sorted({row.key for row in rows})
    reason = f"Parameter {keys[0]} verwijderd" if len(keys) == 1 else "Parameterwaarden verwijderd"
    parameters_changed_notify(keys=keys, reason=reason, actor_id=actor.pk)
    return len(rows)
