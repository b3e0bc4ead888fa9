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

from breakthroughs import charts, selectors
from breakthroughs.constants import Status
from breakthroughs.views.common import (
    AUDIT_PURPOSE,
    GOAL_COLOURS,
    STATUS_BADGE,
    _audit_read,
    _page,
    _require,
)
from casework.selectors import household_get
from core.audit import audit_record, audit_record_many
from core.models import Role
from core.permissions import access_for

# --- list ---------------------------------------------------------------------------------


@login_required
def breakthrough_list_view(request: HttpRequest) -> HttpResponse:
    _require(request, Role.PROFESSIONAL, Role.TEAM_LEAD)
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    page = _page(
        request,
        selectors.breakthrough_list(user=request.user, status=status, access=access_for(request)),
    )
    for item in page.object_list:
        item.badge = STATUS_BADGE.get(item.status, "info")
    # The list shows household names: who looked, and with which filters (never their values).
    audit_record(
        actor=request.user,
        action="breakthrough.list",
        request=request,
        purpose=AUDIT_PURPOSE,
        data={"filters": ["status"] if status else []},
    )
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
    access = _require(request, Role.TEAM_LEAD, Role.BOARD_MEMBER)
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
    # The queue shows each proposal's need, case content of the household: one audit row each.
    audit_record_many(
        actor=request.user,
        action="breakthrough.queue.read",
        rows=[
            (item, item.household_id, item.municipality.cbs_code)
            for item in {i.pk: i for i in [*(team or []), *(board or [])]}.values()
        ],
        request=request,
        purpose=AUDIT_PURPOSE,
    )
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
            "page": _page(request, items),
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
    access = _require(request, Role.TEAM_LEAD)
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("jaar") or this_year)
    except ValueError:
        year = this_year
    if not 2000 <= year <= this_year + 1:
        year = this_year
    board = selectors.dashboard_for(user=request.user, year=year, access=access)
    for row in board.spend_by_month:
        row["label"] = charts.MONTH_NAMES[row["month"] - 1]
    status_chart = charts.horizontal_bars(
        chart_id="grafiek-status",
        title=_("Doorbraken per status, %(year)s") % {"year": year},
        description=_("Aantal doorbraken die in %(year)s zijn aangemaakt, per huidige status.")
        % {"year": year},
        bars=[charts.Bar(row["label"], row["count"]) for row in board.by_status],
    )
    spend_chart = charts.spend_against_budget(
        chart_id="grafiek-besteding",
        title=_("Besteding tegen budget per maand, %(year)s") % {"year": year},
        description=_(
            "Staven: toegekend bedrag per maand. Lijn: totaal tot en met die maand. "
            "Stippellijn: het budget van het jaar (%(budget)s)."
        )
        % {"budget": charts.euro(board.budget_total)},
        months=board.spend_by_month,
        budget=board.budget_total,
    )
    outcome_chart = charts.horizontal_bars(
        chart_id="grafiek-uitkomsten",
        title=_("Uitkomsten van evaluaties, %(year)s") % {"year": year},
        description=_("Is het doel op korte termijn bereikt: ja, gedeeltelijk of nee."),
        bars=[
            charts.Bar(row["label"], row["count"], GOAL_COLOURS[row["goal"]])
            for row in board.outcomes
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
            "months": charts.MONTHS,
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
    _audit_read(
        request,
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
