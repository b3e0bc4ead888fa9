"""The vectorised bulk engine: the twelve schemes column-wise over many households at once.

Public API (stable; simulations and the bulk re-screen build on it)::

    screen_many(households: Sequence[HouseholdFacts], reference_date: date,
                parameters: ParameterSet) -> VectorScreening
    VectorScreening.outcome(code) / .amounts(code) / .to_results() -> list[Screening]
    screen_grouped(households, resolve, reference_date=None) -> list[Screening]
    screen_grouped_json(...) -> list[dict]   # the same as Screening.to_json(explanation=False)

``parameters`` is the same resolved ``ParameterSet`` the scalar ``engine.screen`` takes (one
reference date, one municipality), so a reform - parameter overrides, switches such as
``bijstand.kostendelersnorm.toepassen`` - applies to both engines alike. ``screen_grouped`` splits a
mixed batch per (reference date, municipality) with a resolver and keeps the input order.

``to_results()`` gives, per household, the scalar engine's ``Screening`` with the same outcome,
amounts (to the cent, Awir rounding included), ``missing``, ``provisional``, ``version``,
``received`` and ``non_take_up`` as ``engine.screen(..., explain=False)``; explanations are empty.
The scalar engine stays the one that explains.

How: the facts become columns (money in whole cents, so sums and comparisons are exact); every
rule is a sequence of masks in the order of the scalar code; parameter reads are logged with the
mask of rows that read them, which gives each row its ``version`` and ``provisional`` list. Products
with published ratios are float64, and a float within ``reads.EPS`` of a rounding boundary is
exactly on it (the exact results lie much further apart than float errors reach). The few rows the
columns cannot settle exactly - a tie after a Decimal division, earnings from new work, the
pre-2026 huurtoeslag method, a parameter the set lacks - are evaluated by the scalar engine for
those rows only (``VectorScreening.fallback_rows``). The ``missing`` lists of insufficient rows come from the scalar
helpers per row, so they are built when first read (``to_results``/``to_json``); a caller that
reads only outcomes and amounts (a simulation) never builds them. The differential tests and
``benchmarks/screening.py vector`` check that both engines agree on every field.

Why numpy: it is the standard array library (the one OpenFisca's vectorised models use), it has
no further dependencies, its boolean masks and integer columns express "the same rule over all
rows" directly, and it runs the per-column loops in C: a hundred thousand households take a few
numpy operations per rule instead of a hundred thousand Python calls. A dataframe library would add
a large dependency for grouping and joins these rules do not need.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from regulations.schemes.engine import SCHEME_CODES, Screening, _evaluate
from regulations.schemes.facts import Context, HouseholdFacts
from regulations.schemes.params import ParameterSet
from regulations.schemes.results import ELIGIBLE, SchemeResult

from .columns import Columns
from .rules import NONE, OUTCOME_NAMES, SCHEMES, Batch, Flow

__all__ = [
    "VectorScreening",
    "facts_columns",
    "screen_grouped",
    "screen_grouped_json",
    "screen_many",
]


def facts_columns(households: Sequence[HouseholdFacts], reference_date: date) -> Columns:
    """The columns of a batch, to screen it under more than one parameter set."""
    return Columns(households, reference_date)


_HUNDRED = Decimal(100)


class VectorScreening:
    """The columnar result of ``screen_many``: per scheme an outcome and amount column."""

    def __init__(
        self,
        households: Sequence[HouseholdFacts],
        reference_date: date,
        parameters: ParameterSet,
        flows: dict[str, Flow],
        fallback: dict[str, dict[int, SchemeResult]],
    ) -> None:
        self.households = households
        self.reference_date = reference_date
        self.parameters = parameters
        self._flows = flows
        self._fallback = fallback

    @property
    def schemes(self) -> tuple[str, ...]:
        return tuple(self._flows)

    def fallback_rows(self, code: str) -> int:
        return len(self._fallback[code])

    def outcome(self, code: str) -> np.ndarray:
        """Outcome codes per household: 0 eligible, 1 not eligible, 2 insufficient data."""
        outcome = self._flows[code].outcome.copy()
        for row, result in self._fallback[code].items():
            outcome[row] = OUTCOME_NAMES.index(result.outcome)
        return outcome

    def amounts(self, code: str) -> tuple[np.ndarray, np.ndarray]:
        """(monthly, yearly) in cents per household; ``NONE`` (int64 minimum) where null."""
        flow = self._flows[code]
        monthly, yearly = flow.monthly.copy(), flow.yearly.copy()
        for row, result in self._fallback[code].items():
            monthly[row] = _to_cents(result.amount_monthly)
            yearly[row] = _to_cents(result.amount_yearly)
        return monthly, yearly

    def to_results(self) -> list[Screening]:
        """Per household the ``Screening`` the scalar engine gives with ``explain=False``."""
        n = len(self.households)
        # Millions of small acyclic objects: the cyclic collector would rescan the whole batch
        # over and over (most of the time here); reference counting frees them all the same.
        collecting = gc.isenabled()
        gc.disable()
        try:
            per_scheme = [self._scheme_results(code, flow, n) for code, flow in self._flows.items()]
            return [
                Screening(reference_date=self.reference_date, results=list(results))
                for results in zip(*per_scheme, strict=True)
            ]
        finally:
            if collecting:
                gc.enable()

    def to_json(self) -> list[dict[str, Any]]:
        """Per household ``Screening.to_json(explanation=False)``, built from the columns directly
        (no result objects: the bulk output path). Rows on the same read path share their
        ``version["parameters"]`` dict; treat the documents as read-only or copy them."""
        n = len(self.households)
        collecting = gc.isenabled()
        gc.disable()
        try:
            per_scheme = [self._scheme_json(code, flow, n) for code, flow in self._flows.items()]
            on = self.reference_date.isoformat()
            return [
                {"reference_date": on, "results": list(results)}
                for results in zip(*per_scheme, strict=True)
            ]
        finally:
            if collecting:
                gc.enable()

    def _scheme_json(self, code: str, flow: Flow, n: int) -> list[dict[str, Any]]:
        fallback = self._fallback[code]
        versions, provisional, signature = _versions(flow, self.parameters)
        outcome_names = [OUTCOME_NAMES[value] for value in flow.outcome.tolist()]
        money = _money_texts(flow.monthly, flow.yearly)
        monthly = [money[value] for value in flow.monthly.tolist()]
        yearly = [money[value] for value in flow.yearly.tolist()]
        missing = flow.missing
        documents: list[dict[str, Any]] = []
        append = documents.append
        for row, household in enumerate(self.households):
            result = fallback.get(row)
            if result is not None:
                append(result.to_json(explanation=False))
                continue
            outcome = outcome_names[row]
            received_set = household.benefits_received
            received = received_set is not None and code in received_set
            path = signature[row]
            append(
                {
                    "scheme": code,
                    "outcome": outcome,
                    "amount_monthly": monthly[row],
                    "amount_yearly": yearly[row],
                    "missing": list(missing.get(row, ())),
                    "explanation": [],
                    "version": {"scheme": code, "parameters": versions[path]["parameters"]},
                    "received": received,
                    "non_take_up": outcome == ELIGIBLE
                    and received_set is not None
                    and not received,
                    "provisional": [dict(item) for item in provisional[path]],
                }
            )
        return documents

    def _scheme_results(self, code: str, flow: Flow, n: int) -> list[SchemeResult]:
        fallback = self._fallback[code]
        versions, provisional, signature = _versions(flow, self.parameters)
        outcome_names = [OUTCOME_NAMES[value] for value in flow.outcome.tolist()]
        monthly = flow.monthly.tolist()
        yearly = flow.yearly.tolist()
        missing = flow.missing
        results: list[SchemeResult] = []
        households = self.households
        for row in range(n):
            result = fallback.get(row)
            if result is None:
                outcome = outcome_names[row]
                received_set = households[row].benefits_received
                received = received_set is not None and code in received_set
                path = signature[row]
                result = SchemeResult(
                    scheme=code,
                    outcome=outcome,
                    amount_monthly=_money(monthly[row]),
                    amount_yearly=_money(yearly[row]),
                    missing=list(missing.get(row, ())),
                    explanation=[],
                    version=versions[path],
                    received=received,
                    non_take_up=outcome == ELIGIBLE and received_set is not None and not received,
                    provisional=[dict(item) for item in provisional[path]],
                )
            results.append(result)
        return results


def screen_many(
    households: Sequence[HouseholdFacts],
    reference_date: date,
    parameters: ParameterSet,
    *,
    schemes: Sequence[str] | None = None,
    columns: Columns | None = None,
) -> VectorScreening:
    """Screen many households on one reference date with one resolved parameter set.

    ``columns`` (from ``facts_columns``) lets a caller screen the same households under several
    parameter sets - a simulation's current law and its reform - without building them again;
    the rules only read them."""
    if parameters.reference_date != reference_date:
        raise ValueError("parameters zijn voor een andere peildatum opgelost")
    codes = SCHEME_CODES if schemes is None else tuple(schemes)
    if columns is None:
        columns = Columns(households, reference_date)
    elif columns.n != len(households) or columns.reference_date != reference_date:
        raise ValueError("de kolommen horen bij andere huishoudens of een andere peildatum")
    batch = Batch(households, columns, parameters)
    flows = {code: SCHEMES[code](batch) for code in codes}
    contexts: dict[int, Context] = {}
    fallback: dict[str, dict[int, SchemeResult]] = {}
    for code, flow in flows.items():
        if flow.open.any():
            raise AssertionError(f"{code}: rows left unsettled")  # a rule defect, never data
        rows = np.flatnonzero(flow.reads.fallback).tolist()
        scalar: dict[int, SchemeResult] = {}
        for row in rows:
            ctx = contexts.get(row)
            if ctx is None:
                ctx = contexts[row] = Context(households[row], reference_date=reference_date)
            scalar[row] = _evaluate(code, ctx, parameters, explain=False)
        fallback[code] = scalar
    return VectorScreening(households, reference_date, parameters, flows, fallback)


def screen_grouped(
    households: Sequence[HouseholdFacts],
    resolve: Callable[[date, str | None], ParameterSet],
    *,
    reference_date: date | None = None,
    schemes: Sequence[str] | None = None,
) -> list[Screening]:
    """``screen_many`` over a mixed batch: one call per (reference date, municipality), in order."""
    return _grouped(households, resolve, reference_date, schemes, VectorScreening.to_results)


def screen_grouped_json(
    households: Sequence[HouseholdFacts],
    resolve: Callable[[date, str | None], ParameterSet],
    *,
    reference_date: date | None = None,
    schemes: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """``screen_grouped`` as JSON documents (``VectorScreening.to_json``), in order."""
    return _grouped(households, resolve, reference_date, schemes, VectorScreening.to_json)


def _grouped(
    households: Sequence[HouseholdFacts],
    resolve: Callable[[date, str | None], ParameterSet],
    reference_date: date | None,
    schemes: Sequence[str] | None,
    convert: Callable[[VectorScreening], list[Any]],
) -> list[Any]:
    groups: dict[tuple[date, str | None], list[int]] = {}
    for position, household in enumerate(households):
        on = reference_date or household.reference_date
        groups.setdefault((on, household.municipality_code), []).append(position)
    if len(groups) == 1:
        ((on, municipality_code),) = groups
        return convert(screen_many(households, on, resolve(on, municipality_code), schemes=schemes))
    outputs: list[Any] = [None] * len(households)
    for (on, municipality_code), positions in groups.items():
        members = [households[position] for position in positions]
        result = screen_many(members, on, resolve(on, municipality_code), schemes=schemes)
        for position, output in zip(positions, convert(result), strict=True):
            outputs[position] = output
    return outputs


def _money(cents: int) -> Decimal | None:
    return None if cents == NONE else Decimal(cents) / _HUNDRED


def _money_texts(*columns: np.ndarray) -> dict[int, str | None]:
    """``money_json`` for every distinct cents value in the columns ("1401.50"; None for null)."""
    texts: dict[int, str | None] = {NONE: None}
    for value in np.unique(np.concatenate(columns)).tolist():
        if value != NONE:
            sign = "-" if value < 0 else ""
            euros, cents = divmod(abs(value), 100)
            texts[value] = f"{sign}{euros}.{cents:02d}"
    return texts


def _to_cents(amount: Decimal | None) -> int:
    return NONE if amount is None else int(amount * 100)


def _versions(
    flow: Flow, parameters: ParameterSet
) -> tuple[list[dict[str, Any]], list[list[dict[str, str]]], list[int]]:
    """Per distinct read path: the version dict and the provisional list; per row its path."""
    entries = flow.reads.entries
    n = len(flow.outcome)
    if not entries:
        return [{"scheme": flow.code, "parameters": {}}], [[]], [0] * n
    bits = np.packbits(np.stack([mask for _key, mask in entries]), axis=0)
    rows = np.ascontiguousarray(bits.T)
    keyed = rows.view(np.dtype((np.void, rows.shape[1]))).ravel()
    unique, inverse = np.unique(keyed, return_inverse=True)
    versions: list[dict[str, Any]] = []
    provisional: list[list[dict[str, str]]] = []
    carried = parameters.carried
    for value in unique:
        taken = np.unpackbits(np.frombuffer(value.tobytes(), dtype=np.uint8))[: len(entries)]
        used: dict[str, str] = {}
        for (key, _mask), hit in zip(entries, taken.tolist(), strict=True):
            if hit and key not in used:
                used[key] = parameters.record(key).valid_from_iso  # type: ignore[union-attr]
        # One version dict per distinct path, shared by its rows (read-only, as the JSON is).
        versions.append({"scheme": flow.code, "parameters": used})
        items = []
        for key in used:
            if key in carried:
                record = parameters.record(key)
                items.append(
                    {
                        "key": key,
                        "used_valid_from": record.valid_from_iso,  # type: ignore[union-attr]
                        "expired_on": record.valid_to.isoformat() if record.valid_to else "",  # type: ignore[union-attr]
                    }
                )
        provisional.append(items)
    return versions, provisional, inverse.ravel().tolist()
