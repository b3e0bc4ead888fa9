"""Statistical disclosure control for the signal report (SIGNAL_REPORT.md, security-ui.md section 2).

Pure Python: no Django, no database. The builder turns facts into `DisclosureRow`s grouped in
`TableSpec`s and calls `apply_disclosure_control`, which decides per row whether it is published.

Unit of protection
    The unit we protect is the *household*. Every table row carries the set of (pseudonymous)
    households that contribute to it. A row is **primary**-suppressed when it covers at least one but
    fewer than `min_cell` distinct households. Because every breakthrough belongs to exactly one
    household, a row with fewer than `min_cell` breakthroughs always has fewer than `min_cell`
    households, so the published breakthrough count is then also null or >= `min_cell`.

Row-level suppression
    When a row is suppressed, *all* its cells are suppressed with it: the counts and the amounts
    (`amount_eur`, `avoided_cost_eur`, bridging cost). A magnitude over fewer than `min_cell`
    households is as revealing as the count. It also means every column of a table has the same
    suppression pattern, so protecting one column protects them all (the households and amount
    columns have the same margin problem as the breakthrough column).

Zeros are published
    A true zero (no household at all in a category) is published as 0. It says nothing about any
    household, and the fixed table design already tells the reader which categories exist; hiding
    zeros would mostly hide the good news that a rule caused no trouble. Publishing structural
    zeros is common SDC practice for frequency tables. The residual risk is group disclosure (all
    households in one category, security-ui.md section 2 point 4); with fixed categories and a
    municipality-wide geography that reveals a property of the caseload, not of a person, and
    hiding the zeros would not prevent it (the margin still shows the total).
    A row that is suppressed for another reason (secondary, ledger) may still be 0: a null never
    promises "not zero".

Secondary suppression (within one report)
    A table with a margin (by_theme, by_regulation, by_knelpunt_type, escalation, all summing to
    `totals`) forms the linear relation ``margin = sum(rows)``. The reader can compute the sum of
    the unpublished rows as ``margin - sum(published rows)``. We therefore require, for the set U of
    unpublished rows of the table when the margin is published:

    * U is empty or holds only unprotected hidden rows, or
    * U has at least two rows **and** the rows in U together cover at least `min_cell` distinct
      households.

    The second condition is stronger than "suppress the next-smallest cell": with two suppressed
    cells of 1 and 2 households the reader would know their sum is 3 and so that both are tiny.
    Complementary cells are chosen as the published row with the fewest households (then
    breakthroughs, then key), never a zero row (hiding a zero adds no uncertainty). When the margin
    itself is unpublished it may not be derivable either: then at least one row must be unpublished.
    If no complementary row exists the margin is suppressed. All tables share the `totals` margin,
    so this is iterated over all tables until nothing changes.

    Hidden rows: `by_knelpunt_type` has 8 fixed categories but a breakthrough may have no knelpunt
    type. Those breakthroughs form a residual row that is never published but can be derived as
    ``totals - sum(rows)``. It is modelled as a hidden row: if it covers 1..min_cell-1 households
    (or the ledger says so) it is protected exactly like a suppressed row.

Consistency across revisions and periods (the ledger)
    The reader keeps every report the municipality published. For every earlier published report
    (`LedgerEntry`) we apply, per row:

    R1 sticky suppression: a row that was suppressed in an earlier revision of the same period, or in
       any published report whose period overlaps this one (for the period tables), stays
       suppressed (also when it is now 0 or >= min_cell). Publishing it now would give the reader
       its current value, and the difference with the earlier margin would give back what the
       earlier report hid. This is the simplest sound rule; it can only hide more, never less.
    R2 differencing: a row published earlier with other values may only be published again when the
       difference is itself safe: every count changed by 0 or by at least `min_cell`, and the main
       count (breakthroughs, or households for signals / non-take-up) changed by at least
       `min_cell` whenever anything in the row changed (an amount that changes while the count
       moves by 2 is the amount of those 2 breakthroughs). Otherwise the row is suppressed.
       For the period tables this is checked against every overlapping period (revisions of the
       same period, and nested periods such as a year versus its quarters). Signals and
       non-take-up are stocks (possibly cumulative), so they are checked against every earlier
       report, whatever its period; stickiness (R1) for them only holds within the same period,
       otherwise a signal suppressed once would stay hidden forever.
    R3 combinations: for the period tables, the latest revisions of earlier reports whose periods are
       pairwise disjoint and lie inside this period (e.g. three published quarters inside a year)
       are summed; the difference with the current value must pass the same test as R2.

    Rows changed by R1-R3 are "secondary"; after that the within-report secondary suppression runs,
    so the result is safe within the report as well.

    R4 group differencing: R2 looks at published rows one by one, but the reader can also difference
       the unpublished rows of a margin table *as a group*. In every report with a published margin
       the reader computes, per column, ``margin - sum(published rows)``. Comparing two reports, the
       reader takes W, the rows unpublished in either of them (for by_knelpunt_type always including
       the hidden residual), and computes ``margin - sum(rows outside W)`` in both: all rows outside
       W are known in both. (Example: revision 1 publishes total 26 and debts 12, revision 2 total
       37 and debts 22: the hidden themes went from 14 to 15, one breakthrough.) For every margin
       table and every comparison that R2 and R3 make (earlier revisions of the same period and
       overlapping periods; the sum of the published disjoint sub-periods), the two group sums must
       pass exactly the R2 test over all the table's columns, counts and amounts: every count
       changed by 0 or >= `min_cell`, and the main count by >= `min_cell` whenever anything of the
       group changed (an amount that moves while the count stays reveals a correction of hidden
       amounts). A comparison is skipped when a margin is unpublished in either report (nothing is
       derivable), when W is empty, or when the group's main count is 0 in both reports (the
       unpublished rows are empty: there is nothing to protect). The households column is not
       additive (a household can be in several rows); its group "sum" is still what the reader
       derives, so it is checked as well (conservative).

       Remedy, for the first table that leaks: the cheapest fix in cells, chosen between
       (a) the smallest set of extra published rows of that table after which none of its
       comparisons leaks. Only rows whose values differ from a comparison can change a group, so
       only those are candidates; all their subsets are tried by size (then fewest households,
       then key) when there are at most 10, otherwise single rows, pairs and finally all of them;
       (b) suppressing the margin, costed as its own cells plus one complement row in every
       margin table that would otherwise be fully published (``_protect_table`` needs one).
       A tie goes to the rows: the margin is the headline figure and, once hidden, R1 keeps it
       hidden in every later revision, costing a complement in every table each time.
       Then the within-report suppression runs again and R4 is checked again, until neither
       changes anything. Termination: every round turns at least one published row into a
       suppressed one and nothing is ever published again, so there are at most as many rounds as
       rows. A fix always exists: hiding the margin makes every group underivable. (With all changed
       rows hidden the group change equals the change of the margin, which R2/R3 already allowed;
       that is why option (a) usually succeeds without touching the margin.)
       Cost: in the example above, debts (4 cells) is suppressed in revision 2, and stays
       suppressed in later revisions of the period (R1).

    Not covered (documented limitation): sums of partially overlapping periods other than R3,
    relations between the groups of different tables once the margin is hidden (their difference
    is a difference of published rows), and the median across revisions.

Identifier guard
    Free text that leaves the municipality (signal description, proposed fix, workaround, and the
    labels of regulations) is curated for publication, but we defensively reject text containing
    something shaped like a BSN (9 digits, optionally separated by spaces, dots or dashes, that pass
    the 11-proef), a Dutch postcode (``1234 AB``) or an e-mail address. Rejecting (not redacting) is
    deliberate: a policy officer must rewrite the text, the machine must not guess.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

MIN_CELL_DEFAULT = 10

Value = int | Decimal | None
Status = Literal["published", "primary", "secondary"]
RowKey = tuple[str, str]  # (table, row key)


class IdentifierInTextError(ValueError):
    """Raised when text meant for publication contains something that looks like an identifier."""


def check_min_cell(min_cell: int) -> int:
    """Return `min_cell` when it is allowed: an integer of at least 10 (configurable upwards only)."""
    if isinstance(min_cell, bool) or not isinstance(min_cell, int):
        raise TypeError(f"min_cell moet een geheel getal zijn, niet {min_cell!r}")
    if min_cell < MIN_CELL_DEFAULT:
        raise ValueError(
            f"min_cell mag niet lager zijn dan {MIN_CELL_DEFAULT} (gevraagd: {min_cell})"
        )
    return min_cell


def is_primary_suppressed(*, households: int, min_cell: int) -> bool:
    """A count of 1..min_cell-1 households is suppressed; 0 and >= min_cell are published."""
    return 0 < households < min_cell


# --- identifier guard -------------------------------------------------------------------------

# 9 digits, optionally grouped with single spaces, dots or dashes (e.g. "1234.56.782"), not glued
# to other digits.
_BSN_CANDIDATE = re.compile(r"(?<![\d])\d(?:[ .-]?\d){8}(?![\d])")
# Postcode: 4 digits not starting with 0, optional space, two capital letters; SA, SD and SS are
# never issued. Lower case is not matched on purpose: "in 2024 is" must not trip the guard.
_POSTCODE = re.compile(r"(?<![\w])[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?![\w])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")


def is_valid_bsn(digits: str) -> bool:
    """The 11-proef: weights 9..2 and -1 over nine digits; the sum must be divisible by 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


