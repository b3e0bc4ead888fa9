"""Reads of households, always scoped to the teams of the user (one SQL filter, lesson 1)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from casework.constants import (
    CreditorKind,
    GoalStatus,
    HouseholdStatus,
    ZrmDomain,
    special_categories,
)
from casework.models import (
    Assessment,
    AssessmentScore,
    Asset,
    BenefitReceived,
    BsnDuplicateTask,
    Debt,
    Household,
    Income,
    InvolvedOrganisation,
    JournalEntry,
    Member,
    PlanGoal,
)
from casework.sections import SummaryItem, SummaryKind
from core.bsn import hash_bsn, is_valid_bsn, normalise_bsn
from core.models import Role, User
from core.permissions import access_for
from core.presentation.money import euro


def households_visible_to(user: User | AnonymousUser) -> QuerySet[Household]:
    """Every household the user may see: those of the teams where they are professional or lead."""
    team_ids = access_for(user).team_ids()
    if not team_ids:
        return Household.objects.none()
    return Household.objects.in_teams(team_ids)


def household_list(
    *,
    user: User | AnonymousUser,
    search: str = "",
    team_id: int | None = None,
    status: str = "",
    zrm_domain_low: str = "",
    has_debts: bool | None = None,
    assigned_to_id: int | None = None,
    bsn: str = "",
) -> QuerySet[Household]:
    """Households the user may see, filtered. `bsn` is an exact match through the keyed hash;
    callers take it from a request body (POST), never from a URL."""
    households = households_visible_to(user).select_related("team", "assigned_professional")
    if bsn:
        households = households.filter(_bsn_filter(bsn, user))
    if search:
        households = households.filter(_search_filter(search))
    if team_id:
        households = households.filter(team_id=team_id)
    if status:
        households = households.filter(status=status)
    if zrm_domain_low:
        low = AssessmentScore.objects.filter(assessment=OuterRef("latest_assessment"), score__lte=2)
        if zrm_domain_low != "any":
            low = low.filter(domain=zrm_domain_low)
        households = households.filter(Exists(low))
    if has_debts is not None:
        debts = Exists(Debt.objects.filter(household=OuterRef("pk"), amount__gt=0))
        households = households.filter(debts if has_debts else ~debts)
    if assigned_to_id:
        households = households.filter(assigned_professional_id=assigned_to_id)
    return households.order_by("-updated_at", "-id")


def looks_like_bsn(value: str) -> bool:
    """True for a valid BSN however it is typed: `123456782`, `1234.56.782`, `123-456-782`.

    The separators allowed are those of `core.bsn.is_valid_bsn`, the one place that decides what
    a BSN looks like; the search, the URL guard and the browser's search box all ask here.
    """
    return is_valid_bsn(value)


def _bsn_filter(bsn: str, user: User | AnonymousUser) -> Q:
    if not looks_like_bsn(bsn):
        return Q(pk__in=[])
    # A BSN is matched exactly through its keyed hash, never by pattern.
    digits = normalise_bsn(bsn)
    codes = {m.municipality.cbs_code for m in access_for(user).memberships}
    hashes = [hash_bsn(digits, municipality_code=code) for code in codes]
    return Q(Exists(Member.objects.filter(household=OuterRef("pk"), bsn_hash__in=hashes)))


def _search_filter(search: str) -> Q:
    """Name or postcode. A BSN typed here matches nothing: it would sit in a URL and a log."""
    term = search.strip()
    if looks_like_bsn(term):
        return Q(pk__in=[])
    compact = term.replace(" ", "").upper()
    if len(compact) >= 4 and compact[:4].isdigit():
        postcode = f"{compact[:4]} {compact[4:6]}".strip()
        return Q(postcode__startswith=postcode)
    return Q(display_name__icontains=term) | Q(
        Exists(
            Member.objects.filter(household=OuterRef("pk")).filter(
                Q(family_name__icontains=term) | Q(given_name__icontains=term)
            )
        )
    )


def household_get(*, user: User | AnonymousUser, household_id: int) -> Household:
    """The household if the user may see it; 404 otherwise (never reveal that it exists)."""
    try:
        return (
            households_visible_to(user)
            .select_related("municipality", "team", "assigned_professional")
            .get(pk=household_id)
        )
    except Household.DoesNotExist as exc:
        raise Http404 from exc


JOURNAL_ON_PAGE = 50


def household_dossier(
    *, user: User | AnonymousUser, household_id: int, journal_limit: int | None = JOURNAL_ON_PAGE
) -> Household:
    """The household with everything the case page shows, in a fixed number of queries.

    The rows come back as if prefetched (`household.members.all()`, `member.incomes.all()`,
    `debt.member`, `assessment.scores.all()` cost no query). The newest `journal_limit` journal
    entries land in `household.journal_entries`, so a long-running case does not slow its page
    down; the export (journal_limit=None) gets them all.
    """
    try:
        household = (
            households_visible_to(user)
            .select_related(
                "municipality", "team", "assigned_professional", "housing", "perspective_plan"
            )
            .get(pk=household_id)
        )
    except Household.DoesNotExist as exc:
        raise Http404 from exc
    pk = household.pk
    members = _rows(Member, "household_id", [pk], "relation, birth_date, id")
    _attach(household, "members", members)
    incomes = _rows(Income, "member_id", [m.pk for m in members], "id")
    _attach_children(members, "incomes", incomes, "member_id")
    _attach(household, "assets", _rows(Asset, "household_id", [pk], "id"))
    debts = _rows(Debt, "household_id", [pk], "amount DESC, id")
    members_by_id = {m.pk: m for m in members}
    for debt in debts:
        Debt.member.field.set_cached_value(debt, members_by_id.get(debt.member_id))
    _attach(household, "debts", debts)
    _attach(household, "benefits", _rows(BenefitReceived, "household_id", [pk], "scheme_code"))
    _attach(household, "goals", _rows(PlanGoal, "household_id", [pk], "id"))
    _attach(household, "organisations", _rows(InvolvedOrganisation, "household_id", [pk], "name"))
    assessments = _rows(Assessment, "household_id", [pk], "assessed_on DESC, id DESC")
    _attach(household, "assessments", assessments)
    scores = _rows(AssessmentScore, "assessment_id", [a.pk for a in assessments], "id")
    _attach_children(assessments, "scores", scores, "assessment_id")
    # A plain LIMIT on the (household, date) index, not the window function of a sliced prefetch.
    journal = (
        JournalEntry.objects.filter(household=household)
        .select_related("author")
        .order_by("-occurred_on", "-id")
    )
    household.journal_entries = list(journal[:journal_limit] if journal_limit else journal)
    return household


DossierRow = TypeVar("DossierRow", bound=models.Model)


def _rows(model: type[DossierRow], column: str, ids: list[int], order_by: str) -> list[DossierRow]:
    """The rows of one child table of the dossier whose `column` is one of `ids`.

    Plain SQL on purpose: these ten selects are the case page's hot path, and compiling them
    through the ORM cost more than running them (measured: 11 ms against 6 ms for the dossier).
    Only model and column names from this module go into the text; the ids are parameters.
    """
    if not ids:
        return []
    placeholders = ", ".join(["%s"] * len(ids))
    table = model._meta.db_table
    sql = f"SELECT * FROM {table} WHERE {column} IN ({placeholders}) ORDER BY {order_by}"  # noqa: S608
    return list(model.objects.raw(sql, ids))


def _attach(instance: models.Model, relation: str, rows: list[Any]) -> None:
    """Make `instance.<relation>.all()` return `rows` without a query, as prefetch_related does."""
    queryset = getattr(instance, relation).get_queryset()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    instance._prefetched_objects_cache = getattr(instance, "_prefetched_objects_cache", {})
    instance._prefetched_objects_cache[relation] = queryset


def _attach_children(
    parents: list[Any], relation: str, rows: list[Any], parent_column: str
) -> None:
    by_parent: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        by_parent[getattr(row, parent_column)].append(row)
    for parent in parents:
        _attach(parent, relation, by_parent.get(parent.pk, []))


@dataclass
class MoneySummary:
    net_income_monthly: Decimal
    gross_income_monthly: Decimal
    unknown_net: int  # incomes with only a gross amount
    incomes_not_counted: int  # incomes of members who do not live in the household
    debt_total: Decimal
    debts_by_kind: list[dict[str, Any]]
    assets_total: Decimal
    benefits_monthly: Decimal
    housing_costs_monthly: Decimal | None


def money_summary(household: Household) -> MoneySummary:
    """Totals for the money section, from prefetched rows (no queries of its own)."""
    net = gross = Decimal("0")
    unknown_net = not_counted = 0
    for member in household.members.all():
        if not member.lives_in:
            # Not the household's money, as in the screening: counted apart, shown in the table.
            not_counted += len(member.incomes.all())
            continue
        for income in member.incomes.all():
            if income.net_monthly is not None:
                net += income.net_monthly
            else:
                unknown_net += 1
            if income.gross_monthly is not None:
                gross += income.gross_monthly
    by_kind: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"count": 0, "amount": Decimal("0"), "in_collection": 0}
    )
    for debt in household.debts.all():
        row = by_kind[debt.creditor_kind]
        row["count"] += 1
        row["amount"] += debt.amount
        row["in_collection"] += int(debt.in_collection)
    debts_by_kind = [
        {"kind": kind, "label": CreditorKind(kind).label, **row}
        for kind, row in sorted(by_kind.items(), key=lambda item: -item[1]["amount"])
    ]
    housing = getattr(household, "housing", None)
    housing_costs = None
    if housing is not None and housing.basic_rent is not None:
        housing_costs = housing.basic_rent + (housing.service_costs or Decimal("0"))
    return MoneySummary(
        net_income_monthly=net,
        gross_income_monthly=gross,
        unknown_net=unknown_net,
        incomes_not_counted=not_counted,
        debt_total=sum((row["amount"] for row in debts_by_kind), Decimal("0")),
        debts_by_kind=debts_by_kind,
        assets_total=sum((a.value for a in household.assets.all()), Decimal("0")),
        benefits_monthly=sum(
            (b.amount_monthly or Decimal("0") for b in household.benefits.all()), Decimal("0")
        ),
        housing_costs_monthly=housing_costs,
    )


@dataclass
class ZrmProfile:
    # domain, label, score, change, reason (decrypted for special categories)
    current: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)  # date, average
    assessed_on: Any = None

    @property
    def special_categories(self) -> list[str]:
        """Special categories (health, addiction, justice) whose reasons this profile shows:
        the page that shows them names them in its audit read row."""
        return special_categories(
            row["domain"] for row in self.current if row["score"] is not None or row["reason"]
        )

    @property
    def low_count(self) -> int:
        """Domains at 1 (acute problematiek) or 2 (niet zelfredzaam) in the latest assessment."""
        return sum(1 for row in self.current if row["score"] and row["score"] <= ZRM_URGENT_SCORE)


def zrm_profile(household: Household) -> ZrmProfile:
    """Current scores with their change since the previous assessment, from prefetched rows."""
    assessments = sorted(household.assessments.all(), key=lambda a: (a.assessed_on, a.pk))
    if not assessments:
        return ZrmProfile()
    latest = assessments[-1]
    previous = assessments[-2] if len(assessments) > 1 else None
    latest_rows = {s.domain: s for s in latest.scores.all()}
    latest_scores = {domain: s.score_value() for domain, s in latest_rows.items()}
    previous_scores = {s.domain: s.score_value() for s in previous.scores.all()} if previous else {}
    current = []
    for domain in ZrmDomain:
        score = latest_scores.get(domain.value)
        before = previous_scores.get(domain.value)
        current.append(
            {
                "domain": domain.value,
                "label": domain.label,
                "score": score,
                "change": (score - before) if score is not None and before is not None else None,
                "reason": (
                    latest_rows[domain.value].reason_text() if domain.value in latest_rows else ""
                ),
            }
        )
    history = []
    for assessment in assessments:
        values = [s.score_value() for s in assessment.scores.all()]
        if values:
            history.append(
                {
                    "date": assessment.assessed_on,
                    "average": Decimal(sum(values)) / Decimal(len(values)),
                    "low": sum(1 for v in values if v <= 2),
                }
            )
    return ZrmProfile(current=current, history=history, assessed_on=latest.assessed_on)


def bsn_tasks_open(*, user: User | AnonymousUser) -> QuerySet[BsnDuplicateTask]:
    """Open possible-duplicate BSN tasks of the teams the user leads."""
    teams = access_for(user).team_ids([Role.TEAM_LEAD])
    return (
        BsnDuplicateTask.objects.filter(team_id__in=teams, resolved_at__isnull=True)
        .select_related("household", "member", "team", "other_team")
        .order_by("created_at", "id")
    )


# --- the case page summary (casework's own items) -------------------------------------------

# Fixed-cost creditors whose arrears threaten the basics, with what is at stake. From one month of
# arrears these creditors signal the municipality (vroegsignalering under the Wgs), and the first
# conversation is then due within 3 working days instead of 4 weeks (art. 4 Wgs).
THREATENING_CREDITORS: dict[str, Any] = {
    CreditorKind.LANDLORD: _("dreigende huisuitzetting"),
    CreditorKind.ENERGY: _("dreigende afsluiting van energie"),
    CreditorKind.HEALTH_INSURER: _("dreigende beëindiging van de zorgverzekering"),
}
THREAT_ARREARS_MONTHS = 1
# ZRM scores 1 (acute problematiek) and 2 (niet zelfredzaam) ask for action now.
ZRM_URGENT_SCORE = 2
NEXT_ACTIONS_SHOWN = 3


def threatening_debts(household: Household) -> list[dict[str, Any]]:
    """Debts at a landlord, energy supplier or health insurer that are in arrears or collection
    (from prefetched rows: no queries)."""
    rows = []
    for debt in household.debts.all():
        threat = THREATENING_CREDITORS.get(debt.creditor_kind)
        if threat is None or debt.amount <= 0:
            continue
        if debt.arrears_months >= THREAT_ARREARS_MONTHS or debt.in_collection:
            rows.append({"debt": debt, "threat": threat})
    return rows


def case_summary_items(*, household: Household, user: Any) -> list[SummaryItem]:
    """Casework's part of the summary: threatening debts, ZRM domains at 1-2, open goals."""
    items = []
    for row in threatening_debts(household):
        debt = row["debt"]
        items.append(
            SummaryItem(
                kind=SummaryKind.URGENT,
                text=gettext("%(threat)s: %(creditor)s, %(amount)s, %(months)s")
                % {
                    "threat": capfirst(row["threat"]),
                    "creditor": str(debt),
                    "amount": euro(debt.amount),
                    "months": ngettext(
                        "%(n)d maand achterstand", "%(n)d maanden achterstand", debt.arrears_months
                    )
                    % {"n": debt.arrears_months},
                },
                url="#schulden",
            )
        )
    profile = zrm_profile(household)
    low = [row for row in profile.current if row["score"] and row["score"] <= ZRM_URGENT_SCORE]
    if low:
        items.append(
            SummaryItem(
                kind=SummaryKind.URGENT,
                text=gettext("ZRM: %(domains)s")
                % {"domains": ", ".join(f"{row['label']} ({row['score']})" for row in low)},
                url="#zrm",
            )
        )
    goals = [
        g for g in household.goals.all() if g.status in (GoalStatus.OPEN, GoalStatus.IN_PROGRESS)
    ]
    goals.sort(key=lambda g: (g.target_date is None, g.target_date or date.max, g.pk))
    for goal in goals[:NEXT_ACTIONS_SHOWN]:
        text = goal.description
        if goal.target_date:
            text = gettext("%(goal)s (uiterlijk %(date)s)") % {
                "goal": goal.description,
                "date": goal.target_date.strftime("%d-%m-%Y"),
            }
        items.append(SummaryItem(kind=SummaryKind.NEXT, text=text, url="#perspectiefplan"))
    return items


