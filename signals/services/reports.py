"""Periodic signal reports: generate (aggregate in SQL, disclosure control in the builder),
approve, and deliver to the VNG hub with an idempotency key, retries and a visible attempt log.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from breakthroughs import deadlines
from breakthroughs.constants import MandateLevel
from breakthroughs.models import Breakthrough
from breakthroughs.services.proposals import regulation_codes
from core.audit import audit_record
from core.events import publish_on_commit
from core.legal_references import published_article, published_regulation_code
from core.models import Municipality, User
from regulations.models import ProactiveGrant, Regulation, Simulation
from signals.constants import PURPOSE, REPORT_QUEUED, ReportStatus
from signals.models import Signal, SignalReport
from signals.periods import Period
from signals.reporting.builder import (
    THEME_PILLAR,
    BreakthroughFact,
    NonTakeUpFact,
    ProposalFact,
    PublishedLedger,
    SignalFact,
    approve_report,
    build_report,
    canonical_json,
)
from signals.reporting.disclosure import IdentifierInTextError, assert_no_identifiers
from signals.selectors import DECIDED_POSITIVELY, newer_revisions, same_period, signals_for_report
from signals.workflow import ReportStep, report_target

REVISE_REFUSED = gettext_lazy(
    "Maak een correctie vanaf de nieuwste revisie die niet verstuurd wordt."
)


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


def proposal_facts(*, signals: list[SignalFact]) -> list[ProposalFact]:
    """The costed proposals (report version 2) of the signals in the report: the raw figures of
    each attached finished simulation; the report's disclosure control suppresses them."""
    attached = Signal.objects.filter(
        public_id__in=[fact.signal_id for fact in signals],
        proposed_simulation__status=Simulation.Status.DONE,
    ).select_related("proposed_simulation__reform")
    facts = []
    for signal in attached.order_by("public_id"):
        simulation = signal.proposed_simulation
        figures = simulation.figures
        facts.append(
            ProposalFact(
                signal_id=signal.public_id,
                reform_name=simulation.reform.name,
                reference_date=simulation.reference_date,
                cost_yearly_eur=Decimal(figures["cost_yearly"]["total"]),
                households_changed=figures["cost_yearly"]["households_changed"],
                households_helped=figures["winners"]["households"],
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


def _published_contents(municipality: Municipality) -> list[dict[str, Any]]:
    """The JSON of every report that was, or may still be, published: all but a draft
    (GENERATED); the ledger of the disclosure control and the costed proposals' R1/R2.

    A FAILED report counts too: the receiver may have stored it before it failed, and it can be
    sent again; leaving it out would let a later report difference its suppressed cells.
    """
    return list(
        SignalReport.objects.filter(
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
    )


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
        for proposal in content.get("costed_proposals", []):
            assert_no_identifiers(
                field_name=f"kostenraming {proposal.get('signal_id')}: hervorming",
                text=str(proposal.get("reform_name") or ""),
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
    signals = signal_facts(municipality=municipality, period=period)
    published = _published_contents(municipality)
    return build_report(
        municipality_cbs_code=municipality.cbs_code,
        municipality_name=municipality.name,
        period_start=period.start,
        period_end=period.end,
        revision=revision,
        generated_at=now,
        breakthroughs=breakthrough_facts(municipality=municipality, period=period),
        signals=signals,
        non_take_up=non_take_up_facts(municipality=municipality),
        min_cell=settings.SIGNAL_REPORT_MIN_CELL,
        ledger=PublishedLedger.from_reports(published),
        proposals=proposal_facts(signals=signals),
        earlier_reports=published,
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
    if latest is not None and report_target(ReportStep.REVISE, latest.status) is None:
        # A correction starts from the newest revision, and not while that one is being sent.
        raise ValidationError({"revise": str(REVISE_REFUSED)})
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
        purpose=PURPOSE,
    )
    return report, True


def _newer_revision_message() -> str:
    return _(
        "Er is een nieuwere revisie van deze rapportage. Alleen de nieuwste revisie kan worden "
        "goedgekeurd of verstuurd."
    )


def _lock_for_step(
    report: SignalReport, step: str, refused: str, newer: str | None = None
) -> tuple[SignalReport, str]:
    """The report locked, and the status `step` leads to; ValidationError if it may not.

    The municipality is locked first, as in report_generate: generation, approval, sending and a
    new revision of one municipality are serialised, so "the newest revision" cannot change under
    us.
    """
    Municipality.objects.select_for_update().get(pk=report.municipality_id)
    locked = SignalReport.objects.select_for_update().get(pk=report.pk)
    # Only the newest revision takes a step, whatever its status: say that first.
    if newer_revisions(report=locked).exists():
        raise ValidationError({"status": newer or _newer_revision_message()})
    target = report_target(step, locked.status)
    if target is None:
        raise ValidationError({"status": refused})
    return locked, target


@transaction.atomic
def report_approve(*, actor: User, report: SignalReport) -> SignalReport:
    locked, target = _lock_for_step(
        report, ReportStep.APPROVE, _("Alleen een opgesteld rapport kan worden goedgekeurd.")
    )
    _refuse_identifiers(locked.content)
    now = timezone.now()
    locked.content = approve_report(locked.content, now)
    locked.content_sha256 = _sha(locked.content)
    locked.status = target
    locked.approved_at = now
    locked.approved_by = actor
    locked.save()
    # An approved correction supersedes every earlier revision of the same period, sent or not:
    # only the newest approved revision can still be sent.
    same_period(report=locked).filter(revision__lt=locked.revision).exclude(
        status=ReportStatus.SUPERSEDED
    ).update(status=ReportStatus.SUPERSEDED, next_attempt_at=None)
    audit_record(
        actor=actor,
        action="signal_report.approve",
        obj=locked,
        municipality_code=locked.municipality.cbs_code,
        purpose=PURPOSE,
    )
    return locked


@transaction.atomic
def report_queue_delivery(*, actor: User, report: SignalReport) -> SignalReport:
    locked, target = _lock_for_step(
        report, ReportStep.SEND, _("Alleen een goedgekeurd rapport kan worden verstuurd.")
    )
    _refuse_identifiers(locked.content)
    locked.status = target
    locked.next_attempt_at = timezone.now()
    locked.save(update_fields=["status", "next_attempt_at"])
    audit_record(
        actor=actor,
        action="signal_report.send",
        obj=locked,
        municipality_code=locked.municipality.cbs_code,
        purpose=PURPOSE,
    )
    publish_on_commit(REPORT_QUEUED, report_pk=locked.pk)
    return locked


@transaction.atomic
def report_revise(*, actor: User, report: SignalReport) -> SignalReport:
    """A correction of `report`'s period, generated as the next revision; only from the newest
    revision, and not while it is being sent (the same check as generate with `revise`)."""
    _lock_for_step(report, ReportStep.REVISE, REVISE_REFUSED, newer=REVISE_REFUSED)
    period = Period(label=report.period_label, start=report.period_start, end=report.period_end)
    new, _created = report_generate(
        municipality=report.municipality, period=period, revise=True, actor=actor
    )
    return new
