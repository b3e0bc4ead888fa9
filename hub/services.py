"""Receiving reports: validate, store once, explode into figures; national aggregation in SQL."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.api.parsers import json_depth_exceeds
from hub.models import Figure, MunicipalityToken, ReceivedReport
from signals.reporting.builder import (
    SCHEMA_ID,
    SCHEMA_ID_V2,
    SCHEMA_PATHS,
    canonical_json,
    validate_report,
)

MIN_CELL = 10
# What the hub's columns hold (IntegerField, DecimalField(14, 2), PositiveSmallIntegerField):
# anything larger is refused as invalid input, never left to fail in the database.
MAX_COUNT = 2**31 - 1
MAX_AMOUNT = Decimal("9999999999.99")
MAX_REVISION = 2**15 - 1
# Reports cover a calendar month or quarter; nothing before this year is a real report.
EARLIEST_YEAR = 2000
# A sender revises one step at a time, but deliveries retried in the background may overtake
# each other: a revision may run this far ahead of the newest received, not from 1 to 15.
MAX_REVISION_AHEAD = 3


@dataclass(frozen=True)
class Receipt:
    status: int  # 201 new, 200 identical repeat
    report: ReceivedReport


class Rejected(Exception):  # noqa: N818 - reads as the outcome
    def __init__(self, status: int, code: str, detail: str, params: list[dict] | None = None):
        super().__init__(detail)
        self.status, self.code, self.detail, self.params = status, code, detail, params or []


def authenticate(header: str) -> MunicipalityToken | None:
    if not header.startswith("Bearer "):
        return None
    token = header.removeprefix("Bearer ").strip()
    if not token:
        return None
    return MunicipalityToken.objects.filter(
        token_sha256=MunicipalityToken.hash(token), active=True
    ).first()


def _check_disclosure(report: dict[str, Any]) -> None:
    """Defence in depth: no published count may lie between 1 and the threshold."""
    min_cell = max(MIN_CELL, int(report["disclosure_control"]["min_cell"]))
    rows = [
        report["totals"],
        *report["by_theme"],
        *report["by_regulation"],
        *report["by_knelpunt_type"],
    ]
    rows += [{"households": s["households_affected"]} for s in report["signals"]]
    rows += report["non_take_up"]
    for row in rows:
        for column in ("breakthroughs", "households"):
            value = row.get(column)
            if value is not None and 0 < value < min_cell:
                raise Rejected(
                    422,
                    "disclosure",
                    _("Het rapport publiceert een aantal onder de drempel van %(n)s.")
                    % {"n": min_cell},
                )


def _declared_schema(report: Any) -> str:
    """The version the report claims, when it is one the hub knows (else version 1)."""
    declared = report.get("schema") if isinstance(report, dict) else None
    return declared if declared in SCHEMA_PATHS else SCHEMA_ID


def _check_proposal_disclosure(report: dict[str, Any]) -> None:
    """Version 2: the households a costed proposal helps are 0, null or at least the threshold,
    and each proposal belongs to a signal of the same report."""
    min_cell = max(MIN_CELL, int(report["disclosure_control"]["min_cell"]))
    signal_ids = {signal["signal_id"] for signal in report["signals"]}
    for proposal in report.get("costed_proposals", []):
        helped = proposal["households_helped"]
        if helped is not None and 0 < helped < min_cell:
            raise Rejected(
                422,
                "disclosure",
                _("Het rapport publiceert een aantal onder de drempel van %(n)s.")
                % {"n": min_cell},
            )
        if proposal["signal_id"] not in signal_ids:
            raise Rejected(
                400,
                "schema",
                _("Een kostenraming hoort bij een signaal dat niet in het rapport staat."),
                [
                    {
                        "name": "costed_proposals",
                        "code": "unknown_signal",
                        "reason": proposal["signal_id"],
                    }
                ],
            )


def _out_of_range(value: Any, path: str = "") -> list[dict[str, str]]:
    """Counts beyond an integer column and amounts beyond 10^10 euro, named by their path."""
    problems: list[dict[str, str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if key.endswith("_eur") and isinstance(item, str):
                try:
                    too_big = abs(Decimal(item)) > MAX_AMOUNT
                except ArithmeticError:
                    too_big = False  # the schema reports malformed amounts
                if too_big:
                    problems.append(
                        {"name": name, "code": "max_value", "reason": _("Bedrag te groot.")}
                    )
            else:
                problems += _out_of_range(item, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            problems += _out_of_range(item, f"{path}.{index}")
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_COUNT:
        problems.append({"name": path, "code": "max_value", "reason": _("Getal te groot.")})
    return problems


def _check_ranges(report: dict[str, Any]) -> None:
    problems = _out_of_range(report)
    if isinstance(report.get("revision"), int) and report["revision"] > MAX_REVISION:
        problems.append(
            {"name": "revision", "code": "max_value", "reason": _("Revisienummer te groot.")}
        )
    if problems:
        raise Rejected(400, "out_of_range", _("Het rapport bevat te grote getallen."), problems)


def _is_month_or_quarter(start: date, end: date) -> bool:
    if start.day != 1 or (end + timedelta(days=1)).day != 1 or start > end:
        return False
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return months == 1 or (months == 3 and start.month in (1, 4, 7, 10))


def _check_period(start: date, end: date) -> None:
    if start > end:
        raise Rejected(400, "period_invalid", _("De periode begint na haar einde."))
    if start.year < EARLIEST_YEAR:
        raise Rejected(
            400, "period_invalid", _("De periode ligt voor %(year)s.") % {"year": EARLIEST_YEAR}
        )
    if not _is_month_or_quarter(start, end):
        raise Rejected(
            400, "period_invalid", _("De periode is geen kalendermaand of kalenderkwartaal.")
        )


def receive(*, token: MunicipalityToken, idempotency_key: str, body: bytes) -> Receipt:
    if json_depth_exceeds(body):
        raise Rejected(400, "invalid_json", _("De JSON is te diep genest."))
    try:
        report = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise Rejected(400, "invalid_json", _("De inhoud is geen geldige JSON.")) from exc
    errors = validate_report(report)
    if errors:
        raise Rejected(
            400,
            "schema",
            _("Het rapport voldoet niet aan het schema %(schema)s.")
            % {"schema": _declared_schema(report)},
            [{"name": e.split(":", 1)[0], "code": "schema", "reason": e} for e in errors[:50]],
        )
    _check_ranges(report)
    if report["municipality"]["cbs_code"] != token.cbs_code:
        raise Rejected(403, "wrong_municipality", _("Dit token hoort bij een andere gemeente."))
    if idempotency_key != report["report_id"]:
        raise Rejected(
            400, "idempotency_key", _("De Idempotency-Key moet gelijk zijn aan het report_id.")
        )
    start = date.fromisoformat(report["period"]["start"])
    end = date.fromisoformat(report["period"]["end"])
    _check_period(start, end)
    today = timezone.localdate()
    if start > today:
        raise Rejected(400, "period_future", _("De periode ligt in de toekomst."))
    if end >= today:
        raise Rejected(400, "period_open", _("De periode is nog niet afgesloten."))
    if report.get("approved_at") is None:
        raise Rejected(400, "not_approved", _("Alleen goedgekeurde rapporten worden aangenomen."))
    _check_disclosure(report)
    _check_proposal_disclosure(report)
    sha = hashlib.sha256(canonical_json(report)).hexdigest()

    existing = ReceivedReport.objects.filter(report_id=report["report_id"]).first()
    if existing is not None:
        if existing.content_sha256 == sha:
            return Receipt(200, existing)
        raise Rejected(409, "conflict", _("Dit report_id is al ontvangen met een andere inhoud."))
    try:
        with transaction.atomic():
            stored = _store(report=report, sha=sha, start=start, end=end)
    except IntegrityError as exc:
        # Same municipality, period and revision under another id (or a concurrent duplicate).
        again = ReceivedReport.objects.filter(report_id=report["report_id"]).first()
        if again is not None and again.content_sha256 == sha:
            return Receipt(200, again)
        raise Rejected(
            409,
            "conflict",
            _("Voor deze gemeente, periode en revisie is al een ander rapport ontvangen."),
        ) from exc
    return Receipt(201, stored)


def _lock_period(cbs_code: str, start: date, end: date) -> None:
    """Serialise the receipt of revisions of one municipality and period.

    Which revision is current is decided by looking at the others; two revisions stored at once
    would each miss the other (uncommitted) and both stay current, counting twice nationally.
    SQLite, the embedded default, runs one writer at a time anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"hub:{cbs_code}:{start}:{end}"]
            )


