"""Costed proposals (schema version 2): per published signal the simulated reform that would fix
it, with its cost per year and the households it helps, under the report's primary threshold.

Kept apart from the version-1 tables: ``with_costed_proposals`` takes a finished version-1 report
and returns the version-2 report (the same content plus ``costed_proposals``, its suppressed
cells added to ``disclosure_control``). Rules:

- ``households_helped`` of 1..min_cell-1 is null (primary);
- ``cost_yearly_eur`` is null when it sums over 1..min_cell-1 households (``households_changed``),
  as an amount over a small group is as revealing as its count;
- money may be negative here (a reform that saves), written ``"-1234.50"``;
- a proposal must belong to a signal in the report, at most one per signal; rows by signal id;
- against the earlier published reports (``earlier``): a cell suppressed in an earlier revision
  of the same period stays suppressed (R1, sticky), and a published value whose difference with
  an earlier published value of the same signal is 1..min_cell-1 households is suppressed with
  its cost (R2, differencing), reason ``secondary``.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from signals.reporting.builder.constants import SCHEMA_ID, SCHEMA_ID_V2
from signals.reporting.builder.facts import ProposalFact
from signals.reporting.disclosure import assert_no_identifiers, is_primary_suppressed

TABLE = "costed_proposals"
_CENT = Decimal("0.01")


def check_proposal(proposal: ProposalFact, *, signal_ids: set[str]) -> None:
    if not isinstance(proposal.signal_id, uuid.UUID):
        raise ValueError("signal_id van een kostenraming moet een UUID zijn")
    if str(proposal.signal_id) not in signal_ids:
        raise ValueError(
            f"kostenraming voor signaal {proposal.signal_id} dat niet in het rapport staat"
        )
    if not proposal.reform_name.strip() or len(proposal.reform_name) > 200:
        raise ValueError("de naam van de hervorming ontbreekt of is te lang")
    assert_no_identifiers(
        field_name=f"kostenraming {proposal.signal_id}: hervorming", text=proposal.reform_name
    )
    if proposal.households_changed < 0 or proposal.households_helped < 0:
        raise ValueError("aantallen huishoudens kunnen niet negatief zijn")
    if proposal.households_helped > proposal.households_changed:
        raise ValueError("meer geholpen huishoudens dan huishoudens met een verandering")
    if (
        not isinstance(proposal.cost_yearly_eur, Decimal)
        or not proposal.cost_yearly_eur.is_finite()
    ):
        raise ValueError("cost_yearly_eur moet een eindig Decimal-bedrag zijn")


def signed_money(value: Decimal) -> str:
    return format(value.quantize(_CENT, rounding=ROUND_HALF_UP), "f")


def costed_proposal_rows(
    proposals: Sequence[ProposalFact], *, min_cell: int
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """The published rows and their suppressed cells."""
    rows, cells = [], []
    for proposal in sorted(proposals, key=lambda p: str(p.signal_id)):
        key = str(proposal.signal_id)
        helped: int | None = proposal.households_helped
        cost: str | None = signed_money(proposal.cost_yearly_eur)
        if is_primary_suppressed(households=proposal.households_helped, min_cell=min_cell):
            helped = None
            cells.append(
                {"table": TABLE, "row": key, "column": "households_helped", "reason": "primary"}
            )
        if is_primary_suppressed(households=proposal.households_changed, min_cell=min_cell):
            cost = None
            cells.append(
                {"table": TABLE, "row": key, "column": "cost_yearly_eur", "reason": "primary"}
            )
        rows.append(
            {
                "signal_id": key,
                "reform_name": proposal.reform_name,
                "reference_date": proposal.reference_date.isoformat(),
                "cost_yearly_eur": cost,
                "households_helped": helped,
            }
        )
    return rows, cells


def _earlier_rules(
    rows: list[dict[str, Any]],
    cells: list[dict[str, str]],
    *,
    report: Mapping[str, Any],
    earlier: Sequence[Mapping[str, Any]],
    min_cell: int,
) -> None:
    """R1 and R2 of the ledger for this table, in place (see the module docstring)."""
    period = report["period"]
    hidden = {(c["row"], c["column"]) for c in cells}

    def suppress(row: dict[str, Any], column: str) -> None:
        if (row["signal_id"], column) not in hidden:
            hidden.add((row["signal_id"], column))
            row[column] = None
            cells.append(
                {"table": TABLE, "row": row["signal_id"], "column": column, "reason": "secondary"}
            )

    for before in earlier:
        same_period = (
            before.get("period") == period and before.get("revision", 0) < report["revision"]
        )
        suppressed_before = {
            (c["row"], c["column"])
            for c in before.get("disclosure_control", {}).get("suppressed_cells", [])
            if c["table"] == TABLE
        }
        published_before = {row["signal_id"]: row for row in before.get("costed_proposals", [])}
        for row in rows:
            key = row["signal_id"]
            if same_period:
                for column in ("households_helped", "cost_yearly_eur"):
                    if (key, column) in suppressed_before:
                        suppress(row, column)
            old = published_before.get(key, {}).get("households_helped")
            now = row["households_helped"]
            if old is not None and now is not None and 0 < abs(now - old) < min_cell:
                suppress(row, "households_helped")
                suppress(row, "cost_yearly_eur")


def with_costed_proposals(
    report: Mapping[str, Any],
    proposals: Sequence[ProposalFact],
    *,
    earlier: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The version-2 report: ``report`` (version 1, not approved) plus its costed proposals.

    ``earlier``: the municipality's reports published before (their JSON), for R1 and R2."""
    if report.get("schema") != SCHEMA_ID:
        raise ValueError("kostenramingen worden toegevoegd aan een rapport van versie 1")
    signal_ids = {row["signal_id"] for row in report["signals"]}
    seen: set[str] = set()
    for proposal in proposals:
        check_proposal(proposal, signal_ids=signal_ids)
        if str(proposal.signal_id) in seen:
            raise ValueError(f"twee kostenramingen voor signaal {proposal.signal_id}")
        seen.add(str(proposal.signal_id))
    min_cell = int(report["disclosure_control"]["min_cell"])
    rows, cells = costed_proposal_rows(proposals, min_cell=min_cell)
    _earlier_rules(rows, cells, report=report, earlier=earlier, min_cell=min_cell)
    result = copy.deepcopy(dict(report))
    result["schema"] = SCHEMA_ID_V2
    control = result["disclosure_control"]
    control["suppressed_cells"] = sorted(
        [*control["suppressed_cells"], *cells],
        key=lambda c: (c["table"], c["row"], c["column"], c["reason"]),
    )
    result["costed_proposals"] = rows
    return result
