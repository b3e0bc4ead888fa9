"""The signal report builder: content, schema, canonical JSON, CSV and property-based disclosure checks.

The property tests use an *independent* checker (below) that only looks at the published report,
the way a reader would, and does not reuse the disclosure module.
"""

import csv
import io
import json
import random
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signals.reporting.builder import (
    KNELPUNT_TYPES,
    THEME_PILLAR,
    THEMES,
    BreakthroughFact,
    NonTakeUpFact,
    PublishedLedger,
    SignalFact,
    approve_report,
    build_report,
    canonical_json,
    load_schema,
    report_to_csv_tables,
    validate_report,
)

PERIOD = (date(2025, 1, 1), date(2025, 3, 31))
GENERATED = datetime(2025, 4, 2, 3, 0, tzinfo=UTC)
VALID_BSN = "111222333"
REGULATIONS = [
    ("PW", "Participatiewet", "art. 18", "gemeente"),
    ("AWIR", "Algemene wet inkomensafhankelijke regelingen", "art. 26", "Dienst Toeslagen"),
    ("WHT", "Wet op de huurtoeslag", "art. 13", "Dienst Toeslagen"),
    ("ZVW", "Zorgverzekeringswet", "art. 10", "CAK"),
    ("WSNP", "Wet schuldsanering natuurlijke personen", "art. 285", "rechtbank"),
]
TABLE_COLUMNS = {
    "by_theme": ("breakthroughs", "households", "amount_eur", "avoided_cost_eur"),
    "by_regulation": ("breakthroughs", "households", "amount_eur"),
    "by_knelpunt_type": ("breakthroughs", "households"),
}
COUNT_FIELDS = ("breakthroughs", "households", "households_affected")


def fact(
    household_key: str = "hh-1",
    *,
    theme: str = "schulden",
    regulation: int = 0,
    knelpunt_type: str | None = "samenloop",
    amount: str = "250.00",
    avoided: str | None = "1000.00",
    in_team: bool = True,
    days: int | None = 3,
    decided_on: date = date(2025, 2, 1),
) -> BreakthroughFact:
    code, name, article, body = REGULATIONS[regulation]
    return BreakthroughFact(
        household_key=household_key,
        theme=theme,
        pillar=THEME_PILLAR[theme],
        regulation_code=code,
        regulation_name=name,
        article=article,
        body=body,
        knelpunt_type=knelpunt_type,
        amount_eur=Decimal(amount),
        avoided_cost_eur=None if avoided is None else Decimal(avoided),
        decided_in_team=in_team,
        days_to_decision=days,
        decided_on=decided_on,
    )


def signal(households: int = 25, **changes) -> SignalFact:
    base = SignalFact(
        signal_id=uuid.UUID("6f1c1f0e-8d7a-4c55-9a44-2b1f5d7c9e01"),
        regulation_code="AWIR",
        article="art. 26",
        body="Dienst Toeslagen",
        knelpunt_type="terugvordering_bevoorschotting",
        theme="schulden",
        description="Terugvordering van voorschotten duwt huishoudens in schulden.",
        proposed_fix="Kwijtschelding bij kleine bedragen.",
        workaround="Maatwerkbudget overbrugt de terugvordering.",
        households_affected=households,
        bridging_cost_eur=Decimal("12500.00"),
        avoided_cost_eur=Decimal("40000.00"),
        status="sent",
        first_seen=date(2024, 11, 4),
        route="landelijk_maatwerkloket",
    )
    return replace(base, **changes)


def build(breakthroughs=(), *, signals=(), non_take_up=(), **kwargs) -> dict:
    arguments = {
        "municipality_cbs_code": "GM0479",
        "municipality_name": "Zaanstad",
        "period_start": PERIOD[0],
        "period_end": PERIOD[1],
        "revision": 1,
        "generated_at": GENERATED,
        "breakthroughs": list(breakthroughs),
        "signals": list(signals),
        "non_take_up": list(non_take_up),
    }
    arguments.update(kwargs)
    return build_report(**arguments)


