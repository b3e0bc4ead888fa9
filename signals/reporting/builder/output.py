"""Rendering of disclosure-controlled rows and suppressed cells as the JSON values of the report."""

from __future__ import annotations

from typing import Any

from signals.reporting.builder.aggregation import RegulationRow, SignalRow
from signals.reporting.builder.formats import money_string
from signals.reporting.disclosure import DisclosureRow, SuppressedCell


def published_cells(row: DisclosureRow) -> dict[str, Any]:
    """The row's cells as JSON values; all null when the row is suppressed."""
    out: dict[str, Any] = {}
    for column, value in row.values.items():
        if row.status != "published":
            out[column] = None
        elif column.endswith("_eur"):
            out[column] = money_string(value)
        else:
            out[column] = value
    return out


def regulation_output(row: DisclosureRow) -> dict[str, Any]:
    if not isinstance(row, RegulationRow):
        raise TypeError("by_regulation row without labels")
    code, article = row.key.split("|", 1)
    return {
        "regulation_code": code,
        "regulation_name": row.regulation_name,
        "article": article,
        "body": row.body,
        **published_cells(row),
    }


def signal_output(row: DisclosureRow) -> dict[str, Any]:
    if not isinstance(row, SignalRow) or row.signal is None:
        raise TypeError("signals row without its signal")
    signal = row.signal
    return {
        "signal_id": str(signal.signal_id),
        "regulation_code": signal.regulation_code,
        "article": signal.article,
        "body": signal.body,
        "knelpunt_type": signal.knelpunt_type,
        "theme": signal.theme,
        "description": signal.description,
        "proposed_fix": signal.proposed_fix,
        "workaround": signal.workaround,
        **published_cells(row),
        "status": signal.status,
        "first_seen": signal.first_seen.isoformat(),
        "route": signal.route,
    }


def output_cell(cell: SuppressedCell) -> dict[str, str]:
    if cell.table == "escalation":  # one object: the row is the object, the column the field
        return {
            "table": "escalation",
            "row": "escalation",
            "column": cell.row,
            "reason": cell.reason,
        }
    return {"table": cell.table, "row": cell.row, "column": cell.column, "reason": cell.reason}
