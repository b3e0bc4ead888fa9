"""Dated scheme parameters and their deterministic resolution for a reference date.

A ``ParameterRecord`` is plain data (the YAML files under ``regulations/data/parameters/`` and, later,
database rows edited by functional admins both produce them). ``resolve_parameters`` picks, for each
key, the one record valid on the reference date:

1. only records with ``valid_from <= reference_date`` (a value that starts later does not exist yet);
2. a record for the household's municipality beats the default (``municipality_code`` None);
3. a record valid on the date (``reference_date <= valid_to``, None = open-ended) beats one that has
   ended; among those, the latest ``valid_from`` wins;
4. two candidates with the same key, municipality and ``valid_from`` are a data error
   (``AmbiguousParameter``), never a silent pick.

A value that has ended without a successor is *carried forward* (SCHEMES.md §0, "Parameters that
have run out"): successors are often published late, and a screening must not fall silent. The set
lists such keys in ``carried``; the engine reports each one it used as ``provisional``. A
municipality's own value that ended is carried forward before the national default takes over: its
verordening usually runs on, and the functional admin is warned about it by the monitoring.

Only a key without any record on or before the date is absent: ``ParameterSet.get`` raises
``ParameterMissing``, which the engine turns into an ``insufficient_data`` result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

GRADES = ("A", "B", "C")
# Keys of municipal open terms: a default record for these is reported as a municipal default.
MUNICIPAL_PREFIXES = ("minima.", "iit.", "czv.", "bijzondere_bijstand.", "kwijtschelding.")

ParameterValue = Decimal | int | bool | str | dict[str, Any] | list[Any]


class ParameterMissing(Exception):  # noqa: N818 - the name is the contract
    def __init__(self, key: str, reference_date: date, also: tuple[str, ...] = ()) -> None:
        super().__init__(f"Parameter {key!r} heeft geen waarde op {reference_date.isoformat()}")
        self.key = key
        self.reference_date = reference_date
        self.keys = (key, *also)


class AmbiguousParameter(ValueError):  # noqa: N818
    pass


@dataclass(frozen=True, slots=True)
class ParameterRecord:
    """One dated value. Money as Decimal (euros), ratios as Decimal (0.137 = 13.7%)."""

    key: str
    value: ParameterValue
    unit: str
    valid_from: date
    valid_to: date | None
    source_url: str
    grade: str
    municipality_code: str | None = None
    note: str = ""
    # The publication the value comes from, as people cite it ("Staatscourant 2025, 44064");
    # empty: the pages name the source by its host.
    source_title: str = ""
    # The value deliberately ends (the regulation was abolished): never carried forward, and its
    # end is no warning.
    final: bool = False
    valid_from_iso: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Precomputed: every result's ``version`` lists it, in the hot path.
        object.__setattr__(self, "valid_from_iso", self.valid_from.isoformat())

    def is_valid_on(self, reference_date: date) -> bool:
        return self.valid_from <= reference_date and (
            self.valid_to is None or reference_date <= self.valid_to
        )


class ParameterSet:
    """The parameters valid on one reference date for one municipality (read-only, shareable).

    ``get`` on the set itself records usage in ``used``; the engine uses ``tracker()`` instead, so a
    cached set shared by many screenings never accumulates usage across them.
    """

    __slots__ = (
        "_records",
        "carried",
        "memo",
        "municipality_code",
        "notable",
        "reference_date",
        "used",
    )

    def __init__(
        self,
        *,
        reference_date: date,
        municipality_code: str | None,
        records: dict[str, ParameterRecord],
    ) -> None:
        self.reference_date = reference_date
        self.municipality_code = municipality_code
        self._records = records
        self.used: dict[str, ParameterRecord] = {}
        self.memo: dict[object, object] = {}  # engine-side cache of derived, immutable steps
        # Keys whose chosen record ended before the reference date (carried forward).
        self.carried = frozenset(
            key
            for key, record in records.items()
            if record.valid_to is not None and record.valid_to < reference_date
        )
        # Keys whose use must be reported: not grade A, or a municipal default.
        self.notable = frozenset(
            key
            for key, record in records.items()
            if record.grade != "A"
            or (record.municipality_code is None and key.startswith(MUNICIPAL_PREFIXES))
        )

    def get(self, key: str) -> Any:
        record = self._records.get(key)
        if record is None:
            raise ParameterMissing(key, self.reference_date)
        self.used[key] = record
        return record.value

    def get_optional(self, key: str) -> Any:
        """For parameters a municipality may leave unset (no default exists by design)."""
        record = self._records.get(key)
        if record is None:
            return None
        self.used[key] = record
        return record.value

    def record(self, key: str) -> ParameterRecord | None:
        return self._records.get(key)

    def keys(self) -> list[str]:
        return sorted(self._records)

    def tracker(self) -> TrackedParameters:
        return TrackedParameters(self)


class TrackedParameters:
    """A per-evaluation view on a ParameterSet that remembers which records were read."""

    __slots__ = ("_records", "municipality_code", "parameter_set", "reference_date", "used")

    def __init__(self, parameter_set: ParameterSet) -> None:
        self.parameter_set = parameter_set
        self.reference_date = parameter_set.reference_date
        self.municipality_code = parameter_set.municipality_code
        self._records = parameter_set._records
        self.used: dict[str, ParameterRecord] = {}

    def get(self, key: str) -> Any:
        record = self._records.get(key)
        if record is None:
            raise ParameterMissing(key, self.reference_date)
        self.used[key] = record
        return record.value

    def get_optional(self, key: str) -> Any:
        record = self._records.get(key)
        if record is None:
            return None
        self.used[key] = record
        return record.value

    def version(self) -> dict[str, str]:
        # Insertion order is the (deterministic) order in which the scheme read its parameters.
        return {key: record.valid_from_iso for key, record in self.used.items()}

    def carried_used(self) -> tuple[str, ...]:
        """The keys this evaluation read whose value was carried forward past its end."""
        carried = self.parameter_set.carried
        if not carried:
            return ()
        return tuple(filter(carried.__contains__, self.used))


def resolve_parameters(
    records: Iterable[ParameterRecord], *, reference_date: date, municipality_code: str | None
) -> ParameterSet:
    """Pick for every key the record valid on ``reference_date`` (see the module docstring)."""
    chosen: dict[str, ParameterRecord] = {}
    for record in records:
        if record.valid_from > reference_date:
            continue
        if record.final and record.valid_to is not None and record.valid_to < reference_date:
            continue
        if record.municipality_code is not None and record.municipality_code != municipality_code:
            continue
        current = chosen.get(record.key)
        rank = _rank(record, reference_date)
        if current is None or rank > _rank(current, reference_date):
            chosen[record.key] = record
        elif rank == _rank(current, reference_date) and record != current:
            raise AmbiguousParameter(
                f"Twee waarden voor {record.key!r} ({record.municipality_code or 'standaard'}) "
                f"vanaf {record.valid_from.isoformat()}"
            )
    return ParameterSet(
        reference_date=reference_date, municipality_code=municipality_code, records=chosen
    )


def _rank(record: ParameterRecord, reference_date: date) -> tuple[bool, bool, date]:
    # Municipality-specific first, then a value still valid, then the latest start date.
    still_valid = record.valid_to is None or reference_date <= record.valid_to
    return (record.municipality_code is not None, still_valid, record.valid_from)


class ParameterResolver:
    """Resolves a fixed collection of records, cached per (reference_date, municipality_code).

    The Django side builds one from database rows and throws it away when an admin edits a value.
    """

    def __init__(self, records: Iterable[ParameterRecord]) -> None:
        self.records: tuple[ParameterRecord, ...] = tuple(records)
        self._by_key_index()
        self.resolve = lru_cache(maxsize=4096)(self._resolve)

    def _by_key_index(self) -> None:
        # Validate once: an ambiguous collection must fail at load time, not on some date.
        seen: dict[tuple[str, str | None, date], ParameterRecord] = {}
        for record in self.records:
            if record.grade not in GRADES:
                raise ValueError(f"Onbekende graad {record.grade!r} voor {record.key!r}")
            if record.valid_to is not None and record.valid_to < record.valid_from:
                raise ValueError(f"valid_to voor valid_from bij {record.key!r}")
            identity = (record.key, record.municipality_code, record.valid_from)
            if identity in seen and seen[identity] != record:
                raise AmbiguousParameter(f"Dubbele waarde voor {identity!r}")
            seen[identity] = record

    def _resolve(self, reference_date: date, municipality_code: str | None) -> ParameterSet:
        return resolve_parameters(
            self.records, reference_date=reference_date, municipality_code=municipality_code
        )


# --- currency: is every key's last value still running? ------------------------------------

CURRENT = "current"
ENDING = "ending"
ENDED = "ended"
FINAL = "final"  # ended on purpose (``final``): no successor expected, no warning
ENDING_WINDOW_DAYS = 60


@dataclass(frozen=True, slots=True)
class Currency:
    """The last known value of one key (per municipality) and whether it is still running."""

    key: str
    municipality_code: str | None
    valid_from: date
    valid_until: date | None  # None: open-ended
    status: str  # CURRENT | ENDING | ENDED | FINAL
    days_left: int | None  # days from the reference date to valid_until (negative: ended)


def parameter_currency(
    records: Iterable[ParameterRecord], *, on: date, window_days: int = ENDING_WINDOW_DAYS
) -> list[Currency]:
    """Per (key, municipality): the value that starts last, and its status on ``on``.

    ``ended``: its last day is before ``on`` and no successor is known (screenings carry it
    forward as provisional). ``ending``: it ends within ``window_days`` days (the last day itself
    included). ``current``: open-ended or running longer. ``final``: marked as deliberately the
    last value. Ordered ended, ending, current, final.
    """
    last: dict[tuple[str, str | None], ParameterRecord] = {}
    for record in records:
        identity = (record.key, record.municipality_code)
        known = last.get(identity)
        if known is None or record.valid_from > known.valid_from:
            last[identity] = record
    order = {ENDED: 0, ENDING: 1, CURRENT: 2, FINAL: 3}
    items = []
    for (key, municipality_code), record in last.items():
        days_left = None if record.valid_to is None else (record.valid_to - on).days
        if record.final:
            status = FINAL
        elif days_left is None or days_left > window_days:
            status = CURRENT
        elif days_left < 0:
            status = ENDED
        else:
            status = ENDING
        items.append(
            Currency(key, municipality_code, record.valid_from, record.valid_to, status, days_left)
        )
    items.sort(key=lambda c: (order[c.status], c.key, c.municipality_code or ""))
    return items
