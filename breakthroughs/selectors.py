"""Reads of breakthroughs, budget pots and notifications, always scoped to the user's reach.

Who sees a breakthrough (need-to-know, BIO 8.03.02; anything else answers 404):
- professionals and team leads of the household's team;
- board members of the municipality, for escalated items and for the items they decided.
Policy officers, functional admins and auditors see no breakthrough content here.

The queue and dashboard reads aggregate in SQL: their query count does not grow with the rows.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import get_language, gettext

from breakthroughs import deadlines
from breakthroughs.catalogue_cache import CATALOGUE as _CATALOGUE
from breakthroughs.catalogue_cache import CATALOGUE_CACHE_SECONDS, bump_generation
from breakthroughs.catalogue_cache import FEED_INDEX as _FEED_INDEX
from breakthroughs.catalogue_cache import catalogue_generation as catalogue_generation
from breakthroughs.catalogue_cache import clear_catalogue_cache as clear_catalogue_cache
from breakthroughs.constants import GoalReached, KnelpuntType, Status, Urgency
from breakthroughs.models import (
    Breakthrough,
    BreakthroughTransition,
    BudgetPot,
    Evaluation,
    HubFeed,
    HubFeedCopy,
    LegalLever,
    LeverKind,
    Notification,
)
from breakthroughs.services import may_act
from breakthroughs.workflow import rule_for, steps_from
from casework.constants import CreditorKind, GoalStatus, ZrmDomain
from casework.models import Assessment, Debt, Household, PerspectivePlan, PlanGoal
from casework.sections import SectionShape, SummaryItem, SummaryKind
from core.legal_references import article_group, is_article_reference, knelpunt_anchor
from core.models import Role, User
from core.permissions import Access, access_for
from regulations.models import Screening
from regulations.selectors import result_monthly

DECIDED_STATUSES = (Status.APPROVED, Status.CARRIED_OUT, Status.EVALUATED)
ZERO_MONEY = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))


# --- breakthroughs ---------------------------------------------------------------------------


def _access(user: User | AnonymousUser, access: Access | None) -> Access:
    """The request's cached Access when the caller has one (saves the memberships query)."""
    if access is not None and access.user == user:
        return access
    return access_for(user)


def _visibility(user: User | AnonymousUser, access: Access | None = None) -> Q | None:
    access = _access(user, access)
    conditions = Q()
    reachable = False
    team_ids = access.team_ids()
    if team_ids:
        conditions |= Q(team_id__in=team_ids)
        reachable = True
    board_municipalities = access.municipality_ids([Role.BOARD_MEMBER])
    if board_municipalities:
        decided_by_user = BreakthroughTransition.objects.filter(
            breakthrough=OuterRef("pk"), actor=user, from_status=Status.ESCALATED
        )
        conditions |= Q(municipality_id__in=board_municipalities) & (
            Q(status=Status.ESCALATED) | Q(Exists(decided_by_user))
        )
        reachable = True
    return conditions if reachable else None


def breakthroughs_visible_to(
    user: User | AnonymousUser, access: Access | None = None
) -> QuerySet[Breakthrough]:
    conditions = _visibility(user, access)
    if conditions is None:
        return Breakthrough.objects.none()
    return Breakthrough.objects.filter(conditions)


def breakthrough_list(
    *,
    user: User | AnonymousUser,
    status: str = "",
    household_id: int | None = None,
    access: Access | None = None,
) -> QuerySet[Breakthrough]:
    items = breakthroughs_visible_to(user, access).select_related("household", "team", "budget_pot")
    if status:
        items = items.filter(status=status)
    if household_id:
        items = items.filter(household_id=household_id)
    return items.order_by("-created_at", "-id")


def breakthrough_get(
    *, user: User | AnonymousUser, breakthrough_id: int, access: Access | None = None
) -> Breakthrough:
    """The breakthrough with what its page shows, or 404 when out of the user's reach."""
    try:
        return (
            breakthroughs_visible_to(user, access)
            .select_related(
                "household", "team", "municipality", "proposer", "budget_pot", "budget_pot__team"
            )
            .get(pk=breakthrough_id)
        )
    except Breakthrough.DoesNotExist as exc:
        raise Http404 from exc


