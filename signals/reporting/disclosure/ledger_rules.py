"""Ledger rules R1-R3: sticky suppression, differencing and combinations against earlier reports."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from signals.reporting.disclosure.tables import DisclosureRow, LedgerEntry, TableSpec, Value

_ABSENT = object()


def _earlier_values(
    entry: LedgerEntry, *, spec: TableSpec, row: DisclosureRow
) -> Mapping[str, Value] | object | None:
    """The row as `entry` published it: a values mapping, None (suppressed), or _ABSENT."""
    key = (spec.name, row.key)
    if key in entry.rows:
        return entry.rows[key]
    if spec.open_rows:
        # Every report has this table; a row it did not list was zero, as the reader infers.
        return {column: 0 for column in spec.count_columns}
    return _ABSENT


def difference_is_revealing(
    *,
    now: Mapping[str, Value],
    before: Mapping[str, Value],
    count_columns: Sequence[str],
    min_cell: int,
) -> bool:
    """R2: True when publishing `now` next to the earlier `before` reveals a small difference."""
    shared = [column for column in now if column in before]
    if all(as_decimal(now[c]) == as_decimal(before[c]) for c in shared):
        return False
    for column in count_columns:
        if column not in shared or now[column] is None or before[column] is None:
            continue
        delta = abs(as_decimal(now[column]) - as_decimal(before[column]))
        if 0 < delta < min_cell:
            return True
    main = count_columns[0]
    if main not in shared or now[main] is None or before[main] is None:
        return True  # something changed and we cannot bound how many units it concerns
    # Something changed; the change concerns at least |delta main| units, which must be enough.
    return abs(as_decimal(now[main]) - as_decimal(before[main])) < min_cell


def as_decimal(value: Value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _sum_rows(values: Iterable[Mapping[str, Value]]) -> dict[str, Value]:
    total: dict[str, Value] = {}
    for row_values in values:
        for column, value in row_values.items():
            if column in total and (total[column] is None or value is None):
                total[column] = None
            elif column in total:
                total[column] = Decimal(total[column]) + Decimal(value)  # type: ignore[arg-type]
            else:
                total[column] = value
    return total


def ledger_says_suppress(
    *,
    spec: TableSpec,
    row: DisclosureRow,
    entries: Sequence[LedgerEntry],
    period_start: date,
    period_end: date,
    min_cell: int,
) -> bool:
    for entry in entries:
        same = entry.same_period(start=period_start, end=period_end)
        relevant_for_r1 = same or (
            spec.period_table and entry.overlaps(start=period_start, end=period_end)
        )
        relevant_for_r2 = relevant_for_r1 or not spec.period_table
        before = _earlier_values(entry, spec=spec, row=row)
        if before is None:
            if relevant_for_r1:
                return True  # R1
            continue
        if not isinstance(before, Mapping):
            continue  # _ABSENT: the earlier report did not have this row
        if relevant_for_r2 and difference_is_revealing(
            now=row.values, before=before, count_columns=spec.count_columns, min_cell=min_cell
        ):
            return True  # R2
    if spec.period_table:
        contained = disjoint_contained_entries(
            entries=entries, period_start=period_start, period_end=period_end
        )
        if len(contained) >= 2:
            earlier = [_earlier_values(entry, spec=spec, row=row) for entry in contained]
            published = [values for values in earlier if isinstance(values, Mapping)]
            if len(published) == len(earlier) and difference_is_revealing(
                now=row.values,
                before=_sum_rows(published),
                count_columns=spec.count_columns,
                min_cell=min_cell,
            ):
                return True  # R3
    return False


def disjoint_contained_entries(
    *, entries: Sequence[LedgerEntry], period_start: date, period_end: date
) -> list[LedgerEntry]:
    """Latest revision per period strictly inside the current period, if pairwise disjoint."""
    latest: dict[tuple[date, date], LedgerEntry] = {}
    for entry in entries:
        inside = period_start <= entry.period_start and entry.period_end <= period_end
        if not inside or entry.same_period(start=period_start, end=period_end):
            continue
        period = (entry.period_start, entry.period_end)
        if period not in latest or latest[period].revision < entry.revision:
            latest[period] = entry
    ordered = [latest[period] for period in sorted(latest)]
    for first, second in itertools.pairwise(ordered):
        if second.period_start <= first.period_end:
            return []  # overlapping sub-periods: their sum is not a clean partition
    return ordered
