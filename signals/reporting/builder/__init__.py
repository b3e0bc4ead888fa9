"""Builder of the periodic signal report to the VNG (SIGNAL_REPORT.md), schema doorbraak.signal-report/1,
or /2 when it carries costed proposals (``proposals``: a signal's simulated reform).

Pure Python: the Django side aggregates its models into the frozen fact dataclasses (`facts`) and
calls `build_report`; nothing here touches the database. Disclosure control lives in the
`disclosure` package.

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

Modules: `constants` (schema ids, fixed categories), `facts` (input), `checks` (input checks),
`ledger` (earlier published reports), `aggregation` (the tables of every report section), `output`
(JSON values), `formats` (money, timestamps), `report` (the public entry points), `validation`
(JSON Schema) and `csv_tables` (CSV).
"""

from __future__ import annotations

from signals.reporting.builder.constants import (
    DISCLOSURE_METHOD,
    KNELPUNT_RESIDUAL_KEY,
    KNELPUNT_TYPE_LABELS,
    KNELPUNT_TYPES,
    PILLARS,
    PUBLISHABLE_SIGNAL_STATUSES,
    REPORT_ID_NAMESPACE,
    SCHEMA_ID,
    SCHEMA_ID_V2,
    SCHEMA_PATH,
    SCHEMA_PATHS,
    SIGNAL_ROUTES,
    SIGNAL_STATUSES,
    THEME_LABELS,
    THEME_PILLAR,
    THEMES,
)
from signals.reporting.builder.csv_tables import (
    SUPPRESSED_COLUMNS_FIELD,
    csv_cell,
    report_to_csv_tables,
    row_id,
)
from signals.reporting.builder.facts import (
    BreakthroughFact,
    NonTakeUpFact,
    ProposalFact,
    SignalFact,
)
from signals.reporting.builder.ledger import PublishedLedger
from signals.reporting.builder.proposals import with_costed_proposals
from signals.reporting.builder.report import approve_report, build_report, canonical_json
from signals.reporting.builder.validation import load_schema, validate_report
from signals.reporting.disclosure import LedgerEntry

__all__ = [
    "DISCLOSURE_METHOD",
    "KNELPUNT_RESIDUAL_KEY",
    "KNELPUNT_TYPES",
    "KNELPUNT_TYPE_LABELS",
    "PILLARS",
    "PUBLISHABLE_SIGNAL_STATUSES",
    "REPORT_ID_NAMESPACE",
    "SCHEMA_ID",
    "SCHEMA_ID_V2",
    "SCHEMA_PATH",
    "SCHEMA_PATHS",
    "SIGNAL_ROUTES",
    "SIGNAL_STATUSES",
    "SUPPRESSED_COLUMNS_FIELD",
    "THEMES",
    "THEME_LABELS",
    "THEME_PILLAR",
    "BreakthroughFact",
    "LedgerEntry",
    "NonTakeUpFact",
    "ProposalFact",
    "PublishedLedger",
    "SignalFact",
    "approve_report",
    "build_report",
    "canonical_json",
    "csv_cell",
    "load_schema",
    "report_to_csv_tables",
    "row_id",
    "validate_report",
    "with_costed_proposals",
]
