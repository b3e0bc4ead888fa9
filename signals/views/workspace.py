"""The policy officer's signal workspace: decided breakthroughs grouped by knelpunt."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from breakthroughs.constants import KnelpuntType, Theme
from regulations.selectors import regulation_names
from signals.selectors import (
    PseudonymisedRow,
    grouped_breakthroughs,
    officer_municipality,
    officer_signals,
    pseudonymised_rows,
)
from signals.services import record_breakthroughs_shown
from signals.views.common import euro, national_counterparts, signal_summary

GROUP_ROWS_SHOWN = 100


# --- workspace -----------------------------------------------------------------------------


def _group_label(regulation: str, article: str, *, names: dict[str, str]) -> str:
    """A group by the regulation's name, as people know it, not by its code."""
    if not regulation:
        return _("(geen regeling)")
    return f"{names.get(regulation, regulation)} {article}".strip()


@login_required
def workspace_view(request: HttpRequest) -> HttpResponse:
    municipality = officer_municipality(request)
    rows = pseudonymised_rows(municipality=municipality)
    by_group: dict[tuple[str, str, str, str], list[PseudonymisedRow]] = {}
    for row in rows:
        by_group.setdefault(row.group_key, []).append(row)
    themes, knelpunten = dict(Theme.choices), dict(KnelpuntType.choices)
    names = regulation_names()
    groups = []
    for group in grouped_breakthroughs(municipality=municipality):
        key = (
            group["regulation_code"] or "",
            group["article"] or "",
            group["knelpunt_type"] or "",
            group["theme"],
        )
        members = by_group.get(key, [])
        groups.append(
            {
                **group,
                "label": _group_label(key[0], key[1], names=names),
                "theme_label": themes.get(group["theme"], group["theme"]),
                "knelpunt_label": knelpunten.get(group["knelpunt_type"] or "", _("(onbekend)")),
                "amount_text": euro(group["amount"]),
                "avoided_text": euro(group["avoided"]),
                "create_url": reverse("signals:create")
                + "?"
                + urlencode(
                    {"regeling": key[0], "artikel": key[1], "knelpunt": key[2], "thema": key[3]}
                ),
                "rows": members[:GROUP_ROWS_SHOWN],
                "more": max(len(members) - GROUP_ROWS_SHOWN, 0),
            }
        )
    signals = officer_signals(municipalities=[municipality])
    record_breakthroughs_shown(
        actor=request.user,
        municipality=municipality,
        rows=[row for group in groups for row in group["rows"]],
        request=request,
        page="workspace",
    )
    national = national_counterparts(list(signals))
    return render(
        request,
        "signals/workspace.html",
        {
            "municipality": municipality,
            "groups": groups,
            "suggested": [group for group in groups if group["suggested"]],
            "signals": [
                {**signal_summary(signal), **national.get(signal.pk, {})} for signal in signals
            ],
            "total": len(rows),
        },
    )
