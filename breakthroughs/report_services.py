"""Periodic signal reports: generate (aggregate in SQL, disclosure control in the builder),
approve, and deliver to the VNG hub with an idempotency key, retries and a visible attempt log.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Max, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

import requests

from breakthroughs import deadlines
from breakthroughs.constants import MandateLevel, ReportStatus
from breakthroughs.models import Breakthrough, DeliveryAttempt, SignalReport
from breakthroughs.reporting.builder import (
    THEME_PILLAR,
    BreakthroughFact,
    NonTakeUpFact,
    PublishedLedger,
    SignalFact,
    approve_report,
    build_report,
    canonical_json,
)
from breakthroughs.reporting.disclosure import IdentifierInTextError, assert_no_identifiers
from breakthroughs.reporting.references import published_article, published_regulation_code
from breakthroughs.services.proposals import regulation_codes
from breakthroughs.signal_services import DECIDED_POSITIVELY, signals_for_report
from core.audit import audit_record
from core.models import Membership, Municipality, Role, User
from regulations.models import ProactiveGrant, Regulation

PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:Q(?P<quarter>[1-4])|-(?P<month>0[1-9]|1[0-2]))?$")


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date


# No earlier period is a real report (the hub refuses them too).
EARLIEST_REPORT_YEAR = 2000


def parse_period(label: str, *, today: date | None = None) -> Period:
    """`2026Q3` (quarter, the default kind), `2026-07` (month) or `2026` (year); closed only."""
    match = PERIOD_RE.match(label.strip())
    if not match:
        raise ValidationError(
            {"period": _("Geef een periode als 2026Q3 (kwartaal), 2026-07 (maand) of 2026 (jaar).")}
        )
    year = int(match["year"])
    today = today or timezone.localdate()
    # Checked before any date is built: year 0 or 10000 is no date at all (a 500, not a 400).
    if year < EARLIEST_REPORT_YEAR:
        raise ValidationError(
            {
                "period": _("Rapporteer over een periode vanaf %(year)s.")
                % {"year": EARLIEST_REPORT_YEAR}
            }
        )
    if year > today.year:
        raise ValidationError({"period": _("Deze periode ligt in de toekomst.")})
    if match["quarter"]:
        quarter = int(match["quarter"])
        start = date(year, 3 * quarter - 2, 1)
        end = _month_end(year, 3 * quarter)
    elif match["month"]:
        start = date(year, int(match["month"]), 1)
        end = _month_end(year, int(match["month"]))
    else:
        start, end = date(year, 1, 1), date(year, 12, 31)
    if start > today:
        raise ValidationError({"period": _("Deze periode ligt in de toekomst.")})
    if end >= today:
        raise ValidationError(
            {
                "period": _("Deze periode is nog niet afgesloten: rapporteer na %(end)s.")
                % {"end": end}
            }
        )
    return Period(label=label.strip(), start=start, end=end)


def _month_end(year: int, month: int) -> date:
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def last_closed_quarter(today: date) -> Period:
    quarter = (today.month - 1) // 3  # the current quarter, 0-based; the previous one closed
    year = today.year if quarter else today.year - 1
    quarter = quarter or 4
    return parse_period(f"{year}Q{quarter}", today=today)


# --- facts from the database ---------------------------------------------------------------


def _regulation_names() -> dict[str, tuple[str, str]]:
    return {
        code: (name, body)
        for code, name, body in Regulation.objects.values_list("code", "name", "administering_body")
    }


def breakthrough_facts(*, municipality: Municipality, period: Period) -> list[BreakthroughFact]:
    """One fact per approved breakthrough decided in the period (the event date counts).

    The regulation code and the article were typed by professionals and are published (also as
    row keys of suppressed rows): a code outside the catalogue counts under `overig`, an article
    that is not a strict article reference as `-` (rows stored before the proposal checked them).
    """
    names = _regulation_names()
    catalogue = regulation_codes()
    rows = (
        Breakthrough.objects.filter(
            municipality=municipality,
            status__in=DECIDED_POSITIVELY,
            decided_at__date__gte=period.start,
            decided_at__date__lte=period.end,
        )
        .order_by()
        .values_list(
            "household_id",
            "theme",
            "pillar",
            "regulation_code",
            "article",
            "knelpunt_type",
            "total_cost",
            "expected_avoided_cost",
            "mandate_level",
            "submitted_at",
            "decided_at",
        )
    )
    facts = []
    for (
        household_id, theme, _pillar, code, article, knelpunt, cost, avoided, level, submitted,
        decided,
    ) in rows:  # fmt: skip
        code = published_regulation_code(code, catalogue=catalogue)
        name, body = names.get(code, (code, _("onbekend")))
        facts.append(
            BreakthroughFact(
                household_key=str(household_id),  # counted, never output
                theme=theme,
                # The report's fixed tables place each theme under one pillar (SIGNAL_REPORT.md).
                pillar=THEME_PILLAR[theme],
                regulation_code=code,
                regulation_name=name,
                article=published_article(article),
                body=body,
                knelpunt_type=knelpunt or None,
                amount_eur=cost,
                avoided_cost_eur=avoided if avoided else None,
                decided_in_team=level == MandateLevel.TEAM,
                days_to_decision=(
                    deadlines.working_days_between(submitted, decided) if submitted else None
                ),
                decided_on=timezone.localtime(decided).date(),
            )
        )
    return facts


def signal_facts(*, municipality: Municipality, period: Period) -> list[SignalFact]:
    facts = []
    for signal in signals_for_report(municipality=municipality, period_end=period.end):
        facts.append(
            SignalFact(
                signal_id=signal.public_id,
                regulation_code=signal.regulation_code,
                article=signal.article or "-",
                body=signal.body,
                knelpunt_type=signal.knelpunt_type,
                theme=signal.theme,
                description=signal.description,
                proposed_fix=signal.proposed_fix,
                workaround=signal.workaround,
                households_affected=signal.n_households,
                bridging_cost_eur=signal.bridging_cost or Decimal("0"),
                avoided_cost_eur=signal.avoided_cost,
                status=signal.status,
                first_seen=(
                    timezone.localtime(signal.first_seen).date()
                    if signal.first_seen
                    else timezone.localtime(signal.created_at).date()
                ),
                route=signal.route,
            )
        )
    return facts


def non_take_up_facts(*, municipality: Municipality) -> list[NonTakeUpFact]:
    rows = (
        ProactiveGrant.objects.filter(
            team__municipality=municipality, status=ProactiveGrant.Status.OPEN
        )
        .values("scheme_code")
        .annotate(households=Count("household", distinct=True), monthly=Sum("amount_monthly"))
        .order_by("scheme_code")
    )
    return [
        NonTakeUpFact(
            regulation_code=row["scheme_code"],
            households=row["households"],
            est_monthly_eur=row["monthly"] or Decimal("0"),
        )
        for row in rows
    ]


# --- generate, approve ---------------------------------------------------------------------


def _ledger(municipality: Municipality) -> PublishedLedger:
    """Every report that was, or may still be, published: all but a draft (GENERATED).

    A FAILED report counts too: the receiver may have stored it before it failed, and it can be
    sent again; leaving it out would let a later report difference its suppressed cells.
    """
    published = SignalReport.objects.filter(
        municipality=municipality,
        status__in=[
            ReportStatus.APPROVED,
            ReportStatus.SENDING,
            ReportStatus.SENT,
            ReportStatus.SUPERSEDED,
            ReportStatus.CONFLICT,
            ReportStatus.FAILED,
        ],
    ).values_list("content", flat=True)
    return PublishedLedger.from_reports(list(published))


def _sha(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


# The free-text fields of a signal in the report; the guard runs over each before publication.
PUBLISHED_SIGNAL_TEXT = (
    "regulation_code",
    "article",
    "body",
    "description",
    "proposed_fix",
    "workaround",
)


def _refuse_identifiers(content: dict[str, Any]) -> None:
    """Refuse a stored report while any signal text fails today's identifier guard."""
    try:
        for signal in content.get("signals", []):
            for field in PUBLISHED_SIGNAL_TEXT:
                assert_no_identifiers(
                    field_name=f"signaal {signal.get('signal_id')}: {field}",
                    text=str(signal.get(field) or ""),
                )
    except IdentifierInTextError as exc:
        raise ValidationError(
            {
                "status": _(
                    "Dit rapport bevat tekst die op persoonsgegevens lijkt: %(detail)s. Pas het "
                    "signaal aan en stel het rapport opnieuw op."
                )
                % {"detail": exc}
            }
        ) from exc


