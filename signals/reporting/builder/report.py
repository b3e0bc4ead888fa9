"""The public entry points: build, approve and serialise the report."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from signals.reporting.builder.aggregation import aggregate_tables, median_days
from signals.reporting.builder.checks import (
    check_breakthrough,
    check_header,
    check_non_take_up,
    check_signal,
)
from signals.reporting.builder.constants import (
    DISCLOSURE_METHOD,
    REPORT_ID_NAMESPACE,
    SCHEMA_ID,
    THEME_PILLAR,
)
from signals.reporting.builder.facts import (
    BreakthroughFact,
    NonTakeUpFact,
    ProposalFact,
    SignalFact,
)
from signals.reporting.builder.formats import utc_timestamp
from signals.reporting.builder.ledger import PublishedLedger, relevant_ledger_entries
from signals.reporting.builder.output import (
    output_cell,
    published_cells,
    regulation_output,
    signal_output,
)
from signals.reporting.builder.proposals import with_costed_proposals
from signals.reporting.disclosure import (
    MIN_CELL_DEFAULT,
    apply_disclosure_control,
    check_min_cell,
)


def build_report(
    *,
    municipality_cbs_code: str,
    municipality_name: str,
    period_start: date,
    period_end: date,
    revision: int,
    generated_at: datetime,
    breakthroughs: Sequence[BreakthroughFact],
    signals: Sequence[SignalFact],
    non_take_up: Sequence[NonTakeUpFact],
    min_cell: int = MIN_CELL_DEFAULT,
    ledger: PublishedLedger | None = None,
    report_id: uuid.UUID | None = None,
    proposals: Sequence[ProposalFact] = (),
    earlier_reports: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """Return the canonical, disclosure-controlled report dict (approved_at is None).

    With ``proposals`` (costed proposals of signals in the report) it is version 2
    (``proposals.with_costed_proposals``, checked against ``earlier_reports``: the JSON of the
    reports published before); without, version 1 as before.

    Raises ValueError for invalid input: min_cell below 10, unknown categories, facts outside the
    period, negative amounts, a draft signal, or publishable text containing an identifier.
    """
    check_min_cell(min_cell)
    check_header(
        cbs_code=municipality_cbs_code,
        name=municipality_name,
        period_start=period_start,
        period_end=period_end,
        revision=revision,
        generated_at=generated_at,
    )
    for fact in breakthroughs:
        check_breakthrough(fact, period_start=period_start, period_end=period_end)
    for signal in signals:
        check_signal(signal)
    for item in non_take_up:
        check_non_take_up(item)
    if len({signal.signal_id for signal in signals}) != len(signals):
        raise ValueError("een signaal staat er twee keer in")
    entries = relevant_ledger_entries(
        ledger,
        cbs_code=municipality_cbs_code,
        period_start=period_start,
        period_end=period_end,
        revision=revision,
    )

    same_period_entries = [
        entry for entry in entries if entry.same_period(start=period_start, end=period_end)
    ]
    tables = aggregate_tables(
        breakthroughs=breakthroughs,
        signals=signals,
        non_take_up=non_take_up,
        earlier_revisions=same_period_entries,
    )
    suppressed = apply_disclosure_control(
        tables=list(tables.values()),
        min_cell=min_cell,
        period_start=period_start,
        period_end=period_end,
        ledger_entries=entries,
    )
    cells = [output_cell(cell) for cell in suppressed]
    median, median_cell = median_days(breakthroughs, min_cell=min_cell)
    if median_cell is not None:
        cells.append(median_cell)

    if report_id is None:
        report_id = uuid.uuid5(
            REPORT_ID_NAMESPACE,
            f"{municipality_cbs_code}|{period_start.isoformat()}|{period_end.isoformat()}|{revision}",
        )
    rows = {spec.name: [row for row in spec.rows if not row.hidden] for spec in tables.values()}
    totals = rows["totals"][0]
    escalation = {row.key: row for row in rows["escalation"]}
    report = {
        "report_id": str(report_id),
        "schema": SCHEMA_ID,
        "municipality": {"cbs_code": municipality_cbs_code, "name": municipality_name},
        "period": {"start": period_start.isoformat(), "end": period_end.isoformat()},
        "revision": revision,
        "generated_at": utc_timestamp(generated_at),
        "approved_at": None,
        "disclosure_control": {
            "min_cell": min_cell,
            "method": DISCLOSURE_METHOD,
            "suppressed_cells": sorted(
                cells, key=lambda c: (c["table"], c["row"], c["column"], c["reason"])
            ),
        },
        "totals": published_cells(totals),
        "by_theme": [
            {"theme": row.key, "pillar": THEME_PILLAR[row.key], **published_cells(row)}
            for row in rows["by_theme"]
        ],
        "by_regulation": [regulation_output(row) for row in rows["by_regulation"]],
        "by_knelpunt_type": [
            {"knelpunt_type": row.key, **published_cells(row)} for row in rows["by_knelpunt_type"]
        ],
        "signals": [signal_output(row) for row in rows["signals"]],
        "non_take_up": [
            {"regulation_code": row.key, **published_cells(row)} for row in rows["non_take_up"]
        ],
        "escalation": {
            "decided_in_team": published_cells(escalation["decided_in_team"])["breakthroughs"],
            "escalated_to_board": published_cells(escalation["escalated_to_board"])[
                "breakthroughs"
            ],
            "median_days_to_decision": median,
        },
    }
    if not proposals:
        return report
    return with_costed_proposals(report, proposals, earlier=earlier_reports)


def approve_report(report: Mapping[str, Any], approved_at: datetime) -> dict[str, Any]:
    """Return a copy of `report` with approved_at set; the original stays untouched."""
    if report.get("approved_at") is not None:
        raise ValueError("dit rapport is al goedgekeurd; maak een nieuwe revisie")
    approved = utc_timestamp(approved_at)
    if approved < report["generated_at"]:  # same fixed format, so string order is time order
        raise ValueError("goedkeuring kan niet vóór het aanmaken van het rapport liggen")
    result = copy.deepcopy(dict(report))
    result["approved_at"] = approved
    return result


def canonical_json(report: Mapping[str, Any]) -> bytes:
    """UTF-8 JSON with sorted keys and no whitespace: an identical report gives identical bytes."""
    return json.dumps(
        report, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")
