"""Per-process caches of the lever catalogue and the hub's feed copies, and how to clear them.

Kept apart from `selectors` (which read them) so the services that change the catalogue or store a
new feed copy can clear them without importing the selectors, which import the services.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

# The catalogue holds some fifty levers and changes a few times a year; every suggestion would
# otherwise read and build all of them. Each process keeps the versions that hold on a date for
# CATALOGUE_CACHE_SECONDS; the admin's services clear it at once in their own process, other
# processes follow within that time.
CATALOGUE_CACHE_SECONDS = 60
CATALOGUE: dict[date, tuple[float, list[tuple[Any, str, tuple[str, ...]]]]] = {}
# The hub's copies change once a day; each process keeps the parsed index of the copy it last read.
FEED_INDEX: dict[str, tuple[float, Any, datetime | None]] = {}
_GENERATION = [0]


def catalogue_generation() -> int:
    """Changes whenever this process reads the catalogue anew (for caches built on it)."""
    return _GENERATION[0]


def bump_generation() -> None:
    _GENERATION[0] += 1


def clear_catalogue_cache() -> None:
    CATALOGUE.clear()
    FEED_INDEX.clear()
    bump_generation()
