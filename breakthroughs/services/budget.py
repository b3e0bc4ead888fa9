"""Budget pots: the pots open to a team, creating and editing a pot, and committing and spending
a breakthrough's cost.

`budget_pot_save` is the one write of a pot (create/edit by a functional admin), shared by the
pages, the admin, the API and the `budget_pots` command. It locks the row, so an edit cannot race
an approval on the same pot, and writes the audit row in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

from breakthroughs.models import Breakthrough, BudgetPot
from breakthroughs.services.common import TransitionError
from casework.models import Household
from core.audit import audit_record
from core.models import Municipality, User
from core.presentation.money import euro

# The purpose recorded with every audited write of a pot.
BUDGET_PURPOSE = "budgetbeheer"


def pots_for_team(*, household: Household, year: int) -> list[BudgetPot]:
    return list(
        BudgetPot.objects.filter(municipality_id=household.municipality_id, year=year)
        .filter(Q(team_id=household.team_id) | Q(team__isnull=True))
        .order_by("team_id", "name")
    )


def pot_headroom(pot: BudgetPot) -> Decimal:
    """What can still be committed from `pot` without a board decision, never below zero.

    An overrun the board allowed covers the breakthrough it was allowed for, and nothing after
    it: once a pot is over its amount, every further euro is a new overrun that needs the board's
    explicit consent (and is recorded as such). So `overrun_allowed` is never headroom.
    """
    return max(pot.remaining, Decimal("0"))


def pot_shortfall(pot: BudgetPot, cost: Decimal) -> Decimal:
    """The part of `cost` the pot cannot cover: what the board would allow as overrun."""
    return max(cost - pot_headroom(pot), Decimal("0"))


POT_FIELDS = ("name", "team", "year", "amount", "team_lead_limit", "spending_rules")


def budget_pot_errors(
    *, municipality: Municipality, data: Mapping[str, Any], pot: BudgetPot | None
) -> dict[str, str]:
    """What is wrong with `data` for a new pot or for `pot` (read under a row lock), per field.

    The checks of `budget_pot_save`; the admin form shows them before it saves through it.
    """
    errors: dict[str, str] = {}
    amount = data.get("amount")
    if amount is None or Decimal(amount) <= 0:
        errors["amount"] = _("Het budget moet groter zijn dan nul.")
    limit = data.get("team_lead_limit")
    if limit is not None and Decimal(limit) < 0:
        errors["team_lead_limit"] = _("Het mandaat kan niet negatief zijn.")
    team = data.get("team")
    if team is not None and team.municipality_id != municipality.pk:
        errors["team"] = _("Dit team hoort niet bij deze gemeente.")
    if pot is not None:
        used = pot.committed + pot.spent - pot.overrun_allowed
        if amount is not None and "amount" not in errors and Decimal(amount) < used:
            errors["amount"] = _(
                "Er is al %(used)s vastgelegd of uitgegeven; het budget kan niet lager."
            ) % {"used": euro(used)}
    name = data.get("name") if "name" in data else (pot.name if pot else "")
    year = data.get("year") if "year" in data else (pot.year if pot else None)
    clash = BudgetPot.objects.filter(municipality=municipality, name=name, year=year)
    if pot is not None:
        clash = clash.exclude(pk=pot.pk)
    if clash.exists():
        errors["name"] = _("Er is al een budget met deze naam in dit jaar.")
    return errors


@transaction.atomic
def budget_pot_save(
    *,
    actor: User,
    municipality: Municipality,
    data: Mapping[str, Any],
    pot: BudgetPot | None = None,
    request: HttpRequest | None = None,
) -> BudgetPot:
    """Create or edit a pot. The amount must stay above what is committed and spent."""
    if pot is not None:
        pot = BudgetPot.objects.select_for_update().get(pk=pot.pk)
    errors = budget_pot_errors(municipality=municipality, data=data, pot=pot)
    if errors:
        raise ValidationError(errors)
    created = pot is None
    if pot is None:
        pot = BudgetPot(municipality=municipality)
    for key in POT_FIELDS:
        if key in data:
            setattr(pot, key, data[key])
    pot.full_clean(exclude=["municipality", "committed", "spent", "overrun_allowed"])
    # The board allowed an overrun only for what went beyond the amount. A higher amount covers
    # (part of) it: what it covers is no longer an overrun, and must not become headroom or lower
    # the floor for a later edit of the amount.
    overrun = min(pot.overrun_allowed, max(pot.committed + pot.spent - pot.amount, Decimal("0")))
    audit_data: dict[str, Any] = {"amount": str(pot.amount), "year": pot.year}
    if overrun != pot.overrun_allowed:
        audit_data["overrun_allowed"] = str(overrun)
        pot.overrun_allowed = overrun
    pot.save()
    audit_record(
        actor=actor,
        action="budget_pot.create" if created else "budget_pot.update",
        obj=pot,
        request=request,
        municipality_code=municipality.cbs_code,
        purpose=BUDGET_PURPOSE,
        data=audit_data,
    )
    return pot


def commit_budget(
    *, breakthrough: Breakthrough, by_board: bool, allow_overrun: bool, motivation: str
) -> dict[str, Any]:
    pot = BudgetPot.objects.select_for_update().get(pk=breakthrough.budget_pot_id)
    cost = breakthrough.total_cost
    if not by_board and cost > pot.team_lead_limit:
        raise TransitionError(
            _(
                "Dit bedrag (%(cost)s) ligt boven uw mandaat van %(limit)s. Zet de doorbraak "
                "door naar het doorbraakteam."
            )
            % {"cost": euro(cost), "limit": euro(pot.team_lead_limit)},
            code="above_mandate",
        )
    shortfall = pot_shortfall(pot, cost)
    data: dict[str, Any] = {"pot_id": pot.pk, "amount": str(cost)}
    if shortfall > 0:
        if not by_board:
            raise TransitionError(
                _(
                    "Het budget '%(pot)s' heeft nog %(remaining)s: te weinig voor %(cost)s. "
                    "Zet de doorbraak door naar het doorbraakteam."
                )
                % {"pot": pot, "remaining": euro(pot_headroom(pot)), "cost": euro(cost)},
                code="budget_exhausted",
            )
        if not allow_overrun:
            raise TransitionError(
                _(
                    "Het budget '%(pot)s' heeft nog %(remaining)s. Het doorbraakteam kan een "
                    "overschrijding uitdrukkelijk toestaan, met motivering."
                )
                % {"pot": pot, "remaining": euro(pot_headroom(pot))},
                code="budget_exhausted",
            )
        pot.overrun_allowed += shortfall
        breakthrough.overrun_approved = shortfall
        data["overrun"] = str(shortfall)
        data["overrun_motivation"] = motivation
    pot.committed += cost
    pot.save(update_fields=["committed", "overrun_allowed"])
    return data


def spend_budget(breakthrough: Breakthrough) -> None:
    pot = BudgetPot.objects.select_for_update().get(pk=breakthrough.budget_pot_id)
    pot.committed -= breakthrough.total_cost
    pot.spent += breakthrough.total_cost
    pot.save(update_fields=["committed", "spent"])