def many(count: int, *, prefix: str = "hh", **kwargs) -> list[BreakthroughFact]:
    return [fact(f"{prefix}-{i}", **kwargs) for i in range(count)]


def suppressed(report: dict) -> set[tuple[str, str, str, str]]:
    return {
        (c["table"], c["row"], c["column"], c["reason"])
        for c in report["disclosure_control"]["suppressed_cells"]
    }


# --- independent checker ---------------------------------------------------------------------


def published_counts(report: dict):
    yield "totals", report["totals"]
    for table in ("by_theme", "by_regulation", "by_knelpunt_type", "signals", "non_take_up"):
        for row in report[table]:
            yield table, row
    yield (
        "escalation",
        {
            "decided_in_team": report["escalation"]["decided_in_team"],
            "escalated_to_board": report["escalation"]["escalated_to_board"],
        },
    )


def threshold_violations(report: dict, min_cell: int) -> list[str]:
    problems = []
    for table, row in published_counts(report):
        for column, value in row.items():
            counted = column in COUNT_FIELDS or table == "escalation"
            if counted and value is not None and 0 < value < min_cell:
                problems.append(f"{table} {column}={value}")
    return problems


def margin_violations(report: dict, min_cell: int) -> list[str]:
    """Every additive relation margin = sum(cells): a suppressed value may not be recoverable."""
    problems = []
    groups = [
        (table, column, [row[column] for row in report[table]], report["totals"][column])
        for table, columns in TABLE_COLUMNS.items()
        for column in columns
    ]
    groups.append(
        (
            "escalation",
            "breakthroughs",
            [report["escalation"]["decided_in_team"], report["escalation"]["escalated_to_board"]],
            report["totals"]["breakthroughs"],
        )
    )
    for table, column, cells, margin in groups:
        # breakthroughs without knelpunt type are not in the table: an unknown residual cell
        residual = table == "by_knelpunt_type"
        nulls = sum(cell is None for cell in cells)
        if margin is None:
            if nulls == 0 and not residual:
                problems.append(f"{table}.{column}: margin is the sum of the published cells")
            continue
        if nulls == 1 and not residual:
            problems.append(f"{table}.{column}: one suppressed cell equals margin minus the rest")
        if column == "breakthroughs" and (nulls or residual):
            difference = margin - sum(cell for cell in cells if cell is not None)
            if (nulls and difference < min_cell) or (not nulls and 0 < difference < min_cell):
                problems.append(f"{table}.{column}: derivable difference {difference}")
    return problems


def rows_by_id(report: dict) -> dict[tuple[str, str], dict]:
    rows = {("totals", "totals"): report["totals"]}
    keys = {
        "by_theme": lambda r: r["theme"],
        "by_regulation": lambda r: f"{r['regulation_code']}|{r['article']}",
        "by_knelpunt_type": lambda r: r["knelpunt_type"],
        "signals": lambda r: r["signal_id"],
        "non_take_up": lambda r: r["regulation_code"],
    }
    for table, key in keys.items():
        for row in report[table]:
            rows[(table, key(row))] = row
    esc = report["escalation"]
    rows[("escalation", "escalation")] = {
        "decided_in_team": esc["decided_in_team"],
        "escalated_to_board": esc["escalated_to_board"],
    }
    return rows


