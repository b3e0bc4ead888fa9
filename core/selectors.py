from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from core.models import AuditLog


def audit_log_list(
    *,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    household_id: int | None = None,
    result: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditLog]:
    entries = AuditLog.objects.all()
    if actor:
        entries = entries.filter(actor_username__iexact=actor)
    if action:
        entries = entries.filter(action__startswith=action)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if household_id is not None:
        entries = entries.filter(household_id=household_id)
    if result:
        entries = entries.filter(result=result)
    if date_from:
        entries = entries.filter(timestamp__date__gte=date_from)
    if date_to:
        entries = entries.filter(timestamp__date__lte=date_to)
    return entries.order_by("-timestamp", "-id")
