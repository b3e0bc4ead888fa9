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
       margin table that would otherwise be fully published (``protect_table`` needs one).
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

Modules
    `thresholds` (min_cell, primary suppression), `identifiers` (identifier guard), `tables` (rows,
    table specs, ledger entries), `ledger_rules` (R1-R3), `secondary` (within-report secondary
    suppression), `groups` (R4) and `control` (`apply_disclosure_control`, the orchestration).
"""

from __future__ import annotations

from core.identifiers import (
    IdentifierInTextError,
    assert_no_identifiers,
    find_identifiers,
    is_valid_bsn,
)
from signals.reporting.disclosure.control import apply_disclosure_control
from signals.reporting.disclosure.ledger_rules import difference_is_revealing
from signals.reporting.disclosure.tables import (
    DisclosureRow,
    LedgerEntry,
    RowKey,
    Status,
    SuppressedCell,
    TableSpec,
    Value,
)
from signals.reporting.disclosure.thresholds import (
    MIN_CELL_DEFAULT,
    check_min_cell,
    is_primary_suppressed,
)

__all__ = [
    "MIN_CELL_DEFAULT",
    "DisclosureRow",
    "IdentifierInTextError",
    "LedgerEntry",
    "RowKey",
    "Status",
    "SuppressedCell",
    "TableSpec",
    "Value",
    "apply_disclosure_control",
    "assert_no_identifiers",
    "check_min_cell",
    "difference_is_revealing",
    "find_identifiers",
    "is_primary_suppressed",
    "is_valid_bsn",
]
