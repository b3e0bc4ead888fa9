"""Reads of screenings, proactive grants, re-screen runs and the catalogue, always scoped.

A screening is reachable only through a household the user may see (casework's selector), so a
snapshot of another team's household answers 404 like the household itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Q, QuerySet, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from casework.constants import HouseholdStatus
from casework.models import Household, Income
from casework.sections import SectionShape, SummaryItem, SummaryKind
from casework.selectors import households_visible_to
from core.models import User
from core.permissions import access_for
from regulations import services
from regulations.models import (
    ParameterPack,
    ParameterValue,
    ProactiveGrant,
    Regulation,
    RescreenRun,
    Screening,
)
from regulations.schemes.engine import WorkPaysStep, work_pays
from regulations.schemes.facts import parse_household

# Parameter keys start with the scheme code, or with one of these short prefixes.
PARAMETER_PREFIXES: dict[str, str] = {
    "iit": "individuele_inkomenstoeslag",
    "czv": "collectieve_zorgverzekering",
    "kwijtschelding": "kwijtschelding_gemeentelijke_belastingen",
}
GENERAL_GROUP = "algemeen"


def screening_list(*, user: User | AnonymousUser, household_id: int) -> QuerySet[Screening]:
    """The snapshots of one household, newest first; 404 when the household is out of reach."""
    if not households_visible_to(user).filter(pk=household_id).exists():
        raise Http404
    return Screening.objects.filter(household_id=household_id).order_by("-created_at", "-id")


def screening_get(*, user: User | AnonymousUser, screening_id: int) -> Screening:
    try:
        return Screening.objects.select_related("household__municipality").get(
            pk=screening_id, household__in=households_visible_to(user)
        )
    except Screening.DoesNotExist as exc:
        raise Http404 from exc


def proactive_grant_list(*, user: User | AnonymousUser) -> QuerySet[ProactiveGrant]:
    """The open proactive grants of the user's teams, newest first."""
    team_ids = access_for(user).team_ids()
    return (
        ProactiveGrant.objects.filter(
            team_id__in=team_ids,
            status=ProactiveGrant.Status.OPEN,
            household__status=HouseholdStatus.OPEN,  # a closed case is no work to do
        )
        .select_related("household", "team")
        .order_by("-created_at", "-id")
    )


def proactive_grant_get(*, user: User | AnonymousUser, grant_id: int) -> ProactiveGrant:
    team_ids = access_for(user).team_ids()
    try:
        return ProactiveGrant.objects.select_related("household__municipality").get(
            pk=grant_id, team_id__in=team_ids
        )
    except ProactiveGrant.DoesNotExist as exc:
        raise Http404 from exc


def rescreen_run_list(*, limit: int = 10) -> list[RescreenRun]:
    return list(RescreenRun.objects.order_by("-started_at", "-id")[:limit])


def rescreen_run_latest() -> RescreenRun | None:
    return RescreenRun.objects.order_by("-started_at", "-id").first()


def parameter_group(key: str) -> str:
    """The regulation code a parameter key belongs to, or 'algemeen'."""
    head = key.split(".", 1)[0]
    return PARAMETER_PREFIXES.get(head, head)


@dataclass
class CatalogueEntry:
    regulation: Regulation | None
    code: str
    parameters: list[ParameterValue] = field(default_factory=list)


def regulation_catalogue(*, on: date | None = None) -> list[CatalogueEntry]:
    """Every regulation with the parameter values valid on `on` (default today), in two queries.

    National values and every municipality's own values are both listed; parameters of no single
    regulation (minimum wage, AOW age, ...) form a last group 'algemeen'.
    """
    on = on or timezone.localdate()
    regulations = list(Regulation.objects.order_by("name"))
    current = ParameterValue.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on
    ).order_by("key", "municipality_code", "-valid_from")
    latest: dict[tuple[str, str], ParameterValue] = {}
    for row in current:
        latest.setdefault((row.key, row.municipality_code), row)  # newest valid version wins
    grouped: dict[str, list[ParameterValue]] = defaultdict(list)
    codes = {regulation.code for regulation in regulations}
    for (key, _municipality), row in sorted(latest.items()):
        group = parameter_group(key)
        grouped[group if group in codes else GENERAL_GROUP].append(row)
    entries = [CatalogueEntry(r, r.code, grouped.get(r.code, [])) for r in regulations]
    if grouped.get(GENERAL_GROUP):
        entries.append(CatalogueEntry(None, GENERAL_GROUP, grouped[GENERAL_GROUP]))
    return entries


def parameter_pack_list(*, limit: int = 20) -> list[ParameterPack]:
    """Pending packs first, then the latest decisions (the content itself is not loaded)."""
    return list(
        ParameterPack.objects.defer("content")
        .select_related("uploaded_by", "decided_by")
        .order_by(
            Case(When(status=ParameterPack.Status.PENDING, then=0), default=1),
            "-uploaded_at",
            "-id",
        )[:limit]
    )


