"""Shared pieces of the breakthrough pages: badges, role checks and paging (reads are audited by
`breakthroughs.services.record_read`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _

from breakthroughs.constants import GoalReached, Status
from breakthroughs.models import BudgetPot
from breakthroughs.workflow import Step
from core.permissions import Access, access_for
from core.presentation import charts as chart_colours
from core.presentation.charts import DARK_BLUE, stacked_bar
from core.presentation.money import euro

PAGE_SIZE = 25
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
    GoalReached.YES: chart_colours.GREEN,
    GoalReached.PARTLY: chart_colours.AMBER,
    GoalReached.NO: chart_colours.RED,
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


def require_role(request: HttpRequest, *roles: str) -> Access:
    access = access_for(request)
    if not access.has_role(*roles):
        raise PermissionDenied
    return access


def paginate(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def cost_comparison(
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


def pot_chart(pot: BudgetPot) -> dict[str, Any]:
    """The stacked bar of one pot (spent, committed; the rest is what remains), for
    `core/charts/stacked_bar.html`; the page shows the same figures beside it."""
    title = _("Uitgegeven %(spent)s, vastgelegd %(committed)s, resterend %(remaining)s") % {
        "spent": euro(pot.spent, cents=False),
        "committed": euro(pot.committed, cents=False),
        "remaining": euro(pot.amount - pot.committed - pot.spent, cents=False),
    }
    return stacked_bar(
        chart_id=f"pot-{pot.pk}",
        title=title,
        segments=[(pot.spent, DARK_BLUE), (pot.committed, chart_colours.BLUE)],
        total=max(pot.amount, pot.committed + pot.spent),
    )
