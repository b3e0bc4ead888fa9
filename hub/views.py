"""The hub's public pages: national tables and trends, and the open-data CSV export.

Only anonymised aggregates over the current revision of every municipality's report are shown
(`hub.services.national_table`). A suppressed municipal cell is not a zero: it is left out of the
national sum and counted, so a reader knows the sum is a lower bound. No municipality-level cell
is shown or exported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.legal_references import knelpunt_anchor
from core.presentation.charts import bar_chart
from core.presentation.money import MISSING as DASH
from core.presentation.money import euro
from hub.feeds import may_edit_knelpunten, national_knelpunten
from hub.models import ReceivedReport
from hub.services import national_costed_proposals, national_table
from signals.reporting.builder import (
    KNELPUNT_TYPE_LABELS,
    KNELPUNT_TYPES,
    THEME_LABELS,
    THEMES,
    csv_cell,
)

TABLES = {
    "theme": gettext_lazy("thema"),
    "regulation": gettext_lazy("regeling"),
    "knelpunt": gettext_lazy("soort knelpunt"),
}
PERIODS_SHOWN = 8
SERIES_COLOURS = ("#01689b", "#a90061", "#39870c", "#8a4b00", "#42145f", "#222222", "#007bc7")


def period_label(start: date, end: date) -> str:
    """2026Q3, 2026-07, 2026, or start/end for another span."""
    if (
        (start.month, start.day) == (1, 1)
        and (end.month, end.day) == (12, 31)
        and (start.year == end.year)
    ):
        return str(start.year)
    if start.day == 1 and start.year == end.year:
        next_day = date.fromordinal(end.toordinal() + 1)
        if next_day.day == 1:
            months = (next_day.year - start.year) * 12 + next_day.month - start.month
            if months == 1:
                return f"{start.year}-{start.month:02d}"
            if months == 3 and start.month in (1, 4, 7, 10):
                return f"{start.year}Q{(start.month - 1) // 3 + 1}"
    return f"{start.isoformat()}/{end.isoformat()}"


def merged_table(table: str, since: date | None = None) -> list[dict[str, Any]]:
    """National sums per period and key (aggregated in SQL by the hub service)."""
    return national_table(table=table, since=since)


def _key_label(table: str, key: str, label: str) -> str:
    # The report format's Dutch names, translated through the catalogue of the choices' labels.
    if table == "theme":
        return _(THEME_LABELS[key]) if key in THEME_LABELS else key
    if table == "knelpunt":
        return _(KNELPUNT_TYPE_LABELS[key]) if key in KNELPUNT_TYPE_LABELS else key
    code, _sep, article = key.partition("|")
    name = label or code
    return f"{name} ({article})" if article and article != "-" else name


def _key_order(table: str, keys: set[str]) -> list[str]:
    fixed = {"theme": THEMES, "knelpunt": KNELPUNT_TYPES}.get(table)
    if fixed:
        return [key for key in fixed if key in keys] + sorted(keys - set(fixed))
    return sorted(keys)


def _count_text(value: int | None, suppressed: int) -> str:
    text = DASH if value is None else f"{value:,}".replace(",", ".")
    if suppressed:
        text += " " + _("(+%(n)s onderdrukt)") % {"n": suppressed}
    return text


def line_chart(
    *, chart_id: str, title: str, periods: Sequence[str], series: Sequence[tuple[str, list[int]]]
) -> dict[str, Any]:
    """Geometry of a line chart with one line per series over the periods."""
    left, right, top, bottom, width, height = 56, 16, 12, 36, 640, 260
    plot_w, plot_h = width - left - right, height - top - bottom
    maximum = max([value for _name, values in series for value in values] or [0]) or 1
    step = plot_w / max(len(periods) - 1, 1)

    def x(index: int) -> float:
        return round(left + (index * step if len(periods) > 1 else plot_w / 2), 1)

    def y(value: int) -> float:
        return round(top + plot_h - plot_h * value / maximum, 1)

    lines = []
    for index, (name, values) in enumerate(series):
        points = [(x(i), y(value)) for i, value in enumerate(values)]
        lines.append(
            {
                "name": name,
                "colour": SERIES_COLOURS[index % len(SERIES_COLOURS)],
                "swatch": index % len(SERIES_COLOURS),
                "points": " ".join(f"{px},{py}" for px, py in points),
                "markers": points,
                "summary": ", ".join(
                    f"{period}: {value}" for period, value in zip(periods, values, strict=True)
                ),
            }
        )
    ticks = [
        {"y": y(round(maximum * fraction)), "label": round(maximum * fraction)}
        for fraction in (0, 0.25, 0.5, 0.75, 1)
    ]
    return {
        "id": chart_id,
        "title": title,
        "width": width,
        "height": height,
        "left": left,
        "right_x": width - right,
        "axis_y": top + plot_h,
        "label_y": height - 12,
        "ticks": ticks,
        "period_labels": [{"x": x(i), "label": label} for i, label in enumerate(periods)],
        "lines": lines,
    }


def _dimension(table: str) -> dict[str, Any]:
    rows = merged_table(table)
    period_keys = sorted({(row["period_start"], row["period_end"]) for row in rows})[
        -PERIODS_SHOWN:
    ]
    labels = [period_label(start, end) for start, end in period_keys]
    shown = [row for row in rows if (row["period_start"], row["period_end"]) in period_keys]
    by_key: dict[str, dict[tuple[date, date], dict[str, Any]]] = {}
    names: dict[str, str] = {}
    for row in shown:
        by_key.setdefault(row["key"], {})[(row["period_start"], row["period_end"])] = row
        names.setdefault(row["key"], _key_label(table, row["key"], row["label"]))
    keys = _key_order(table, set(by_key))
    trend = []
    for key in keys:
        cells = []
        for period in period_keys:
            row = by_key[key].get(period)
            cells.append(_count_text(row["breakthroughs"], row["suppressed"]) if row else DASH)
        trend.append({"label": names[key], "cells": cells})
    latest = period_keys[-1] if period_keys else None
    latest_rows = []
    if latest:
        for key in keys:
            row = by_key[key].get(latest)
            if row is None:
                continue
            latest_rows.append(
                {
                    "label": names[key],
                    "municipalities": row["municipalities"],
                    "breakthroughs": _count_text(row["breakthroughs"], 0),
                    "households": _count_text(row["households"], 0),
                    "amount": euro(row["amount_eur"]) if row["amount_eur"] is not None else DASH,
                    "suppressed": row["suppressed"],
                    "value": row["breakthroughs"],
                }
            )
    return {
        "table": table,
        "name": TABLES[table],
        "periods": labels,
        "trend": trend,
        "latest_label": labels[-1] if labels else "",
        "latest": latest_rows,
        "series": [
            (
                names[key],
                [
                    (by_key[key].get(period) or {}).get("breakthroughs") or 0
                    for period in period_keys
                ],
            )
            for key in keys
        ],
    }


def national_view(request: HttpRequest) -> HttpResponse:
    dimensions = [_dimension(table) for table in TABLES]
    theme, regulation, knelpunt = dimensions
    charts = {
        "theme": line_chart(
            chart_id="hub-thema",
            title=_("Doorbraken per thema per periode (landelijk)"),
            periods=theme["periods"],
            series=theme["series"],
        ),
        "knelpunt": bar_chart(
            chart_id="hub-knelpunt",
            title=_("Doorbraken per soort knelpunt in %(period)s (landelijk)")
            % {"period": knelpunt["latest_label"]},
            rows=[(row["label"], row["value"], row["breakthroughs"]) for row in knelpunt["latest"]],
        ),
        "regulation": bar_chart(
            chart_id="hub-regeling",
            title=_("Doorbraken per regeling in %(period)s (landelijk)")
            % {"period": regulation["latest_label"]},
            rows=[
                (row["label"], row["value"], row["breakthroughs"]) for row in regulation["latest"]
            ],
        ),
    }
    reporting = [
        {"period": period_label(row["period_start"], row["period_end"]), "n": row["n"]}
        for row in ReceivedReport.objects.filter(current=True)
        .values("period_start", "period_end")
        .annotate(n=Count("id"))
        .order_by("period_start", "period_end")
    ][-PERIODS_SHOWN:]
    return render(
        request,
        "hub/national.html",
        {
            "dimensions": dimensions,
            "theme": theme,
            "regulation": regulation,
            "knelpunt": knelpunt,
            "charts": charts,
            "reporting": reporting,
            "tables": TABLES,
            "knelpunten": [
                {**row, "anchor": knelpunt_anchor(row["regulation_code"], row["article"])}
                for row in national_knelpunten()
            ],
            "may_edit_knelpunten": may_edit_knelpunten(request.user),
            "costed_proposals": costed_proposal_rows(),
        },
    )


def costed_proposal_rows() -> list[dict[str, Any]]:
    """The national costed proposals (report version 2) per knelpunt type, labelled."""
    return [
        {**row, "label": _(KNELPUNT_TYPE_LABELS.get(row["knelpunt_type"], row["knelpunt_type"]))}
        for row in national_costed_proposals()
    ]


EXPORT_COLUMNS = (
    "period",
    "period_start",
    "period_end",
    "key",
    "label",
    "municipalities_reporting",
    "breakthroughs",
    "households",
    "amount_eur",
    "suppressed_cells",
)


def export_view(request: HttpRequest) -> HttpResponse:
    """Open data: national sums per period and key, and how many municipalities reported."""
    table = request.GET.get("table", "")
    if table not in TABLES:
        return HttpResponseBadRequest(
            _("Kies een tabel: table=theme, table=regulation of table=knelpunt.").encode(),
            content_type="text/plain; charset=utf-8",
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in merged_table(table):
        amount = row["amount_eur"]
        writer.writerow(
            [
                csv_cell(value)
                for value in (
                    period_label(row["period_start"], row["period_end"]),
                    row["period_start"].isoformat(),
                    row["period_end"].isoformat(),
                    row["key"],
                    row["label"],
                    row["municipalities"],
                    row["breakthroughs"],
                    row["households"],
                    None if amount is None else f"{Decimal(amount):.2f}",
                    row["suppressed"],
                )
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="doorbraak-landelijk-{table}.csv"'
    return response
