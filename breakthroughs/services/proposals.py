"""Proposing a breakthrough and editing it while it is still a draft."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from breakthroughs.constants import CostKind, Status
from breakthroughs.models import Breakthrough, BudgetPot
from breakthroughs.services.common import TransitionError, audit_change
from breakthroughs.services.transitions import breakthrough_transition
from breakthroughs.workflow import Step
from casework.models import Household
from core.legal_references import (
    ARTICLE_EXAMPLES,
    OTHER_REGULATION,
    is_article_reference,
    normalise_article,
)
from core.models import User
from core.permissions import Access

PROPOSAL_FIELDS = (
    "need",
    "blocking_problem",
    "life_domains",
    "rules_checked",
    "action",
    "category",
    "legal_route",
    "regulation_code",
    "article",
    "knelpunt_type",
    "cost_kind",
    "amount",
    "duration_months",
    "theme",
    "pillar",
    "urgency",
    "doormodderen_yearly_cost",
    "expected_avoided_cost",
    "avoided_cost_basis",
    "screening_id",
)


def total_cost(*, cost_kind: str, amount: Decimal, duration_months: int) -> Decimal:
    return amount if cost_kind == CostKind.ONE_OFF else amount * duration_months


def regulation_catalogue() -> dict[str, str]:
    """Code -> name of every regulation a breakthrough may name (without the residual `overig`).

    The catalogue table, completed with the shipped catalogue file that `load_regulations` imports
    (so a fresh install, before that command, knows the same codes).
    """
    from regulations.models import Regulation
    from regulations.schemes.catalogue import load_regulations

    names = {item.code: item.name for item in load_regulations()}
    names.update(Regulation.objects.values_list("code", "name"))
    return names


def regulation_codes() -> set[str]:
    """The codes a breakthrough may carry: the catalogue plus `overig`."""
    return {*regulation_catalogue(), OTHER_REGULATION}


def regulation_error() -> str:
    return _("Kies een regeling uit de lijst, of 'overig' als de regeling er niet bij staat.")


def article_error() -> str:
    return _(
        "Geef alleen een artikelverwijzing, zoals %(examples)s. Geen namen, adressen of "
        "andere gegevens van het huishouden."
    ) % {"examples": ARTICLE_EXAMPLES}


def _validate_regulation(data: Mapping[str, Any], errors: dict[str, str]) -> dict[str, str]:
    """The knelpunt's regulation: a catalogue code (or `overig`) and a strict article reference.

    Both leave the municipality in the signal report, so neither may be free text.
    """
    cleaned = {}
    if "regulation_code" in data:
        code = str(data.get("regulation_code") or "").strip()
        if code and code not in regulation_codes():
            errors["regulation_code"] = regulation_error()
        cleaned["regulation_code"] = code
    if "article" in data:
        article = normalise_article(str(data.get("article") or ""))
        if article and not is_article_reference(article):
            errors["article"] = article_error()
        cleaned["article"] = article
    return cleaned


def doormodderen_default(household: Household) -> Decimal:
    """The yearly cost of carrying on: the sum of the involved organisations' estimates."""
    return sum((o.yearly_cost for o in household.organisations.all()), Decimal("0"))


def _validate_proposal(*, household: Household, data: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if not household.is_open:
        errors["household"] = _("Dit huishouden is afgesloten: er kan geen doorbraak bij.")
    amount = data.get("amount")
    if amount is None or Decimal(amount) <= 0:
        errors["amount"] = _("Het bedrag moet groter zijn dan nul.")
    raw_duration = data.get("duration_months")
    duration = int(raw_duration) if raw_duration not in (None, "") else 0
    if data.get("cost_kind") == CostKind.MONTHLY and duration < 1:
        errors["duration_months"] = _("Geef de looptijd in maanden (minstens 1).")
    for field in ("doormodderen_yearly_cost", "expected_avoided_cost"):
        value = data.get(field)
        if value is not None and Decimal(value) < 0:
            errors[field] = _("Een bedrag kan niet negatief zijn.")
    for field in ("need", "blocking_problem", "action"):
        if not str(data.get(field) or "").strip():
            errors[field] = _("Dit veld is verplicht.")
    pot = data.get("budget_pot")
    if not isinstance(pot, BudgetPot):
        errors["budget_pot"] = _("Kies een bestaand budget.")
    elif pot.municipality_id != household.municipality_id or (
        pot.team_id is not None and pot.team_id != household.team_id
    ):
        errors["budget_pot"] = _("Dit budget hoort niet bij het team van dit huishouden.")
    regulation = _validate_regulation(data, errors)
    if errors:
        raise ValidationError(errors)
    cleaned = {key: data[key] for key in PROPOSAL_FIELDS if key in data}
    cleaned.update(regulation)
    cleaned["duration_months"] = 1 if data.get("cost_kind") == CostKind.ONE_OFF else duration
    cleaned["total_cost"] = total_cost(
        cost_kind=data["cost_kind"],
        amount=Decimal(amount),
        duration_months=cleaned["duration_months"],
    )
    cleaned["budget_pot"] = pot
    return cleaned


@transaction.atomic
def breakthrough_propose(
    *,
    actor: User,
    household: Household,
    data: Mapping[str, Any],
    submit: bool = False,
    request: HttpRequest | None = None,
) -> Breakthrough:
    """Create a proposal (draft), and submit it at once when `submit` is true."""
    access = Access(actor)
    if household.team_id not in access.team_ids():
        raise ValidationError({"household": _("U werkt niet in het team van dit huishouden.")})
    cleaned = _validate_proposal(household=household, data=data)
    if "doormodderen_yearly_cost" not in data or data.get("doormodderen_yearly_cost") is None:
        cleaned["doormodderen_yearly_cost"] = doormodderen_default(household)
    breakthrough = Breakthrough(
        household=household,
        team_id=household.team_id,
        municipality_id=household.municipality_id,
        proposer=actor,
        **cleaned,
    )
    breakthrough.full_clean(exclude=["household", "team", "municipality", "proposer"])
    breakthrough.save()
    audit_change(
        actor=actor, action="breakthrough.create", breakthrough=breakthrough, request=request
    )
    if submit:
        return breakthrough_transition(
            actor=actor,
            breakthrough_id=breakthrough.pk,
            step=Step.SUBMIT,
            expected_status=Status.DRAFT,
            motivation="",
            request=request,
            _nested=True,
        )
    return breakthrough


@transaction.atomic
def breakthrough_update_draft(
    *,
    actor: User,
    breakthrough: Breakthrough,
    data: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> Breakthrough:
    locked = Breakthrough.objects.select_for_update().get(pk=breakthrough.pk)
    if locked.team_id not in Access(actor).team_ids():
        raise TransitionError(
            _("Alleen het team van dit huishouden kan dit concept wijzigen."),
            code="permission_denied",
        )
    if locked.status != Status.DRAFT:
        raise TransitionError(_("Alleen een concept kan nog worden gewijzigd."), code="not_draft")
    merged = {key: getattr(locked, key) for key in PROPOSAL_FIELDS}
    merged["budget_pot"] = locked.budget_pot
    merged.update(data)
    cleaned = _validate_proposal(household=locked.household, data=merged)
    for key, value in cleaned.items():
        setattr(locked, key, value)
    locked.save()
    audit_change(actor=actor, action="breakthrough.update", breakthrough=locked, request=request)
    return locked