def find_identifiers(text: str) -> list[str]:
    """Return the kinds of identifier-shaped substrings in `text` ("bsn", "postcode", "e-mail")."""
    found: list[str] = []
    for match in _BSN_CANDIDATE.finditer(text):
        if is_valid_bsn(re.sub(r"[ .-]", "", match.group())):
            found.append("bsn")
            break
    if _POSTCODE.search(text):
        found.append("postcode")
    if _EMAIL.search(text):
        found.append("e-mail")
    return found


def assert_no_identifiers(*, field_name: str, text: str) -> None:
    """Raise `IdentifierInTextError` when `text` contains a BSN, postcode or e-mail address."""
    kinds = find_identifiers(text)
    if kinds:
        raise IdentifierInTextError(
            f"{field_name} bevat iets dat op een {' / '.join(kinds)} lijkt; "
            "tekst voor publicatie mag geen persoonsgegevens bevatten"
        )


# --- tables and the ledger --------------------------------------------------------------------


@dataclass
class DisclosureRow:
    """One row of a table, with its cell values before suppression.

    `households` is the count the threshold applies to. `units` are the (pseudonymous) households
    behind the row, used only to count distinct households in a union of rows; they never leave
    this module. Rows of tables without a margin (signals, non-take-up) may leave `units` empty.
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
    if all(_as_decimal(now[c]) == _as_decimal(before[c]) for c in shared):
        return False
    for column in count_columns:
        if column not in shared or now[column] is None or before[column] is None:
            continue
        delta = abs(_as_decimal(now[column]) - _as_decimal(before[column]))
        if 0 < delta < min_cell:
            return True
    main = count_columns[0]
    if main not in shared or now[main] is None or before[main] is None:
        return True  # something changed and we cannot bound how many units it concerns
    # Something changed; the change concerns at least |delta main| units, which must be enough.
    return abs(_as_decimal(now[main]) - _as_decimal(before[main])) < min_cell


def _as_decimal(value: Value) -> Decimal | None:
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


def _ledger_says_suppress(
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
        contained = _disjoint_contained_entries(
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


def _disjoint_contained_entries(
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


# --- the algorithm ----------------------------------------------------------------------------


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
    and the group rule R4, iterated until stable (see the module docstring).
    """
    check_min_cell(min_cell)
    rows_by_key: dict[RowKey, DisclosureRow] = {
        (row.table, row.key): row for spec in tables for row in spec.rows
    }
    for spec in tables:
        for row in spec.rows:
            if is_primary_suppressed(households=row.households, min_cell=min_cell):
                row.status = "primary"
            elif _ledger_says_suppress(
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
        spec.name: _group_comparisons(
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
                if _protect_table(spec=spec, margin=rows_by_key[spec.margin], min_cell=min_cell):
                    changed = True
        # R4 group differencing; each round suppresses at least one more row, so this terminates.
        if not _protect_groups(
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


def _protect_table(*, spec: TableSpec, margin: DisclosureRow, min_cell: int) -> bool:
    """Suppress one more row (or the margin) if the table leaks; True when something changed."""
    unpublished = [row for row in spec.rows if row.hidden or row.status != "published"]
    if margin.status == "published":
        needs_protection = any(row.status != "published" for row in unpublished)
        if not needs_protection:
            return False
        covered = frozenset().union(*(row.units for row in unpublished))
        if len(unpublished) >= 2 and len(covered) >= min_cell:
            return False
    elif unpublished:
        return False  # margin and at least one row unknown: nothing is derivable

    candidates = [
        row
        for row in spec.rows
        if row.status == "published" and not row.hidden and row.households > 0
    ]
    if candidates:
        complement = min(
            candidates,
            key=lambda row: (row.households, row.values.get("breakthroughs") or 0, row.key),
        )
        complement.status = "secondary"
        return True
    if margin.status == "published":
        margin.status = "secondary"
        return True
    return False


# --- R4: the unpublished rows of a table as a group, across reports ---------------------------

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


def _group_comparisons(
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
        contained = _disjoint_contained_entries(
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
            if any(_as_decimal(row.values[c]) != _as_decimal(values[c]) for c in shared):
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
            sum((_as_decimal(row.values.get(main)) or Decimal(0) for row in rows), Decimal(0)),
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


def _protect_groups(
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
