"""Authorisation matrix of the breakthrough routes (pages and API), generated from the URL
configuration; the expectations are explained in tests/authorisation.py.

Who may do what (DOMAIN.md section 2):
- a breakthrough: the professionals and team leads of its team; the board while it is escalated
  (the object here is escalated, so the board reads it and may take a step); everyone else 404.
  Editing a proposal needs the household behind it: case roles only (the board 404 on the page,
  403 on the API, where the role is checked first);
- proposing and the household's breakthrough section and lever suggestions: the household's team;
- queues: the team lead's and the board's own (other roles 403); the dashboard: team leads;
- budget pots: team leads read their teams' pots, functional admins all of the municipality and
  they alone create or change one;
- notifications: each user's own (another user's notification 404);
- the cost comparison and the legal levers: every signed-in user (no case data).
"""

from __future__ import annotations

import pytest

from breakthroughs.constants import Status
from breakthroughs.models import Breakthrough, BudgetPot, Notification
from core.models import Role
from tests.authorisation import ALL_ROLES, CASE_ROLES, Rule, assert_rules_match, check_route, routes
from tests.breakthroughs.factories import BreakthroughFactory, BudgetPotFactory, NotificationFactory
from tests.casework.factories import HouseholdFactory
from tests.core.factories import MembershipFactory, MunicipalityFactory, TeamFactory, UserFactory

BOARD = frozenset({Role.BOARD_MEMBER})
ADMIN = frozenset({Role.FUNCTIONAL_ADMIN})
LEAD = frozenset({Role.TEAM_LEAD})
HOUSEHOLD = Rule(CASE_ROLES, "household", refused=404, team_scoped=True)
READ = Rule(CASE_ROLES | BOARD, "breakthrough", refused=404, team_scoped=True)

RULES: dict[str, Rule] = {
    "breakthroughs:list": Rule(CASE_ROLES),
    "breakthroughs:propose": HOUSEHOLD,
    "breakthroughs:comparison": Rule(ALL_ROLES),
    "breakthroughs:detail": READ,
    "breakthroughs:edit": Rule(CASE_ROLES, "breakthrough", refused=404, team_scoped=True),
    # An unknown step is no route (404 for all): the smallest real step, which the form refuses.
    "breakthroughs:step": Rule(
        CASE_ROLES | BOARD, "breakthrough", refused=404, team_scoped=True, data={"step": "reject"}
    ),
    "breakthroughs:queue": Rule(LEAD | BOARD),
    "breakthroughs:notifications": Rule(ALL_ROLES),
    # The notification is the own team's professional's; any other user (a colleague of another
    # team too, hence team_scoped) gets 404.
    "breakthroughs:notification-read": Rule(
        frozenset({Role.PROFESSIONAL}), "notification", refused=404, team_scoped=True
    ),
    "breakthroughs:notifications-read": Rule(ALL_ROLES),
    "breakthroughs:pots": Rule(LEAD | ADMIN),
    "breakthroughs:pot-create": Rule(ADMIN),
    "breakthroughs:pot-edit": Rule(ADMIN, "pot"),
    "breakthroughs:dashboard": Rule(LEAD),
    "breakthroughs:lever-suggestions": HOUSEHOLD,
    "breakthroughs:case-section": HOUSEHOLD,
    "legal-lever-list": Rule(ALL_ROLES),
    "legal-lever-suggestions": Rule(ALL_ROLES),
    "legal-lever-precedents": Rule(ALL_ROLES),
    # Everyone may list (their own reach, empty without one); proposing needs a case role.
    "breakthrough-list": Rule(ALL_ROLES, methods={"POST": Rule(CASE_ROLES)}),
    "breakthrough-detail": Rule(
        CASE_ROLES | BOARD,
        "breakthrough",
        refused=404,
        team_scoped=True,
        methods={"PUT": Rule(CASE_ROLES, "breakthrough", team_scoped=True)},
    ),
    "breakthrough-history": READ,
    "breakthrough-transitions": READ,
    "budget-pot-list": Rule(ALL_ROLES, methods={"POST": Rule(ADMIN)}),
    "budget-pot-detail": Rule(
        LEAD | ADMIN,
        "pot",
        refused=404,
        team_scoped=True,
        methods={"PATCH": Rule(ADMIN, "pot")},
    ),
    "queue-team": Rule(LEAD),
    "queue-board": Rule(BOARD),
}
MODELS = (Breakthrough, BudgetPot, Notification)

ROUTES = routes(lambda name, module: module.startswith("breakthroughs."))


def test_every_route_has_a_rule():
    assert_rules_match(RULES, ROUTES, "breakthroughs")


def _objects(team, recipient):  # type: ignore[no-untyped-def]
    household = HouseholdFactory(team=team)
    breakthrough = BreakthroughFactory(household=household, status=Status.ESCALATED)
    return {
        "household": household,
        "breakthrough": breakthrough,
        "pot": breakthrough.budget_pot,
        "notification": NotificationFactory(user=recipient, breakthrough=breakthrough),
    }


@pytest.fixture
def objects(organisation):  # type: ignore[no-untyped-def]
    own = _objects(organisation.team, organisation.users[Role.PROFESSIONAL])
    municipality = MunicipalityFactory()
    team = TeamFactory(municipality=municipality)
    stranger = UserFactory()
    MembershipFactory(user=stranger, municipality=municipality, team=team, role=Role.PROFESSIONAL)
    elsewhere = _objects(team, stranger)
    BudgetPotFactory(municipality=organisation.municipality, team=None)  # the board's pot
    return {scope: (own[scope], elsewhere[scope]) for scope in own}


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_every_role_gets_what_the_rule_says(route, organisation, objects):
    assert check_route(route, RULES[route.name], organisation, objects, MODELS) == []
