from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from core.models import AuditLog, Membership, Municipality


def audit_log_list(
    *,
    municipality_ids: frozenset[int],
    actor: str = "",
    action: str = "",
    object_type: str = "",
    household_id: int | None = None,
    result: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    processing_activity: str = "",
    trace_id: str = "",
    data_subject: str = "",
) -> QuerySet[AuditLog]:
    # An auditor sees the events of their own municipalities: those recorded for it, and those
    # without a municipality whose actor works there (a list or a login, say).
    codes = Municipality.objects.filter(pk__in=municipality_ids).values("cbs_code")
    works_there = Membership.objects.filter(
        user=OuterRef("actor_id"), municipality_id__in=municipality_ids
    )
    entries = AuditLog.objects.filter(
        Q(municipality_code__in=codes) | (Q(municipality_code="") & Exists(works_there))
    )
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
    if processing_activity:
        entries = entries.filter(processing_activity=processing_activity)
    if trace_id:
        entries = entries.filter(trace_id=trace_id)
    if data_subject:
        # Every row about one person (AVG art. 15), by the pseudonym in the Logboek fields.
        entries = entries.filter(data_subjects__contains=[data_subject])
    return entries.order_by("-timestamp", "-id")