def revision_violations(first: dict, second: dict, min_cell: int) -> list[str]:
    """What a reader holding revision 1 learns from revision 2 of the same period."""
    problems = []
    hidden_before = {
        (c["table"], c["row"], c["column"]) for c in first["disclosure_control"]["suppressed_cells"]
    }
    before, after = rows_by_id(first), rows_by_id(second)
    for key, row in after.items():
        for name, value in row.items():
            if (*key, name) in hidden_before and value is not None:
                problems.append(f"{key}.{name}: suppressed in revision 1, published in revision 2")
        if key not in before:
            continue
        old = before[key]
        for name, value in row.items():
            if name not in COUNT_FIELDS and key[0] != "escalation":
                continue
            if value is None or old.get(name) is None:
                continue
            if 0 < abs(value - old[name]) < min_cell:
                problems.append(f"{key}.{name}: changed by {value - old[name]}")
    # Differences per table: delta margin = sum(delta cells); one unknown delta is recoverable.
    for table in TABLE_COLUMNS:
        ids = [k for k in after if k[0] == table]
        # a regulation that revision 1 did not list had zero breakthroughs there: known
        deltas_unknown = sum(
            1
            for k in ids
            if after[k]["breakthroughs"] is None
            or (k in before and before[k]["breakthroughs"] is None)
        )
        margin_unknown = (
            first["totals"]["breakthroughs"] is None or second["totals"]["breakthroughs"] is None
        )
        if table != "by_knelpunt_type" and deltas_unknown + margin_unknown == 1:
            problems.append(f"{table}: one unknown difference between revisions")
        if table == "by_knelpunt_type" and deltas_unknown + margin_unknown == 0:
            # the residual (no knelpunt type) is the only unknown: its change is derivable
            def residual(report: dict) -> int:
                return report["totals"]["breakthroughs"] - sum(
                    r["breakthroughs"] for r in report["by_knelpunt_type"]
                )

            change = abs(residual(second) - residual(first))
            if 0 < change < min_cell:
                problems.append(f"{table}: residual changed by {change} between revisions")
    problems += group_revision_violations(first, second, min_cell)
    return problems


GROUP_TABLES = {**TABLE_COLUMNS, "escalation": ("breakthroughs",)}


def table_cells(report: dict, table: str) -> dict[str, dict]:
    """The rows of a margin table by id; escalation as two one-column rows."""
    if table == "escalation":
        esc = report["escalation"]
        return {
            key: {"breakthroughs": esc[key]} for key in ("decided_in_team", "escalated_to_board")
        }
    return {key: row for (name, key), row in rows_by_id(report).items() if name == table}


def group_revision_violations(first: dict, second: dict, min_cell: int) -> list[str]:
    """The unpublished rows of a table *as a group*: margin minus the published rows.

    A reader holding both revisions takes the set W of rows unpublished in either revision (plus,
    for by_knelpunt_type, the breakthroughs without type, which are never listed) and computes per
    column ``margin - sum(rows outside W)`` in both. For the counts the change must be 0 or at
    least `min_cell`; when anything of the group changed (an amount too) the breakthroughs must
    have changed by at least `min_cell`, as for a single row. A regulation that a revision does not
    list is zero there.
    """
    problems = []
    for table, columns in GROUP_TABLES.items():
        cells = (table_cells(first, table), table_cells(second, table))
        keys = set(cells[0]) | set(cells[1])
        group = {
            key
            for key in keys
            for rows in cells
            if key in rows and rows[key]["breakthroughs"] is None
        }
        if not group and table != "by_knelpunt_type":
            continue  # nothing unpublished in this table
        sums = []
        for report, rows in zip((first, second), cells, strict=True):
            known = {}
            for column in columns:
                margin = report["totals"][column]
                if margin is None:
                    continue
                outside = [Decimal(str(rows[key][column])) for key in rows if key not in group]
                known[column] = Decimal(str(margin)) - sum(outside, Decimal(0))
            sums.append(known)
        before, after = sums
        shared = [column for column in columns if column in before and column in after]
        if "breakthroughs" not in shared:
            continue  # a margin is unpublished: no group is derivable
        if before["breakthroughs"] == 0 and after["breakthroughs"] == 0:
            continue  # the group is empty in both revisions
        for column in ("breakthroughs", "households"):
            if column in shared and 0 < abs(after[column] - before[column]) < min_cell:
                problems.append(
                    f"{table}.{column}: the unpublished rows {sorted(group)} changed by "
                    f"{after[column] - before[column]} between revisions"
                )
        changed = any(after[column] != before[column] for column in shared)
        if changed and abs(after["breakthroughs"] - before["breakthroughs"]) < min_cell:
            problems.append(
                f"{table}: the unpublished rows {sorted(group)} changed while their breakthroughs "
                f"changed by {after['breakthroughs'] - before['breakthroughs']}"
            )
    return problems


