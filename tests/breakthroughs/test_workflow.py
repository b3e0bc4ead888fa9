"""The transition map, exhaustively: every (status, step, role) is allowed or refused as designed."""

from decimal import Decimal

import pytest

from breakthroughs.constants import Status
from breakthroughs.models import BreakthroughTransition
from breakthroughs.services import TransitionError, breakthrough_transition
from breakthroughs.workflow import ALL_STEPS, ALLOWED, Step
from core.models import AuditLog, Role
from tests.breakthroughs.factories import BreakthroughFactory
from tests.casework.factories import HouseholdFactory

# The design, written out independently of workflow.ALLOWED so a change to the map fails here.
EXPECTED = {
    (Status.DRAFT, Step.SUBMIT): {Role.PROFESSIONAL, Role.TEAM_LEAD},
    (Status.SUBMITTED, Step.WITHDRAW): {Role.PROFESSIONAL, Role.TEAM_LEAD},
    (Status.SUBMITTED, Step.APPROVE): {Role.TEAM_LEAD},
    (Status.SUBMITTED, Step.REJECT): {Role.TEAM_LEAD},
    (Status.SUBMITTED, Step.ESCALATE): {Role.TEAM_LEAD},
    (Status.ESCALATED, Step.APPROVE): {Role.BOARD_MEMBER},
    (Status.ESCALATED, Step.REJECT): {Role.BOARD_MEMBER},
    (Status.APPROVED, Step.CARRY_OUT): {Role.PROFESSIONAL, Role.TEAM_LEAD},
    (Status.CARRIED_OUT, Step.EVALUATE): {Role.PROFESSIONAL, Role.TEAM_LEAD},
}
TARGET = {
    Step.SUBMIT: Status.SUBMITTED,
    Step.WITHDRAW: Status.WITHDRAWN,
    Step.ESCALATE: Status.ESCALATED,
    Step.REJECT: Status.REJECTED,
    Step.APPROVE: Status.APPROVED,
    Step.CARRY_OUT: Status.CARRIED_OUT,
    Step.EVALUATE: Status.EVALUATED,
}
CASES = [(status, step, role) for status in Status for step in ALL_STEPS for role in Role]


def test_the_map_matches_the_design():
    assert {(status, step): set(rule.roles) for (step, status), rule in ALLOWED.items()} == {
        key: set(value) for key, value in EXPECTED.items()
    }


@pytest.mark.parametrize(("status", "step", "role"), CASES)
def test_every_status_step_role(organisation, status, step, role):
    household = HouseholdFactory(team=organisation.team)
    breakthrough = BreakthroughFactory(
        household=household,
        status=status,
        proposer=organisation.users[Role.PROFESSIONAL],
        amount=Decimal("100.00"),
    )
    if status == Status.APPROVED:
        breakthrough.budget_pot.committed = breakthrough.total_cost
        breakthrough.budget_pot.save()
    actor = organisation.users[role]
    allowed = role in EXPECTED.get((status, step), set())
    evaluation = {"goal_reached": "yes"} if step == Step.EVALUATE else None
    audit_before = AuditLog.objects.count()
    if allowed:
        result = breakthrough_transition(
            actor=actor,
            breakthrough_id=breakthrough.pk,
            step=step,
            expected_status=status,
            motivation="Past binnen de bedoeling van de wet.",
            evaluation=evaluation,
        )
        assert result.status == TARGET[step]
        history = BreakthroughTransition.objects.get(breakthrough=breakthrough)
        assert (history.from_status, history.to_status, history.actor) == (
            status,
            TARGET[step],
            actor,
        )
        assert AuditLog.objects.filter(action=f"breakthrough.{step}").count() == 1
    else:
        with pytest.raises(TransitionError):
            breakthrough_transition(
                actor=actor,
                breakthrough_id=breakthrough.pk,
                step=step,
                expected_status=status,
                motivation="Poging.",
                evaluation=evaluation,
            )
        breakthrough.refresh_from_db()
        assert breakthrough.status == status
        assert not BreakthroughTransition.objects.filter(breakthrough=breakthrough).exists()
        assert AuditLog.objects.count() == audit_before


def test_team_lead_of_another_team_may_not_decide(organisation):
    breakthrough = BreakthroughFactory(
        household=HouseholdFactory(team=organisation.team), status=Status.SUBMITTED
    )
    with pytest.raises(TransitionError) as error:
        breakthrough_transition(
            actor=organisation.other_team_users[Role.TEAM_LEAD],
            breakthrough_id=breakthrough.pk,
            step=Step.APPROVE,
            expected_status=Status.SUBMITTED,
            motivation="Akkoord.",
        )
    assert error.value.code == "permission_denied"


def test_a_decision_needs_a_motivation(organisation):
    from django.core.exceptions import ValidationError

    breakthrough = BreakthroughFactory(
        household=HouseholdFactory(team=organisation.team), status=Status.SUBMITTED
    )
    with pytest.raises(ValidationError) as error:
        breakthrough_transition(
            actor=organisation.users[Role.TEAM_LEAD],
            breakthrough_id=breakthrough.pk,
            step=Step.APPROVE,
            expected_status=Status.SUBMITTED,
            motivation="   ",
        )
    assert "motivation" in error.value.message_dict
    breakthrough.refresh_from_db()
    assert breakthrough.status == Status.SUBMITTED


def test_a_stale_view_is_refused(organisation):
    breakthrough = BreakthroughFactory(
        household=HouseholdFactory(team=organisation.team), status=Status.REJECTED
    )
    with pytest.raises(TransitionError) as error:
        breakthrough_transition(
            actor=organisation.users[Role.TEAM_LEAD],
            breakthrough_id=breakthrough.pk,
            step=Step.APPROVE,
            expected_status=Status.SUBMITTED,
            motivation="Akkoord.",
        )
    assert error.value.code == "stale"


def test_history_rows_cannot_be_rewritten(organisation):
    breakthrough = BreakthroughFactory(household=HouseholdFactory(team=organisation.team))
    breakthrough_transition(
        actor=organisation.users[Role.PROFESSIONAL],
        breakthrough_id=breakthrough.pk,
        step=Step.SUBMIT,
        expected_status=Status.DRAFT,
        motivation="",
    )
    row = BreakthroughTransition.objects.get(breakthrough=breakthrough)
    row.motivation = "herschreven"
    with pytest.raises(PermissionError):
        row.save()