def _store(*, report: dict[str, Any], sha: str, start: date, end: date) -> ReceivedReport:
    _lock_period(report["municipality"]["cbs_code"], start, end)
    # Revisions count up one by one: a jump (1 to 15) is a sender's error, not a revision.
    latest = (
        ReceivedReport.objects.filter(
            cbs_code=report["municipality"]["cbs_code"], period_start=start, period_end=end
        ).aggregate(latest=Max("revision"))["latest"]
        or 0
    )
    if report["revision"] > latest + MAX_REVISION_AHEAD:
        raise Rejected(
            409,
            "revision_gap",
            _("Verwacht revisie %(n)s of lager voor deze periode.")
            % {"n": latest + MAX_REVISION_AHEAD},
        )
    stored = ReceivedReport.objects.create(
        report_id=report["report_id"],
        cbs_code=report["municipality"]["cbs_code"],
        municipality_name=report["municipality"]["name"],
        period_start=start,
        period_end=end,
        revision=report["revision"],
        content=report,
        content_sha256=sha,
    )
    older = ReceivedReport.objects.filter(
        cbs_code=stored.cbs_code, period_start=start, period_end=end, revision__lt=stored.revision
    )
    Figure.objects.filter(report__in=older).update(current=False)
    older.update(current=False)
    newer_exists = ReceivedReport.objects.filter(
        cbs_code=stored.cbs_code, period_start=start, period_end=end, revision__gt=stored.revision
    ).exists()
    if newer_exists:
        stored.current = False
        stored.save(update_fields=["current"])
    Figure.objects.bulk_create(_figures(report, stored))
    return stored