def identifier_strings(facts: list[BreakthroughFact]) -> set[str]:
    found = set()
    for item in facts:
        found.add(item.household_key)
        found.update(item.household_key.split("/"))
    return found


# --- strategies ------------------------------------------------------------------------------


def household_key(rnd: random.Random) -> str:
    """A pseudonym deliberately shaped like identifiers, to prove none of it is output."""
    while True:
        digits = f"{rnd.randrange(10**8, 10**9)}"
        weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
        if sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0:
            break
    postcode = f"{rnd.randrange(1000, 10000)} {rnd.choice('ABCDEFGHJK')}{rnd.choice('LMNPRTVWXZ')}"
    birth = date(1930, 1, 1) + timedelta(days=rnd.randrange(0, 27000))
    return f"{digits}/{postcode}/{birth.isoformat()}/hh{rnd.randrange(10**6)}"


@st.composite
def caseloads(draw) -> list[BreakthroughFact]:
    rnd = random.Random(draw(st.integers(0, 2**32)))  # details from a seed: cheap to generate
    pool = [household_key(rnd) for _ in range(draw(st.integers(1, 90)))]
    facts = []
    for _ in range(draw(st.integers(0, 7))):
        theme = draw(st.sampled_from(THEMES))
        regulation = draw(st.integers(0, len(REGULATIONS) - 1))
        knelpunt = draw(st.one_of(st.none(), st.sampled_from(KNELPUNT_TYPES)))
        count = draw(st.integers(0, 60))
        members = rnd.sample(pool, k=min(len(pool), rnd.randint(1, max(1, count))))
        facts.extend(
            fact(
                rnd.choice(members),
                theme=theme,
                regulation=regulation,
                knelpunt_type=knelpunt,
                amount=f"{rnd.randrange(0, 600000) / 100:.2f}",
                avoided=None if rnd.random() < 0.3 else f"{rnd.randrange(0, 900000) / 100:.2f}",
                in_team=rnd.random() < 0.8,
                days=None if rnd.random() < 0.2 else rnd.randrange(0, 40),
                decided_on=PERIOD[0] + timedelta(days=rnd.randrange(0, 90)),
            )
            for _ in range(count)
        )
    return facts


@st.composite
def signal_lists(draw) -> list[SignalFact]:
    counts = draw(st.lists(st.integers(0, 60), max_size=4))
    return [
        signal(households, signal_id=uuid.UUID(int=index + 1))
        for index, households in enumerate(counts)
    ]


@st.composite
def corrections(draw, facts: list[BreakthroughFact]) -> list[BreakthroughFact]:
    """Revision 2: drop, change and add some breakthroughs of revision 1."""
    rnd = random.Random(draw(st.integers(0, 2**32)))
    kept = [f for f in facts if rnd.random() > draw(st.sampled_from([0.0, 0.05, 0.3]))]
    changed = [
        replace(f, amount_eur=f.amount_eur + 1, theme=rnd.choice(THEMES))
        if rnd.random() < 0.1
        else f
        for f in kept
    ]
    changed = [replace(f, pillar=THEME_PILLAR[f.theme]) for f in changed]
    return changed + draw(caseloads())


