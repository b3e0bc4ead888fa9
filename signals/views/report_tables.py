"""The periodic report's content as display tables and charts, with suppression."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from breakthroughs.constants import KnelpuntType, Theme
from signals.constants import SignalStatus
from signals.views.common import DASH, bar_chart, euro


def _suppression(content: dict[str, Any]) -> dict[tuple[str, str, str], str]:
    return {
        (cell["table"], cell["row"], cell["column"]): cell["reason"]
        for cell in content["disclosure_control"]["suppressed_cells"]
    }


COUNT_COLUMNS = frozenset(
    {"breakthroughs", "households", "households_affected", "households_helped"}
)


def _cell(
    suppressed: dict[tuple[str, str, str], str],
    table: str,
    row: str,
    column: str,
    value: Any,
) -> dict[str, Any]:
    if value is not None:
        text = euro(value) if column.endswith("_eur") else str(value)
        return {"text": text, "state": "published"}
    reason = suppressed.get((table, row, column))
    if reason is None:
        return {"text": DASH, "state": "unknown", "note": _("niet bekend")}
    if reason == "primary" and column in COUNT_COLUMNS:
        return {"text": "< 10", "state": "suppressed", "note": _("onderdrukt")}
    return {"text": _("onderdrukt"), "state": "suppressed", "note": ""}


def report_view_tables(content: dict[str, Any]) -> dict[str, Any]:
    """The report's tables as display rows: published values, '< 10' or 'onderdrukt'."""
    suppressed = _suppression(content)
    themes, knelpunten = dict(Theme.choices), dict(KnelpuntType.choices)
    statuses = dict(SignalStatus.choices)

    def cells(table: str, row: str, item: dict[str, Any], columns: Sequence[str]) -> list[Any]:
        return [_cell(suppressed, table, row, column, item[column]) for column in columns]

    totals = content["totals"]
    money = ("breakthroughs", "households", "amount_eur", "avoided_cost_eur")
    escalation = content["escalation"]
    return {
        "totals": cells("totals", "totals", totals, money),
        "by_theme": [
            {
                "label": themes.get(item["theme"], item["theme"]),
                "cells": cells("by_theme", item["theme"], item, money),
            }
            for item in content["by_theme"]
        ],
        "by_regulation": [
            {
                "label": item["regulation_name"],
                "code": item["regulation_code"],
                "article": item["article"],
                "body": item["body"],
                "cells": cells(
                    "by_regulation",
                    f"{item['regulation_code']}|{item['article']}",
                    item,
                    money[:3],
                ),
            }
            for item in content["by_regulation"]
        ],
        "by_knelpunt_type": [
            {
                "label": knelpunten.get(item["knelpunt_type"], item["knelpunt_type"]),
                "cells": cells("by_knelpunt_type", item["knelpunt_type"], item, money[:2]),
            }
            for item in content["by_knelpunt_type"]
        ],
        "signals": [
            {
                **item,
                "theme_label": themes.get(item["theme"], item["theme"]),
                "knelpunt_label": knelpunten.get(item["knelpunt_type"], item["knelpunt_type"]),
                "status_label": statuses.get(item["status"], item["status"]),
                "cells": cells(
                    "signals",
                    item["signal_id"],
                    item,
                    ("households_affected", "bridging_cost_eur", "avoided_cost_eur"),
                ),
            }
            for item in content["signals"]
        ],
        "non_take_up": [
            {
                "code": item["regulation_code"],
                "cells": cells(
                    "non_take_up", item["regulation_code"], item, ("households", "est_monthly_eur")
                ),
            }
            for item in content["non_take_up"]
        ],
        "escalation": [
            (
                _("Besloten in het team"),
                _cell(
                    suppressed,
                    "escalation",
                    "escalation",
                    "decided_in_team",
                    escalation["decided_in_team"],
                ),
            ),
            (
                _("Doorgezet naar het doorbraakteam"),
                _cell(
                    suppressed,
                    "escalation",
                    "escalation",
                    "escalated_to_board",
                    escalation["escalated_to_board"],
                ),
            ),
            (
                _("Mediaan werkdagen tot besluit"),
                _cell(
                    suppressed,
                    "escalation",
                    "escalation",
                    "median_days_to_decision",
                    escalation["median_days_to_decision"],
                ),
            ),
        ],
        "suppressed_count": len(content["disclosure_control"]["suppressed_cells"]),
        "min_cell": content["disclosure_control"]["min_cell"],
    }


def report_charts(content: dict[str, Any]) -> list[dict[str, Any]]:
    themes, knelpunten = dict(Theme.choices), dict(KnelpuntType.choices)
    suppressed = _suppression(content)

    def row(table: str, key: str, label: str, value: int | None) -> tuple[str, int | None, str]:
        return (label, value, _cell(suppressed, table, key, "breakthroughs", value)["text"])

    return [
        bar_chart(
            chart_id="grafiek-thema",
            title=_("Doorbraken per thema"),
            rows=[
                row(
                    "by_theme",
                    item["theme"],
                    str(themes.get(item["theme"], item["theme"])),
                    item["breakthroughs"],
                )
                for item in content["by_theme"]
            ],
        ),
        bar_chart(
            chart_id="grafiek-knelpunt",
            title=_("Doorbraken per soort knelpunt"),
            rows=[
                row(
                    "by_knelpunt_type",
                    item["knelpunt_type"],
                    str(knelpunten.get(item["knelpunt_type"], item["knelpunt_type"])),
                    item["breakthroughs"],
                )
                for item in content["by_knelpunt_type"]
            ],
        ),
    ]


def costed_proposal_view_rows(content: dict[str, Any]) -> list[dict[str, Any]]:
    """Version 2: per signal its costed proposal (reform, cost per year, households helped)."""
    suppressed = _suppression(content)
    knelpunt_of = {item["signal_id"]: item["knelpunt_type"] for item in content["signals"]}
    knelpunten = dict(KnelpuntType.choices)
    return [
        {
            **item,
            "knelpunt_label": knelpunten.get(knelpunt_of.get(item["signal_id"], ""), ""),
            "cells": [
                _cell(suppressed, "costed_proposals", item["signal_id"], column, item[column])
                for column in ("cost_yearly_eur", "households_helped")
            ],
        }
        for item in content.get("costed_proposals", [])
    ]
