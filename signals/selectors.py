"""Reads of the signal domain: the policy officer's pseudonymised view of breakthroughs, the
groups that suggest a signal, live figures per signal, what a report may contain, and the
officer's access to signals and reports.

A policy officer never sees a breakthrough's id: rows are labelled ``D-0001`` (the position in a
stable order) and forms refer to a breakthrough by an opaque reference, a keyed hash of the id that
is only resolvable on the server for the officer's own municipality. So no household, case or
breakthrough id ever appears in a page, a form or an API response.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from breakthroughs.constants import Category, KnelpuntType, Status, Theme
from breakthroughs.models import Breakthrough
from core.legal_references import article_group
from core.models import Municipality, Role
from core.permissions import access_for
from regulations.models import Regulation
from signals.constants import SignalStatus
from signals.models import DeliveryAttempt, Signal, SignalLink, SignalReport

DECIDED_POSITIVELY = (Status.APPROVED, Status.CARRIED_OUT, Status.EVALUATED)
# The only fields of a breakthrough a policy officer gets to see.
PSEUDONYMISED_FIELDS = (
    "category",
    "regulation_code",
    "article",
    "knelpunt_type",
    "theme",
    "pillar",
    "legal_route",
    "total_cost",
    "expected_avoided_cost",
    "decided_at",
    "mandate_level",
)
# A group of breakthroughs: the same rule, the same kind of knelpunt, the same theme.
GROUP_FIELDS = ("regulation_code", "article", "knelpunt_type", "theme")


def pseudonymised_breakthroughs(*, municipality: Municipality) -> QuerySet[Breakthrough]:
    """Approved breakthroughs as values only (no model instances that could leak a relation).

    A pseudonym per row (its position in a stable order) replaces the id in the UI; the id is only
    used server-side to link a breakthrough to a signal.
    """
    return (
        Breakthrough.objects.filter(municipality=municipality, status__in=DECIDED_POSITIVELY)
        .order_by("decided_at", "pk")
        .values("pk", "household_id", *PSEUDONYMISED_FIELDS)
    )


def _group_key(row: dict[str, Any], prefix: str = "") -> tuple[str, str, str, str]:
    """(regulation, article, knelpunt type, theme) with the article as signals group it: "art. 35
    lid 1" and "artikel 35" of one law are one group (core.legal_references.article_group)."""
    return (
        row[f"{prefix}regulation_code"] or "",
        article_group(row[f"{prefix}article"] or ""),
        row[f"{prefix}knelpunt_type"] or "",
        row[f"{prefix}theme"],
    )


def grouped_breakthroughs(*, municipality: Municipality) -> list[dict[str, Any]]:
    """Groups by regulation, article, knelpunt type and theme, with counts, costs and whether a
    signal covers them; the article is normalised (lid and sub dropped), so in Python.

    These groups are the suggested signals: a group of at least two breakthroughs on the same rule
    and no signal yet is a candidate.
    """
    decided = Breakthrough.objects.filter(municipality=municipality, status__in=DECIDED_POSITIVELY)
    groups: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    households: dict[tuple[str, str, str, str], set[int]] = {}
    for row in decided.values(
        *GROUP_FIELDS, "household_id", "total_cost", "expected_avoided_cost", "decided_at"
    ).order_by():
        key = _group_key(row)
        group = groups.setdefault(
            key,
            {
                "regulation_code": key[0],
                "article": key[1],
                "knelpunt_type": key[2],
                "theme": key[3],
                "breakthroughs": 0,
                "amount": Decimal("0"),
                "avoided": Decimal("0"),
                "first_seen": None,
            },
        )
        group["breakthroughs"] += 1
        households.setdefault(key, set()).add(row["household_id"])
        group["amount"] += row["total_cost"] or Decimal("0")
        group["avoided"] += row["expected_avoided_cost"] or Decimal("0")
        if row["decided_at"] and (
            group["first_seen"] is None or row["decided_at"] < group["first_seen"]
        ):
            group["first_seen"] = row["decided_at"]
    # The signals are counted apart: a breakthrough linked to two signals counts once above.
    linked: dict[tuple[str, str, str, str], set[int]] = {}
    for row in (
        SignalLink.objects.filter(breakthrough__in=decided)
        .values("signal_id", *(f"breakthrough__{field}" for field in GROUP_FIELDS))
        .order_by()
    ):
        linked.setdefault(_group_key(row, "breakthrough__"), set()).add(row["signal_id"])
    result = []
    for key, group in groups.items():
        group["households"] = len(households[key])
        group["linked"] = len(linked.get(key, ()))
        group["suggested"] = group["breakthroughs"] >= 2 and group["linked"] == 0
        result.append(group)
    result.sort(key=lambda g: (-g["breakthroughs"], g["regulation_code"], g["article"]))
    return result