def breakthrough_history(breakthrough: Breakthrough) -> list[BreakthroughTransition]:
    return list(
        BreakthroughTransition.objects.filter(breakthrough=breakthrough)
        .select_related("actor")
        .order_by("at", "id")
    )


def breakthrough_evaluation(breakthrough: Breakthrough) -> Evaluation | None:
    return (
        Evaluation.objects.filter(breakthrough=breakthrough)
        .select_related("follow_up_assessment", "evaluated_by")
        .first()
    )


def steps_for(*, access: Access, breakthrough: Breakthrough) -> list[str]:
    """The steps of the current status that this user's roles allow (the buttons to show)."""
    steps = []
    for step in steps_from(breakthrough.status):
        rule = rule_for(step, breakthrough.status)
        if rule is not None and may_act(access=access, breakthrough=breakthrough, roles=rule.roles):
            steps.append(step)
    return steps


def can_see_household(*, access: Access, breakthrough: Breakthrough) -> bool:
    """Team workers see the household behind a breakthrough; the board sees the proposal only."""
    return breakthrough.team_id in access.team_ids()


# --- queues ----------------------------------------------------------------------------------


def _queue_annotations(items: QuerySet[Breakthrough], now: datetime) -> QuerySet[Breakthrough]:
    return items.annotate(
        is_overdue=ExpressionWrapper(
            Q(due_at__lt=now),
            output_field=BooleanField(),
        ),
        above_mandate=ExpressionWrapper(
            Q(total_cost__gt=F("budget_pot__team_lead_limit")), output_field=BooleanField()
        ),
        acute_first=Case(
            When(urgency=Urgency.ACUTE, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
    ).select_related("household", "team", "municipality", "proposer", "budget_pot")


def queue_rows(items: QuerySet[Breakthrough], *, now: datetime) -> list[Breakthrough]:
    """The queue's items, each with `age_working_days`: working days since it was submitted (or
    created, for an item without a submission time), weekends and national holidays excluded."""
    rows = list(items)
    for item in rows:
        item.age_working_days = deadlines.working_days_between(
            item.submitted_at or item.created_at, now
        )
    return rows


def team_queue(
    *, user: User | AnonymousUser, now: datetime | None = None, access: Access | None = None
) -> QuerySet[Breakthrough]:
    """Submitted proposals of the teams the user leads: acute first, then by due time."""
    team_ids = _access(user, access).team_ids([Role.TEAM_LEAD])
    if not team_ids:
        return Breakthrough.objects.none()
    items = Breakthrough.objects.filter(team_id__in=team_ids, status=Status.SUBMITTED)
    return _queue_annotations(items, now or timezone.now()).order_by(
        "acute_first", F("due_at").asc(nulls_last=True), "id"
    )


def board_queue(
    *, user: User | AnonymousUser, now: datetime | None = None, access: Access | None = None
) -> QuerySet[Breakthrough]:
    """Escalated items of the municipalities where the user sits on the board, by due time."""
    municipality_ids = _access(user, access).municipality_ids([Role.BOARD_MEMBER])
    if not municipality_ids:
        return Breakthrough.objects.none()
    items = Breakthrough.objects.filter(
        municipality_id__in=municipality_ids, status=Status.ESCALATED
    )
    return _queue_annotations(items, now or timezone.now()).order_by(
        F("due_at").asc(nulls_last=True), "acute_first", "id"
    )


# --- notifications ---------------------------------------------------------------------------


def notifications_for(*, user: User | AnonymousUser, unread_only: bool = False) -> QuerySet:
    if not user.is_authenticated:
        return Notification.objects.none()
    items = Notification.objects.filter(user=user).select_related("breakthrough")
    if unread_only:
        items = items.filter(read_at__isnull=True)
    return items.order_by("-created_at", "-id")


def unread_count(user: User | AnonymousUser) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


# --- budget pots -----------------------------------------------------------------------------


def pots_visible_to(
    user: User | AnonymousUser, access: Access | None = None
) -> QuerySet[BudgetPot]:
    """Functional admins: every pot of their municipalities; team leads: their teams' pots."""
    access = _access(user, access)
    conditions = Q()
    reachable = False
    admin_municipalities = access.municipality_ids([Role.FUNCTIONAL_ADMIN])
    if admin_municipalities:
        conditions |= Q(municipality_id__in=admin_municipalities)
        reachable = True
    lead_teams = access.team_ids([Role.TEAM_LEAD])
    if lead_teams:
        conditions |= Q(team_id__in=lead_teams)
        reachable = True
    if not reachable:
        return BudgetPot.objects.none()
    return (
        BudgetPot.objects.filter(conditions)
        .select_related("team", "municipality")
        .order_by("-year", "team__name", "name")
    )


def pot_get_for_admin(
    *, user: User | AnonymousUser, pot_id: int, access: Access | None = None
) -> BudgetPot:
    municipalities = _access(user, access).municipality_ids([Role.FUNCTIONAL_ADMIN])
    try:
        return BudgetPot.objects.select_related("team", "municipality").get(
            pk=pot_id, municipality_id__in=municipalities
        )
    except BudgetPot.DoesNotExist as exc:
        raise Http404 from exc


# --- dashboard -------------------------------------------------------------------------------


@dataclass
class Dashboard:
    year: int
    team_ids: list[int]
    by_status: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
    decided: int = 0
    median_working_days: Decimal | None = None
    spend_by_month: list[dict[str, Any]] = field(default_factory=list)  # month, amount, cumulative
    budget_total: Decimal = Decimal("0")
    spend_total: Decimal = Decimal("0")
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    evaluated: int = 0


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    start = datetime(year, 1, 1, tzinfo=deadlines.AMSTERDAM)
    end = datetime(year + 1, 1, 1, tzinfo=deadlines.AMSTERDAM)
    return start, end


def median_working_days(*, team_ids: list[int], year: int) -> tuple[Decimal | None, int]:
    """Median Dutch working days from submission to decision, of decisions taken in `year`.

    Counted by `deadlines.working_days_between` in Python, so the embedded SQLite default and
    PostgreSQL give the same figure; a team decides at most a few hundred items a year.
    """
    start, end = _year_bounds(year)
    spans = Breakthrough.objects.filter(
        team_id__in=team_ids,
        submitted_at__isnull=False,
        decided_at__gte=start,
        decided_at__lt=end,
    ).values_list("submitted_at", "decided_at")
    days = [deadlines.working_days_between(submitted, decided) for submitted, decided in spans]
    if not days:
        return None, 0
    return Decimal(str(statistics.median(days))).quantize(Decimal("0.1")), len(days)


def dashboard_for(
    *, user: User | AnonymousUser, year: int, access: Access | None = None
) -> Dashboard:
    """The team lead's figures for the teams they lead: five aggregate queries in all."""
    team_ids = sorted(_access(user, access).team_ids([Role.TEAM_LEAD]))
    board = Dashboard(year=year, team_ids=team_ids)
    if not team_ids:
        return board
    start, end = _year_bounds(year)
    items = Breakthrough.objects.filter(team_id__in=team_ids)

    counts = dict(
        items.filter(created_at__gte=start, created_at__lt=end)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    board.by_status = [
        {"status": status.value, "label": status.label, "count": counts.get(status.value, 0)}
        for status in Status
    ]
    board.total = sum(counts.values())

    board.median_working_days, board.decided = median_working_days(team_ids=team_ids, year=year)

    per_month = dict(
        items.filter(status__in=DECIDED_STATUSES, decided_at__gte=start, decided_at__lt=end)
        .annotate(month=ExtractMonth("decided_at", tzinfo=deadlines.AMSTERDAM))
        .values_list("month")
        .annotate(amount=Sum("total_cost"))
        .order_by()
    )
    cumulative = Decimal("0")
    for month in range(1, 13):
        amount = per_month.get(month) or Decimal("0")
        cumulative += amount
        board.spend_by_month.append({"month": month, "amount": amount, "cumulative": cumulative})
    board.spend_total = cumulative
    board.budget_total = BudgetPot.objects.filter(team_id__in=team_ids, year=year).aggregate(
        total=Coalesce(Sum("amount"), ZERO_MONEY)
    )["total"]

    outcomes = dict(
        Evaluation.objects.filter(
            breakthrough__team_id__in=team_ids, evaluated_at__gte=start, evaluated_at__lt=end
        )
        .values_list("goal_reached")
        .annotate(n=Count("id"))
        .order_by()
    )
    board.outcomes = [
        {"goal": goal.value, "label": goal.label, "count": outcomes.get(goal.value, 0)}
        for goal in GoalReached
    ]
    board.evaluated = sum(outcomes.values())
    return board


def household_breakthroughs(*, household_id: int) -> QuerySet[Breakthrough]:
    """For the case section: the caller has already checked the household through casework."""
    return (
        Breakthrough.objects.filter(household_id=household_id)
        .select_related("budget_pot")
        .order_by("-created_at", "-id")
    )


def case_section_shape(*, household: Household, user: Any) -> SectionShape:
    """The room the "Doorbraken" section will take on the case page (one query): the link to
    propose one and a line per doorbraak (its action cut at twelve words, the cost and the
    status), or the line that there is none."""
    actions = Breakthrough.objects.filter(household_id=household.pk).values_list(
        "action", flat=True
    )
    lines = [min(len(action), 90) + 40 for action in actions] or [52]
    return SectionShape(texts=(21, *lines))


def case_summary_items(*, household: Household, user: Any) -> list[SummaryItem]:
    """The case page summary's part of the doorbraken (one query): decision deadlines of the open
    proposals are urgent; drafts to submit and approved steps to carry out come next."""
    items = []
    now = timezone.now()
    open_statuses = (Status.DRAFT, Status.SUBMITTED, Status.ESCALATED, Status.APPROVED)
    rows = Breakthrough.objects.filter(
        household_id=household.pk, status__in=open_statuses
    ).order_by(F("due_at").asc(nulls_last=True), "id")
    for bt in rows.only("pk", "status", "category", "due_at"):
        url = reverse("breakthroughs:detail", args=[bt.pk])
        label = {"id": bt.pk, "category": bt.get_category_display()}
        if bt.status in (Status.SUBMITTED, Status.ESCALATED) and bt.due_at:
            due = timezone.localtime(bt.due_at).strftime("%d-%m-%Y")
            template = (
                gettext("Doorbraak %(id)s (%(category)s): besluit was uiterlijk %(due)s")
                if bt.due_at < now
                else gettext("Doorbraak %(id)s (%(category)s): besluit uiterlijk %(due)s")
            )
            items.append(
                SummaryItem(kind=SummaryKind.URGENT, text=template % {**label, "due": due}, url=url)
            )
        elif bt.status == Status.DRAFT:
            text = gettext("Concept-doorbraak %(id)s (%(category)s) afmaken en indienen") % label
            items.append(SummaryItem(kind=SummaryKind.NEXT, text=text, url=url))
        elif bt.status == Status.APPROVED:
            text = gettext("Goedgekeurde doorbraak %(id)s (%(category)s) uitvoeren") % label
            items.append(SummaryItem(kind=SummaryKind.NEXT, text=text, url=url))
    return items


# --- the household behind a proposal, for the review page ------------------------------------


def review_household_summary(*, breakthrough: Breakthrough, include_plan: bool) -> dict[str, Any]:
    """What a reviewer needs to judge the proposal, in a fixed number of queries: the screening
    totals (the screening attached to the proposal, else the latest), the debts per creditor
    kind, the latest ZRM scores and, for the household's own team only, the perspective plan.

    No names, address or BSN: the board decides on the case, not on the person.
    """
    household_id = breakthrough.household_id
    screening = None
    if breakthrough.screening_id:
        screening = Screening.objects.filter(
            pk=breakthrough.screening_id, household_id=household_id
        ).first()
    if screening is None:
        screening = (
            Screening.objects.filter(household_id=household_id)
            .order_by("-created_at", "-id")
            .first()
        )
    totals = None
    if screening is not None:
        entitled = received = not_used = Decimal("0")
        for result in screening.results:
            monthly = result_monthly(result) if result["outcome"] == "eligible" else None
            if monthly is None:
                continue
            entitled += monthly
            received += monthly if result.get("received") else Decimal("0")
            not_used += monthly if result.get("non_take_up") else Decimal("0")
        totals = {
            "date": screening.reference_date,
            "entitled": entitled,
            "received": received,
            "not_used": not_used,
            "waiting": sum(1 for r in screening.results if r["outcome"] == "insufficient_data"),
        }
    debts: dict[str, dict[str, Any]] = {}
    for row in Debt.objects.filter(household_id=household_id).values(
        "creditor_kind", "amount", "arrears_months", "in_collection"
    ):
        kind = debts.setdefault(
            row["creditor_kind"],
            {
                "label": CreditorKind(row["creditor_kind"]).label,
                "count": 0,
                "amount": Decimal("0"),
                "arrears_months": 0,
                "in_collection": 0,
            },
        )
        kind["count"] += 1
        kind["amount"] += row["amount"]
        kind["arrears_months"] = max(kind["arrears_months"], row["arrears_months"])
        kind["in_collection"] += int(row["in_collection"])
    debt_rows = sorted(debts.values(), key=lambda r: -r["amount"])
    assessment = (
        Assessment.objects.filter(household_id=household_id)
        .order_by("-assessed_on", "-id")
        .prefetch_related("scores")
        .first()
    )
    zrm = []
    if assessment is not None:
        labels = dict(ZrmDomain.choices)
        zrm = sorted(
            (
                {
                    "domain": s.domain,
                    "label": labels.get(s.domain, s.domain),
                    "score": s.score_value(),
                }
                for s in assessment.scores.all()
            ),
            key=lambda row: (row["score"], row["domain"]),
        )
    plan = goals = None
    if include_plan:
        plan = PerspectivePlan.objects.filter(household_id=household_id).first()
        goals = list(
            PlanGoal.objects.filter(
                household_id=household_id, status__in=(GoalStatus.OPEN, GoalStatus.IN_PROGRESS)
            ).order_by("target_date", "id")
        )
    return {
        "screening": totals,
        "debts": debt_rows,
        "debt_total": sum((r["amount"] for r in debt_rows), Decimal("0")),
        "zrm": zrm,
        "zrm_date": assessment.assessed_on if assessment else None,
        "zrm_low": sum(1 for row in zrm if row["score"] <= 2),
        "plan": plan,
        "goals": goals,
    }


# --- home page worklists ---------------------------------------------------------------------

OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.ESCALATED, Status.APPROVED)
WORKLIST_SHOWN = 5


def my_open_breakthroughs(*, user: User | AnonymousUser) -> list[Breakthrough]:
    """The open proposals the user made in teams they still work in, nearest deadline first."""
    if not user.is_authenticated:
        return []
    team_ids = access_for(user).team_ids()
    return list(
        Breakthrough.objects.filter(proposer=user, team_id__in=team_ids, status__in=OPEN_STATUSES)
        .select_related("household")
        .order_by(F("due_at").asc(nulls_last=True), "-created_at", "-id")[:10]
    )


# --- The catalogue of legal levers (issue 14) ------------------------------------------------
# The catalogue is public law, not personal data: any signed-in user may read it.

# On equal scores the general duties come first: they apply to every case of the scheme.
KIND_ORDER = {
    LeverKind.TAILORING_DUTY: 0,
    LeverKind.AWB_4_84: 1,
    LeverKind.DISCRETION: 2,
    LeverKind.HARDSHIP_CLAUSE: 3,
    LeverKind.POWER_TO_DEVIATE: 4,
    LeverKind.PAYMENT_ARRANGEMENT: 5,
    LeverKind.DEFERRAL: 6,
}
SCHEME_WEIGHT = 3
KNELPUNT_WEIGHT = 2
KEYWORD_WEIGHT = 2


@dataclass(frozen=True)
class LeverSuggestion:
    lever: LegalLever
    score: int
    # Why it was suggested, in Dutch, for the professional.
    reasons: list[str] = field(default_factory=list)


def legal_levers_current(*, on: date | None = None) -> QuerySet[LegalLever]:
    """The version of every lever that holds on `on` (today by default), ordered by code."""
    day = on or timezone.localdate()
    newer = LegalLever.objects.filter(
        code=OuterRef("code"), valid_from__gt=OuterRef("valid_from"), valid_from__lte=day
    )
    return (
        LegalLever.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .exclude(Exists(newer))
        .order_by("code")
    )


def _catalogue_on(day: date) -> list[tuple[LegalLever, str, tuple[str, ...]]]:
    """The levers that hold on `day`, each with its keywords normalised once."""
    now = time.monotonic()
    cached = _CATALOGUE.get(day)
    if cached is None or now - cached[0] > CATALOGUE_CACHE_SECONDS:
        levers = [
            (lever, lever.kind, tuple(_normalised(word) for word in lever.keywords))
            for lever in legal_levers_current(on=day)
        ]
        if len(_CATALOGUE) > 4:  # a few dates at most (today, and a proposal's own date)
            _CATALOGUE.clear()
        cached = _CATALOGUE[day] = (now, levers)
        bump_generation()
    return cached[1]


def _normalised(text: str) -> str:
    return " ".join(str(text or "").lower().split())


def lever_suggestions(
    *,
    scheme: str = "",
    knelpunt_type: str = "",
    text: str = "",
    on: date | None = None,
    limit: int = 10,
) -> list[LeverSuggestion]:
    """Levers that fit a blocking situation, best first.

    The score adds the blocking scheme, the knelpunt type and each of the lever's keywords found
    in `text` (the blocking problem in the professional's words); only levers with a positive
    score are returned. The catalogue is a few hundred rows at most, so it is ranked in Python.
    """
    wanted_text = _normalised(text)
    ranked = []
    for lever, _kind, keywords in _catalogue_on(on or timezone.localdate()):
        score, reasons = 0, []
        if scheme and scheme in lever.scheme_codes:
            score += SCHEME_WEIGHT
            reasons.append(gettext("past bij de knellende regeling"))
        if knelpunt_type and knelpunt_type in lever.knelpunt_types:
            score += KNELPUNT_WEIGHT
            reasons.append(gettext("past bij dit soort knelpunt"))
        words = [
            word
            for word, normalised in zip(lever.keywords, keywords, strict=True)
            if normalised in wanted_text
        ]
        if wanted_text and words:
            score += KEYWORD_WEIGHT * len(words)
            reasons.append(gettext("herkend in de omschrijving: %s") % ", ".join(words))
        if score:
            ranked.append(LeverSuggestion(lever=lever, score=score, reasons=reasons))
    ranked.sort(key=lambda s: (-s.score, KIND_ORDER.get(s.lever.kind, 9), s.lever.code))
    return ranked[:limit]


PRECEDENT_STATUSES = (*DECIDED_STATUSES, Status.REJECTED)
PRECEDENTS_PER_LEVER = 5


@dataclass(frozen=True)
class Precedent:
    """An earlier decision as pseudonymised facts only: no household, team, person or free text."""

    decision: str
    total_cost: Decimal
    goal_reached: str  # "nog niet geëvalueerd" while not evaluated
    decided_month: date
    month_label: str  # "maart 2026", in the active language


_MONTH_LABELS: dict[tuple[str, int], str] = {}


def _month_label(day: date) -> str:
    """The month's name in the active language, looked up once per language and month."""
    key = (get_language() or "", day.month)
    if key not in _MONTH_LABELS:
        _MONTH_LABELS[key] = str(MONTHS[day.month])
    return f"{_MONTH_LABELS[key]} {day.year}"


# Per article the newest few decisions, each an index scan on bt_precedents (municipality,
# scheme, article, decided_at) through a LATERAL join over the articles: one statement whose
# text does not change, so neither Django's compiler nor PostgreSQL's planner does much per call.
_PRECEDENTS_SQL = """
SELECT wanted.article, p.status, p.total_cost, p.goal_reached, p.decided_at
FROM unnest(%(articles)s::text[]) AS wanted(article)
CROSS JOIN LATERAL (
    SELECT b.status, b.total_cost, e.goal_reached, b.decided_at, b.id
    FROM {breakthrough} b
    LEFT JOIN {evaluation} e ON e.breakthrough_id = b.id
    WHERE b.municipality_id = %(municipality)s
      AND b.regulation_code = %(scheme)s
      AND b.article = wanted.article
      AND b.status = ANY(%(statuses)s::text[])
      AND b.decided_at IS NOT NULL
    ORDER BY b.decided_at DESC, b.id DESC
    LIMIT %(limit)s
) AS p
ORDER BY p.decided_at DESC, p.id DESC
"""


def lever_precedents(
    *, municipality_id: int, scheme: str, article_references: list[str]
) -> dict[str, list[Precedent]]:
    """Per article reference: this municipality's decided doorbraken on the same blocking rule.

    A doorbraak used a lever when it names the lever's article reference for the same scheme
    (choosing a suggestion fills it). Any team of the municipality counts; only the facts above
    leave the query, so nothing of another team's household is read.
    """
    if not scheme or not article_references:
        return {}
    # The proposal stores the article with its white space normalised; choosing a suggestion
    # stores exactly the lever's reference.
    references = {" ".join(ref.split()): ref for ref in article_references}
    sql = _PRECEDENTS_SQL.format(
        breakthrough=connection.ops.quote_name(Breakthrough._meta.db_table),
        evaluation=connection.ops.quote_name(Evaluation._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "articles": list(references),
                "municipality": municipality_id,
                "scheme": scheme,
                "statuses": [str(status) for status in PRECEDENT_STATUSES],
                "limit": PRECEDENTS_PER_LEVER,
            },
        )
        rows = cursor.fetchall()
    decisions = {status: str(Status(status).label) for status in PRECEDENT_STATUSES}
    goals = {goal: str(GoalReached(goal).label) for goal in GoalReached.values}
    not_evaluated = gettext("nog niet geëvalueerd")
    found: dict[str, list[Precedent]] = {}
    for article, status, cost, goal, decided_at in rows:
        month = timezone.localdate(decided_at).replace(day=1)
        found.setdefault(references[article], []).append(
            Precedent(
                decision=decisions[status],
                total_cost=cost,
                goal_reached=goals.get(goal, not_evaluated) if goal else not_evaluated,
                decided_month=month,
                month_label=_month_label(month),
            )
        )
    return found


def lever_codes_by_rule(*, on: date | None = None) -> dict[tuple[str, str], str]:
    """(blocking scheme, article reference) -> the code of the lever a doorbraak on it used.

    A doorbraak names the lever through its article: choosing a suggestion fills the article's
    parts, which write back exactly the lever's reference. Two levers may share an article (Awb
    4:94 for toeslagen and for municipal claims) but never for the same scheme; should a future
    catalogue do so, the first code in order wins, so the mapping stays deterministic.
    """
    found: dict[tuple[str, str], str] = {}
    for code, reference, schemes in legal_levers_current(on=on).values_list(
        "code", "article_reference", "scheme_codes"
    ):
        for scheme in schemes:
            found.setdefault((scheme, reference), code)
    return found


# --- The hub's feeds, as last pulled (issue 14) ------------------------------------------------
def _feed_index(feed: str, build: Callable[[dict[str, Any]], Any]) -> tuple[Any, datetime | None]:
    """The parsed index of the local copy of `feed` and when it was last fetched.

    Read again at most every CATALOGUE_CACHE_SECONDS per process (the copy changes once a day;
    the pull clears it in its own process)."""
    now = time.monotonic()
    cached = _FEED_INDEX.get(feed)
    if cached is None or now - cached[0] > CATALOGUE_CACHE_SECONDS:
        row = HubFeedCopy.objects.filter(feed=feed).values_list("content", "fetched_at").first()
        content, fetched = row if row is not None and row[1] is not None else ({}, None)
        cached = _FEED_INDEX[feed] = (now, build(content or {}), fetched)
    return cached[1], cached[2]


@dataclass(frozen=True)
class NationalPrecedent:
    """One cell of the hub's precedents feed: national aggregates only, suppressed cells None."""

    knelpunt_type: str
    municipalities: int
    breakthroughs: int
    goal_reached_share: Decimal | None
    median_cost: Decimal | None

    @property
    def knelpunt_label(self) -> str:
        if self.knelpunt_type in KnelpuntType.values:
            return str(KnelpuntType(self.knelpunt_type).label)
        return gettext("soort onbekend")

    @property
    def goal_reached_percent(self) -> int | None:
        share = self.goal_reached_share
        return None if share is None else int((share * 100).to_integral_value())


def _precedent_index(content: dict[str, Any]) -> dict[tuple[str, str], list[NationalPrecedent]]:
    index: dict[tuple[str, str], list[NationalPrecedent]] = {}
    for row in content.get("precedents", []):
        try:
            precedent = NationalPrecedent(
                knelpunt_type=str(row["knelpunt_type"]),
                municipalities=int(row["municipalities"]),
                breakthroughs=int(row["breakthroughs"]),
                goal_reached_share=(
                    Decimal(row["goal_reached_share"])
                    if row.get("goal_reached_share") is not None
                    else None
                ),
                median_cost=(
                    Decimal(row["median_cost_eur"])
                    if row.get("median_cost_eur") is not None
                    else None
                ),
            )
        except (KeyError, TypeError, ValueError, ArithmeticError):
            continue  # a row this version cannot read is left out, not shown wrong
        index.setdefault((str(row["lever_code"]), str(row["regulation_code"])), []).append(
            precedent
        )
    return index


NATIONAL_ROWS_PER_LEVER = 3


def national_precedents(
    *,
    scheme: str,
    knelpunt_type: str,
    lever_codes: list[str],
    limit: int = NATIONAL_ROWS_PER_LEVER,
) -> tuple[dict[str, list[NationalPrecedent]], datetime | None]:
    """Per lever code: the hub's national precedents on this blocking scheme, at most `limit`
    knelpunt types (this one first, when given), and when the copy was fetched (None: never)."""
    index, fetched = _feed_index(HubFeed.PRECEDENTS, _precedent_index)
    found = {}
    for code in lever_codes:
        # This knelpunt type first, then the types with the most doorbraken.
        cells = sorted(
            index.get((code, scheme), []),
            key=lambda cell: (cell.knelpunt_type != knelpunt_type, -cell.breakthroughs),
        )[:limit]
        if cells:
            found[code] = cells
    return found, fetched


@dataclass(frozen=True)
class NationalKnelpuntStatus:
    status: str
    status_label: str
    answer: str
    municipalities: int
    anchor: str


def _knelpunt_index(content: dict[str, Any]) -> dict[tuple[str, str], NationalKnelpuntStatus]:
    index = {}
    for row in content.get("knelpunten", []):
        try:
            key = (str(row["regulation_code"]), str(row.get("article") or ""))
            index[key] = NationalKnelpuntStatus(
                status=str(row["status"]),
                status_label=str(row.get("status_label") or row["status"]),
                answer=str(row.get("answer") or ""),
                municipalities=int(row.get("municipalities") or 0),
                anchor=knelpunt_anchor(*key),
            )
        except (KeyError, TypeError, ValueError):
            continue
    return index


def national_knelpunten_for(
    rules: list[tuple[str, str]],
) -> dict[tuple[str, str], NationalKnelpuntStatus]:
    """(regulation code, article as typed) -> its national counterpart on the hub, if any.

    Matched the way the hub keys them: the regulation code and the article without lid or
    onderdeel (`article_group`)."""
    index, _fetched = _feed_index(HubFeed.KNELPUNTEN, _knelpunt_index)
    found = {}
    for code, article in rules:
        group = article_group(article) if is_article_reference(article) else ""
        status = index.get((code, group))
        if status is not None:
            found[(code, article)] = status
    return found