# --- property tests --------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=caseloads(), signals=signal_lists(), min_cell=st.sampled_from([10, 10, 15]))
def test_random_caseload_report_is_safe_and_valid(facts, signals, min_cell):
    non_take_up = [
        NonTakeUpFact(regulation_code="WHT", households=7, est_monthly_eur=Decimal("35.10"))
    ]
    report = build(facts, signals=signals, non_take_up=non_take_up, min_cell=min_cell)

    assert threshold_violations(report, min_cell) == []
    assert margin_violations(report, min_cell) == []
    assert validate_report(report) == []
    serialized = canonical_json(report).decode("utf-8")
    assert "household" + "_key" not in serialized
    leaked = [text for text in identifier_strings(facts) if text in serialized]
    assert leaked == []
    # every null count is listed as suppressed
    listed = {(c["table"], c["row"]) for c in report["disclosure_control"]["suppressed_cells"]}
    for (table, key), row in rows_by_id(report).items():
        if any(row.get(c) is None for c in COUNT_FIELDS if c in row):
            assert (table, key) in listed
    # published tables add up to the published totals
    for table, columns in TABLE_COLUMNS.items():
        if table == "by_knelpunt_type":
            continue
        for column in columns:
            if column == "households":
                continue  # a household can be in several rows: not additive
            cells = [row[column] for row in report[table]]
            if None not in cells and report["totals"][column] is not None:
                assert sum(Decimal(str(c)) for c in cells) == Decimal(str(report["totals"][column]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_correction_revision_reveals_nothing_by_difference(data):
    first_facts = data.draw(caseloads())
    first = approve_report(build(first_facts), GENERATED + timedelta(days=1))
    second_facts = data.draw(corrections(first_facts))
    second = build(second_facts, revision=2, ledger=PublishedLedger.from_reports([first]))

    assert threshold_violations(second, 10) == []
    assert margin_violations(second, 10) == []
    assert revision_violations(first, second, 10) == []
    assert validate_report(second) == []
    assert second["report_id"] != first["report_id"]


# --- example tests ---------------------------------------------------------------------------


def test_empty_caseload_still_lists_every_theme_and_knelpunt_type_in_fixed_order():
    report = build()
    assert [(r["theme"], r["pillar"]) for r in report["by_theme"]] == list(THEME_PILLAR.items())
    assert [r["knelpunt_type"] for r in report["by_knelpunt_type"]] == list(KNELPUNT_TYPES)
    assert len(KNELPUNT_TYPES) == 8
    assert all(r["breakthroughs"] == 0 and r["amount_eur"] == "0.00" for r in report["by_theme"])
    assert report["totals"] == {
        "breakthroughs": 0,
        "households": 0,
        "amount_eur": "0.00",
        "avoided_cost_eur": "0.00",
    }
    assert report["escalation"] == {
        "decided_in_team": 0,
        "escalated_to_board": 0,
        "median_days_to_decision": None,
    }
    assert report["approved_at"] is None
    assert validate_report(report) == []


def test_report_has_exactly_the_contract_fields():
    report = build(many(12))
    assert set(report) == {
        "report_id",
        "schema",
        "municipality",
        "period",
        "revision",
        "generated_at",
        "approved_at",
        "disclosure_control",
        "totals",
        "by_theme",
        "by_regulation",
        "by_knelpunt_type",
        "signals",
        "non_take_up",
        "escalation",
    }
    assert report["schema"] == "doorbraak.signal-report/1"
    assert report["municipality"] == {"cbs_code": "GM0479", "name": "Zaanstad"}
    assert report["period"] == {"start": "2025-01-01", "end": "2025-03-31"}
    assert report["generated_at"] == "2025-04-02T03:00:00Z"
    assert report["disclosure_control"]["min_cell"] == 10


def test_counts_and_money_of_a_published_report():
    facts = many(12, amount="100.10", avoided=None) + many(
        12,
        prefix="x",
        theme="wonen",
        regulation=2,
        amount="0.005",
        avoided="10.00",
        in_team=False,
        days=8,
    )
    report = build(facts)
    assert report["totals"] == {
        "breakthroughs": 24,
        "households": 24,
        "amount_eur": "1201.32",  # 12 * 100.10 + 12 * 0.01 (cents per breakthrough, half up)
        "avoided_cost_eur": "120.00",  # breakthroughs without an estimate add nothing
    }
    wonen = next(r for r in report["by_theme"] if r["theme"] == "wonen")
    assert wonen == {
        "theme": "wonen",
        "pillar": "wonen_en_zorg",
        "breakthroughs": 12,
        "households": 12,
        "amount_eur": "0.12",
        "avoided_cost_eur": "120.00",
    }
    assert report["escalation"] == {
        "decided_in_team": 12,
        "escalated_to_board": 12,
        "median_days_to_decision": 5.5,  # 12 x 3 days and 12 x 8 days
    }
    assert suppressed(report) == set()
    assert validate_report(report) == []


def test_small_row_is_null_with_its_amounts_and_gets_a_complement():
    report = build(many(30) + many(4, prefix="z", theme="zorg", regulation=3))
    zorg = next(r for r in report["by_theme"] if r["theme"] == "zorg")
    schulden = next(r for r in report["by_theme"] if r["theme"] == "schulden")
    assert zorg["breakthroughs"] is None and zorg["amount_eur"] is None
    assert zorg["avoided_cost_eur"] is None and zorg["households"] is None
    assert schulden["breakthroughs"] is None  # otherwise zorg = totals - schulden
    assert ("by_theme", "zorg", "amount_eur", "primary") in suppressed(report)
    assert ("by_theme", "schulden", "breakthroughs", "secondary") in suppressed(report)
    assert report["totals"]["breakthroughs"] == 34


def test_many_breakthroughs_of_few_households_are_still_suppressed():
    # 20 breakthroughs, but only 3 households: the unit we protect is the household
    report = build([fact(f"hh-{i % 3}") for i in range(20)])
    assert report["totals"]["breakthroughs"] is None
    assert report["totals"]["households"] is None


def test_report_id_is_deterministic_per_municipality_period_and_revision():
    first = build(many(12))
    again = build(many(15))
    other_revision = build(many(12), revision=2)
    other_municipality = build(many(12), municipality_cbs_code="GM0363")
    assert first["report_id"] == again["report_id"]
    assert uuid.UUID(first["report_id"]).version == 5
    assert (
        len({first["report_id"], other_revision["report_id"], other_municipality["report_id"]}) == 3
    )
    given_id = uuid.uuid4()
    assert build(report_id=given_id)["report_id"] == str(given_id)


def test_canonical_json_is_stable_across_key_order_and_whitespace_free():
    report = build(many(12), municipality_name="Súdwest-Fryslân")
    reordered = json.loads(
        json.dumps(report), object_pairs_hook=lambda pairs: dict(reversed(pairs))
    )
    assert list(reordered) != list(report)
    assert canonical_json(reordered) == canonical_json(report)
    encoded = canonical_json(report)
    assert b"\n" not in encoded and b": " not in encoded and b", " not in encoded
    assert "Súdwest-Fryslân".encode() in encoded
    assert json.loads(encoded) == report
    assert canonical_json(build(many(12), municipality_name="Súdwest-Fryslân")) == encoded


def test_min_cell_below_ten_is_rejected_and_a_higher_one_is_applied():
    with pytest.raises(ValueError, match="min_cell"):
        build(many(12), min_cell=5)
    report = build(many(12), min_cell=15)
    assert report["totals"]["breakthroughs"] is None
    assert report["disclosure_control"]["min_cell"] == 15


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("description", f"Huishouden met BSN {VALID_BSN} loopt vast."),
        ("proposed_fix", "Bel 06 en schrijf naar beleid@gemeente.nl"),
        ("workaround", "Tijdelijke woning op 1234 AB gevonden."),
    ],
)
def test_signal_text_that_looks_like_an_identifier_is_rejected(field, text):
    with pytest.raises(ValueError, match="lijkt"):
        build(signals=[signal(**{field: text})])


