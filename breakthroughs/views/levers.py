"""The legal-lever suggestions of the proposal page: a self-contained htmx partial (issue 14).

The proposal template includes `partials/lever_slot.html` with one line; the slot asks this view
whenever the blocking scheme, the knelpunt type or the blocking problem changes. The page reads
the household only to know its municipality (404 outside the user's teams); local
precedents are the municipality's earlier decisions as pseudonymised facts; national precedents
come from the last copy of the hub's feed (aggregates only).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET

from breakthroughs import selectors
from breakthroughs.constants import KnelpuntType
from breakthroughs.models import LegalLever
from casework.selectors import households_visible_to
from core.legal_references import article_parts
from core.presentation.money import euro

SUGGESTIONS_ON_PAGE = 5
TEXT_LIMIT = 2000


# The parts of a lever's card that depend on the lever only (title, explanation, conditions, the
# choose button), rendered once per catalogue generation, lever and language.
_STATIC: dict[tuple[int, str, str], tuple[SafeString, ...]] = {}


def _static_parts(lever: LegalLever) -> tuple[SafeString, ...]:
    key = (selectors.catalogue_generation(), lever.code, get_language() or "")
    parts = _STATIC.get(key)
    if parts is None:
        if any(cached[0] != key[0] for cached in _STATIC):
            _STATIC.clear()  # the catalogue was read anew
        html = render_to_string(
            "breakthroughs/partials/lever_static.html",
            # The article as the form's parts, so choosing a lever fills them (levers.js).
            {"lever": lever, "parts": article_parts(lever.article_reference) or {}},
        )
        # Our own template, autoescaped when it was rendered: safe to insert as it is.
        parts = tuple(mark_safe(part) for part in html.split("<!--deel-->\n"))
        _STATIC[key] = parts
    return parts


PRECEDENT_ROW = (
    '<tr class="utrecht-table__row"><td class="utrecht-table__cell">{}</td>'
    '<td class="utrecht-table__cell">{}</td><td class="utrecht-table__cell">{}</td>'
    '<td class="utrecht-table__cell">{}</td></tr>'
)


def _precedent_rows(precedents: list[selectors.Precedent]) -> SafeString:
    """The rows of a precedents table (escaped); up to 25 on a page, so not through the template
    engine, which costs several times more per cell."""
    return format_html_join(
        "",
        PRECEDENT_ROW,
        ((p.decision, euro(p.total_cost), p.goal_reached, p.month_label) for p in precedents),
    )


NATIONAL_ROW = (
    '<tr class="utrecht-table__row"><th class="utrecht-table__cell" scope="row">{}</th>'
    '<td class="utrecht-table__cell numeric">{}</td><td class="utrecht-table__cell numeric">{}</td>'
    '<td class="utrecht-table__cell numeric">{}</td><td class="utrecht-table__cell numeric">{}</td>'
    "</tr>"
)


def _national_rows(cells: list[selectors.NationalPrecedent], knelpunt_type: str) -> SafeString:
    """The rows of the national table, the asked knelpunt type in bold (escaped)."""
    suppressed = gettext("onderdrukt")
    return format_html_join(
        "",
        NATIONAL_ROW,
        (
            (
                format_html("<strong>{}</strong>", cell.knelpunt_label)
                if cell.knelpunt_type == knelpunt_type
                else cell.knelpunt_label,
                cell.municipalities,
                cell.breakthroughs,
                suppressed
                if cell.goal_reached_percent is None
                else f"{cell.goal_reached_percent}%",
                euro(cell.median_cost),
            )
            for cell in cells
        ),
    )


@login_required
@require_GET
def lever_suggestions_view(request: HttpRequest, household_id: int) -> HttpResponse:
    # Only the municipality of a household the user may see (404 otherwise): the suggestions read
    # nothing else of it, so none of its (encrypted) personal fields are loaded.
    municipality_id = (
        households_visible_to(request.user)
        .filter(pk=household_id)
        .values_list("municipality_id", flat=True)
        .first()
    )
    if municipality_id is None:
        raise Http404
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
        municipality_id=municipality_id,
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
    rows = [
        (
            s,
            _precedent_rows(precedents.get(s.lever.article_reference, [])),
            _static_parts(s.lever),
            _national_rows(national.get(s.lever.code, []), knelpunt_type),
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
