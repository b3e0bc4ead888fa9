"""Parameter reads with row masks, and the exact-or-fall-back arithmetic of the vector rules.

The scalar engine records, per scheme evaluation, which parameters it read (the result's
``version``, and ``provisional`` for values carried past their end). A column-wise rule reads a
parameter once for all rows but only *some* rows take that branch, so every read is logged with
the mask of rows that took it; a row's version is the logged keys whose mask holds the row, in
log order, first read first (the order of the scalar code, which the rules follow line by line).

A key the parameter set does not have sends the rows that would read it to the scalar engine
(which reports ``parameter:<key>`` and explains it): that only happens for dates outside the
catalogue.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np

from regulations.schemes.params import ParameterSet

# How near (in units of the rounding step) a float result must be to a rounding boundary to count
# as *on* it. Exact results are multiples of at least 1e-8 of a step (cents and euros times
# published ratios of at most six decimals) and float64 errors here stay below 1e-10: a float this
# near a boundary is exactly on it. A result that the scalar engine reaches by a Decimal division
# (rounded at 28 digits) may land on either side of such a boundary: those rows fall back.
EPS = 1e-9


def cents_of(value: Any) -> int:
    """A money parameter (Decimal euros) in whole cents; published amounts have two decimals."""
    return int(Decimal(value) * 100)


class Reads:
    """The masked parameter reads of one scheme (or shared intermediate) over a batch."""

    __slots__ = ("entries", "fallback", "n", "parameters")

    def __init__(self, parameters: ParameterSet, n: int) -> None:
        self.parameters = parameters
        self.n = n
        self.entries: list[tuple[str, np.ndarray]] = []
        # Rows the scalar engine must evaluate (missing parameter, rounding tie, rare input).
        self.fallback = np.zeros(n, dtype=bool)

    def get(self, key: str, mask: np.ndarray, default: Any = 0) -> Any:
        """``params.get(key)`` for the rows in ``mask``; ``default`` when no row reads it."""
        if not mask.any():
            return default
        record = self.parameters.record(key)
        if record is None:
            self.fallback |= mask
            return default
        self.entries.append((key, mask.copy()))  # callers may narrow their mask afterwards
        return record.value

    def optional(self, key: str, mask: np.ndarray) -> Any:
        """``params.get_optional(key)``: None when absent (not an error by design)."""
        if not mask.any():
            return None
        record = self.parameters.record(key)
        if record is None:
            return None
        self.entries.append((key, mask.copy()))  # callers may narrow their mask afterwards
        return record.value

    def by_group(
        self,
        template: str,
        names: tuple[str, ...],
        codes: np.ndarray,
        mask: np.ndarray,
        convert: Any = cents_of,
        dtype: Any = np.int64,
    ) -> np.ndarray:
        """``params.get(template.format(names[code]))`` per row (a key chosen by the row's data)."""
        values = np.zeros(self.n, dtype=dtype)
        for code, name in enumerate(names):
            rows = mask & (codes == code)
            value = self.get(template.format(name), rows, default=None)
            if value is not None:
                values[rows] = convert(value)
        return values

    def splice(self, other: Reads, mask: np.ndarray) -> None:
        """A shared intermediate (the norm) read at this point by the rows in ``mask``."""
        for key, rows in other.entries:
            self.entries.append((key, rows & mask))
        self.fallback |= other.fallback & mask

    def falls_back(self, mask: np.ndarray) -> None:
        self.fallback |= mask


def round_half_up(units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ROUND_HALF_UP to whole units of non-negative floats: (int64, rows on a tie).

    A tie is rounded up, exactly as Decimal does for an exact product; the caller sends the tie
    rows to the scalar engine only where that engine divided first.
    """
    floor = np.floor(units)
    on_tie = np.abs(units - floor - 0.5) < EPS
    rounded = np.where(on_tie, floor + 1, np.floor(units + 0.5))
    return rounded.astype(np.int64), on_tie


def floor_units(units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ROUND_DOWN to whole units of non-negative floats: (int64, rows on a whole unit).

    A float within ``EPS`` of a whole number is that whole number (see ``EPS``).
    """
    nearest = np.rint(units)
    on_whole = np.abs(units - nearest) < EPS
    return np.where(on_whole, nearest, np.floor(units)).astype(np.int64), on_whole