def test_draft_signal_is_not_published():
    with pytest.raises(ValueError, match="concept"):
        build(signals=[signal(status="draft")])


def test_signal_below_threshold_hides_its_costs_but_keeps_the_curated_text():
    report = build(signals=[signal(households=4)])
    (published,) = report["signals"]
    assert published["households_affected"] is None
    assert published["bridging_cost_eur"] is None and published["avoided_cost_eur"] is None
    assert published["description"].startswith("Terugvordering")
    assert ("signals", published["signal_id"], "bridging_cost_eur", "primary") in suppressed(report)
    report = build(signals=[signal(households=25)])
    assert report["signals"][0]["households_affected"] == 25
    assert report["signals"][0]["bridging_cost_eur"] == "12500.00"


def test_non_take_up_below_threshold_hides_the_monthly_amount():
    report = build(
        non_take_up=[
            NonTakeUpFact(regulation_code="WHT", households=3, est_monthly_eur=Decimal("120")),
            NonTakeUpFact(regulation_code="AWIR", households=40, est_monthly_eur=Decimal("85.5")),
        ]
    )
    assert report["non_take_up"] == [
        {"regulation_code": "AWIR", "households": 40, "est_monthly_eur": "85.50"},
        {"regulation_code": "WHT", "households": None, "est_monthly_eur": None},
    ]


