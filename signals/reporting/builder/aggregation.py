"""Aggregation of the facts into the disclosure tables of every report section, and the median."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from signals.reporting.builder.constants import KNELPUNT_RESIDUAL_KEY, KNELPUNT_TYPES, THEMES
from signals.reporting.builder.facts import BreakthroughFact, NonTakeUpFact, SignalFact
from signals.reporting.builder.formats import round_cents
from signals.reporting.disclosure import DisclosureRow, LedgerEntry, RowKey, TableSpec, Value


def _row(
    *,
    table: str,
    key: str,
    facts: Sequence[BreakthroughFact],
    columns: Sequence[str],
    hidden: bool = False,
) -> DisclosureRow:
    units = frozenset(fact.household_key for fact in facts)
    available: dict[str, Value] = {
        "breakthroughs": len(facts),
        "households": len(units),
        # Cents per breakthrough first, so every table adds up exactly to the totals.
        "amount_eur": sum((round_cents(fact.amount_eur) for fact in facts), Decimal(0)),
        "avoided_cost_eur": sum(
            (
                round_cents(fact.avoided_cost_eur)
                for fact in facts
                if fact.avoided_cost_eur is not None
            ),
            Decimal(0),
        ),
    }
    return DisclosureRow(
        table=table,
        key=key,
        values={column: available[column] for column in columns},
        households=len(units),
        units=units,
        hidden=hidden,
    )


def aggregate_tables(
    *,
    breakthroughs: Sequence[BreakthroughFact],
    signals: Sequence[SignalFact],
    non_take_up: Sequence[NonTakeUpFact],
    earlier_revisions: Sequence[LedgerEntry],
) -> dict[str, TableSpec]:
    all_columns = ("breakthroughs", "households", "amount_eur", "avoided_cost_eur")
    totals_key: RowKey = ("totals", "totals")
    counts = ("breakthroughs", "households")

    by_theme: dict[str, list[BreakthroughFact]] = {theme: [] for theme in THEMES}
    by_knelpunt: dict[str, list[BreakthroughFact]] = {kind: [] for kind in KNELPUNT_TYPES}
    without_knelpunt: list[BreakthroughFact] = []
    by_regulation: dict[tuple[str, str], list[BreakthroughFact]] = defaultdict(list)
    labels: dict[tuple[str, str], tuple[str, str]] = {}
    in_team: list[BreakthroughFact] = []
    escalated: list[BreakthroughFact] = []
    for fact in breakthroughs:
        by_theme[fact.theme].append(fact)
        if fact.knelpunt_type is None:
            without_knelpunt.append(fact)
        else:
            by_knelpunt[fact.knelpunt_type].append(fact)
        regulation = (fact.regulation_code, fact.article)
        by_regulation[regulation].append(fact)
        label = (fact.regulation_name, fact.body)
        if labels.setdefault(regulation, label) != label:
            raise ValueError(
                f"regeling {fact.regulation_code} artikel {fact.article} heeft wisselende naam of uitvoerder"
            )
        (in_team if fact.decided_in_team else escalated).append(fact)

    regulation_rows = [
        _regulation_row(key=key, facts=facts, name=labels[key][0], body=labels[key][1])
        for key, facts in by_regulation.items()
    ]
    # A regulation published in an earlier revision of this period stays listed (as 0 if it has no
    # breakthroughs any more), so that the correction is visible and R1/R2 can protect it.
    seen = {f"{code}|{article}" for code, article in by_regulation}
    for entry in earlier_revisions:
        for (table, key), label_fields in entry.row_labels.items():
            if table == "by_regulation" and key not in seen:
                seen.add(key)
                code, article = key.split("|", 1)
                regulation_rows.append(
                    _regulation_row(
                        key=(code, article),
                        facts=[],
                        name=label_fields["regulation_name"],
                        body=label_fields["body"],
                    )
                )
    regulation_rows.sort(key=lambda row: row.key)

    knelpunt_rows = [
        _row(table="by_knelpunt_type", key=kind, facts=facts, columns=counts)
        for kind, facts in by_knelpunt.items()
    ]
    knelpunt_rows.append(
        _row(
            table="by_knelpunt_type",
            key=KNELPUNT_RESIDUAL_KEY,
            facts=without_knelpunt,
            columns=counts,
            hidden=True,
        )
    )
    return {
        "totals": TableSpec(
            name="totals",
            rows=(_row(table="totals", key="totals", facts=breakthroughs, columns=all_columns),),
            count_columns=counts,
        ),
        "by_theme": TableSpec(
            name="by_theme",
            rows=tuple(
                _row(table="by_theme", key=theme, facts=facts, columns=all_columns)
                for theme, facts in by_theme.items()
            ),
            count_columns=counts,
            margin=totals_key,
        ),
        "by_regulation": TableSpec(
            name="by_regulation",
            rows=tuple(regulation_rows),
            count_columns=counts,
            margin=totals_key,
            open_rows=True,
        ),
        "by_knelpunt_type": TableSpec(
            name="by_knelpunt_type",
            rows=tuple(knelpunt_rows),
            count_columns=counts,
            margin=totals_key,
        ),
        "escalation": TableSpec(
            name="escalation",
            rows=(
                _row(
                    table="escalation",
                    key="decided_in_team",
                    facts=in_team,
                    columns=("breakthroughs",),
                ),
                _row(
                    table="escalation",
                    key="escalated_to_board",
                    facts=escalated,
                    columns=("breakthroughs",),
                ),
            ),
            count_columns=("breakthroughs",),
            margin=totals_key,
        ),
        "signals": TableSpec(
            name="signals",
            rows=tuple(
                _signal_row(signal) for signal in sorted(signals, key=lambda s: str(s.signal_id))
            ),
            count_columns=("households_affected",),
            period_table=False,
        ),
        "non_take_up": TableSpec(
            name="non_take_up",
            rows=tuple(_non_take_up_rows(non_take_up)),
            count_columns=("households",),
            period_table=False,
        ),
    }


@dataclass
class RegulationRow(DisclosureRow):
    regulation_name: str = ""
    body: str = ""


def _regulation_row(
    *, key: tuple[str, str], facts: Sequence[BreakthroughFact], name: str, body: str
) -> RegulationRow:
    base = _row(
        table="by_regulation",
        key=f"{key[0]}|{key[1]}",
        facts=facts,
        columns=("breakthroughs", "households", "amount_eur"),
    )
    return RegulationRow(
        table=base.table,
        key=base.key,
        values=base.values,
        households=base.households,
        units=base.units,
        regulation_name=name,
        body=body,
    )


@dataclass
class SignalRow(DisclosureRow):
    signal: SignalFact | None = None


def _signal_row(signal: SignalFact) -> SignalRow:
    return SignalRow(
        table="signals",
        key=str(signal.signal_id),
        values={
            "households_affected": signal.households_affected,
            "bridging_cost_eur": signal.bridging_cost_eur,
            "avoided_cost_eur": signal.avoided_cost_eur,
        },
        households=signal.households_affected,
        signal=signal,
    )


def _non_take_up_rows(items: Sequence[NonTakeUpFact]) -> list[DisclosureRow]:
    rows: dict[str, DisclosureRow] = {}
    for item in items:
        if item.regulation_code in rows:
            raise ValueError(f"niet-gebruik van {item.regulation_code} staat er twee keer in")
        rows[item.regulation_code] = DisclosureRow(
            table="non_take_up",
            key=item.regulation_code,
            values={"households": item.households, "est_monthly_eur": item.est_monthly_eur},
            households=item.households,
        )
    return [rows[code] for code in sorted(rows)]


def median_days(
    facts: Sequence[BreakthroughFact], *, min_cell: int
) -> tuple[int | float | None, dict[str, str] | None]:
    decided = [fact for fact in facts if fact.days_to_decision is not None]
    if not decided:
        return None, None  # nothing to report: null, but not a suppression
    households = {fact.household_key for fact in decided}
    if len(decided) < min_cell or len(households) < min_cell:
        cell = {
            "table": "escalation",
            "row": "escalation",
            "column": "median_days_to_decision",
            "reason": "primary",
        }
        return None, cell
    median = statistics.median(sorted(fact.days_to_decision for fact in decided))  # type: ignore[misc]
    # A median of whole days is a whole number or a half; keep whole numbers as JSON integers.
    return (int(median), None) if median == int(median) else (float(median), None)
