"""The overview pages: breakthrough list, queues, notifications, dashboard, case section."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from breakthroughs import selectors
from breakthroughs.constants import Status
from breakthroughs.services import record_list, record_queue, record_queue_read, record_read
from breakthroughs.views.common import (
    GOAL_COLOURS,
    STATUS_BADGE,
    paginate,
    require_role,
)
from casework.selectors import household_get
from core.models import Role
from core.permissions import access_for
from core.presentation import charts
from core.presentation.dates import MONTH_ABBREVIATIONS, month_name
from core.presentation.money import euro

# --- list ---------------------------------------------------------------------------------


@login_required
def breakthrough_list_view(request: HttpRequest) -> HttpResponse:
    require_role(request, Role.PROFESSIONAL, Role.TEAM_LEAD)
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    page = paginate(
        request,
        selectors.breakthrough_list(user=request.user, status=status, access=access_for(request)),
    )
    for item in page.object_list:
        item.badge = STATUS_BADGE.get(item.status, "info")
    # The list shows household names: who looked, and with which filters (never their values).
    record_list(actor=request.user, request=request, filters=["status"] if status else [])
    return render(
        request,
        "breakthroughs/list.html",
        {
            "page": page,
            "status": status,
            "statuses": Status.choices,
            "badges": STATUS_BADGE,
            "unread": selectors.unread_count(request.user),
            "query": f"status={status}" if status else "",
        },
    )


# --- queues and notifications ------------------------------------------------------------


@login_required
def queue_view(request: HttpRequest) -> HttpResponse:
    access = require_role(request, Role.TEAM_LEAD, Role.BOARD_MEMBER)
    now = timezone.now()
    team = (
        selectors.queue_rows(
            selectors.team_queue(user=request.user, now=now, access=access), now=now
        )
        if access.is_team_lead
        else None
    )
    board = (
        selectors.queue_rows(
            selectors.board_queue(user=request.user, now=now, access=access), now=now
        )
        if access.has_role(Role.BOARD_MEMBER)
        else None
    )
    # The queues show household names: a read of personal data.
    record_queue(
        actor=request.user,
        request=request,
        queues=[name for name, queue in (("team", team), ("board", board)) if queue is not None],
    )
    # The queue shows each proposal's need, case content of the household: one audit row each.
    record_queue_read(actor=request.user, items=[*(team or []), *(board or [])], request=request)
    return render(
        request,
        "breakthroughs/queue.html",
        {
            "team_queue": team,
            "board_queue": board,
            "unread": selectors.unread_count(request.user),
        },
    )


@login_required
def notification_list_view(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("ongelezen") == "1"
    items = selectors.notifications_for(user=request.user, unread_only=unread_only)
    return render(
        request,
        "breakthroughs/notifications.html",
        {
            "page": paginate(request, items),
            "unread_only": unread_only,
            "query": "ongelezen=1" if unread_only else "",
        },
    )


@login_required
@require_POST
def notification_read_view(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = get_object_or_404(
        selectors.notifications_for(user=request.user), pk=notification_id
    )
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect("breakthroughs:notifications")


@login_required
@require_POST
def notification_read_all_view(request: HttpRequest) -> HttpResponse:
    count = selectors.notifications_for(user=request.user, unread_only=True).update(
        read_at=timezone.now()
    )
    messages.success(request, _("%(count)s meldingen als gelezen gemarkeerd.") % {"count": count})
    return redirect("breakthroughs:notifications")


# --- dashboard ----------------------------------------------------------------------------


@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    access = require_role(request, Role.TEAM_LEAD)
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("jaar") or this_year)
    except ValueError:
        year = this_year
    if not 2000 <= year <= this_year + 1:
        year = this_year
    board = selectors.dashboard_for(user=request.user, year=year, access=access)
    for row in board.spend_by_month:
        row["label"] = month_name(row["month"])
    status_chart = charts.horizontal_bars(
        chart_id="grafiek-status",
        title=_("Doorbraken per status, %(year)s") % {"year": year},
        description=_("Aantal doorbraken die in %(year)s zijn aangemaakt, per huidige status.")
        % {"year": year},
        rows=[(row["label"], row["count"], charts.BLUE, "") for row in board.by_status],
    )
    spend_chart = charts.spend_against_budget(
        chart_id="grafiek-besteding",
        title=_("Besteding tegen budget per maand, %(year)s") % {"year": year},
        description=_(
            "Staven: toegekend bedrag per maand. Lijn: totaal tot en met die maand. "
            "Stippellijn: het budget van het jaar (%(budget)s)."
        )
        % {"budget": euro(board.budget_total, cents=False)},
        months=[
            (MONTH_ABBREVIATIONS[row["month"] - 1], row["amount"], row["cumulative"])
            for row in board.spend_by_month
        ],
        budget=board.budget_total,
        legend=[
            _("Toegekend in de maand"),
            _("Totaal tot en met de maand"),
            _("Budget van het jaar"),
        ],
    )
    outcome_chart = charts.horizontal_bars(
        chart_id="grafiek-uitkomsten",
        title=_("Uitkomsten van evaluaties, %(year)s") % {"year": year},
        description=_("Is het doel op korte termijn bereikt: ja, gedeeltelijk of nee."),
        rows=[
            (row["label"], row["count"], GOAL_COLOURS[row["goal"]], "") for row in board.outcomes
        ],
    )
    return render(
        request,
        "breakthroughs/dashboard.html",
        {
            "board": board,
            "year": year,
            "years": list(range(this_year - 4, this_year + 1)),
            "status_chart": status_chart,
            "spend_chart": spend_chart,
            "outcome_chart": outcome_chart,
            "remaining": board.budget_total - board.spend_total,
        },
    )


# --- case section (htmx) --------------------------------------------------------------------


@login_required
def case_section_view(request: HttpRequest, household_id: int) -> HttpResponse:
    household = household_get(user=request.user, household_id=household_id)
    items = list(selectors.household_breakthroughs(household_id=household.pk))
    for item in items:
        item.badge = STATUS_BADGE.get(item.status, "info")
    record_read(
        actor=request.user,
        request=request,
        action="breakthrough.list",
        household_id=household.pk,
        obj=household,
        data={"for": "dossier"},
    )
    context = {
        "household": household,
        "items": items,
        "badges": STATUS_BADGE,
        "propose_url": reverse("breakthroughs:propose", args=[household.pk]),
    }
    template = (
        "breakthroughs/partials/case_section.html"
        if getattr(request, "htmx", False)
        else "breakthroughs/case_section_page.html"
    )
    return render(request, template, context)