def test_median_needs_at_least_min_cell_decisions():
    report = build(many(30, days=None) + many(9, prefix="d", days=5))
    assert report["escalation"]["median_days_to_decision"] is None
    assert ("escalation", "escalation", "median_days_to_decision", "primary") in suppressed(report)
    report = build(many(30, days=None) + many(10, prefix="d", days=5))
    assert report["escalation"]["median_days_to_decision"] == 5


def test_invalid_facts_are_rejected():
    with pytest.raises(ValueError, match="pijler"):
        build([replace(fact(), pillar="werkzekerheid")])
    with pytest.raises(ValueError, match="buiten de periode"):
        build([fact(decided_on=date(2025, 4, 1))])
    with pytest.raises(ValueError, match="thema"):
        build([replace(fact(), theme="onbekend")])
    with pytest.raises(ValueError, match="tijdzone"):
        build(generated_at=datetime(2025, 4, 2))
    with pytest.raises(ValueError, match="niet-negatief"):
        build([fact(amount="-5.00")])


def test_schema_rejects_a_smuggled_identifier_field_with_a_dutch_message():
    report = build(many(12))
    report["by_theme"][0]["household_key"] = "hh-1"
    report["bsn"] = VALID_BSN
    errors = validate_report(report)
    assert "$: onbekend veld niet toegestaan: bsn" in errors
    assert "$.by_theme[0]: onbekend veld niet toegestaan: household_key" in errors


def test_schema_rejects_wrong_types_missing_fields_and_reordered_categories():
    report = build(many(12))
    report["totals"]["amount_eur"] = 12.5
    del report["escalation"]["median_days_to_decision"]
    report["by_theme"] = list(reversed(report["by_theme"]))
    errors = validate_report(report)
    assert "$.totals.amount_eur: verkeerd type: verwacht tekst of null, gekregen getal" in errors
    assert "$.escalation: verplicht veld ontbreekt: median_days_to_decision" in errors
    assert any(error.startswith("$.by_theme[0].theme: waarde moet") for error in errors)


def test_schema_enumerations_match_the_builder_constants():
    schema = load_schema()
    assert schema["$defs"]["theme"]["enum"] == list(THEMES)
    assert schema["$defs"]["knelpunt_type"]["enum"] == list(KNELPUNT_TYPES)
    assert len(schema["properties"]["by_theme"]["prefixItems"]) == len(THEMES)


