"""Builder of the periodic signal report to the VNG (SIGNAL_REPORT.md), schema doorbraak.signal-report/1.

Pure Python: the Django side aggregates its models into the frozen fact dataclasses below and calls
`build_report`; nothing here touches the database. Disclosure control lives in `disclosure.py`.

Format choices (the JSON Schema in `schema/signal-report-1.schema.json` matches them):
- Money is a JSON *string* with exactly two decimals and no sign, e.g. ``"1234.50"`` (sums are exact
  `Decimal`s rounded half-up to cents). Strings keep cents exact in every JSON parser and make the
  canonical bytes, and so the hash the receiver compares, independent of float formatting.
- Counts are JSON integers; a suppressed cell is ``null`` and is listed in
  ``disclosure_control.suppressed_cells``. A ``null`` that is not listed there means "not known"
  (a signal without an avoided-cost estimate, a median without decisions).
- `avoided_cost_eur` of a table row is the sum of the available estimates; breakthroughs without an
  estimate contribute 0 (publishing how many have an estimate would be one more small count).
- Dates are ISO ``YYYY-MM-DD``; timestamps are UTC ``YYYY-MM-DDTHH:MM:SSZ``.
- `median_days_to_decision` is a JSON number, a whole number or a half (4 or 4.5).
- Row identifiers in ``suppressed_cells`` (and in the CSV): ``totals`` / ``escalation`` for the two
  objects (the column is then the field name), the theme or knelpunt type code, ``"<regulation
  code>|<article>"`` for by_regulation, the signal UUID for signals and the regulation code for
  non_take_up.
- Lists are in a fixed order: themes and knelpunt types in the order of `THEMES` and
  `KNELPUNT_TYPES`, regulations by (code, article), signals by id, non-take-up by code.

Input rules: the pillar of a breakthrough must be the fixed pillar of its theme (`THEME_PILLAR`);
by_regulation lists the (regulation, article) pairs that have breakthroughs in the period, plus any
pair listed in an earlier revision of the same period (as 0 or null), so the row set itself is not a
fixed design: a null row says "at least one breakthrough". The ledger is built from the JSON of
reports that were really sent (`PublishedLedger.from_reports`); earlier revisions of the same period
with a revision number >= the one being built are ignored, so a rebuild is idempotent.

CSV (`report_to_csv_tables`): one CSV per table, RFC 4180 (comma, CRLF, UTF-8). A null is an empty
field; every data table ends with a ``suppressed_columns`` column naming the suppressed columns of
that row separated by ``;``, so an empty field can be told apart: suppressed or unknown. Text cells
that start with ``= + - @`` (or a tab / carriage return) get a leading ``'`` so a spreadsheet does not
run them as a formula (OWASP CSV injection); the JSON keeps the text as it is.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import statistics
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from breakthroughs.reporting.disclosure import (
    MIN_CELL_DEFAULT,
    DisclosureRow,
    LedgerEntry,
    RowKey,
    SuppressedCell,
    TableSpec,
    Value,
    apply_disclosure_control,
    assert_no_identifiers,
    check_min_cell,
)

__all__ = [
    "KNELPUNT_TYPES",
    "PILLARS",
    "PUBLISHABLE_SIGNAL_STATUSES",
    "SCHEMA_ID",
    "SCHEMA_PATH",
    "SIGNAL_ROUTES",
    "SIGNAL_STATUSES",
    "THEMES",
    "THEME_PILLAR",
    "BreakthroughFact",
    "LedgerEntry",
    "NonTakeUpFact",
    "PublishedLedger",
    "SignalFact",
    "approve_report",
    "build_report",
    "canonical_json",
    "load_schema",
    "report_to_csv_tables",
    "validate_report",
]

SCHEMA_ID = "doorbraak.signal-report/1"
SCHEMA_PATH = Path(__file__).parent / "schema" / "signal-report-1.schema.json"
DISCLOSURE_METHOD = "cell_suppression/1"
# Namespace of the deterministic report ids: uuid5(NAMESPACE_URL, "urn:doorbraak:signal-report").
REPORT_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:doorbraak:signal-report")

# Fixed categories (DOMAIN.md sections 1 and 3). The Django choices should import these, so that
# the models and the report cannot drift apart.
PILLARS: tuple[str, ...] = (
    "inkomenszekerheid",
    "werkzekerheid",
    "menselijke_maat",
    "wonen_en_zorg",
)
THEME_PILLAR: Mapping[str, str] = {
    "schulden": "inkomenszekerheid",
    "wonen": "wonen_en_zorg",
    "zorg": "wonen_en_zorg",
    "arbeidsmarkt_beperking": "werkzekerheid",
    "uitvoerbaar_stelsel": "menselijke_maat",
}
THEMES: tuple[str, ...] = tuple(THEME_PILLAR)
KNELPUNT_TYPES: tuple[str, ...] = (
    "samenloop",
    "leeftijds_of_inkomensgrens",
    "geen_afwijkingsbevoegdheid",
    "uitvoeringspraktijk",
    "gegevensuitwisseling",
    "onduidelijk_wie_beslist",
    "terugvordering_bevoorschotting",
    "armoedeval",
)
SIGNAL_STATUSES: tuple[str, ...] = (
    "draft",
    "reviewed",
    "sent",
    "acknowledged",
    "in_policy_cycle",
    "resolved",
    "rejected",
)
# A draft has not been reviewed for publication yet, so it never leaves the municipality.
PUBLISHABLE_SIGNAL_STATUSES: tuple[str, ...] = SIGNAL_STATUSES[1:]
SIGNAL_ROUTES: tuple[str, ...] = (
    "local_policy",
    "regional",
    "landelijk_maatwerkloket",
    "ministry",
    "vng",
)

# The residual row of breakthroughs without knelpunt type: derivable, never published.
KNELPUNT_RESIDUAL_KEY = "(zonder knelpunttype)"
_CBS_CODE = re.compile(r"^GM\d{4}$")
_CENT = Decimal("0.01")


# --- input -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BreakthroughFact:
    """One decided breakthrough in the period (decided_on within the period)."""

    household_key: str  # opaque pseudonym, only used to count distinct households
    theme: str
    pillar: str
    regulation_code: str
    regulation_name: str
    article: str
    body: str
    knelpunt_type: str | None
    amount_eur: Decimal
    avoided_cost_eur: Decimal | None
    decided_in_team: bool
    days_to_decision: int | None
    decided_on: date


@dataclass(frozen=True)
class SignalFact:
    """A curated knelpunt; all text is written by a policy officer for publication."""

    signal_id: uuid.UUID
    regulation_code: str
    article: str
    body: str
    knelpunt_type: str
    theme: str
    description: str
    proposed_fix: str
    workaround: str
    households_affected: int
    bridging_cost_eur: Decimal
    avoided_cost_eur: Decimal | None
    status: str
    first_seen: date
    route: str


@dataclass(frozen=True)
class NonTakeUpFact:
    """Households entitled to a scheme but not receiving it, with the estimated monthly amount."""

    regulation_code: str
    households: int
    est_monthly_eur: Decimal


@dataclass(frozen=True)
class PublishedLedger:
    """Everything this municipality published before (all periods, all revisions)."""

    entries: tuple[LedgerEntry, ...] = ()

    @classmethod
    def from_reports(cls, reports: Iterable[Mapping[str, Any]]) -> PublishedLedger:
        """Build the ledger from the JSON of reports that were actually sent (approved)."""
        return cls(entries=tuple(_ledger_entry_from_report(report) for report in reports))


# --- build -----------------------------------------------------------------------------------


def build_report(
    *,
    municipality_cbs_code: str,
    municipality_name: str,
    period_start: date,
    period_end: date,
    revision: int,
    generated_at: datetime,
    breakthroughs: Sequence[BreakthroughFact],
    signals: Sequence[SignalFact],
    non_take_up: Sequence[NonTakeUpFact],
    min_cell: int = MIN_CELL_DEFAULT,
    ledger: PublishedLedger | None = None,
    report_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    """Return the canonical, disclosure-controlled report dict (approved_at is None).

    Raises ValueError for invalid input: min_cell below 10, unknown categories, facts outside the
    period, negative amounts, a draft signal, or publishable text containing an identifier.
    """
    check_min_cell(min_cell)
    _check_header(
        cbs_code=municipality_cbs_code,
        name=municipality_name,
        period_start=period_start,
        period_end=period_end,
        revision=revision,
        generated_at=generated_at,
    )
    for fact in breakthroughs:
        _check_breakthrough(fact, period_start=period_start, period_end=period_end)
    for signal in signals:
        _check_signal(signal)
    for item in non_take_up:
        _check_non_take_up(item)
    if len({signal.signal_id for signal in signals}) != len(signals):
        raise ValueError("een signaal staat er twee keer in")
    entries = _relevant_ledger_entries(
        ledger,
        cbs_code=municipality_cbs_code,
        period_start=period_start,
        period_end=period_end,
        revision=revision,
    )

    same_period_entries = [
        entry for entry in entries if entry.same_period(start=period_start, end=period_end)
    ]
    tables = _tables(
        breakthroughs=breakthroughs,
        signals=signals,
        non_take_up=non_take_up,
        earlier_revisions=same_period_entries,
    )
    suppressed = apply_disclosure_control(
        tables=list(tables.values()),
        min_cell=min_cell,
        period_start=period_start,
        period_end=period_end,
        ledger_entries=entries,
    )
    cells = [_output_cell(cell) for cell in suppressed]
    median, median_cell = _median_days(breakthroughs, min_cell=min_cell)
    if median_cell is not None:
        cells.append(median_cell)

    if report_id is None:
        report_id = uuid.uuid5(
            REPORT_ID_NAMESPACE,
            f"{municipality_cbs_code}|{period_start.isoformat()}|{period_end.isoformat()}|{revision}",
        )
    rows = {spec.name: [row for row in spec.rows if not row.hidden] for spec in tables.values()}
    totals = rows["totals"][0]
    escalation = {row.key: row for row in rows["escalation"]}
    return {
        "report_id": str(report_id),
        "schema": SCHEMA_ID,
        "municipality": {"cbs_code": municipality_cbs_code, "name": municipality_name},
        "period": {"start": period_start.isoformat(), "end": period_end.isoformat()},
        "revision": revision,
        "generated_at": _utc_timestamp(generated_at),
        "approved_at": None,
        "disclosure_control": {
            "min_cell": min_cell,
            "method": DISCLOSURE_METHOD,
            "suppressed_cells": sorted(
                cells, key=lambda c: (c["table"], c["row"], c["column"], c["reason"])
            ),
        },
        "totals": _published(totals),
        "by_theme": [
            {"theme": row.key, "pillar": THEME_PILLAR[row.key], **_published(row)}
            for row in rows["by_theme"]
        ],
        "by_regulation": [_regulation_output(row) for row in rows["by_regulation"]],
        "by_knelpunt_type": [
            {"knelpunt_type": row.key, **_published(row)} for row in rows["by_knelpunt_type"]
        ],
        "signals": [_signal_output(row) for row in rows["signals"]],
        "non_take_up": [
            {"regulation_code": row.key, **_published(row)} for row in rows["non_take_up"]
        ],
        "escalation": {
            "decided_in_team": _published(escalation["decided_in_team"])["breakthroughs"],
            "escalated_to_board": _published(escalation["escalated_to_board"])["breakthroughs"],
            "median_days_to_decision": median,
        },
    }


def approve_report(report: Mapping[str, Any], approved_at: datetime) -> dict[str, Any]:
    """Return a copy of `report` with approved_at set; the original stays untouched."""
    if report.get("approved_at") is not None:
        raise ValueError("dit rapport is al goedgekeurd; maak een nieuwe revisie")
    approved = _utc_timestamp(approved_at)
    if approved < report["generated_at"]:  # same fixed format, so string order is time order
        raise ValueError("goedkeuring kan niet vóór het aanmaken van het rapport liggen")
    result = copy.deepcopy(dict(report))
    result["approved_at"] = approved
    return result


def canonical_json(report: Mapping[str, Any]) -> bytes:
    """UTF-8 JSON with sorted keys and no whitespace: an identical report gives identical bytes."""
    return json.dumps(
        report, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


# --- schema validation -----------------------------------------------------------------------


@cache
def load_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of doorbraak.signal-report/1."""
    with SCHEMA_PATH.open(encoding="utf-8") as schema_file:
        return json.load(schema_file)