def signal_figures(signals: QuerySet[Signal]) -> QuerySet[Signal]:
    """Live counts per signal: breakthroughs, households, bridging cost, avoided cost."""
    return signals.annotate(
        n_breakthroughs=Count("links", distinct=True),
        n_households=Count("links__breakthrough__household", distinct=True),
        bridging_cost=Sum("links__breakthrough__total_cost"),
        avoided_cost=Sum("links__breakthrough__expected_avoided_cost"),
        first_seen=Min("links__breakthrough__decided_at"),
    )


def signals_for_report(*, municipality: Municipality, period_end: date) -> QuerySet[Signal]:
    """The reviewed signals at the time of generation. A signal is usually curated after its
    quarter closes, so the report carries the running list (the builder treats signals as
    running counts); `period_end` only rules out signals whose first breakthrough came later."""
    signals = signal_figures(
        Signal.objects.filter(municipality=municipality).exclude(status=SignalStatus.DRAFT)
    )
    return signals.filter(Q(first_seen__isnull=True) | Q(first_seen__date__lte=period_end))


def group_breakthrough_ids(
    *, municipality: Municipality, group: tuple[str, str, str, str]
) -> list[int]:
    """The ids of the approved breakthroughs of one group (server-side only, never rendered)."""
    regulation, article, knelpunt, theme = group
    wanted = article_group(article)
    rows = Breakthrough.objects.filter(
        municipality=municipality,
        status__in=DECIDED_POSITIVELY,
        regulation_code=regulation,
        knelpunt_type=knelpunt,
        theme=theme,
    ).values_list("pk", "article")
    return [pk for pk, stored in rows if article_group(stored or "") == wanted]


# --- pseudonyms ----------------------------------------------------------------------------

REF_SALT = "doorbraak.signal.breakthrough-ref"


def breakthrough_ref(*, municipality_id: int, pk: int) -> str:
    """An opaque, stable reference to one breakthrough of one municipality (not its id)."""
    return salted_hmac(REF_SALT, f"{municipality_id}:{pk}", algorithm="sha256").hexdigest()[:20]


@dataclass(frozen=True)
class PseudonymisedRow:
    """What a policy officer may see of one approved breakthrough."""

    label: str  # D-0001
    ref: str  # opaque reference for forms and the API
    pk: int  # server-side only: never rendered, never serialised
    household_id: int  # server-side only: for the audit row of whoever is shown this row
    category: str
    category_label: str
    regulation_code: str
    article: str
    knelpunt_type: str
    knelpunt_label: str
    theme: str
    theme_label: str
    amount: Decimal
    avoided: Decimal
    decided_month: str  # 2026-08
    signals: tuple[str, ...]  # titles of the signals it is linked to

    @property
    def group_key(self) -> tuple[str, str, str, str]:
        return (self.regulation_code, article_group(self.article), self.knelpunt_type, self.theme)


