"""The policy officer's panel on the home page: what is new since the last signal report."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from regulations.selectors import regulation_names
from signals.selectors import new_since_last_report, officer_municipality


def new_since_report_panel(request: HttpRequest) -> str:
    municipality = officer_municipality(request)
    news = new_since_last_report(municipality=municipality)
    names = regulation_names()
    knelpunten = [
        {"label": f"{names.get(code, code)} {article}".strip(), "count": count}
        for code, article, count in news.knelpunten
    ]
    return render_to_string(
        "signals/partials/dashboard_new.html",
        {"news": news, "knelpunten": knelpunten, "municipality": municipality},
        request=request,
    )
