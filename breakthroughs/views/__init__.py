"""The breakthrough pages: propose, detail with the steps, queues, notifications, budgets, dashboard.

Views parse input, call one service or selector and render. Scoping lives in the selectors (404
outside the user's reach); pages for a role the user does not have answer 403. Every write is
POST-redirect-GET with a message; a refused step re-renders the page with the service's message
as an error alert, and nothing changed.
"""

from __future__ import annotations

from breakthroughs.views.budgets import pot_create_view, pot_edit_view, pot_list_view
from breakthroughs.views.common import (
    GOAL_COLOURS,
    PAGE_SIZE,
    STATUS_BADGE,
    STEP_BUTTON,
)
from breakthroughs.views.levers import lever_suggestions_view
from breakthroughs.views.listing import (
    breakthrough_list_view,
    case_section_view,
    dashboard_view,
    notification_list_view,
    notification_read_all_view,
    notification_read_view,
    queue_view,
)
from breakthroughs.views.proposals import (
    breakthrough_edit_view,
    comparison_view,
    proposal_create_view,
)
from breakthroughs.views.review import breakthrough_detail_view, breakthrough_step_view

__all__ = [
    "GOAL_COLOURS",
    "PAGE_SIZE",
    "STATUS_BADGE",
    "STEP_BUTTON",
    "breakthrough_detail_view",
    "breakthrough_edit_view",
    "breakthrough_list_view",
    "breakthrough_step_view",
    "case_section_view",
    "comparison_view",
    "dashboard_view",
    "lever_suggestions_view",
    "notification_list_view",
    "notification_read_all_view",
    "notification_read_view",
    "pot_create_view",
    "pot_edit_view",
    "pot_list_view",
    "proposal_create_view",
    "queue_view",
]