def pseudonymised_rows(*, municipality: Municipality) -> list[PseudonymisedRow]:
    """The approved breakthroughs of `municipality` as the policy officer may see them."""
    linked: dict[int, list[str]] = {}
    for breakthrough_id, title in (
        SignalLink.objects.filter(signal__municipality=municipality)
        .order_by("signal__title")
        .values_list("breakthrough_id", "signal__title")
    ):
        linked.setdefault(breakthrough_id, []).append(title)
    categories = dict(Category.choices)
    knelpunten = dict(KnelpuntType.choices)
    themes = dict(Theme.choices)
    rows = []
    for position, item in enumerate(pseudonymised_breakthroughs(municipality=municipality), 1):
        decided = item["decided_at"]
        rows.append(
            PseudonymisedRow(
                label=f"D-{position:04d}",
                ref=breakthrough_ref(municipality_id=municipality.pk, pk=item["pk"]),
                pk=item["pk"],
                household_id=item["household_id"],
                category=item["category"],
                category_label=str(categories.get(item["category"], item["category"])),
                regulation_code=item["regulation_code"] or "",
                article=item["article"] or "",
                knelpunt_type=item["knelpunt_type"] or "",
                knelpunt_label=str(knelpunten.get(item["knelpunt_type"], "")),
                theme=item["theme"],
                theme_label=str(themes.get(item["theme"], item["theme"])),
                amount=item["total_cost"] or Decimal("0"),
                avoided=item["expected_avoided_cost"] or Decimal("0"),
                decided_month=(timezone.localtime(decided).strftime("%Y-%m") if decided else ""),
                signals=tuple(linked.get(item["pk"], ())),
            )
        )
    return rows


def resolve_refs(*, municipality: Municipality, refs: Iterable[str]) -> list[int]:
    """Breakthrough ids for references of this municipality; unknown references raise."""
    wanted = {ref.strip() for ref in refs if ref and ref.strip()}
    by_ref = {
        breakthrough_ref(municipality_id=municipality.pk, pk=item["pk"]): item["pk"]
        for item in pseudonymised_breakthroughs(municipality=municipality).values("pk")
    }
    unknown = wanted - by_ref.keys()
    if unknown:
        raise ValidationError(
            {
                "breakthroughs": _(
                    "Onbekende doorbraak: alleen goedgekeurde doorbraken van uw gemeente kunnen "
                    "worden gekoppeld."
                )
            }
        )
    return sorted(by_ref[ref] for ref in wanted)


# --- access --------------------------------------------------------------------------------


def officer_municipalities(request_or_user: Any) -> list[Municipality]:
    """The municipalities in which the user is a policy officer; none: PermissionDenied."""
    ids = access_for(request_or_user).municipality_ids({Role.POLICY_OFFICER})
    if not ids:
        raise PermissionDenied
    return list(Municipality.objects.filter(pk__in=ids).order_by("pk"))


def officer_signal(request_or_user: Any, public_id: uuid.UUID) -> Signal:
    municipalities = officer_municipalities(request_or_user)
    return get_object_or_404(
        Signal.objects.select_related("municipality"),
        public_id=public_id,
        municipality__in=municipalities,
    )


def officer_report(request_or_user: Any, report_id: uuid.UUID) -> SignalReport:
    municipalities = officer_municipalities(request_or_user)
    return get_object_or_404(
        SignalReport.objects.select_related("municipality", "approved_by"),
        report_id=report_id,
        municipality__in=municipalities,
    )


def officer_municipality(request_or_user: Any) -> Municipality:
    """The municipality whose signals the officer's pages show (the first of theirs)."""
    return officer_municipalities(request_or_user)[0]


def officer_signals(*, municipalities: Iterable[Municipality]) -> QuerySet[Signal]:
    """The signals of the officer's municipalities with their live figures, newest first."""
    return signal_figures(Signal.objects.filter(municipality__in=list(municipalities))).order_by(
        "-updated_at", "-id"
    )


def signal_with_figures(*, signal: Signal) -> Signal:
    """The signal again, with the live figures of `signal_figures`."""
    return signal_figures(Signal.objects.filter(pk=signal.pk)).get()


