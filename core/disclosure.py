"""The primary disclosure threshold, shared by the signal report and the reform simulations.

Pure Python (no Django): ``signals.reporting`` (the report's full disclosure control) and
``regulations.simulation`` (a simulation's published figures) both take the threshold from here,
so a count the report would hide is hidden on a simulation's page too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

MIN_CELL_DEFAULT = 10


def is_primary_suppressed(*, households: int, min_cell: int = MIN_CELL_DEFAULT) -> bool:
    """A count of 1..min_cell-1 households is suppressed; 0 and >= min_cell are published."""
    return 0 < households < min_cell


def suppress_with_margin(
    households: Mapping[str, int],
    *,
    margin_published: bool,
    min_cell: int = MIN_CELL_DEFAULT,
    already: Iterable[str] = (),
) -> set[str]:
    """The rows of one table that sums to a published margin that must be hidden.

    The report's rule (SIGNAL_REPORT.md, secondary suppression): primary rows first; then, while
    the hidden rows could be derived from the margin (exactly one hidden row, or hidden rows
    covering fewer than ``min_cell`` households together), hide the published non-zero row with
    the fewest households as well. Returns the hidden keys; the caller hides the margin itself
    when no complementary row is left (``margin_must_hide``).
    """
    hidden = {
        key
        for key, count in households.items()
        if is_primary_suppressed(households=count, min_cell=min_cell)
    }
    if not margin_published:
        return hidden
    while hidden and (len(hidden) < 2 or sum(households[key] for key in hidden) < min_cell):
        candidates = sorted(
            (count, key) for key, count in households.items() if key not in hidden and count > 0
        )
        if not candidates:
            break
        hidden.add(candidates[0][1])
    return hidden


def margin_must_hide(
    households: Mapping[str, int], hidden: set[str], *, min_cell: int = MIN_CELL_DEFAULT
) -> bool:
    """True when the hidden rows could still be derived from the margin (no complement left)."""
    return bool(hidden) and (len(hidden) < 2 or sum(households[key] for key in hidden) < min_cell)
