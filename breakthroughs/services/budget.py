"""Budget pots: the pots open to a team, and committing and spending a breakthrough's cost."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from breakthroughs.models import Breakthrough, BudgetPot
from breakthroughs.services.common import TransitionError
from casework.models import Household


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


def _commit_budget(
    *, breakthrough: Breakthrough, by_board: bool, allow_overrun: bool, motivation: str
) -> dict[str, Any]:
    pot = BudgetPot.objects.select_for_update().get(pk=breakthrough.budget_pot_id)
    cost = breakthrough.total_cost
    if not by_board and cost > pot.team_lead_limit:
        raise TransitionError(
            _(
                "Dit bedrag (€ %(cost)s) ligt boven uw mandaat van € %(limit)s. Zet de doorbraak "
                "door naar het doorbraakteam."
            )
            % {"cost": cost, "limit": pot.team_lead_limit},
            code="above_mandate",
        )
    shortfall = pot_shortfall(pot, cost)
    data: dict[str, Any] = {"pot_id": pot.pk, "amount": str(cost)}
    if shortfall > 0:
        if not by_board:
            raise TransitionError(
                _(
                    "Het budget '%(pot)s' heeft nog € %(remaining)s: te weinig voor € %(cost)s. "
                    "Zet de doorbraak door naar het doorbraakteam."
                )
                % {"pot": pot, "remaining": pot_headroom(pot), "cost": cost},
                code="budget_exhausted",
            )
        if not allow_overrun:
            raise TransitionError(
                _(
                    "Het budget '%(pot)s' heeft nog € %(remaining)s. Het doorbraakteam kan een "
                    "overschrijding uitdrukkelijk toestaan, met motivering."
                )
                % {"pot": pot, "remaining": pot_headroom(pot)},
                code="budget_exhausted",
            )
        pot.overrun_allowed += shortfall
        breakthrough.overrun_approved = shortfall
        data["overrun"] = str(shortfall)
        data["overrun_motivation"] = motivation
    pot.committed += cost
    pot.save(update_fields=["committed", "overrun_allowed"])
    return data


def _spend_budget(breakthrough: Breakthrough) -> None:
    pot = BudgetPot.objects.select_for_update().get(pk=breakthrough.budget_pot_id)
    pot.committed -= breakthrough.total_cost
    pot.spent += breakthrough.total_cost
    pot.save(update_fields=["committed", "spent"])
