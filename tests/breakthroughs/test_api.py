"""The breakthrough API: proposals, steps with their status codes, history, queues and pots."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from breakthroughs.constants import Status
from breakthroughs.models import Breakthrough, BudgetPot
from breakthroughs.services import breakthrough_transition
from breakthroughs.workflow import Step
from casework.constants import HouseholdStatus
from casework.models import Assessment
from core.models import AuditLog, Role
from tests.breakthroughs.factories import BreakthroughFactory, BudgetPotFactory
from tests.casework.factories import HouseholdFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/breakthroughs/"


def transition(client, item, step, expected, motivation="Gemotiveerd besluit.", **extra):
    return client.post(
        f"{LIST}{item.pk}/transitions/",
        {"step": step, "expected_status": expected, "motivation": motivation, **extra},
        format="json",
    )


# --- create and update -----------------------------------------------------------------------


def test_create_and_submit(api_payload, api_client_for, organisation, household, pot):
    client = api_client_for(organisation.users[Role.PROFESSIONAL])
    response = client.post(LIST, api_payload(household, pot), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "submitted"
    assert body["total_cost"] == "1200.00"
    # Without a value the doormodderen cost is the sum of the involved organisations.
    assert body["doormodderen_yearly_cost"] == "11700.00"
    assert body["rules_checked"][0]["scheme"] == "huurtoeslag"
    assert body["available_steps"] == ["withdraw"]
    assert Breakthrough.objects.get().status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("overrides", "param"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "-10.00"}, "amount"),
        ({"budget_pot": 999999}, "budget_pot"),
        ({"need": ""}, "need"),
        ({"category": "onzin"}, "category"),
    ],
)
def test_bad_input_is_400_with_invalid_params_and_nothing_stored(
    api_payload, api_client_for, organisation, household, pot, overrides, param
):
    client = api_client_for(organisation.users[Role.PROFESSIONAL])
    response = client.post(LIST, api_payload(household, pot, **overrides), format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert param in [p["name"] for p in response.json()["invalidParams"]]
    assert not Breakthrough.objects.exists()


def test_closed_household_and_other_teams_household_are_refused(
    api_payload, api_client_for, organisation, household, pot
):
    client = api_client_for(organisation.users[Role.PROFESSIONAL])
    household.status = HouseholdStatus.CLOSED
    household.save()
    response = client.post(LIST, api_payload(household, pot), format="json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "household"
    assert "afgesloten" in response.json()["invalidParams"][0]["reason"]
    other = HouseholdFactory(team=organisation.other_team)
    response = client.post(LIST, api_payload(other, pot), format="json")
    assert response.status_code == 400
    assert not Breakthrough.objects.exists()


def test_pot_of_another_municipality_is_unknown(
    api_payload, api_client_for, organisation, household
):
    client = api_client_for(organisation.users[Role.PROFESSIONAL])
    response = client.post(LIST, api_payload(household, BudgetPotFactory()), format="json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["reason"] == "Kies een bestaand budget."


def test_roles_without_cases_cannot_propose(
    api_payload, api_client_for, organisation, household, pot
):
    client = api_client_for(organisation.users[Role.BOARD_MEMBER])
    assert client.post(LIST, api_payload(household, pot), format="json").status_code == 403


def test_update_draft_and_refuse_update_after_submit(
    api_payload, api_client_for, organisation, household, pot
):
    client = api_client_for(organisation.users[Role.PROFESSIONAL])
    draft = client.post(LIST, api_payload(household, pot, submit=False), format="json").json()
    response = client.patch(f"{LIST}{draft['id']}/", {"amount": "800.00"}, format="json")
    assert response.status_code == 200
    assert response.json()["total_cost"] == "800.00"
    response = client.patch(f"{LIST}{draft['id']}/", {"amount": "0"}, format="json")
    assert response.status_code == 400
    item = Breakthrough.objects.get()
    transition(client, item, Step.SUBMIT, Status.DRAFT, "")
    response = client.patch(f"{LIST}{draft['id']}/", {"amount": "700.00"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "not_draft"


# --- read -------------------------------------------------------------------------------------


def test_list_and_retrieve_are_scoped(api_client_for, organisation, household, pot):
    item = BreakthroughFactory(household=household, budget_pot=pot, status=Status.SUBMITTED)
    own = api_client_for(organisation.users[Role.PROFESSIONAL])
    assert [row["id"] for row in own.get(LIST).json()["results"]] == [item.pk]
    assert own.get(f"{LIST}{item.pk}/").status_code == 200
    assert AuditLog.objects.filter(action="breakthrough.read", household_id=household.pk).exists()
    for user in (
        organisation.other_team_users[Role.PROFESSIONAL],
        organisation.users[Role.BOARD_MEMBER],
        organisation.users[Role.POLICY_OFFICER],
        organisation.users[Role.AUDITOR],
    ):
        client = api_client_for(user)
        assert client.get(f"{LIST}{item.pk}/").status_code == 404
        assert client.get(LIST).json()["results"] == []


def test_board_reads_escalated_items(api_client_for, organisation, household, pot):
    item = BreakthroughFactory(household=household, budget_pot=pot, status=Status.ESCALATED)
    client = api_client_for(organisation.users[Role.BOARD_MEMBER])
    body = client.get(f"{LIST}{item.pk}/").json()
    assert body["available_steps"] == ["approve", "reject"]


# --- transitions --------------------------------------------------------------------------------


def test_team_lead_approves_within_mandate(
    make_submitted, api_client_for, organisation, household, pot
):
    item = make_submitted(organisation, household, pot)
    client = api_client_for(organisation.users[Role.TEAM_LEAD])
    response = transition(client, item, Step.APPROVE, Status.SUBMITTED)
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    pot.refresh_from_db()
    assert pot.remaining == Decimal("8800.00")
    history = client.get(f"{LIST}{item.pk}/history/").json()
    assert [(h["step"], h["from_status"], h["to_status"]) for h in history] == [
        ("submit", "draft", "submitted"),
        ("approve", "submitted", "approved"),
    ]
    assert history[1]["motivation"] == "Gemotiveerd besluit."


def test_above_mandate_is_422_then_escalate_and_board_approves(
    make_submitted, api_client_for, organisation, household, pot
):
    item = make_submitted(organisation, household, pot, amount=Decimal("4000.00"))
    lead = api_client_for(organisation.users[Role.TEAM_LEAD])
    response = transition(lead, item, Step.APPROVE, Status.SUBMITTED)
    assert response.status_code == 422
    assert response.json()["code"] == "above_mandate"
    assert "mandaat" in response.json()["detail"]
    assert transition(lead, item, Step.ESCALATE, Status.SUBMITTED).status_code == 200
    board = api_client_for(organisation.users[Role.BOARD_MEMBER])
    assert [row["id"] for row in board.get("/api/v1/queues/board/").json()["results"]] == [item.pk]
    response = transition(board, item, Step.APPROVE, Status.ESCALATED)
    assert response.status_code == 200
    pot.refresh_from_db()
    assert pot.committed == Decimal("4000.00")


def test_overrun_is_422_without_consent_and_200_with_it(
    make_submitted, api_client_for, organisation, household
):
    small = BudgetPotFactory(
        municipality=organisation.municipality,
        team=organisation.team,
        amount=Decimal("1000.00"),
        team_lead_limit=Decimal("5000.00"),
    )
    item = make_submitted(organisation, household, small, amount=Decimal("1500.00"))
    lead = api_client_for(organisation.users[Role.TEAM_LEAD])
    response = transition(lead, item, Step.APPROVE, Status.SUBMITTED)
    assert (response.status_code, response.json()["code"]) == (422, "budget_exhausted")
    transition(lead, item, Step.ESCALATE, Status.SUBMITTED)
    board = api_client_for(organisation.users[Role.BOARD_MEMBER])
    response = transition(board, item, Step.APPROVE, Status.ESCALATED)
    assert (response.status_code, response.json()["code"]) == (422, "budget_exhausted")
    response = transition(board, item, Step.APPROVE, Status.ESCALATED, allow_overrun=True)
    assert response.status_code == 200
    assert response.json()["overrun_approved"] == "500.00"


def test_stale_not_allowed_and_permission_codes(
    make_submitted, api_client_for, organisation, household, pot
):
    item = make_submitted(organisation, household, pot)
    lead = api_client_for(organisation.users[Role.TEAM_LEAD])
    professional = api_client_for(organisation.users[Role.PROFESSIONAL])

    response = transition(professional, item, Step.APPROVE, Status.SUBMITTED)
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    response = transition(lead, item, Step.CARRY_OUT, Status.SUBMITTED)
    assert (response.status_code, response.json()["code"]) == (409, "not_allowed")
    transition(lead, item, Step.REJECT, Status.SUBMITTED)
    response = transition(lead, item, Step.APPROVE, Status.SUBMITTED)
    assert (response.status_code, response.json()["code"]) == (409, "stale")
    assert "intussen gewijzigd" in response.json()["detail"]
    other = api_client_for(organisation.other_team_users[Role.TEAM_LEAD])
    assert transition(other, item, Step.APPROVE, Status.REJECTED).status_code == 404


def test_missing_motivation_is_400(make_submitted, api_client_for, organisation, household, pot):
    item = make_submitted(organisation, household, pot)
    lead = api_client_for(organisation.users[Role.TEAM_LEAD])
    response = transition(lead, item, Step.REJECT, Status.SUBMITTED, motivation="  ")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "motivation"
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED


def test_evaluate_through_the_api(make_submitted, api_client_for, organisation, household, pot):
    item = make_submitted(organisation, household, pot)
    lead = organisation.users[Role.TEAM_LEAD]
    breakthrough_transition(actor=lead, breakthrough_id=item.pk, step=Step.APPROVE,
                            expected_status=Status.SUBMITTED, motivation="Akkoord.")  # fmt: skip
    client = api_client_for(organisation.users[Role.PROFESSIONAL])
    assert transition(client, item, Step.CARRY_OUT, Status.APPROVED, "").status_code == 200
    response = transition(client, item, Step.EVALUATE, Status.CARRIED_OUT, "")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "evaluation"
    foreign = Assessment.objects.create(
        household=HouseholdFactory(team=organisation.team),
        assessed_on=date.today(),
        assessed_by=lead,
    )
    response = transition(
        client, item, Step.EVALUATE, Status.CARRIED_OUT, "",
        evaluation={"goal_reached": "yes", "follow_up_assessment": foreign.pk},
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "evaluation.follow_up_assessment"
    own = Assessment.objects.create(household=household, assessed_on=date.today(), assessed_by=lead)
    response = transition(
        client, item, Step.EVALUATE, Status.CARRIED_OUT, "",
        evaluation={"goal_reached": "no", "follow_up_assessment": own.pk,
                    "doormodderen_after_yearly_cost": "9000.00"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.json()["evaluation"]["goal_reached"] == "no"
    assert response.json()["evaluation"]["follow_up_assessment"] == own.pk


# --- queues and pots ----------------------------------------------------------------------------


def test_team_queue_and_role_checks(make_submitted, api_client_for, organisation, household, pot):
    item = make_submitted(organisation, household, pot, amount=Decimal("3000.00"))
    lead = api_client_for(organisation.users[Role.TEAM_LEAD])
    rows = lead.get("/api/v1/queues/team/").json()["results"]
    assert [(r["id"], r["above_mandate"], r["is_overdue"]) for r in rows] == [
        (item.pk, True, False)
    ]
    professional = api_client_for(organisation.users[Role.PROFESSIONAL])
    assert professional.get("/api/v1/queues/team/").status_code == 403
    assert professional.get("/api/v1/queues/board/").status_code == 403


def test_budget_pots_api(api_client_for, organisation, pot):
    lead = api_client_for(organisation.users[Role.TEAM_LEAD])
    rows = lead.get("/api/v1/budget-pots/").json()["results"]
    assert [(r["id"], r["remaining"]) for r in rows] == [(pot.pk, "10000.00")]
    new = {"name": "Doorbraakbudget", "year": date.today().year, "amount": "50000.00"}
    assert lead.post("/api/v1/budget-pots/", new, format="json").status_code == 403

    admin = api_client_for(organisation.users[Role.FUNCTIONAL_ADMIN])
    response = admin.post("/api/v1/budget-pots/", {**new, "amount": "0"}, format="json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "amount"
    response = admin.post("/api/v1/budget-pots/", new, format="json")
    assert response.status_code == 201
    assert response.json()["team"] is None
    assert response.json()["municipality"] == organisation.municipality.pk
    duplicate = admin.post("/api/v1/budget-pots/", new, format="json")
    assert duplicate.status_code == 400
    response = admin.patch(f"/api/v1/budget-pots/{pot.pk}/", {"amount": "15000.00"}, format="json")
    assert response.status_code == 200
    assert BudgetPot.objects.get(pk=pot.pk).amount == Decimal("15000.00")
    elsewhere = BudgetPotFactory()
    assert (
        admin.patch(
            f"/api/v1/budget-pots/{elsewhere.pk}/", {"amount": "1.00"}, format="json"
        ).status_code
        == 404
    )
