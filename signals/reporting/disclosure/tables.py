"""The tables and the ledger: rows before suppression, table specs, earlier reports, suppressed cells."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

Value = int | Decimal | None
Status = Literal["published", "primary", "secondary"]
RowKey = tuple[str, str]  # (table, row key)


@dataclass
class DisclosureRow:
    """One row of a table, with its cell values before suppression.

    `households` is the count the threshold applies to. `units` are the (pseudonymous) households
    behind the row, used only to count distinct households in a union of rows; they never leave
    this package. Rows of tables without a margin (signals, non-take-up) may leave `units` empty.
    """

    table: str
    key: str
    values: dict[str, Value]
    households: int
    units: frozenset[str] = frozenset()
    hidden: bool = False
    status: Status = "published"


@dataclass(frozen=True)
class TableSpec:
    """A table: its rows, the margin they sum to (a row key, or None) and how to compare revisions.

    `count_columns[0]` is the main count used by the revision rule R2. `period_table` is True for
    flow tables (counts within the period: R1/R3 across overlapping periods); False for stocks
    (signals, non-take-up). `open_rows` means a row absent from an earlier report was published
    as zero there (by_regulation lists only regulations with breakthroughs).
    """

    name: str
    rows: tuple[DisclosureRow, ...]
    count_columns: tuple[str, ...]
    margin: RowKey | None = None
    period_table: bool = True
    open_rows: bool = False


@dataclass(frozen=True)
class LedgerEntry:
    """What one earlier report published: per (table, row) the cell values, or None if suppressed.

    Hidden rows (the knelpunt residual) appear with the values a reader could derive, or None when
    they could not be derived. `row_labels` keeps descriptive fields (regulation name, body) so that a
    row published earlier can be carried into a correction even when it has no facts any more.
    """

    cbs_code: str
    period_start: date
    period_end: date
    revision: int
    rows: Mapping[RowKey, Mapping[str, Value] | None]
    row_labels: Mapping[RowKey, Mapping[str, str]] = field(default_factory=dict)

    def overlaps(self, *, start: date, end: date) -> bool:
        return self.period_start <= end and start <= self.period_end

    def same_period(self, *, start: date, end: date) -> bool:
        return self.period_start == start and self.period_end == end


@dataclass(frozen=True)
class SuppressedCell:
    table: str
    row: str
    column: str
    reason: Literal["primary", "secondary"]