def validate_report(report: Any) -> list[str]:
    """Validate against the JSON Schema; return Dutch messages "<JSON path>: <problem>" (empty = ok)."""
    validator = jsonschema.Draft202012Validator(load_schema())
    errors = sorted(
        validator.iter_errors(report),
        key=lambda error: (_json_path(error.absolute_path), error.message),
    )
    return [f"{_json_path(error.absolute_path)}: {_dutch_message(error)}" for error in errors]


def _json_path(parts: Iterable[Any]) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


_JSON_TYPE_NAMES = {
    "integer": "geheel getal",
    "number": "getal",
    "string": "tekst",
    "boolean": "waar/onwaar",
    "null": "null",
    "object": "object",
    "array": "lijst",
}


def _json_type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "waar/onwaar"
    if isinstance(value, int):
        return "geheel getal"
    if isinstance(value, float):
        return "getal"
    if isinstance(value, str):
        return "tekst"
    return "lijst" if isinstance(value, list) else "object"


def _dutch_message(error: jsonschema.ValidationError) -> str:
    kind, expected, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = [name for name in expected if name not in instance]
        return f"verplicht veld ontbreekt: {', '.join(missing)}"
    if kind == "additionalProperties":
        known = error.schema.get("properties", {})
        extra = sorted(name for name in instance if name not in known)
        return f"onbekend veld niet toegestaan: {', '.join(extra)}"
    if kind == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        names = " of ".join(_JSON_TYPE_NAMES.get(name, name) for name in wanted)
        return f"verkeerd type: verwacht {names}, gekregen {_json_type_name(instance)}"
    if kind == "const":
        return f"waarde moet {json.dumps(expected, ensure_ascii=False)} zijn"
    if kind == "enum":
        allowed = ", ".join(json.dumps(value, ensure_ascii=False) for value in expected)
        return f"waarde {json.dumps(instance, ensure_ascii=False)} niet toegestaan (toegestaan: {allowed})"
    if kind == "pattern":
        return f"waarde {json.dumps(instance, ensure_ascii=False)} heeft niet het juiste formaat"
    if kind in ("minimum", "exclusiveMinimum"):
        return f"waarde {instance} is kleiner dan het minimum {expected}"
    if kind in ("maximum", "exclusiveMaximum"):
        return f"waarde {instance} is groter dan het maximum {expected}"
    if kind == "multipleOf":
        return f"waarde {instance} moet een veelvoud zijn van {expected}"
    if kind == "minItems":
        return f"te weinig elementen: minimaal {expected}"
    if kind in ("maxItems", "items"):
        return "te veel elementen"
    if kind == "minLength":
        return f"tekst te kort: minimaal {expected} teken(s)"
    return f"ongeldige waarde (regel '{kind}')"