def _build(
    *, municipality: Municipality, period: Period, revision: int, now: datetime
) -> dict[str, Any]:
    return build_report(
        municipality_cbs_code=municipality.cbs_code,
        municipality_name=municipality.name,
        period_start=period.start,
        period_end=period.end,
        revision=revision,
        generated_at=now,
        breakthroughs=breakthrough_facts(municipality=municipality, period=period),
        signals=signal_facts(municipality=municipality, period=period),
        non_take_up=non_take_up_facts(municipality=municipality),
        min_cell=settings.SIGNAL_REPORT_MIN_CELL,
        ledger=_ledger(municipality),
    )


@transaction.atomic
def report_generate(
    *,
    municipality: Municipality,
    period: Period,
    revise: bool = False,
    actor: User | None = None,
    now: datetime | None = None,
) -> tuple[SignalReport, bool]:
    """Generate the report of a closed period. Idempotent: without `revise`, an existing report is
    returned as it is. With `revise`, a correction becomes the next revision. Returns (report,
    created)."""
    now = now or timezone.now()
    # Serialise generation per municipality so two runs cannot both create revision N.
    Municipality.objects.select_for_update().get(pk=municipality.pk)
    existing = SignalReport.objects.filter(
        municipality=municipality, period_start=period.start, period_end=period.end
    )
    latest = existing.order_by("-revision").first()
    if latest is not None and not revise:
        return latest, False
    if latest is not None and latest.status == ReportStatus.SENDING:
        # A correction starts from the newest revision, and not while that one is being sent.
        raise ValidationError(
            {"revise": _("Maak een correctie vanaf de nieuwste revisie die niet verstuurd wordt.")}
        )
    if latest is not None and latest.status == ReportStatus.GENERATED:
        # An unapproved report never left the building: regenerate it in place.
        revision = latest.revision
        latest.delete()
    else:
        revision = (existing.aggregate(n=Max("revision"))["n"] or 0) + 1
    try:
        content = _build(municipality=municipality, period=period, revision=revision, now=now)
    except IdentifierInTextError as exc:
        # A signal approved before the guard knew this shape: nothing is stored or published
        # until its text is rewritten.
        raise ValidationError(
            {
                "period": _(
                    "De rapportage kan niet worden opgesteld: %(detail)s. Pas de tekst van dat "
                    "signaal aan."
                )
                % {"detail": exc}
            }
        ) from exc
    report = SignalReport.objects.create(
        report_id=content["report_id"],
        municipality=municipality,
        period_label=period.label,
        period_start=period.start,
        period_end=period.end,
        revision=revision,
        content=content,
        content_sha256=_sha(content),
        generated_at=now,
    )
    audit_record(
        actor=actor,
        action="signal_report.generate",
        obj=report,
        municipality_code=municipality.cbs_code,
        purpose="signalering",
    )
    return report, True


