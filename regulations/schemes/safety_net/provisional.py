"""The provisional rule of SCHEMES.md section 0, for the safety net's own parameters.

A key whose last value ended before the reference date is carried forward and reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from regulations.schemes.params import ParameterRecord, ParameterSet, resolve_parameters


@dataclass(frozen=True, slots=True)
class Provisional:
    key: str
    used_valid_from: date
    expired_on: date

    def to_json(self) -> dict[str, str]:
        return {
            "key": self.key,
            "used_valid_from": self.used_valid_from.isoformat(),
            "expired_on": self.expired_on.isoformat(),
        }


def carried_forward(
    records: Iterable[ParameterRecord], *, reference_date: date, municipality_code: str | None
) -> ParameterSet:
    """The parameters valid on the date, plus the last earlier value of every key that ran out.

    A key with a value on the date is taken as ``resolve_parameters`` takes it. For a key whose
    last value ended before the date, that last value serves (municipal before default, then the
    latest start); ``provisional_used`` tells which of those a calculation read.
    """
    records = tuple(records)
    current = resolve_parameters(
        records, reference_date=reference_date, municipality_code=municipality_code
    )
    current_keys: list[str] = current.keys()  # a ParameterSet is not iterable
    chosen = {key: current.record(key) for key in current_keys}
    earlier: dict[str, ParameterRecord] = {}
    for record in records:
        if record.key in chosen or record.valid_from > reference_date:
            continue
        if record.municipality_code not in (None, municipality_code):
            continue
        best = earlier.get(record.key)
        if best is None or _precedence(record) > _precedence(best):
            earlier[record.key] = record
    return ParameterSet(
        reference_date=reference_date,
        municipality_code=municipality_code,
        records={**{k: v for k, v in chosen.items() if v is not None}, **earlier},
    )


def _precedence(record: ParameterRecord) -> tuple[bool, date]:
    return (record.municipality_code is not None, record.valid_from)


def provisional_used(used: dict[str, ParameterRecord], reference_date: date) -> list[Provisional]:
    return [
        Provisional(
            key=key,
            used_valid_from=record.valid_from,
            expired_on=record.valid_to,  # the last day it applied, as the engine reports it
        )
        for key, record in used.items()
        if record.valid_to is not None and record.valid_to < reference_date
    ]