# --- CSV -------------------------------------------------------------------------------------

_CSV_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "totals": ("breakthroughs", "households", "amount_eur", "avoided_cost_eur"),
    "by_theme": (
        "theme",
        "pillar",
        "breakthroughs",
        "households",
        "amount_eur",
        "avoided_cost_eur",
    ),
    "by_regulation": (
        "regulation_code",
        "regulation_name",
        "article",
        "body",
        "breakthroughs",
        "households",
        "amount_eur",
    ),
    "by_knelpunt_type": ("knelpunt_type", "breakthroughs", "households"),
    "signals": (
        "signal_id",
        "regulation_code",
        "article",
        "body",
        "knelpunt_type",
        "theme",
        "description",
        "proposed_fix",
        "workaround",
        "households_affected",
        "bridging_cost_eur",
        "avoided_cost_eur",
        "status",
        "first_seen",
        "route",
    ),
    "non_take_up": ("regulation_code", "households", "est_monthly_eur"),
    "escalation": ("decided_in_team", "escalated_to_board", "median_days_to_decision"),
}
SUPPRESSED_COLUMNS_FIELD = "suppressed_columns"


def row_id(*, table: str, row: Mapping[str, Any]) -> str:
    """The identifier a report row has in ``suppressed_cells`` (see the module docstring)."""
    if table in ("totals", "escalation"):
        return table
    if table == "by_theme":
        return row["theme"]
    if table == "by_regulation":
        return f"{row['regulation_code']}|{row['article']}"
    if table == "by_knelpunt_type":
        return row["knelpunt_type"]
    if table == "signals":
        return row["signal_id"]
    if table == "non_take_up":
        return row["regulation_code"]
    raise ValueError(f"onbekende tabel {table!r}")


