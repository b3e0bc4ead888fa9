"""Serialisation of a report as CSV tables (RFC 4180, with CSV-injection protection)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

_CSV_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "totals": ("breakthroughs", "households", "amount_eur", "avoided_cost_eur"),
    "by_theme": (
        "theme",
        "pillar",
        "breakthroughs",
        "households",
        "amount_eur",
        "avoided_cost_eur",
    ),
    "by_regulation": (
        "regulation_code",
        "regulation_name",
        "article",
        "body",
        "breakthroughs",
        "households",
        "amount_eur",
    ),
    "by_knelpunt_type": ("knelpunt_type", "breakthroughs", "households"),
    "signals": (
        "signal_id",
        "regulation_code",
        "article",
        "body",
        "knelpunt_type",
        "theme",
        "description",
        "proposed_fix",
        "workaround",
        "households_affected",
        "bridging_cost_eur",
        "avoided_cost_eur",
        "status",
        "first_seen",
        "route",
    ),
    "non_take_up": ("regulation_code", "households", "est_monthly_eur"),
    "escalation": ("decided_in_team", "escalated_to_board", "median_days_to_decision"),
}
SUPPRESSED_COLUMNS_FIELD = "suppressed_columns"


def row_id(*, table: str, row: Mapping[str, Any]) -> str:
    """The identifier a report row has in ``suppressed_cells`` (see the package docstring)."""
    if table in ("totals", "escalation"):
        return table
    if table == "by_theme":
        return row["theme"]
    if table == "by_regulation":
        return f"{row['regulation_code']}|{row['article']}"
    if table == "by_knelpunt_type":
        return row["knelpunt_type"]
    if table == "signals":
        return row["signal_id"]
    if table == "non_take_up":
        return row["regulation_code"]
    raise ValueError(f"onbekende tabel {table!r}")


def report_to_csv_tables(report: Mapping[str, Any]) -> dict[str, str]:
    """One CSV text per table, plus ``report`` (metadata) and ``suppressed_cells``."""
    suppressed: dict[tuple[str, str], list[str]] = defaultdict(list)
    for cell in report["disclosure_control"]["suppressed_cells"]:
        suppressed[(cell["table"], cell["row"])].append(cell["column"])

    tables: dict[str, str] = {
        "report": _csv_text(
            (
                "report_id",
                "schema",
                "cbs_code",
                "municipality_name",
                "period_start",
                "period_end",
                "revision",
                "generated_at",
                "approved_at",
                "min_cell",
                "method",
            ),
            [
                (
                    report["report_id"],
                    report["schema"],
                    report["municipality"]["cbs_code"],
                    report["municipality"]["name"],
                    report["period"]["start"],
                    report["period"]["end"],
                    report["revision"],
                    report["generated_at"],
                    report["approved_at"],
                    report["disclosure_control"]["min_cell"],
                    report["disclosure_control"]["method"],
                )
            ],
        )
    }
    for table, columns in _CSV_COLUMNS.items():
        section = report[table]
        rows = [section] if isinstance(section, Mapping) else section
        tables[table] = _csv_text(
            (*columns, SUPPRESSED_COLUMNS_FIELD),
            [
                (
                    *(row[column] for column in columns),
                    ";".join(sorted(suppressed.get((table, row_id(table=table, row=row)), []))),
                )
                for row in rows
            ],
        )
    tables["suppressed_cells"] = _csv_text(
        ("table", "row", "column", "reason"),
        [
            (cell["table"], cell["row"], cell["column"], cell["reason"])
            for cell in report["disclosure_control"]["suppressed_cells"]
        ],
    )
    return tables


def csv_cell(value: Any) -> str:
    """How one JSON value is written in the CSV (None -> empty; formula-like text gets a quote)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if isinstance(value, str) and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue()
