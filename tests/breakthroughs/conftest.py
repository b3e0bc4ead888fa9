"""Fixtures shared by the breakthrough tests (pages, API, selectors): a household with involved
organisations, the team's pot and the board's pot, and builders of proposals. Helpers come as
fixtures, never imported from another test module."""

from __future__ import annotations

from decimal import Decimal

import pytest

from breakthroughs.constants import Status
from breakthroughs.models import Breakthrough
from breakthroughs.services import breakthrough_transition
from breakthroughs.workflow import Step
from core.models import Role
from tests.breakthroughs.factories import BreakthroughFactory, BudgetPotFactory
from tests.casework.factories import HouseholdFactory, InvolvedOrganisationFactory


@pytest.fixture
def household(organisation):
    household = HouseholdFactory(team=organisation.team, display_name="Yilmaz")
    InvolvedOrganisationFactory(household=household, yearly_cost=Decimal("3500.00"))
    InvolvedOrganisationFactory(household=household, name="GGZ", yearly_cost=Decimal("8200.00"))
    return household


@pytest.fixture
def pot(organisation):
    return BudgetPotFactory(
        municipality=organisation.municipality,
        team=organisation.team,
        name="Maatwerkbudget Noord",
        amount=Decimal("10000.00"),
        team_lead_limit=Decimal("2500.00"),
    )


@pytest.fixture
def board_pot(organisation):
    return BudgetPotFactory(
        municipality=organisation.municipality,
        team=None,
        name="Doorbraakbudget gemeente",
        amount=Decimal("50000.00"),
        team_lead_limit=Decimal("0.00"),
    )


def _proposal_post(pot, **overrides) -> dict:
    data = {
        "need": "Een eigen plek voor moeder en kind.",
        "blocking_problem": "Huurachterstand bij de corporatie blokkeert een nieuwe woning.",
        "life_domains": ["huisvesting", "financien"],
        "action": "Huurachterstand eenmalig aflossen uit het maatwerkbudget.",
        "category": "schulden",
        "legal_route": "budget",
        "regulation_code": "bijzondere_bijstand",
        "article": "art. 35 Participatiewet",
        "knelpunt_type": "samenloop",
        "cost_kind": "one_off",
        "amount": "1200.00",
        "duration_months": "1",
        "budget_pot": str(pot.pk),
        "theme": "schulden",
        "pillar": "inkomenszekerheid",
        "urgency": "regular",
        "doormodderen_yearly_cost": "11700.00",
        "expected_avoided_cost": "9000.00",
        "avoided_cost_basis": "Ontruiming en opvang voorkomen (effectencalculator).",
        "screening_id": "",
        "regels-TOTAL_FORMS": "2",
        "regels-INITIAL_FORMS": "0",
        "regels-MIN_NUM_FORMS": "0",
        "regels-MAX_NUM_FORMS": "1000",
        "regels-0-scheme": "bijzondere_bijstand",
        "regels-0-article": "art. 35 Participatiewet",
        "regels-0-outcome": "not_eligible",
        "regels-0-reason": "Schulden vallen buiten de bijzondere bijstand.",
        "regels-1-scheme": "huurtoeslag",
        "regels-1-article": "art. 13 Wet op de huurtoeslag",
        "regels-1-outcome": "not_eligible",
        "regels-1-reason": "Huur boven de grens.",
        "_actie": "indienen",
    }
    data.update(overrides)
    return data


@pytest.fixture
def proposal_post():
    """`proposal_post(pot, **overrides)`: the form data of a complete proposal (page)."""
    return _proposal_post


def _api_payload(household, pot, **overrides) -> dict:
    data = {
        "household": household.pk,
        "need": "Een eigen plek voor moeder en kind.",
        "blocking_problem": "Huurachterstand blokkeert een nieuwe woning.",
        "life_domains": ["huisvesting"],
        "rules_checked": [
            {"scheme": "huurtoeslag", "article": "art. 13", "outcome": "not_eligible",
             "reason": "Huur te hoog."}
        ],
        "action": "Huurachterstand aflossen.",
        "category": "schulden",
        "legal_route": "budget",
        "cost_kind": "one_off",
        "amount": "1200.00",
        "budget_pot": pot.pk,
        "theme": "schulden",
        "pillar": "inkomenszekerheid",
        "submit": True,
    }  # fmt: skip
    data.update(overrides)
    return data


@pytest.fixture
def api_payload():
    """`api_payload(household, pot, **overrides)`: the JSON of a complete proposal (API)."""
    return _api_payload


def _make_submitted(organisation, household, pot, **kwargs) -> Breakthrough:
    """A submitted proposal, through the service (so due time and mandate are real)."""
    breakthrough = BreakthroughFactory(
        household=household,
        budget_pot=pot,
        proposer=organisation.users[Role.PROFESSIONAL],
        **kwargs,
    )
    return breakthrough_transition(
        actor=organisation.users[Role.PROFESSIONAL],
        breakthrough_id=breakthrough.pk,
        step=Step.SUBMIT,
        expected_status=Status.DRAFT,
        motivation="",
    )


@pytest.fixture
def make_submitted():
    """`make_submitted(organisation, household, pot, **kwargs)`: a submitted proposal."""
    return _make_submitted
