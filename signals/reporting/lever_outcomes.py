"""What worked where: a municipality's legal levers per blocking scheme and knelpunt type, and the
hub's national precedents built from them (issue 14). Pure Python, no Django.

The signal report (doorbraak.signal-report/1) does not carry the lever of a doorbraak and its
schema allows no extra tables, so this is a separate, additive payload,
``doorbraak.lever-outcomes/1``, posted to the hub with the same municipal token.

The contribution is a stock: every decided doorbraak of the municipality up to `as_of`, grouped
per (lever code, blocking scheme, knelpunt type). Disclosure control, as in the report (the unit
is the household, `min_cell` at least 10):

- a row that covers 1..min_cell-1 households is left out altogether (not even its key is sent);
- the evaluation split (goal reached / not reached / not yet evaluated) is sent only when each
  part covers 0 or at least min_cell households, otherwise `evaluated` and `goal_reached` are
  null: a reader could otherwise subtract a small group from the row;
- the median cost is that of at least min_cell doorbraken (the row's), never of fewer.

The hub sums the rows of all municipalities. A national cell is published only when it covers at
least min_cell doorbraken; the share that reached its goal only over at least min_cell evaluated
doorbraken. The national median cost is the median of the municipal medians, each weighted by
its number of doorbraken: the hub never sees single costs, so it is an approximation, and the
feed says so (`median_cost_method`).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from signals.reporting.builder.formats import money_string, utc_timestamp
from signals.reporting.disclosure.thresholds import check_min_cell, is_primary_suppressed

SCHEMA_ID = "doorbraak.lever-outcomes/1"
FEED_SCHEMA_ID = "doorbraak.lever-precedents/1"
NO_KNELPUNT = "-"
MEDIAN_METHOD = "gewogen mediaan van de gemeentelijke medianen"
MAX_ROWS = 5000
ROW_FIELDS = (
    "lever_code",
    "regulation_code",
    "knelpunt_type",
    "breakthroughs",
    "households",
    "evaluated",
    "goal_reached",
    "median_cost_eur",
)
TOP_FIELDS = ("schema", "municipality", "as_of", "generated_at", "disclosure_control", "rows")
_CODE_MAX = 60


@dataclass(frozen=True)
class LeverOutcomeFact:
    """One decided doorbraak that used a lever of the catalogue."""

    household_key: str  # opaque pseudonym, only used to count distinct households
    lever_code: str
    regulation_code: str
    knelpunt_type: str  # empty when not known
    total_cost_eur: Decimal
    goal_reached: bool | None  # None while not evaluated


def _safe(households: int, min_cell: int) -> bool:
    return not is_primary_suppressed(households=households, min_cell=min_cell)


def build_lever_outcomes(
    *,
    cbs_code: str,
    as_of: date,
    generated_at: datetime,
    facts: Iterable[LeverOutcomeFact],
    min_cell: int,
) -> dict[str, Any]:
    """The contribution of one municipality, already under disclosure control."""
    check_min_cell(min_cell)
    groups: dict[tuple[str, str, str], list[LeverOutcomeFact]] = defaultdict(list)
    for fact in facts:
        key = (fact.lever_code, fact.regulation_code, fact.knelpunt_type or NO_KNELPUNT)
        groups[key].append(fact)
    rows = []
    for (lever, scheme, knelpunt), items in sorted(groups.items()):
        households = len({item.household_key for item in items})
        if is_primary_suppressed(households=households, min_cell=min_cell):
            continue
        reached = {i.household_key for i in items if i.goal_reached is True}
        missed = {i.household_key for i in items if i.goal_reached is False}
        open_ = {i.household_key for i in items if i.goal_reached is None}
        split_safe = all(_safe(len(part), min_cell) for part in (reached, missed, open_))
        evaluated = [i for i in items if i.goal_reached is not None]
        rows.append(
            {
                "lever_code": lever,
                "regulation_code": scheme,
                "knelpunt_type": knelpunt,
                "breakthroughs": len(items),
                "households": households,
                "evaluated": len(evaluated) if split_safe else None,
                "goal_reached": sum(1 for i in evaluated if i.goal_reached) if split_safe else None,
                "median_cost_eur": money_string(
                    Decimal(statistics.median(sorted(i.total_cost_eur for i in items)))
                ),
            }
        )
    return {
        "schema": SCHEMA_ID,
        "municipality": {"cbs_code": cbs_code},
        "as_of": as_of.isoformat(),
        "generated_at": utc_timestamp(generated_at),
        "disclosure_control": {"min_cell": min_cell},
        "rows": rows,
    }


def contribution_errors(payload: Any) -> list[dict[str, str]]:
    """Field problems of a received contribution (Dutch reasons), empty when it is sound.

    Checked by hand rather than with a JSON Schema: a few fixed fields, and the disclosure rule is
    part of the check (defence in depth: no row under the threshold is accepted).
    """
    problems: list[dict[str, str]] = []

    def problem(name: str, reason: str) -> None:
        problems.append({"name": name, "code": "invalid", "reason": reason})

    if not isinstance(payload, dict):
        return [{"name": "$", "code": "invalid", "reason": "Geen JSON-object."}]
    for name in sorted(set(payload) - set(TOP_FIELDS)):
        problem(name, "Onbekend veld.")
    if payload.get("schema") != SCHEMA_ID:
        problem("schema", f"Verwacht {SCHEMA_ID}.")
    municipality = payload.get("municipality")
    if not isinstance(municipality, dict) or not isinstance(municipality.get("cbs_code"), str):
        problem("municipality.cbs_code", "Verplicht.")
    try:
        date.fromisoformat(str(payload.get("as_of")))
    except ValueError:
        problem("as_of", "Geen datum (JJJJ-MM-DD).")
    control = payload.get("disclosure_control")
    min_cell = control.get("min_cell") if isinstance(control, dict) else None
    try:
        check_min_cell(min_cell)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        problem("disclosure_control.min_cell", "Een geheel getal van minstens 10.")
        min_cell = None
    rows = payload.get("rows")
    if not isinstance(rows, list) or len(rows) > MAX_ROWS:
        problem("rows", f"Een lijst van hoogstens {MAX_ROWS} rijen.")
        return problems
    seen: set[tuple[Any, ...]] = set()
    for index, row in enumerate(rows):
        problems += _row_errors(row, f"rows.{index}", min_cell or 10, seen)
    return problems[:50]


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31


def _row_errors(row: Any, path: str, min_cell: int, seen: set[tuple[Any, ...]]) -> list[dict]:
    def problem(name: str, reason: str) -> dict[str, str]:
        return {"name": f"{path}.{name}", "code": "invalid", "reason": reason}

    if not isinstance(row, dict):
        return [problem("", "Geen object.")]
    found = [problem(name, "Onbekend veld.") for name in sorted(set(row) - set(ROW_FIELDS))]
    for name in ("lever_code", "regulation_code", "knelpunt_type"):
        value = row.get(name)
        if not isinstance(value, str) or not value or len(value) > _CODE_MAX:
            found.append(problem(name, "Een code van 1 tot 60 tekens."))
    key = (row.get("lever_code"), row.get("regulation_code"), row.get("knelpunt_type"))
    if key in seen:
        found.append(problem("lever_code", "Dubbele rij."))
    seen.add(key)
    counts_ok = True
    for name in ("breakthroughs", "households"):
        if not _count(row.get(name)):
            found.append(problem(name, "Een geheel getal van 0 of meer."))
            counts_ok = False
    if counts_ok and (row["households"] < min_cell or row["breakthroughs"] < row["households"]):
        found.append(problem("households", f"Een rij telt minstens {min_cell} huishoudens."))
    evaluated, reached = row.get("evaluated"), row.get("goal_reached")
    if (evaluated is None) != (reached is None):
        found.append(problem("evaluated", "Beide of geen van beide leeg."))
    elif evaluated is not None:
        if not (_count(evaluated) and _count(reached)):
            found.append(problem("evaluated", "Een geheel getal van 0 of meer."))
        elif not counts_ok:
            pass  # the counts themselves are reported above
        elif not reached <= evaluated <= row["breakthroughs"]:
            found.append(problem("evaluated", "Niet meer dan het aantal doorbraken."))
        elif any(
            0 < part < min_cell
            for part in (reached, evaluated - reached, row["breakthroughs"] - evaluated)
        ):
            found.append(problem("goal_reached", f"Een deel onder de drempel van {min_cell}."))
    cost = row.get("median_cost_eur")
    try:
        if not isinstance(cost, str) or not Decimal("0") <= Decimal(cost) < Decimal("1e10"):
            raise ArithmeticError
    except ArithmeticError:
        found.append(problem("median_cost_eur", "Een bedrag als tekst, zoals 1234.50."))
    return found


def weighted_median(values: Sequence[tuple[Decimal, int]]) -> Decimal | None:
    """The median of `values` where each value counts `weight` times (lower median on a tie)."""
    items = sorted((value, weight) for value, weight in values if weight > 0)
    total = sum(weight for _value, weight in items)
    if not total:
        return None
    half, running = (total + 1) // 2, 0
    for value, weight in items:
        running += weight
        if running >= half:
            return value
    return items[-1][0]  # pragma: no cover - the loop always reaches half


def national_precedents(
    contributions: Mapping[str, Sequence[Mapping[str, Any]]], *, min_cell: int
) -> list[dict[str, Any]]:
    """Per (lever, scheme, knelpunt type), the sum over the municipalities' rows.

    `contributions` maps a municipality (its CBS code) to the rows of its latest contribution.
    Cells under `min_cell` are null (suppressed); a row whose doorbraken are under it is left out.
    """
    check_min_cell(min_cell)
    cells: dict[tuple[str, str, str], dict[str, Any]] = {}
    for cbs_code, rows in contributions.items():
        for row in rows:
            key = (row["lever_code"], row["regulation_code"], row["knelpunt_type"])
            cell = cells.setdefault(
                key, {"municipalities": set(), "breakthroughs": 0, "ev": 0, "ok": 0, "costs": []}
            )
            cell["municipalities"].add(cbs_code)
            cell["breakthroughs"] += row["breakthroughs"]
            if row.get("evaluated") is not None:
                cell["ev"] += row["evaluated"]
                cell["ok"] += row["goal_reached"]
            cell["costs"].append((Decimal(row["median_cost_eur"]), row["breakthroughs"]))
    published = []
    for (lever, scheme, knelpunt), cell in sorted(cells.items()):
        if cell["breakthroughs"] < min_cell:
            continue
        share_known = cell["ev"] >= min_cell
        published.append(
            {
                "lever_code": lever,
                "regulation_code": scheme,
                "knelpunt_type": knelpunt,
                "municipalities": len(cell["municipalities"]),
                "breakthroughs": cell["breakthroughs"],
                "evaluated": cell["ev"] if share_known else None,
                "goal_reached_share": (
                    str((Decimal(cell["ok"]) / Decimal(cell["ev"])).quantize(Decimal("0.01")))
                    if share_known
                    else None
                ),
                "median_cost_eur": money_string(weighted_median(cell["costs"])),
            }
        )
    return published


def precedents_feed(
    rows: list[dict[str, Any]], *, min_cell: int, updated_at: datetime | None
) -> dict[str, Any]:
    """The hub's published feed around `national_precedents` rows."""
    return {
        "schema": FEED_SCHEMA_ID,
        "updated_at": utc_timestamp(updated_at) if updated_at else None,
        "disclosure_control": {"min_cell": min_cell},
        "median_cost_method": MEDIAN_METHOD,
        "precedents": rows,
    }
