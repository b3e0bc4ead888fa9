"""R4 group differencing: the unpublished rows of a margin table as a group, across reports."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from signals.reporting.disclosure.ledger_rules import (
    as_decimal,
    difference_is_revealing,
    disjoint_contained_entries,
)
from signals.reporting.disclosure.tables import (
    DisclosureRow,
    LedgerEntry,
    RowKey,
    TableSpec,
    Value,
)

# Above this many candidate rows only single rows, pairs and "all changed rows" are tried.
_EXHAUSTIVE_CANDIDATES = 10


@dataclass(frozen=True)
class _TableView:
    """What a reader knows of one margin table in one report (or a sum of reports).

    `margin` is None when it is unknown; a row value is None when the row is unknown to the reader
    (suppressed, hidden and not derivable, or absent from a table with fixed rows).
    """

    margin: Mapping[str, Value] | None
    rows: Mapping[str, Mapping[str, Value] | None]


def _table_columns(spec: TableSpec, margin: DisclosureRow) -> tuple[str, ...]:
    """The columns for which ``margin = sum(rows)`` holds: in every row and in the margin."""
    columns = [column for column in margin.values]
    for row in spec.rows:
        columns = [column for column in columns if column in row.values]
    return tuple(columns)


def _current_view(
    spec: TableSpec, margin: DisclosureRow, *, extra: frozenset[str] = frozenset()
) -> _TableView:
    rows = {
        row.key: None if row.hidden or row.status != "published" or row.key in extra else row.values
        for row in spec.rows
    }
    return _TableView(margin=margin.values if margin.status == "published" else None, rows=rows)


def _earlier_view(entry: LedgerEntry, *, spec: TableSpec, keys: Iterable[str]) -> _TableView:
    """The table as `entry` published it, for the row `keys` plus the rows the entry itself had."""
    if spec.margin is None:
        raise ValueError(f"tabel {spec.name} heeft geen marge")
    columns = {column for row in spec.rows for column in row.values}
    table_keys = set(keys) | {key for table, key in entry.rows if table == spec.name}
    rows: dict[str, Mapping[str, Value] | None] = {}
    for key in table_keys:
        if (spec.name, key) in entry.rows:
            rows[key] = entry.rows[(spec.name, key)]
        elif spec.open_rows:
            rows[key] = {column: 0 for column in columns}  # not listed: zero, as the reader infers
        else:
            rows[key] = None  # a fixed table without this row: nothing is known about it
    return _TableView(margin=entry.rows.get(spec.margin), rows=rows)


def _add_values(values: Sequence[Mapping[str, Value]]) -> dict[str, Value]:
    """Column-wise sum over the columns known (not None) in every mapping."""
    out: dict[str, Value] = {}
    for column in values[0]:
        if all(item.get(column) is not None for item in values):
            out[column] = sum((Decimal(item[column]) for item in values), Decimal(0))  # type: ignore[arg-type]
    return out


def _sum_views(views: Sequence[_TableView]) -> _TableView:
    """What a reader knows of the sum of several disjoint periods (R3)."""
    margins = [view.margin for view in views]
    keys = set().union(*(view.rows for view in views))
    rows: dict[str, Mapping[str, Value] | None] = {}
    for key in keys:
        values = [view.rows.get(key) for view in views]
        rows[key] = None if any(v is None for v in values) else _add_values(values)  # type: ignore[arg-type]
    margin = None if any(m is None for m in margins) else _add_values(margins)  # type: ignore[arg-type]
    return _TableView(margin=margin, rows=rows)


def group_comparisons(
    *,
    spec: TableSpec,
    entries: Sequence[LedgerEntry],
    period_start: date,
    period_end: date,
) -> list[_TableView]:
    """The earlier views the current table is compared with: the same set as R2 and R3."""
    keys = [row.key for row in spec.rows]
    views = []
    for entry in entries:
        same = entry.same_period(start=period_start, end=period_end)
        overlapping = spec.period_table and entry.overlaps(start=period_start, end=period_end)
        if same or overlapping or not spec.period_table:
            views.append(_earlier_view(entry, spec=spec, keys=keys))
    if spec.period_table:
        contained = disjoint_contained_entries(
            entries=entries, period_start=period_start, period_end=period_end
        )
        if len(contained) >= 2:
            every_key = set(keys).union(
                *({key for table, key in entry.rows if table == spec.name} for entry in contained)
            )
            views.append(
                _sum_views([_earlier_view(entry, spec=spec, keys=every_key) for entry in contained])
            )
    return [view for view in views if view.margin is not None]


def _group_sum(
    view: _TableView, *, group: frozenset[str], columns: Sequence[str]
) -> dict[str, Value] | None:
    """margin - sum(rows outside `group`): the group's sum as the reader computes it."""
    if view.margin is None:
        return None
    out: dict[str, Value] = {}
    for column in columns:
        if view.margin.get(column) is None:
            continue
        total = Decimal(view.margin[column])  # type: ignore[arg-type]
        for key, values in view.rows.items():
            if key in group:
                continue
            if values is None or values.get(column) is None:
                break
            total -= Decimal(values[column])  # type: ignore[arg-type]
        else:
            out[column] = total
    return out