def officer_reports(*, municipalities: Iterable[Municipality]) -> QuerySet[SignalReport]:
    """The reports of the officer's municipalities (every period and revision)."""
    return SignalReport.objects.filter(municipality__in=list(municipalities)).select_related(
        "municipality"
    )


def report_attempts(*, report: SignalReport) -> QuerySet[DeliveryAttempt]:
    return report.attempts.order_by("attempted_at", "id")


def regulation_named(*, code: str) -> Regulation | None:
    """The catalogue entry of a regulation code (to prefill a signal from a group), if any."""
    return Regulation.objects.filter(code=code).first()


# --- report revisions ----------------------------------------------------------------------


def same_period(*, report: SignalReport) -> QuerySet[SignalReport]:
    """Every revision of the report's municipality and period."""
    return SignalReport.objects.filter(
        municipality_id=report.municipality_id,
        period_start=report.period_start,
        period_end=report.period_end,
    )


def newer_revisions(*, report: SignalReport) -> QuerySet[SignalReport]:
    return same_period(report=report).filter(revision__gt=report.revision)


def is_newest_revision(*, report: SignalReport) -> bool:
    return not newer_revisions(report=report).exists()


# --- what is new since the last report (the policy officer's home page) --------------------


@dataclass(frozen=True)
class NewSinceReport:
    since: datetime | None  # None: no report yet, everything counts
    report: SignalReport | None
    signals: list[Signal]  # the newest few, for links
    signals_total: int
    breakthroughs: int  # decided positively since
    breakthroughs_amount: Decimal
    # Knelpunten: the groups (rule, article, knelpunt, theme) of those breakthroughs that no signal
    # covers yet, largest first, as (regulation code, article, number of breakthroughs).
    knelpunten: list[tuple[str, str, int]]


def last_report_cutoff(report: SignalReport) -> datetime:
    """Where the report stops: the end of its period, or its creation if that came earlier (a
    report made before its period closed does not hold what came after it)."""
    period_closed = timezone.make_aware(
        datetime.combine(report.period_end + timedelta(days=1), time.min)
    )
    return min(period_closed, report.generated_at)


def new_since_last_report(*, municipality: Municipality, shown: int = 5) -> NewSinceReport:
    """Signals created, doorbraken decided and knelpunten without a signal since the newest report
    of the municipality (any revision or status). A fixed number of queries."""
    report = (
        SignalReport.objects.filter(municipality=municipality)
        .order_by("-period_end", "-generated_at", "-id")
        .first()
    )
    since = last_report_cutoff(report) if report is not None else None
    signals = Signal.objects.filter(municipality=municipality)
    decided = Breakthrough.objects.filter(municipality=municipality, status__in=DECIDED_POSITIVELY)
    if since is not None:
        signals = signals.filter(created_at__gte=since)
        decided = decided.filter(decided_at__gte=since)
    newest = list(signals.order_by("-created_at", "-id")[:shown])
    total = signals.count()
    rows = list(
        decided.annotate(has_signal=Exists(SignalLink.objects.filter(breakthrough=OuterRef("pk"))))
        .values(*GROUP_FIELDS, "total_cost", "has_signal")
        .order_by()
    )
    open_groups: dict[tuple[str, str, str, str], int] = {}
    for row in rows:
        if not row["has_signal"]:
            key = _group_key(row)
            open_groups[key] = open_groups.get(key, 0) + 1
    knelpunten = sorted(
        ((key[0], key[1], count) for key, count in open_groups.items()),
        key=lambda item: (-item[2], item[0], item[1]),
    )
    return NewSinceReport(
        since=since,
        report=report,
        signals=newest,
        signals_total=total,
        breakthroughs=len(rows),
        breakthroughs_amount=sum((r["total_cost"] or Decimal("0") for r in rows), Decimal("0")),
        knelpunten=knelpunten[:shown],
    )
