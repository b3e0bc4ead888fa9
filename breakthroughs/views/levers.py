"""The legal-lever suggestions of the proposal page: a self-contained htmx partial (issue 14).

The proposal template includes `partials/lever_slot.html` with one line; the slot asks this view
whenever the blocking scheme, the knelpunt type or the blocking problem changes. The page reads
the household only to know its team and municipality (404 outside the user's teams); local
precedents are the municipality's earlier decisions as pseudonymised facts; national precedents
come from the last copy of the hub's feed (aggregates only).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from breakthroughs import selectors
from breakthroughs.constants import KnelpuntType
from casework.selectors import household_get
from core.legal_references import article_parts

SUGGESTIONS_ON_PAGE = 5
TEXT_LIMIT = 2000


@login_required
@require_GET
def lever_suggestions_view(request: HttpRequest, household_id: int) -> HttpResponse:
    household = household_get(user=request.user, household_id=household_id)
    scheme = request.GET.get("regulation_code", "").strip()[:60]
    knelpunt_type = request.GET.get("knelpunt_type", "")
    if knelpunt_type not in KnelpuntType.values:
        knelpunt_type = ""
    text = request.GET.get("blocking_problem", "")[:TEXT_LIMIT]
    asked = bool(scheme or knelpunt_type or text.strip())
    suggestions = (
        selectors.lever_suggestions(
            scheme=scheme, knelpunt_type=knelpunt_type, text=text, limit=SUGGESTIONS_ON_PAGE
        )
        if asked
        else []
    )
    precedents = selectors.lever_precedents(
        municipality_id=household.municipality_id,
        scheme=scheme,
        article_references=[s.lever.article_reference for s in suggestions],
    )
    national, national_fetched = (
        selectors.national_precedents(
            scheme=scheme,
            knelpunt_type=knelpunt_type,
            lever_codes=[s.lever.code for s in suggestions],
        )
        if suggestions and scheme
        else ({}, None)
    )
    # The article as the form's parts, so choosing a lever fills them (static/js/levers.js).
    rows = [
        (
            s,
            precedents.get(s.lever.article_reference, []),
            article_parts(s.lever.article_reference) or {},
            national.get(s.lever.code, []),
        )
        for s in suggestions
    ]
    # A fragment: no request context (navigation, counters), so no queries of the full page.
    html = render_to_string(
        "breakthroughs/partials/lever_suggestions.html",
        {
            "rows": rows,
            "asked": asked,
            "knelpunt_type": knelpunt_type,
            "national_fetched": national_fetched,
        },
    )
    return HttpResponse(html)