def _group_leaks(
    *,
    spec: TableSpec,
    margin: DisclosureRow,
    comparisons: Sequence[_TableView],
    min_cell: int,
    extra: frozenset[str] = frozenset(),
) -> bool:
    """R4: True when the unpublished rows (plus `extra`) of `spec` can be differenced as a group."""
    if margin.status != "published":
        return False
    now = _current_view(spec, margin, extra=extra)
    unknown_now = {key for key, values in now.rows.items() if values is None}
    columns = _table_columns(spec, margin)
    main = spec.count_columns[0]
    for before in comparisons:
        group = frozenset(
            unknown_now | {key for key, values in before.rows.items() if values is None}
        )
        if not group:
            continue  # nothing unpublished: R2 on the rows covers the whole table
        group_now = _group_sum(now, group=group, columns=columns)
        group_before = _group_sum(before, group=group, columns=columns)
        if group_now is None or group_before is None:
            continue
        if group_now.get(main) == 0 and group_before.get(main) == 0:
            continue  # the unpublished rows were and are empty: nothing to protect
        if difference_is_revealing(
            now=group_now, before=group_before, count_columns=spec.count_columns, min_cell=min_cell
        ):
            return True
    return False


def _changed_rows(*, spec: TableSpec, comparisons: Sequence[_TableView]) -> list[DisclosureRow]:
    """Published rows whose values differ from a comparison that knows them: only they can help."""
    changed = []
    for row in spec.rows:
        if row.hidden or row.status != "published":
            continue
        for before in comparisons:
            values = before.rows.get(row.key)
            if values is None:
                continue
            shared = [column for column in row.values if column in values]
            if any(as_decimal(row.values[c]) != as_decimal(values[c]) for c in shared):
                changed.append(row)
                break
    return changed


def _row_sets(
    candidates: Sequence[DisclosureRow], *, main: str
) -> Iterable[tuple[DisclosureRow, ...]]:
    """Candidate sets of extra rows to suppress: smallest first, then fewest households, then key.

    Exhaustive for up to `_EXHAUSTIVE_CANDIDATES` candidates; otherwise single rows, pairs and
    finally all candidates together.
    """

    def order(rows: tuple[DisclosureRow, ...]) -> tuple[int, Decimal, tuple[str, ...]]:
        return (
            sum(row.households for row in rows),
            sum((as_decimal(row.values.get(main)) or Decimal(0) for row in rows), Decimal(0)),
            tuple(row.key for row in rows),
        )

    sizes = (
        range(1, len(candidates) + 1)
        if len(candidates) <= _EXHAUSTIVE_CANDIDATES
        else range(1, min(2, len(candidates)) + 1)
    )
    for size in sizes:
        yield from sorted(itertools.combinations(candidates, size), key=order)
    if len(candidates) > _EXHAUSTIVE_CANDIDATES:
        yield tuple(candidates)


def _margin_cost(
    *, tables: Sequence[TableSpec], rows_by_key: Mapping[RowKey, DisclosureRow], margin: RowKey
) -> int:
    """Cells lost by suppressing the margin: its own and a complement in every fully published table."""
    cost = len(rows_by_key[margin].values)
    for spec in tables:
        if spec.margin != margin:
            continue
        if any(row.hidden or row.status != "published" for row in spec.rows):
            continue
        nonzero = [row for row in spec.rows if row.households > 0]
        if nonzero:
            cost += len(min(nonzero, key=lambda row: (row.households, row.key)).values)
    return cost


def protect_groups(
    *,
    tables: Sequence[TableSpec],
    rows_by_key: Mapping[RowKey, DisclosureRow],
    comparisons: Mapping[str, Sequence[_TableView]],
    min_cell: int,
) -> bool:
    """Fix the first table whose unpublished group leaks (R4); True when something was suppressed.

    The fix is the cheapest (fewest cells, then fewest households) of: a set of extra published rows of
    the table after which no comparison leaks, or the margin. Rows win a tie with the margin.
    """
    for spec in tables:
        if spec.margin is None:
            continue
        margin = rows_by_key[spec.margin]
        views = comparisons[spec.name]
        if not _group_leaks(spec=spec, margin=margin, comparisons=views, min_cell=min_cell):
            continue
        candidates = _changed_rows(spec=spec, comparisons=views)
        best: tuple[DisclosureRow, ...] | None = None
        for rows in _row_sets(candidates, main=spec.count_columns[0]):
            extra = frozenset(row.key for row in rows)
            if not _group_leaks(
                spec=spec, margin=margin, comparisons=views, min_cell=min_cell, extra=extra
            ):
                best = rows
                break
        row_cost = None if best is None else sum(len(row.values) for row in best)
        margin_cost = _margin_cost(tables=tables, rows_by_key=rows_by_key, margin=spec.margin)
        if best is not None and row_cost is not None and row_cost <= margin_cost:
            for row in best:
                row.status = "secondary"
        else:
            margin.status = "secondary"
        return True
    return False