def test_approve_report_sets_approved_at_on_a_copy():
    report = build(many(12))
    approved = approve_report(report, datetime(2025, 4, 3, 10, 0, tzinfo=UTC))
    assert approved["approved_at"] == "2025-04-03T10:00:00Z"
    assert report["approved_at"] is None
    assert validate_report(approved) == []
    with pytest.raises(ValueError):
        approve_report(approved, datetime(2025, 4, 4, tzinfo=UTC))
    with pytest.raises(ValueError):
        approve_report(report, datetime(2025, 4, 1, tzinfo=UTC))


def parse_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_tables_match_the_json():
    facts = many(30) + many(4, prefix="z", theme="zorg", regulation=3)
    report = build(facts, signals=[signal(households=4, workaround="-50 euro per maand")])
    tables = report_to_csv_tables(report)
    assert set(tables) == {
        "report",
        "totals",
        "by_theme",
        "by_regulation",
        "by_knelpunt_type",
        "signals",
        "non_take_up",
        "escalation",
        "suppressed_cells",
    }
    by_theme = parse_csv(tables["by_theme"])
    assert [r["theme"] for r in by_theme] == list(THEMES)
    for csv_row, json_row in zip(by_theme, report["by_theme"], strict=True):
        for column, value in json_row.items():
            assert csv_row[column] == ("" if value is None else str(value))
    zorg = next(r for r in by_theme if r["theme"] == "zorg")
    assert zorg["suppressed_columns"] == "amount_eur;avoided_cost_eur;breakthroughs;households"
    wonen = next(r for r in by_theme if r["theme"] == "wonen")
    assert wonen["suppressed_columns"] == "" and wonen["breakthroughs"] == "0"
    (signal_row,) = parse_csv(tables["signals"])
    assert signal_row["households_affected"] == ""
    assert signal_row["workaround"] == "'-50 euro per maand"  # no spreadsheet formula
    assert report["signals"][0]["workaround"] == "-50 euro per maand"
    (meta,) = parse_csv(tables["report"])
    assert meta["report_id"] == report["report_id"] and meta["approved_at"] == ""
    cells = parse_csv(tables["suppressed_cells"])
    assert [(c["table"], c["row"], c["column"], c["reason"]) for c in cells] == [
        (c["table"], c["row"], c["column"], c["reason"])
        for c in report["disclosure_control"]["suppressed_cells"]
    ]
    assert tables["totals"].endswith("\r\n")


def test_correction_keeps_earlier_suppression_and_lists_regulations_that_dropped_to_zero():
    first_facts = many(30) + many(4, prefix="z", theme="zorg", regulation=3)
    first = build(first_facts)
    assert first["by_regulation"][-1]["regulation_code"] == "ZVW"
    # revision 2: the zorg breakthroughs were booked wrongly and are removed
    second = build(many(30), revision=2, ledger=PublishedLedger.from_reports([first]))
    regulations = {r["regulation_code"]: r for r in second["by_regulation"]}
    assert regulations["ZVW"]["breakthroughs"] is None  # stays hidden, though it is now 0
    assert regulations["PW"]["breakthroughs"] is None  # and so does its complement
    # totals moved by 4: a published difference of 4 would reveal the corrected households
    assert second["totals"]["breakthroughs"] is None
    assert revision_violations(first, second, 10) == []


def test_ledger_of_another_municipality_is_rejected():
    other = build(many(12), municipality_cbs_code="GM0363")
    with pytest.raises(ValueError, match="andere gemeente"):
        build(many(12), revision=2, ledger=PublishedLedger.from_reports([other]))


def test_rebuilding_the_same_revision_with_itself_in_the_ledger_is_identical():
    facts = many(30) + many(4, prefix="z", theme="zorg")
    first = build(facts)
    again = build(facts, ledger=PublishedLedger.from_reports([first]))
    assert canonical_json(again) == canonical_json(first)