def _same_period(report: SignalReport) -> QuerySet[SignalReport]:
    return SignalReport.objects.filter(
        municipality_id=report.municipality_id,
        period_start=report.period_start,
        period_end=report.period_end,
    )


def _newer_revisions(report: SignalReport) -> QuerySet[SignalReport]:
    return _same_period(report).filter(revision__gt=report.revision)


def _newer_revision_message() -> str:
    return _(
        "Er is een nieuwere revisie van deze rapportage. Alleen de nieuwste revisie kan worden "
        "goedgekeurd of verstuurd."
    )


@transaction.atomic
def report_approve(*, actor: User, report: SignalReport) -> SignalReport:
    # The municipality first, as in report_generate: approval, sending and a new revision of the
    # same municipality are serialised, so "the newest revision" cannot change under us.
    Municipality.objects.select_for_update().get(pk=report.municipality_id)
    locked = SignalReport.objects.select_for_update().get(pk=report.pk)
    if locked.status != ReportStatus.GENERATED:
        raise ValidationError({"status": _("Alleen een opgesteld rapport kan worden goedgekeurd.")})
    if _newer_revisions(locked).exists():
        raise ValidationError({"status": _newer_revision_message()})
    _refuse_identifiers(locked.content)
    now = timezone.now()
    locked.content = approve_report(locked.content, now)
    locked.content_sha256 = _sha(locked.content)
    locked.status = ReportStatus.APPROVED
    locked.approved_at = now
    locked.approved_by = actor
    locked.save()
    # An approved correction supersedes every earlier revision of the same period, sent or not:
    # only the newest approved revision can still be sent.
    _same_period(locked).filter(revision__lt=locked.revision).exclude(
        status=ReportStatus.SUPERSEDED
    ).update(status=ReportStatus.SUPERSEDED, next_attempt_at=None)
    audit_record(
        actor=actor,
        action="signal_report.approve",
        obj=locked,
        municipality_code=locked.municipality.cbs_code,
        purpose="signalering",
    )
    return locked


# --- delivery ------------------------------------------------------------------------------


def backoff_seconds(attempt: int) -> int:
    """Exponential backoff: base, 2x base, 4x base ... capped, so retries continue for days."""
    base = settings.SIGNAL_DELIVERY_BACKOFF_BASE_SECONDS
    return int(min(base * (2 ** max(attempt - 1, 0)), settings.SIGNAL_DELIVERY_BACKOFF_MAX_SECONDS))


