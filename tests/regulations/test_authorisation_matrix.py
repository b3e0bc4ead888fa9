"""Authorisation matrix of the regulations routes (pages and API), generated from the URL
configuration; the expectations are explained in tests/authorisation.py.

Who may do what (DOMAIN.md section 2):
- a household's screenings, social minimum, work-pays and safety net: the professionals and team
  leads of its team (everyone else 404);
- proactive grants: case roles (other roles 403; another team's grant 404);
- the scheme catalogue: functional admins and policy officers; parameter packs and the national
  re-screen: functional admins only (packs and runs are national, there is no other municipality's
  pack to reach);
- reforms and simulations: the policy officers of the municipality (other roles 403, another
  municipality's reform 404);
- the stateless calculators (POST /screenings/, POST /safety-net/) and the regulation list: every
  signed-in user (they read or store no case data).
"""

from __future__ import annotations

import pytest

from core.models import Role
from regulations.models import (
    ParameterPack,
    ParameterValue,
    ProactiveGrant,
    Reform,
    RescreenRun,
    Screening,
    Simulation,
)
from tests.authorisation import ALL_ROLES, CASE_ROLES, Rule, assert_rules_match, check_route, routes
from tests.casework.factories import HouseholdFactory, HousingFactory
from tests.core.factories import MunicipalityFactory, TeamFactory
from tests.regulations.factories import (
    ParameterPackFactory,
    ProactiveGrantFactory,
    ReformFactory,
    RescreenRunFactory,
    ScreeningFactory,
    SimulationFactory,
)

ADMIN = frozenset({Role.FUNCTIONAL_ADMIN})
OFFICER = frozenset({Role.POLICY_OFFICER})
HOUSEHOLD = Rule(CASE_ROLES, "household", refused=404, team_scoped=True)
GRANT = Rule(CASE_ROLES, "grant", refused=403, team_scoped=True)
PACK = Rule(ADMIN, "pack")
REFORM = Rule(OFFICER, "reform")
SIMULATION = Rule(OFFICER, "simulation")

RULES: dict[str, Rule] = {
    "regulations:catalogue": Rule(ADMIN | OFFICER),
    "regulations:pack-upload": Rule(ADMIN),
    "regulations:pack-detail": PACK,
    "regulations:pack-decide": PACK,
    "regulations:case-section": HOUSEHOLD,
    "regulations:social-minimum": HOUSEHOLD,
    "regulations:rescreen-household": HOUSEHOLD,
    "regulations:work-pays": HOUSEHOLD,
    "regulations:safety-net": HOUSEHOLD,
    "regulations:proactive-list": Rule(CASE_ROLES),
    "regulations:proactive-handle": GRANT,
    "regulations:reform-list": Rule(OFFICER),
    "regulations:reform-create": Rule(OFFICER),
    "regulations:reform-upload": Rule(OFFICER),
    "regulations:reform-detail": REFORM,
    "regulations:simulation-detail": SIMULATION,
    "regulations:simulation-progress": SIMULATION,
    "regulations:rescreen": Rule(ADMIN),
    "regulations:rescreen-progress": Rule(ADMIN),
    "screening-list": Rule(ALL_ROLES),
    "screening-detail": Rule(CASE_ROLES, "screening", refused=404, team_scoped=True),
    "household-screening-list": HOUSEHOLD,
    "regulation-list": Rule(ALL_ROLES),
    "proactive-grant-list": Rule(CASE_ROLES),
    "proactive-grant-handle": GRANT,
    "reform-list": Rule(OFFICER),
    "reform-detail": REFORM,
    "reform-simulate": REFORM,
    "simulation-list": Rule(OFFICER),
    "simulation-detail": SIMULATION,
    "safety-net": Rule(ALL_ROLES),
    "household-safety-net": HOUSEHOLD,
    "household-work-pays": HOUSEHOLD,
}
MODELS = (ParameterPack, ParameterValue, ProactiveGrant, Reform, RescreenRun, Screening, Simulation)

ROUTES = routes(lambda name, module: module.startswith("regulations."))


def test_every_route_has_a_rule():
    assert_rules_match(RULES, ROUTES, "regulations")


def _objects(team, municipality):  # type: ignore[no-untyped-def]
    household = HouseholdFactory(team=team)
    HousingFactory(household=household)
    # No results: the factory's shortened result rows are not what the API serialises.
    screening = ScreeningFactory(household=household, results=[])
    simulation = SimulationFactory(municipality=municipality)
    return {
        "household": household,
        "screening": screening,
        "grant": ProactiveGrantFactory(household=household, screening=screening),
        "reform": simulation.reform,
        "simulation": simulation,
    }


@pytest.fixture
def objects(organisation):  # type: ignore[no-untyped-def]
    own = _objects(organisation.team, organisation.municipality)
    elsewhere_municipality = MunicipalityFactory()
    elsewhere = _objects(TeamFactory(municipality=elsewhere_municipality), elsewhere_municipality)
    pairs = {scope: (own[scope], elsewhere[scope]) for scope in own}
    pairs["pack"] = (ParameterPackFactory(), None)  # national: no other municipality's pack
    RescreenRunFactory()  # the progress fragment needs a run to report on
    ReformFactory(municipality=organisation.municipality)
    return pairs


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_every_role_gets_what_the_rule_says(route, organisation, objects):
    assert check_route(route, RULES[route.name], organisation, objects, MODELS) == []
