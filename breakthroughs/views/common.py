"""Shared pieces of the breakthrough pages: badges, role checks, audit and paging."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest

from breakthroughs import charts
from breakthroughs.constants import GoalReached, Status
from breakthroughs.workflow import Step
from casework.models import Household
from core.audit import audit_record
from core.permissions import Access, access_for

PAGE_SIZE = 25
AUDIT_PURPOSE = "doorbraak"
STATUS_BADGE = {
    Status.DRAFT: "info",
    Status.SUBMITTED: "info",
    Status.ESCALATED: "warn",
    Status.APPROVED: "ok",
    Status.REJECTED: "error",
    Status.WITHDRAWN: "info",
    Status.CARRIED_OUT: "ok",
    Status.EVALUATED: "ok",
}
GOAL_COLOURS = {
    GoalReached.YES: charts.GREEN,
    GoalReached.PARTLY: charts.AMBER,
    GoalReached.NO: charts.RED,
}
# The buttons of a step: decisions that end the case in red, the rest neutral.
STEP_BUTTON = {
    Step.APPROVE: "primary-action",
    Step.SUBMIT: "primary-action",
    Step.CARRY_OUT: "primary-action",
    Step.EVALUATE: "primary-action",
    Step.ESCALATE: "secondary-action",
    Step.REJECT: "secondary-action",
    Step.WITHDRAW: "subtle",
}


# --- helpers ------------------------------------------------------------------------------


def _require(request: HttpRequest, *roles: str) -> Access:
    access = access_for(request)
    if not access.has_role(*roles):
        raise PermissionDenied
    return access


def _audit_read(
    request: HttpRequest, *, action: str, household_id: int, obj: Any = None, data: Any = None
) -> None:
    """One audit row for a read of `obj` (a breakthrough or a household), in its municipality.

    The municipality is the one the data belongs to, not one of the reader's memberships: a user
    with memberships in several municipalities reads each one's cases under that municipality.
    """
    municipality = getattr(obj, "municipality", None)
    if municipality is None:
        municipality = (
            Household.objects.select_related("municipality").get(pk=household_id).municipality
        )
    audit_record(
        actor=request.user,
        action=action,
        obj=obj,
        household_id=household_id,
        municipality_code=municipality.cbs_code,
        request=request,
        purpose=AUDIT_PURPOSE,
        data=data,
    )


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _comparison(
    *, doormodderen: Decimal | None, cost: Decimal | None, avoided: Decimal | None
) -> dict[str, Any]:
    """Doormodderen or doorbreken: the figures side by side."""
    doormodderen = doormodderen or Decimal("0")
    cost = cost or Decimal("0")
    avoided = avoided or Decimal("0")
    return {
        "doormodderen": doormodderen,
        "cost": cost,
        "avoided": avoided,
        "balance": avoided - cost,
    }