def _money(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def _figures(report: dict[str, Any], stored: ReceivedReport) -> list[Figure]:
    common = {
        "report": stored,
        "current": stored.current,
        "period_start": stored.period_start,
        "period_end": stored.period_end,
    }
    figures = [
        Figure(
            table="totals",
            key="totals",
            breakthroughs=report["totals"]["breakthroughs"],
            households=report["totals"]["households"],
            amount_eur=_money(report["totals"]["amount_eur"]),
            avoided_cost_eur=_money(report["totals"]["avoided_cost_eur"]),
            **common,
        )
    ]
    for row in report["by_theme"]:
        figures.append(
            Figure(
                table="theme",
                key=row["theme"],
                label=row["pillar"],
                breakthroughs=row["breakthroughs"],
                households=row["households"],
                amount_eur=_money(row["amount_eur"]),
                avoided_cost_eur=_money(row["avoided_cost_eur"]),
                **common,
            )
        )
    for row in report["by_regulation"]:
        figures.append(
            Figure(
                table="regulation",
                key=f"{row['regulation_code']}|{row['article']}",
                label=row["regulation_name"],
                breakthroughs=row["breakthroughs"],
                households=row["households"],
                amount_eur=_money(row["amount_eur"]),
                **common,
            )
        )
    for row in report["by_knelpunt_type"]:
        figures.append(
            Figure(
                table="knelpunt",
                key=row["knelpunt_type"],
                breakthroughs=row["breakthroughs"],
                households=row["households"],
                **common,
            )
        )
    return figures


def national_table(*, table: str, since: date | None = None) -> list[dict[str, Any]]:
    """Sums over the current revision of every municipality, per period and key, in SQL.

    A suppressed cell (null) is not a zero: the number of suppressed cells is reported with each
    sum, so a reader knows the figure is a lower bound. Rows are grouped by key only; a
    regulation worded differently by two municipalities is still one row.
    """
    figures = Figure.objects.filter(current=True, table=table)
    if since:
        figures = figures.filter(period_start__gte=since)
    return list(
        figures.values("period_start", "period_end", "key")
        # Count the suppressed cells before `breakthroughs` is re-bound to its Sum.
        .annotate(suppressed=Count("pk", filter=Q(breakthroughs__isnull=True)))
        .annotate(
            label=Max("label"),
            municipalities=Count("report", distinct=True),
            breakthroughs=Sum("breakthroughs"),
            households=Sum("households"),
            amount_eur=Sum("amount_eur"),
        )
        .order_by("period_start", "key")
    )


def national_costed_proposals() -> list[dict[str, Any]]:
    """Costed proposals (report version 2) over the current revision of every municipality,
    per knelpunt type: how many proposals and municipalities, the published costs per year and
    households helped added up, and how many cells were suppressed (the sums are then lower
    bounds). No municipality-level figure leaves this function."""
    rows: dict[str, dict[str, Any]] = {}
    reports = ReceivedReport.objects.filter(current=True, content__schema=SCHEMA_ID_V2).values_list(
        "cbs_code", "content"
    )
    for cbs_code, content in reports:
        knelpunt_of = {
            signal["signal_id"]: signal["knelpunt_type"] for signal in content["signals"]
        }
        for proposal in content.get("costed_proposals", []):
            kind = knelpunt_of.get(proposal["signal_id"])
            if kind is None:
                continue
            row = rows.setdefault(
                kind,
                {
                    "knelpunt_type": kind,
                    "proposals": 0,
                    "municipalities": set(),
                    "cost_yearly_eur": Decimal(0),
                    "households_helped": 0,
                    "suppressed": 0,
                },
            )
            row["proposals"] += 1
            row["municipalities"].add(cbs_code)
            if proposal["cost_yearly_eur"] is None:
                row["suppressed"] += 1
            else:
                row["cost_yearly_eur"] += Decimal(proposal["cost_yearly_eur"])
            if proposal["households_helped"] is None:
                row["suppressed"] += 1
            else:
                row["households_helped"] += proposal["households_helped"]
    return [
        {**row, "municipalities": len(row["municipalities"])}
        for row in sorted(rows.values(), key=lambda r: r["knelpunt_type"])
    ]
