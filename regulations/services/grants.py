"""Proactive granting: handling the open items a screening raised for non-take-up."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.models import User
from regulations.models import ProactiveGrant
from regulations.services.reads import PURPOSE


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
        purpose=PURPOSE,
        data={"scheme": current.scheme_code},
    )
    return current
