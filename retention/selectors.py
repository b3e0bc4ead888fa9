"""Reads of destruction lists and retention terms, scoped to the user's municipalities
(functional admin, auditor)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from core.models import Municipality, Role, User
from core.permissions import access_for
from retention.constants import (
    LOGIN_RULE,
    RULES,
    MonthsRetentionRule,
    RecordType,
    RetentionRule,
    TermSource,
    installation_term,
    login_term,
)
from retention.models import DestructionList, DestructionListItem, RetentionTermDecision

VIEW_ROLES = (Role.FUNCTIONAL_ADMIN, Role.AUDITOR)


def destruction_lists_for(*, user: User | AnonymousUser) -> QuerySet[DestructionList]:
    municipalities = access_for(user).municipality_ids(VIEW_ROLES)
    return DestructionList.objects.filter(municipality_id__in=municipalities).select_related(
        "municipality", "proposed_by", "decided_by"
    )


def destruction_list_get(*, user: User | AnonymousUser, list_id: int) -> DestructionList:
    """The list, or 404 outside the user's municipalities (need-to-know, as elsewhere)."""
    found = destruction_lists_for(user=user).filter(pk=list_id).first()
    if found is None:
        raise Http404
    return found


def destruction_list_items(*, destruction_list: DestructionList) -> list[DestructionListItem]:
    """The list's lines with the decision behind each term: one query however many lines."""
    return list(destruction_list.items.select_related("term_decision"))


# --- retention terms ----------------------------------------------------------------------------


def term_municipalities_for(*, user: User | AnonymousUser) -> QuerySet[Municipality]:
    """The municipalities whose terms the user may see: where they may see the lists."""
    return Municipality.objects.filter(pk__in=access_for(user).municipality_ids(VIEW_ROLES))


def term_municipality_get(*, user: User | AnonymousUser, municipality_id: int) -> Municipality:
    """The municipality, or 404 outside the user's (as for the lists)."""
    found = term_municipalities_for(user=user).filter(pk=municipality_id).first()
    if found is None:
        raise Http404
    return found


def _decisions(municipality_id: int) -> QuerySet[RetentionTermDecision]:
    # Newest first: a later effective date wins, and on the same date the later entry.
    return RetentionTermDecision.objects.filter(municipality_id=municipality_id).order_by(
        "-effective_from", "-id"
    )


def term_decision_effective(
    *, municipality_id: int, record_type: str, on: date
) -> RetentionTermDecision | None:
    """The municipality's decision in force on `on` for this record type, if any."""
    return (
        _decisions(municipality_id).filter(record_type=record_type, effective_from__lte=on).first()
    )


@dataclass(frozen=True)
class TermInForce:
    """The term of one record type on a day and what set it: a decision of the municipality
    (`decision` holds it), the installation's setting or the default (`decision` is None)."""

    years: int
    source: TermSource
    decision: RetentionTermDecision | None = None


def _term_from(record_type: str, decision: RetentionTermDecision | None) -> TermInForce:
    # The one place the order is decided: the decision in force, else the installation's term.
    if decision is not None:
        return TermInForce(years=decision.years, source=TermSource.DECISION, decision=decision)
    years, source = installation_term(record_type)
    return TermInForce(years=years, source=source)


def term_in_force(
    record_type: str, *, municipality: Municipality | None = None, on: date | None = None
) -> TermInForce:
    """The term in force and its basis: the municipality's latest decision effective on `on`
    (default today), else the installation's value (RETENTION_TERM_YEARS), else the default."""
    decision = None
    if municipality is not None:
        decision = term_decision_effective(
            municipality_id=municipality.pk,
            record_type=record_type,
            on=on or timezone.localdate(),
        )
    return _term_from(record_type, decision)


def term_years(
    record_type: str, *, municipality: Municipality | None = None, on: date | None = None
) -> int:
    """The years of `term_in_force()`."""
    return term_in_force(record_type, municipality=municipality, on=on).years


def term_decision_latest(*, municipality_id: int, record_type: str) -> RetentionTermDecision | None:
    """The most recent decision, also one not yet in force: a new one may not predate it."""
    return _decisions(municipality_id).filter(record_type=record_type).first()


@dataclass
class TermState:
    """One record type's term for a municipality on a day: what applies, why, and the history."""

    record_type: str
    label: str
    rule: RetentionRule
    years: int
    source: TermSource
    decision: RetentionTermDecision | None
    default_years: int
    installation_years: int
    installation_source: TermSource
    # Newest first; includes decisions not yet in force (effective_from after the day).
    history: list[RetentionTermDecision] = field(default_factory=list)
    upcoming: list[RetentionTermDecision] = field(default_factory=list)


def retention_terms(*, municipality: Municipality, on: date) -> list[TermState]:
    """Per record type the term in force on `on` with its source ("besluit" with the decision,
    "omgeving" or "standaard") and the decisions so far. One query for all record types."""
    decisions = list(_decisions(municipality.pk).select_related("entered_by"))
    states = []
    for record_type, rule in RULES.items():
        history = [d for d in decisions if d.record_type == record_type]
        term = _term_from(record_type, next((d for d in history if d.effective_from <= on), None))
        installation_years, installation_source = installation_term(record_type)
        states.append(
            TermState(
                record_type=record_type,
                label=str(RecordType(record_type).label),
                rule=rule,
                years=term.years,
                source=term.source,
                decision=term.decision,
                default_years=rule.default_years,
                installation_years=installation_years,
                installation_source=installation_source,
                history=history,
                upcoming=[d for d in history if d.effective_from > on],
            )
        )
    return states


@dataclass(frozen=True)
class LoginTermState:
    """The login data's term: the installation's, in months; shown, never decided per
    municipality (a login row is shared by every municipality its user works for)."""

    record_type: str
    label: str
    rule: MonthsRetentionRule
    months: int
    source: TermSource
    default_months: int


def login_term_state() -> LoginTermState:
    months, source = login_term()
    return LoginTermState(
        record_type=RecordType.LOGIN_LOG,
        label=str(RecordType.LOGIN_LOG.label),
        rule=LOGIN_RULE,
        months=months,
        source=source,
        default_months=LOGIN_RULE.default_months,
    )
