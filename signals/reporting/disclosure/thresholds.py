"""The minimum cell size and the primary threshold: rows of 1..min_cell-1 households are suppressed."""

from __future__ import annotations

# One threshold for the report and the reform simulations (core.disclosure, pure Python).
from core.disclosure import MIN_CELL_DEFAULT, is_primary_suppressed

__all__ = ["MIN_CELL_DEFAULT", "check_min_cell", "is_primary_suppressed"]


def check_min_cell(min_cell: int) -> int:
    """Return `min_cell` when it is allowed: an integer of at least 10 (configurable upwards only)."""
    if isinstance(min_cell, bool) or not isinstance(min_cell, int):
        raise TypeError(f"min_cell moet een geheel getal zijn, niet {min_cell!r}")
    if min_cell < MIN_CELL_DEFAULT:
        raise ValueError(
            f"min_cell mag niet lager zijn dan {MIN_CELL_DEFAULT} (gevraagd: {min_cell})"
        )
    return min_cell