def report_to_csv_tables(report: Mapping[str, Any]) -> dict[str, str]:
    """One CSV text per table, plus ``report`` (metadata) and ``suppressed_cells``."""
    suppressed: dict[tuple[str, str], list[str]] = defaultdict(list)
    for cell in report["disclosure_control"]["suppressed_cells"]:
        suppressed[(cell["table"], cell["row"])].append(cell["column"])

    tables: dict[str, str] = {
        "report": _csv_text(
            (
                "report_id",
                "schema",
                "cbs_code",
                "municipality_name",
                "period_start",
                "period_end",
                "revision",
                "generated_at",
                "approved_at",
                "min_cell",
                "method",
            ),
            [
                (
                    report["report_id"],
                    report["schema"],
                    report["municipality"]["cbs_code"],
                    report["municipality"]["name"],
                    report["period"]["start"],
                    report["period"]["end"],
                    report["revision"],
                    report["generated_at"],
                    report["approved_at"],
                    report["disclosure_control"]["min_cell"],
                    report["disclosure_control"]["method"],
                )
            ],
        )
    }
    for table, columns in _CSV_COLUMNS.items():
        section = report[table]
        rows = [section] if isinstance(section, Mapping) else section
        tables[table] = _csv_text(
            (*columns, SUPPRESSED_COLUMNS_FIELD),
            [
                (
                    *(row[column] for column in columns),
                    ";".join(sorted(suppressed.get((table, row_id(table=table, row=row)), []))),
                )
                for row in rows
            ],
        )
    tables["suppressed_cells"] = _csv_text(
        ("table", "row", "column", "reason"),
        [
            (cell["table"], cell["row"], cell["column"], cell["reason"])
            for cell in report["disclosure_control"]["suppressed_cells"]
        ],
    )
    return tables