def parameter_pack_get(*, pack_id: int) -> ParameterPack:
    try:
        return ParameterPack.objects.select_related("uploaded_by", "decided_by").get(pk=pack_id)
    except ParameterPack.DoesNotExist as exc:
        raise Http404 from exc


def parameter_pack_counts(pack: ParameterPack) -> dict[str, int]:
    counts = {"new": 0, "changed": 0, "ending": 0}
    for entry in pack.diff:
        for change in entry["changes"]:
            counts[change["change"]] += 1
    return counts


def regulation_names() -> dict[str, str]:
    """Scheme code -> name, from the catalogue table (falls back to the data files)."""
    names = dict(Regulation.objects.values_list("code", "name"))
    if not names:
        from regulations.schemes.catalogue import load_regulations

        names = {item.code: item.name for item in load_regulations()}
    return names


def _scheme_name(names: dict[str, str], code: str) -> str:
    return names.get(code, code.replace("_", " ").capitalize())


def regulation_name_map(codes: Any) -> dict[str, str]:
    names = regulation_names()
    return {code: _scheme_name(names, code) for code in codes}


def work_pays_steps(
    *, household_id: int, member_id: int, max_gross_monthly: Decimal, step: Decimal
) -> tuple[list[WorkPaysStep], date]:
    """The Werken-loont steps of a stored household today (the caller checked access).

    Raises `InputError` for dossier data the engine refuses, `ValueError` for a member outside
    the household and `ParameterMissing` when a parameter is not known for today.
    """
    today = timezone.localdate()
    household = services.dossier_queryset().get(pk=household_id)
    facts = parse_household(services.facts_json(household, reference_date=today))
    parameters = services.parameters_for(
        reference_date=today, municipality_code=household.municipality.cbs_code
    )
    steps = work_pays(
        facts,
        member_ref=f"m{member_id}",
        max_gross_monthly=max_gross_monthly,
        step=step,
        parameters=parameters,
    )
    return steps, today


def result_monthly(result: dict[str, Any]) -> Decimal | None:
    """The monthly amount of one stored scheme result (a yearly amount spread over 12 months)."""
    if result.get("amount_monthly") not in (None, ""):
        return Decimal(str(result["amount_monthly"]))
    if result.get("amount_yearly") not in (None, ""):
        return (Decimal(str(result["amount_yearly"])) / 12).quantize(Decimal("0.01"))
    return None