@transaction.atomic
def report_queue_delivery(*, actor: User, report: SignalReport) -> SignalReport:
    Municipality.objects.select_for_update().get(pk=report.municipality_id)
    locked = SignalReport.objects.select_for_update().get(pk=report.pk)
    if _newer_revisions(locked).exists():
        raise ValidationError({"status": _newer_revision_message()})
    if locked.status not in (ReportStatus.APPROVED, ReportStatus.FAILED):
        raise ValidationError({"status": _("Alleen een goedgekeurd rapport kan worden verstuurd.")})
    _refuse_identifiers(locked.content)
    locked.status = ReportStatus.SENDING
    locked.next_attempt_at = timezone.now()
    locked.save(update_fields=["status", "next_attempt_at"])
    audit_record(
        actor=actor,
        action="signal_report.send",
        obj=locked,
        municipality_code=locked.municipality.cbs_code,
        purpose="signalering",
    )
    from breakthroughs.tasks import deliver_report

    transaction.on_commit(lambda: deliver_report.delay(report_pk=locked.pk))
    return locked


def report_deliver_once(*, report_pk: int, now: datetime | None = None) -> tuple[str, int | None]:
    """One delivery attempt. Returns (outcome, seconds until the next attempt or None).

    The HTTP call happens outside any transaction; the result is recorded afterwards, so a slow
    receiver never holds a database lock.
    """
    now = now or timezone.now()
    report = SignalReport.objects.select_related("municipality").get(pk=report_pk)
    if report.status != ReportStatus.SENDING:
        return "skipped", None
    url = settings.SIGNAL_RECEIVER_URL
    token = settings.SIGNAL_RECEIVER_TOKENS.get(report.municipality.cbs_code, "")
    status_code: int | None = None
    detail = ""
    try:
        response = requests.post(
            url,
            data=canonical_json(report.content),
            headers={
                "Content-Type": "application/json",
                "Idempotency-Key": str(report.report_id),
                "Authorization": f"Bearer {token}",
            },
            timeout=settings.SIGNAL_DELIVERY_TIMEOUT_SECONDS,
        )
        status_code = response.status_code
        detail = response.text[:500]
    except requests.RequestException as exc:
        detail = exc.__class__.__name__

    attempts = report.attempts.count() + 1
    with transaction.atomic():
        locked = SignalReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != ReportStatus.SENDING:
            # Another attempt (the sweeper, or a task the broker delivered twice) concluded while
            # this one was on the wire; its result stands, this attempt is only logged.
            DeliveryAttempt.objects.create(
                report=locked, status_code=status_code, outcome="late", detail=detail
            )
            return "skipped", None
        if status_code in (200, 201):
            outcome, wait = "delivered", None
            locked.status = ReportStatus.SENT
            locked.sent_at = now
            locked.next_attempt_at = None
        elif status_code == 409:
            outcome, wait = "conflict", None
            locked.status = ReportStatus.CONFLICT
            locked.next_attempt_at = None
        elif status_code is not None and 400 <= status_code < 500:
            outcome, wait = "rejected", None
            locked.status = ReportStatus.FAILED
            locked.next_attempt_at = None
        else:
            first = (
                report.attempts.order_by("attempted_at")
                .values_list("attempted_at", flat=True)
                .first()
                or now
            )
            if now - first > timedelta(seconds=settings.SIGNAL_DELIVERY_GIVE_UP_SECONDS):
                outcome, wait = "gave_up", None
                locked.status = ReportStatus.FAILED
                locked.next_attempt_at = None
            else:
                outcome, wait = "retry", backoff_seconds(attempts)
                locked.next_attempt_at = now + timedelta(seconds=wait)
        locked.save(update_fields=["status", "sent_at", "next_attempt_at"])
        DeliveryAttempt.objects.create(
            report=locked, status_code=status_code, outcome=outcome, detail=detail
        )
        if outcome in ("conflict", "rejected", "gave_up"):
            transaction.on_commit(lambda: _alert_policy_officers(locked, outcome))
    return outcome, wait


def _alert_policy_officers(report: SignalReport, outcome: str) -> None:
    emails = list(
        Membership.objects.filter(
            municipality=report.municipality, role=Role.POLICY_OFFICER, user__is_active=True
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if emails:
        send_mail(
            subject=_("Signaalrapportage %(period)s niet afgeleverd")
            % {"period": report.period_label},
            message=_(
                "De ontvanger weigerde de signaalrapportage %(period)s (revisie %(rev)s): %(outcome)s. "
                "Bekijk de afleverpogingen in Doorbraak."
            )
            % {"period": report.period_label, "rev": report.revision, "outcome": outcome},
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=emails,
        )