def csv_cell(value: Any) -> str:
    """How one JSON value is written in the CSV (None -> empty; formula-like text gets a quote)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if isinstance(value, str) and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


# --- input checks ----------------------------------------------------------------------------


def _check_header(
    *,
    cbs_code: str,
    name: str,
    period_start: date,
    period_end: date,
    revision: int,
    generated_at: datetime,
) -> None:
    if not _CBS_CODE.match(cbs_code):
        raise ValueError(f"CBS-code {cbs_code!r} heeft niet de vorm GM0000")
    if not name.strip():
        raise ValueError("de gemeentenaam ontbreekt")
    if period_end < period_start:
        raise ValueError("het einde van de periode ligt vóór het begin")
    if isinstance(revision, bool) or not isinstance(revision, int) or revision < 1:
        raise ValueError("revisie moet een geheel getal vanaf 1 zijn")
    _utc_timestamp(generated_at)


def _check_category(value: str | None, *, allowed: Sequence[str], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"onbekende {what} {value!r}; toegestaan: {', '.join(allowed)}")


def _check_money(value: Decimal | None, *, what: str) -> None:
    if value is None:
        return
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise ValueError(f"{what} moet een niet-negatief Decimal-bedrag zijn, niet {value!r}")


def _check_label(value: str, *, what: str, required: bool = True) -> None:
    if required and not value.strip():
        raise ValueError(f"{what} ontbreekt")
    if "|" in value:  # '|' separates code and article in the by_regulation row id
        raise ValueError(f"{what} mag geen '|' bevatten")
    assert_no_identifiers(field_name=what, text=value)


def _check_breakthrough(fact: BreakthroughFact, *, period_start: date, period_end: date) -> None:
    _check_category(fact.theme, allowed=THEMES, what="thema")
    if fact.pillar != THEME_PILLAR[fact.theme]:
        raise ValueError(
            f"pijler {fact.pillar!r} past niet bij thema {fact.theme!r} "
            f"(verwacht {THEME_PILLAR[fact.theme]!r})"
        )
    if fact.knelpunt_type is not None:
        _check_category(fact.knelpunt_type, allowed=KNELPUNT_TYPES, what="knelpunttype")
    if not fact.household_key:
        raise ValueError("household_key ontbreekt")
    for what, text in (
        ("regelingcode", fact.regulation_code),
        ("regelingnaam", fact.regulation_name),
        ("uitvoerder", fact.body),
    ):
        _check_label(text, what=what)
    _check_label(fact.article, what="artikel", required=False)
    _check_money(fact.amount_eur, what="amount_eur")
    if fact.amount_eur is None:
        raise ValueError("amount_eur ontbreekt")
    _check_money(fact.avoided_cost_eur, what="avoided_cost_eur")
    if fact.days_to_decision is not None and fact.days_to_decision < 0:
        raise ValueError("days_to_decision kan niet negatief zijn")
    if not period_start <= fact.decided_on <= period_end:
        raise ValueError(f"doorbraak besloten op {fact.decided_on} valt buiten de periode")


def _check_signal(signal: SignalFact) -> None:
    _check_category(signal.theme, allowed=THEMES, what="thema")
    _check_category(signal.knelpunt_type, allowed=KNELPUNT_TYPES, what="knelpunttype")
    _check_category(signal.route, allowed=SIGNAL_ROUTES, what="route")
    _check_category(signal.status, allowed=SIGNAL_STATUSES, what="status")
    if signal.status not in PUBLISHABLE_SIGNAL_STATUSES:
        raise ValueError(
            f"signaal {signal.signal_id} is nog een concept en wordt niet gepubliceerd"
        )
    if not isinstance(signal.signal_id, uuid.UUID):
        raise ValueError("signal_id moet een UUID zijn")
    for what, text in (
        ("regelingcode", signal.regulation_code),
        ("uitvoerder", signal.body),
        ("beschrijving", signal.description),
    ):
        if not text.strip():
            raise ValueError(f"signaal {signal.signal_id}: {what} ontbreekt")
    for what, text in (
        ("regelingcode", signal.regulation_code),
        ("artikel", signal.article),
        ("uitvoerder", signal.body),
        ("beschrijving", signal.description),
        ("voorgestelde oplossing", signal.proposed_fix),
        ("werkwijze (workaround)", signal.workaround),
    ):
        assert_no_identifiers(field_name=f"signaal {signal.signal_id}: {what}", text=text)
    if signal.households_affected < 0:
        raise ValueError("households_affected kan niet negatief zijn")
    _check_money(signal.bridging_cost_eur, what="bridging_cost_eur")
    if signal.bridging_cost_eur is None:
        raise ValueError("bridging_cost_eur ontbreekt")
    _check_money(signal.avoided_cost_eur, what="avoided_cost_eur")


def _check_non_take_up(item: NonTakeUpFact) -> None:
    _check_label(item.regulation_code, what="regelingcode")
    if item.households < 0:
        raise ValueError("households kan niet negatief zijn")
    _check_money(item.est_monthly_eur, what="est_monthly_eur")
    if item.est_monthly_eur is None:
        raise ValueError("est_monthly_eur ontbreekt")


def _relevant_ledger_entries(
    ledger: PublishedLedger | None,
    *,
    cbs_code: str,
    period_start: date,
    period_end: date,
    revision: int,
) -> list[LedgerEntry]:
    if ledger is None:
        return []
    entries = []
    for entry in ledger.entries:
        if entry.cbs_code != cbs_code:
            raise ValueError(
                f"het grootboek bevat een rapport van een andere gemeente ({entry.cbs_code})"
            )
        # Only earlier revisions of this period count; rebuilding revision n ignores itself.
        if entry.same_period(start=period_start, end=period_end) and entry.revision >= revision:
            continue
        entries.append(entry)
    return entries


# --- aggregation -----------------------------------------------------------------------------


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
        "amount_eur": sum((_cents(fact.amount_eur) for fact in facts), Decimal(0)),
        "avoided_cost_eur": sum(
            (_cents(fact.avoided_cost_eur) for fact in facts if fact.avoided_cost_eur is not None),
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


def _tables(
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
class _RegulationRow(DisclosureRow):
    regulation_name: str = ""
    body: str = ""


def _regulation_row(
    *, key: tuple[str, str], facts: Sequence[BreakthroughFact], name: str, body: str
) -> _RegulationRow:
    base = _row(
        table="by_regulation",
        key=f"{key[0]}|{key[1]}",
        facts=facts,
        columns=("breakthroughs", "households", "amount_eur"),
    )
    return _RegulationRow(
        table=base.table,
        key=base.key,
        values=base.values,
        households=base.households,
        units=base.units,
        regulation_name=name,
        body=body,
    )


@dataclass
class _SignalRow(DisclosureRow):
    signal: SignalFact | None = None


def _signal_row(signal: SignalFact) -> _SignalRow:
    return _SignalRow(
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


def _median_days(
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


# --- output ----------------------------------------------------------------------------------


def _cents(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def _money(value: Value) -> str | None:
    if value is None:
        return None
    return format(Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP), "f")


def _published(row: DisclosureRow) -> dict[str, Any]:
    """The row's cells as JSON values; all null when the row is suppressed."""
    out: dict[str, Any] = {}
    for column, value in row.values.items():
        if row.status != "published":
            out[column] = None
        elif column.endswith("_eur"):
            out[column] = _money(value)
        else:
            out[column] = value
    return out


