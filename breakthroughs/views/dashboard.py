"""The breakthroughs' panels on the home page: the professional's own proposals and
notifications, and the queue waiting for the team lead's or the board's decision."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from breakthroughs import selectors
from breakthroughs.services import record_queue_read
from breakthroughs.views.common import STATUS_BADGE
from core.permissions import access_for


def my_breakthroughs_panel(request: HttpRequest) -> str:
    items = selectors.my_open_breakthroughs(user=request.user)
    for item in items:
        item.badge = STATUS_BADGE.get(item.status, "info")
    notifications = list(selectors.notifications_for(user=request.user, unread_only=True)[:5])
    return render_to_string(
        "breakthroughs/partials/dashboard_mine.html",
        {
            "items": items,
            "notifications": notifications,
            "unread": selectors.unread_count(request.user),
            "now": timezone.now(),
        },
        request=request,
    )


def decisions_panel(request: HttpRequest) -> str:
    access = access_for(request)
    now = timezone.now()
    queue = (
        selectors.team_queue(user=request.user, now=now, access=access)
        if access.is_team_lead
        else selectors.board_queue(user=request.user, now=now, access=access)
    )
    total = queue.count()
    items = selectors.queue_rows(queue[: selectors.WORKLIST_SHOWN], now=now)
    # The panel shows each proposal's need: one audit row each, as on the queue page.
    record_queue_read(actor=request.user, items=items, request=request)
    return render_to_string(
        "breakthroughs/partials/dashboard_decisions.html",
        {"items": items, "total": total, "show_mandate": access.is_team_lead},
        request=request,
    )
