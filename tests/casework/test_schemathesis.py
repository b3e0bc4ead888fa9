"""Property-based API test: Schemathesis against the casework part of the committed OpenAPI.

Requests go in-process through Django's WSGI application and the real PostgreSQL test database
(the `db` fixture), authenticated with the token of a professional whose team owns a seeded
household. Every generated request must not fail with a 5xx, and its status code and body must be
what the schema documents.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from casework.constants import Relation, ZrmDomain
from casework.services import assessment_create, journal_add
from core.models import ApiToken
from tests.casework.factories import (
    ZRM_REASONS,
    AssetFactory,
    BenefitReceivedFactory,
    DebtFactory,
    HouseholdFactory,
    HousingFactory,
    IncomeFactory,
    InvolvedOrganisationFactory,
    MemberFactory,
    PlanGoalFactory,
    valid_bsn,
)

OPENAPI = Path(__file__).resolve().parents[2] / "openapi.yaml"

# Examples and fuzzing in both modes (valid and invalid input), bounded and seeded; the coverage
# phase (every parameter combination) is left out to keep the run short.
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 4711,
        "phases": {"coverage": {"enabled": False}},
        "generation": {"mode": "all", "max-examples": 10, "no-shrink": True, "database": "none"},
    }
)
schema = schemathesis.openapi.from_path(OPENAPI, config=CONFIG)
schema.app = get_wsgi_application()
schema = schema.include(path_regex=r"^/api/v1/households")


@pytest.fixture
def in_process_requests(db):
    """Keep the test transaction open across raw WSGI requests, as Django's test client does."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def seeded(organisation, in_process_requests):
    """A household with one row of every kind, so nested ids can point at real objects."""
    household = HouseholdFactory(team=organisation.team)
    child = MemberFactory(household=household, relation=Relation.CHILD, bsn=valid_bsn())
    professional = organisation.users["professional"]
    assessment_create(
        actor=professional,
        household=household,
        assessed_on=date.today(),
        scores=dict.fromkeys(ZrmDomain.values, 3),
        reasons=ZRM_REASONS,
    )
    journal_add(
        actor=professional, household=household, kind="note", text="Start", occurred_on=date.today()
    )
    HousingFactory(household=household)
    ids = {
        "members": child.pk,
        "incomes": IncomeFactory(member=child).pk,
        "assets": AssetFactory(household=household).pk,
        "debts": DebtFactory(household=household).pk,
        "benefits": BenefitReceivedFactory(household=household).pk,
        "goals": PlanGoalFactory(household=household).pk,
        "organisations": InvolvedOrganisationFactory(household=household).pk,
    }
    _token, key = ApiToken.create_for(user=professional, name="schemathesis", days=1)
    return household, ids, {"Authorization": f"Token {key}"}


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: keep the run short
    # The seeded fixture is shared by the examples of one operation on purpose.
    suppress_health_check=list(HealthCheck),
)
def test_casework_api_conforms_to_its_schema(case, seeded):
    household, ids, headers = seeded
    # Point path ids at the seeded household and its rows; other ids only ever give 404s.
    if "household_id" in case.path_parameters:
        case.path_parameters["household_id"] = household.pk
        collection = case.path.split("/")[5]
        if "id" in case.path_parameters and collection in ids:
            case.path_parameters["id"] = ids[collection]
    elif "id" in case.path_parameters:
        case.path_parameters["id"] = household.pk

    case.call_and_validate(
        headers=headers,
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
    )