def _regulation_output(row: DisclosureRow) -> dict[str, Any]:
    if not isinstance(row, _RegulationRow):
        raise TypeError("by_regulation row without labels")
    code, article = row.key.split("|", 1)
    return {
        "regulation_code": code,
        "regulation_name": row.regulation_name,
        "article": article,
        "body": row.body,
        **_published(row),
    }


def _signal_output(row: DisclosureRow) -> dict[str, Any]:
    if not isinstance(row, _SignalRow) or row.signal is None:
        raise TypeError("signals row without its signal")
    signal = row.signal
    return {
        "signal_id": str(signal.signal_id),
        "regulation_code": signal.regulation_code,
        "article": signal.article,
        "body": signal.body,
        "knelpunt_type": signal.knelpunt_type,
        "theme": signal.theme,
        "description": signal.description,
        "proposed_fix": signal.proposed_fix,
        "workaround": signal.workaround,
        **_published(row),
        "status": signal.status,
        "first_seen": signal.first_seen.isoformat(),
        "route": signal.route,
    }


def _output_cell(cell: SuppressedCell) -> dict[str, str]:
    if cell.table == "escalation":  # one object: the row is the object, the column the field
        return {
            "table": "escalation",
            "row": "escalation",
            "column": cell.row,
            "reason": cell.reason,
        }
    return {"table": cell.table, "row": cell.row, "column": cell.column, "reason": cell.reason}