def _once_per_page(household: Household, key: str, compute: Callable[[], Any]) -> Any:
    """What the case page's summary and shape providers both need, computed once: the page hands
    them the same household object, so the result is kept on it (and goes with the request)."""
    memo = household.__dict__.setdefault("_regulations_case_page", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _page_screening(household: Household) -> Screening | None:
    return _once_per_page(
        household, "screening", lambda: services.latest_screening(household_id=household.pk)
    )


def _page_names(household: Household) -> dict[str, str]:
    return _once_per_page(household, "names", regulation_names)


def case_summary_items(*, household: Household, user: Any) -> list[SummaryItem]:
    """The case page summary's money left on the table: each scheme of the latest stored screening
    the household is entitled to and does not receive, and how many schemes wait for data (two
    queries; no new screening is run)."""
    screening = _page_screening(household)
    if screening is None:
        return []
    unused = [r for r in screening.results if r["outcome"] == "eligible" and r.get("non_take_up")]
    waiting = sum(1 for r in screening.results if r["outcome"] == "insufficient_data")
    items = []
    if waiting:
        text = ngettext(
            "Gegevens aanvullen: %(n)d regeling wacht op gegevens van het huishouden",
            "Gegevens aanvullen: %(n)d regelingen wachten op gegevens van het huishouden",
            waiting,
        ) % {"n": waiting}
        items.append(SummaryItem(kind=SummaryKind.NEXT, text=text, url="#regelingen-ontbreekt"))
    if not unused:
        return items
    names = _page_names(household)
    for result in unused:
        # Without a monthly amount the case page lists the name under "bedrag onbekend".
        items.append(
            SummaryItem(
                kind=SummaryKind.MONEY,
                text=_scheme_name(names, result["scheme"]),
                url="#regelingen",
                amount_monthly=result_monthly(result),
            )
        )
    return items


def case_section_shape(*, household: Household, user: Any) -> SectionShape:
    """The room the "Regelingen" section will take on the case page, from the latest stored
    screening (the queries of `case_summary_items`; no new screening is run): the lengths of its
    lines, a card per scheme the household is entitled to, the folds for the other schemes and
    for Werken loont."""
    screening = _page_screening(household)
    results = screening.results if screening is not None else []
    eligible = [r for r in results if r["outcome"] == "eligible"]
    names = _page_names(household) if eligible else {}
    # The toets line and its button, the four sums, the sociaal-minimum fold, "Per regeling".
    texts = [100, 20, 33, 27, 48, 37, 36, 12]
    if any(r.get("non_take_up") for r in eligible):
        texts.append(200)  # what non-take-up means
    folds = [
        length
        for outcome, length in (("insufficient_data", 32), ("not_eligible", 22))
        if any(r["outcome"] == outcome for r in results)
    ]
    return SectionShape(
        texts=tuple(texts),
        cards=tuple(len(_scheme_name(names, r["scheme"])) for r in eligible),
        folds=(*folds, 57),
    )


def safety_net_section_shape(*, household: Household, user: Any) -> SectionShape:
    """The room the "Financieel vangnet" section will take: its alerts, four folds and the open
    Wgs time limits (the calculation of `safety_net_summary_items`, not repeated)."""
    summary = _page_safety_net(household)
    if summary is None:
        # The section shows its field error instead: a few lines.
        return SectionShape(texts=(60, 120))
    alerts, wgs = summary["alert_messages"], summary["wgs_deadlines"]
    texts = [57]  # "Berekend op ..."
    if alerts:
        # "Signalen" and an alert per line, its badge before the message.
        texts += [8, *(len(message) + 10 for message in alerts)]
    if wgs:
        # The open Wgs fold takes a row: a line per request, "Alle hulpvragen" and the link.
        texts += [*(90 for _ in wgs), 16, 45]
    texts.append(20)  # "Vaste last toevoegen"
    # Budget, beslagvrije voet, debts and Wgs: title and the figure after it.
    return SectionShape(texts=tuple(texts), folds=(70, 37, 70, 62), fold_grid="two")


def income_ids_by_member(*, household_id: int) -> dict[int, list[int]]:
    """Member id -> income ids in id order, the order of the screening input (one query)."""
    ids: dict[int, list[int]] = defaultdict(list)
    for member_id, income_id in (
        Income.objects.filter(member__household_id=household_id)
        .order_by("member_id", "id")
        .values_list("member_id", "id")
    ):
        ids[member_id].append(income_id)
    return dict(ids)


def _page_safety_net(household: Household) -> dict[str, Any] | None:
    """`safety_net_summary` for today, or None for a dossier the calculation cannot read."""
    from regulations.schemes.facts import InputError
    from regulations.services.safety_net import safety_net_summary

    def compute() -> dict[str, Any] | None:
        try:
            return safety_net_summary(household=household, today=timezone.localdate())
        except InputError:
            return None

    return _once_per_page(household, "safety_net", compute)


def safety_net_summary_items(*, household: Household, user: Any) -> list[SummaryItem]:
    """The safety net's part of the case page summary: collections that leave the household less
    than the beslagvrije voet, urgent arrears on fixed costs, and the open Wgs time limits.

    A fixed number of queries (fixed costs, the parameter catalogue's revision, the Wgs requests);
    debts and benefits come prefetched with the dossier. The page already checked and audited the
    read of this household.
    """
    summary = _page_safety_net(household)
    if summary is None:
        # A dossier the calculation cannot read (e.g. a member born after today) shows its field
        # error in the safety net section itself; the summary stays out of the way.
        return []
    anchor = "#financieel-vangnet"
    # Arrears at the landlord, energy supplier or insurer are already casework's summary lines; the
    # safety net adds those with what that line lacks: a deadline, or an announced eviction or
    # cut-off (severity "high").
    arrears = [a for a in summary["urgent_arrears"] if a["deadline"] or a["severity"] == "high"]
    items = [
        SummaryItem(kind=SummaryKind.URGENT, text=alert["message"], url=anchor)
        for alert in summary["beslagvrije_voet_alerts"] + arrears
    ]
    for row in summary["wgs_deadlines"]:
        due = row["due_on"].strftime("%d-%m-%Y")
        if row["overdue"]:
            text = gettext(
                "Termijn schuldhulpverlening verstreken: eerste gesprek uiterlijk %(due)s (art. 4 Wgs)"
            ) % {"due": due}
        else:
            text = gettext("Eerste gesprek schuldhulpverlening uiterlijk %(due)s (art. 4 Wgs)") % {
                "due": due
            }
        if row["threat_label"]:
            text = f"{text}: {str(row['threat_label']).lower()}"
        # A threat (3 working days) or a passed limit cannot wait; four weeks ahead is what's next.
        urgent = row["overdue"] or bool(row["threat"])
        items.append(
            SummaryItem(
                kind=SummaryKind.URGENT if urgent else SummaryKind.NEXT, text=text, url=anchor
            )
        )
    return items