# --- the home page worklist ------------------------------------------------------------------

MY_HOUSEHOLDS_SHOWN = 10


def my_households(*, user: User) -> list[Household]:
    """The open households the user is casusregisseur of, most recently changed first, each with
    `last_entry` (the newest journal entry, or None): two queries, on any database."""
    newest = JournalEntry.objects.filter(household=OuterRef("pk")).order_by("-occurred_on", "-id")
    households = list(
        households_visible_to(user)
        .filter(assigned_professional=user, status=HouseholdStatus.OPEN)
        .select_related("team")
        .annotate(last_entry_id=Subquery(newest.values("id")[:1]))
        .order_by("-updated_at", "-id")[:MY_HOUSEHOLDS_SHOWN]
    )
    entries = JournalEntry.objects.in_bulk([h.last_entry_id for h in households if h.last_entry_id])
    for household in households:
        household.last_entry = entries.get(household.last_entry_id)
    return households


def household_person_ids(household_ids: Iterable[int]) -> dict[int, list[int]]:
    """The persons of each household, by id: the data subjects of its audit rows (one query)."""
    persons: dict[int, list[int]] = {}
    for household_id, member_id in Member.objects.filter(
        household_id__in=list(household_ids)
    ).values_list("household_id", "id"):
        persons.setdefault(household_id, []).append(member_id)
    return persons
