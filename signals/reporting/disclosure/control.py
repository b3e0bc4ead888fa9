"""The algorithm: `apply_disclosure_control` runs the primary threshold and rules R1-R4 until stable."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from signals.reporting.disclosure.groups import group_comparisons, protect_groups
from signals.reporting.disclosure.ledger_rules import ledger_says_suppress
from signals.reporting.disclosure.secondary import protect_table
from signals.reporting.disclosure.tables import (
    DisclosureRow,
    LedgerEntry,
    RowKey,
    SuppressedCell,
    TableSpec,
)
from signals.reporting.disclosure.thresholds import check_min_cell, is_primary_suppressed


def apply_disclosure_control(
    *,
    tables: Sequence[TableSpec],
    min_cell: int,
    period_start: date,
    period_end: date,
    ledger_entries: Sequence[LedgerEntry] = (),
) -> list[SuppressedCell]:
    """Set `status` on every row of `tables` and return the suppressed published cells.

    Order: primary threshold, then the ledger rules R1-R3, then within-report secondary suppression
    and the group rule R4, iterated until stable (see the package docstring).
    """
    check_min_cell(min_cell)
    rows_by_key: dict[RowKey, DisclosureRow] = {
        (row.table, row.key): row for spec in tables for row in spec.rows
    }
    for spec in tables:
        for row in spec.rows:
            if is_primary_suppressed(households=row.households, min_cell=min_cell):
                row.status = "primary"
            elif ledger_says_suppress(
                spec=spec,
                row=row,
                entries=ledger_entries,
                period_start=period_start,
                period_end=period_end,
                min_cell=min_cell,
            ):
                row.status = "secondary"

    margin_tables = [spec for spec in tables if spec.margin is not None]
    comparisons = {
        spec.name: group_comparisons(
            spec=spec,
            entries=ledger_entries,
            period_start=period_start,
            period_end=period_end,
        )
        for spec in margin_tables
    }
    while True:
        changed = True
        while changed:
            changed = False
            for spec in margin_tables:
                if protect_table(spec=spec, margin=rows_by_key[spec.margin], min_cell=min_cell):
                    changed = True
        # R4 group differencing; each round suppresses at least one more row, so this terminates.
        if not protect_groups(
            tables=margin_tables,
            rows_by_key=rows_by_key,
            comparisons=comparisons,
            min_cell=min_cell,
        ):
            break

    suppressed: list[SuppressedCell] = []
    for spec in tables:
        for row in spec.rows:
            if row.status == "published" or row.hidden:
                continue
            suppressed.extend(
                SuppressedCell(table=row.table, row=row.key, column=column, reason=row.status)
                for column in row.values
            )
    return suppressed
