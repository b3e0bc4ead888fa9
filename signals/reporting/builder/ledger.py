"""The ledger of earlier published reports: read back from their JSON and filtered for a build."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from signals.reporting.builder.constants import KNELPUNT_RESIDUAL_KEY
from signals.reporting.builder.csv_tables import row_id
from signals.reporting.disclosure import LedgerEntry, RowKey, Value


@dataclass(frozen=True)
class PublishedLedger:
    """Everything this municipality published before (all periods, all revisions)."""

    entries: tuple[LedgerEntry, ...] = ()

    @classmethod
    def from_reports(cls, reports: Iterable[Mapping[str, Any]]) -> PublishedLedger:
        """Build the ledger from the JSON of reports that were actually sent (approved)."""
        return cls(entries=tuple(_ledger_entry_from_report(report) for report in reports))


def relevant_ledger_entries(
    ledger: PublishedLedger | None,
    *,
    cbs_code: str,
    period_start: date,
    period_end: date,
    revision: int,
) -> list[LedgerEntry]:
    if ledger is None:
        return []
    entries = []
    for entry in ledger.entries:
        if entry.cbs_code != cbs_code:
            raise ValueError(
                f"het grootboek bevat een rapport van een andere gemeente ({entry.cbs_code})"
            )
        # Only earlier revisions of this period count; rebuilding revision n ignores itself.
        if entry.same_period(start=period_start, end=period_end) and entry.revision >= revision:
            continue
        entries.append(entry)
    return entries


def _parse_value(column: str, value: Any) -> Value:
    if value is None:
        return None
    return Decimal(value) if column.endswith("_eur") else int(value)


def _ledger_entry_from_report(report: Mapping[str, Any]) -> LedgerEntry:
    suppressed_rows = {
        (cell["table"], cell["row"]) for cell in report["disclosure_control"]["suppressed_cells"]
    }
    rows: dict[RowKey, Mapping[str, Value] | None] = {}
    labels: dict[RowKey, Mapping[str, str]] = {}

    def add(table: str, key: str, values: Mapping[str, Any]) -> None:
        rows[(table, key)] = (
            None
            if (table, key) in suppressed_rows
            else {column: _parse_value(column, value) for column, value in values.items()}
        )

    counts_and_money = ("breakthroughs", "households", "amount_eur", "avoided_cost_eur")
    add("totals", "totals", {c: report["totals"][c] for c in counts_and_money})
    for item in report["by_theme"]:
        add("by_theme", item["theme"], {c: item[c] for c in counts_and_money})
    for item in report["by_regulation"]:
        key = row_id(table="by_regulation", row=item)
        add("by_regulation", key, {c: item[c] for c in counts_and_money[:3]})
        labels[("by_regulation", key)] = {
            "regulation_name": item["regulation_name"],
            "body": item["body"],
        }
    for item in report["by_knelpunt_type"]:
        add("by_knelpunt_type", item["knelpunt_type"], {c: item[c] for c in counts_and_money[:2]})
    # What a reader could derive for the breakthroughs without knelpunt type.
    knelpunt_counts = [item["breakthroughs"] for item in report["by_knelpunt_type"]]
    total = report["totals"]["breakthroughs"]
    rows[("by_knelpunt_type", KNELPUNT_RESIDUAL_KEY)] = (
        None
        if total is None or None in knelpunt_counts
        else {"breakthroughs": total - sum(knelpunt_counts)}
    )
    escalation_suppressed = {
        cell["column"]
        for cell in report["disclosure_control"]["suppressed_cells"]
        if cell["table"] == "escalation"
    }
    for key in ("decided_in_team", "escalated_to_board"):
        value = report["escalation"][key]
        rows[("escalation", key)] = (
            None if key in escalation_suppressed else {"breakthroughs": _parse_value(key, value)}
        )
    for item in report["signals"]:
        add(
            "signals",
            item["signal_id"],
            {c: item[c] for c in ("households_affected", "bridging_cost_eur", "avoided_cost_eur")},
        )
    for item in report["non_take_up"]:
        add(
            "non_take_up",
            item["regulation_code"],
            {c: item[c] for c in ("households", "est_monthly_eur")},
        )
    return LedgerEntry(
        cbs_code=report["municipality"]["cbs_code"],
        period_start=date.fromisoformat(report["period"]["start"]),
        period_end=date.fromisoformat(report["period"]["end"]),
        revision=int(report["revision"]),
        rows=rows,
        row_labels=labels,
    )