def _utc_timestamp(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("tijdstip moet een tijdzone hebben (aware datetime)")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- ledger from published reports -----------------------------------------------------------


def _parse_value(column: str, value: Any) -> Value:
    if value is None:
        return None
    return Decimal(value) if column.endswith("_eur") else int(value)


def _ledger_entry_from_report(report: Mapping[str, Any]) -> LedgerEntry:
    suppressed_rows = {
        (cell["table"], cell["row"]) for cell in report["disclosure_control"]["suppressed_cells"]
    }
    rows: dict[RowKey, Mapping[str, Value] | None] = {}
    labels: dict[RowKey, Mapping[str, str]] = {}

    def add(table: str, key: str, values: Mapping[str, Any]) -> None:
        rows[(table, key)] = (
            None
            if (table, key) in suppressed_rows
            else {column: _parse_value(column, value) for column, value in values.items()}
        )

    counts_and_money = ("breakthroughs", "households", "amount_eur", "avoided_cost_eur")
    add("totals", "totals", {c: report["totals"][c] for c in counts_and_money})
    for item in report["by_theme"]:
        add("by_theme", item["theme"], {c: item[c] for c in counts_and_money})
    for item in report["by_regulation"]:
        key = row_id(table="by_regulation", row=item)
        add("by_regulation", key, {c: item[c] for c in counts_and_money[:3]})
        labels[("by_regulation", key)] = {
            "regulation_name": item["regulation_name"],
            "body": item["body"],
        }
    for item in report["by_knelpunt_type"]:
        add("by_knelpunt_type", item["knelpunt_type"], {c: item[c] for c in counts_and_money[:2]})
    # What a reader could derive for the breakthroughs without knelpunt type.
    knelpunt_counts = [item["breakthroughs"] for item in report["by_knelpunt_type"]]
    total = report["totals"]["breakthroughs"]
    rows[("by_knelpunt_type", KNELPUNT_RESIDUAL_KEY)] = (
        None
        if total is None or None in knelpunt_counts
        else {"breakthroughs": total - sum(knelpunt_counts)}
    )
    escalation_suppressed = {
        cell["column"]
        for cell in report["disclosure_control"]["suppressed_cells"]
        if cell["table"] == "escalation"
    }
    for key in ("decided_in_team", "escalated_to_board"):
        value = report["escalation"][key]
        rows[("escalation", key)] = (
            None if key in escalation_suppressed else {"breakthroughs": _parse_value(key, value)}
        )
    for item in report["signals"]:
        add(
            "signals",
            item["signal_id"],
            {c: item[c] for c in ("households_affected", "bridging_cost_eur", "avoided_cost_eur")},
        )
    for item in report["non_take_up"]:
        add(
            "non_take_up",
            item["regulation_code"],
            {c: item[c] for c in ("households", "est_monthly_eur")},
        )
    return LedgerEntry(
        cbs_code=report["municipality"]["cbs_code"],
        period_start=date.fromisoformat(report["period"]["start"]),
        period_end=date.fromisoformat(report["period"]["end"]),
        revision=int(report["revision"]),
        rows=rows,
        row_labels=labels,
    )
