"""The team lead's tasks about possible duplicate BSNs."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casework.models import BsnDuplicateTask
from casework.services.common import PURPOSE
from core.audit import audit_record
from core.models import Role, User
from core.permissions import access_for


def record_task_list(*, actor: User, request: HttpRequest | None, count: int) -> None:
    """The task list shows households and member names: a read of personal data."""
    audit_record(
        actor=actor,
        action="bsn_task.list",
        request=request,
        purpose=PURPOSE,
        data={"open": count},
    )


@transaction.atomic
def bsn_task_resolve(
    *, actor: User, task: BsnDuplicateTask, request: HttpRequest | None = None
) -> BsnDuplicateTask:
    """Mark a task handled; only a lead of the task's team may, and it is audited."""
    if task.team_id not in access_for(actor).team_ids([Role.TEAM_LEAD]):
        raise PermissionDenied
    task = BsnDuplicateTask.objects.select_for_update().get(pk=task.pk)
    if task.resolved_at is None:
        task.resolved_at = timezone.now()
        task.resolved_by = actor
        task.save(update_fields=["resolved_at", "resolved_by"])
        audit_record(
            actor=actor,
            action="bsn_task.resolve",
            obj=task,
            household_id=task.household_id,
            municipality_code=task.team.municipality.cbs_code,
            request=request,
            purpose=PURPOSE,
        )
    return task
