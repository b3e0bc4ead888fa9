"""Overruns of a budget pot: each approval records only its own shortfall, once.

An overrun the board allowed covers the breakthrough it was allowed for; the next euro over the
amount is a new overrun that again needs the board's explicit consent.
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

import pytest

from breakthroughs.constants import Status
from breakthroughs.models import BreakthroughTransition, BudgetPot
from breakthroughs.services import TransitionError, breakthrough_transition
from breakthroughs.workflow import Step
from core.models import AuditLog, Role
from tests.breakthroughs.factories import BreakthroughFactory, BudgetPotFactory
from tests.casework.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def _escalated(organisation, pot, amount: str):
    return BreakthroughFactory(
        household=HouseholdFactory(team=organisation.team),
        budget_pot=pot,
        status=Status.ESCALATED,
        amount=Decimal(amount),
    )


def _submitted(organisation, pot, amount: str):
    return BreakthroughFactory(
        household=HouseholdFactory(team=organisation.team),
        budget_pot=pot,
        status=Status.SUBMITTED,
        amount=Decimal(amount),
    )


def _board_approves(organisation, breakthrough, *, allow_overrun: bool = True):
    return breakthrough_transition(
        actor=organisation.users[Role.BOARD_MEMBER],
        breakthrough_id=breakthrough.pk,
        step=Step.APPROVE,
        expected_status=Status.ESCALATED,
        motivation="Noodzakelijk: ontruiming dreigt.",
        allow_overrun=allow_overrun,
    )


def _lead_approves(organisation, breakthrough):
    return breakthrough_transition(
        actor=organisation.users[Role.TEAM_LEAD],
        breakthrough_id=breakthrough.pk,
        step=Step.APPROVE,
        expected_status=Status.SUBMITTED,
        motivation="Binnen mandaat en budget.",
    )


@pytest.fixture
def small_pot(organisation):
    return BudgetPotFactory(
        municipality=organisation.municipality,
        team=organisation.team,
        amount=Decimal("1000.00"),
        team_lead_limit=Decimal("2000.00"),
    )


def test_a_second_overrun_records_only_its_own_shortfall(organisation, small_pot):
    first = _escalated(organisation, small_pot, "1500.00")
    second = _escalated(organisation, small_pot, "100.00")

    _board_approves(organisation, first)
    small_pot.refresh_from_db()
    assert (small_pot.committed, small_pot.overrun_allowed) == (Decimal("1500"), Decimal("500"))

    # Without consent the board is told what the pot has left: nothing (not a negative amount).
    with pytest.raises(TransitionError) as refused:
        _board_approves(organisation, second, allow_overrun=False)
    assert refused.value.code == "budget_exhausted"
    assert "heeft nog €\u00a00,00" in refused.value.message
    assert "-" not in refused.value.message

    _board_approves(organisation, second)
    small_pot.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.overrun_approved == Decimal("500.00")
    assert second.overrun_approved == Decimal("100.00")
    assert small_pot.committed == Decimal("1600.00")
    assert small_pot.overrun_allowed == Decimal("600.00")
    recorded = BreakthroughTransition.objects.get(breakthrough=second, transition=Step.APPROVE)
    assert recorded.data["overrun"] == "100.00"


def test_the_board_sees_the_true_shortfall_after_an_earlier_overrun(
    client, organisation, small_pot
):
    _board_approves(organisation, _escalated(organisation, small_pot, "1500.00"))
    second = _escalated(organisation, small_pot, "100.00")
    client.force_login(organisation.users[Role.BOARD_MEMBER])
    page = client.get(reverse("breakthroughs:detail", args=[second.pk]))
    assert page.status_code == 200
    assert page.context["shortfall"] == Decimal("100.00")
    assert "Het budget komt €\u00a0100,00 tekort" in page.content.decode()


def test_a_higher_amount_covers_the_overrun_and_gives_no_extra_room(
    client, organisation, small_pot
):
    _board_approves(organisation, _escalated(organisation, small_pot, "1500.00"))
    client.force_login(organisation.users[Role.FUNCTIONAL_ADMIN])
    response = client.post(
        reverse("breakthroughs:pot-edit", args=[small_pot.pk]),
        {"name": small_pot.name, "team": str(organisation.team.pk), "year": str(small_pot.year),
         "amount": "2000", "team_lead_limit": "2000", "spending_rules": ""},
    )  # fmt: skip
    assert response.status_code == 302
    small_pot.refresh_from_db()
    # 1500 of 2000 used: no overrun left, 500 left for the team lead.
    assert (small_pot.committed, small_pot.overrun_allowed) == (Decimal("1500"), Decimal("0"))
    update = AuditLog.objects.get(action="budget_pot.update", object_id=str(small_pot.pk))
    assert update.data["overrun_allowed"] == "0"

    too_much = _submitted(organisation, small_pot, "600.00")
    with pytest.raises(TransitionError) as refused:
        _lead_approves(organisation, too_much)
    assert refused.value.code == "budget_exhausted"
    _lead_approves(organisation, _submitted(organisation, small_pot, "500.00"))
    small_pot.refresh_from_db()
    assert (small_pot.committed, small_pot.overrun_allowed) == (Decimal("2000"), Decimal("0"))

    # And the amount cannot go back below what is now used within the budget.
    response = client.post(
        reverse("breakthroughs:pot-edit", args=[small_pot.pk]),
        {"name": small_pot.name, "team": str(organisation.team.pk), "year": str(small_pot.year),
         "amount": "1500", "team_lead_limit": "2000", "spending_rules": ""},
    )  # fmt: skip
    assert response.status_code == 400
    assert "het budget kan niet lager" in response.content.decode()


def test_an_allowed_overrun_is_no_room_for_the_team_lead(organisation, small_pot):
    # A pot whose allowance is larger than its overrun (as the double count left them).
    BudgetPot.objects.filter(pk=small_pot.pk).update(
        committed=Decimal("1600.00"), overrun_allowed=Decimal("1100.00")
    )
    with pytest.raises(TransitionError) as refused:
        _lead_approves(organisation, _submitted(organisation, small_pot, "100.00"))
    assert refused.value.code == "budget_exhausted"
    small_pot.refresh_from_db()
    assert small_pot.committed == Decimal("1600.00")
