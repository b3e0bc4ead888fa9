"""The breakthrough status machine: which step, from which status, by which role (data, not code).

`draft → submitted → approved | rejected | escalated → approved | rejected → carried_out →
evaluated`; a submitted proposal can be withdrawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from breakthroughs.constants import Status
from core.models import Role


class Step:
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    APPROVE = "approve"
    REJECT = "reject"
    ESCALATE = "escalate"
    CARRY_OUT = "carry_out"
    EVALUATE = "evaluate"


STEP_LABELS = {
    Step.SUBMIT: _("Indienen"),
    Step.WITHDRAW: _("Intrekken"),
    Step.APPROVE: _("Goedkeuren"),
    Step.REJECT: _("Afwijzen"),
    Step.ESCALATE: _("Doorzetten naar doorbraakteam"),
    Step.CARRY_OUT: _("Uitgevoerd"),
    Step.EVALUATE: _("Evalueren"),
}


@dataclass(frozen=True)
class Rule:
    target: str
    roles: frozenset[str]


TEAM_WORKERS = frozenset({Role.PROFESSIONAL, Role.TEAM_LEAD})

# (step, current status) -> the status it leads to and the roles that may take it.
ALLOWED: dict[tuple[str, str], Rule] = {
    (Step.SUBMIT, Status.DRAFT): Rule(Status.SUBMITTED, TEAM_WORKERS),
    (Step.WITHDRAW, Status.SUBMITTED): Rule(Status.WITHDRAWN, TEAM_WORKERS),
    (Step.APPROVE, Status.SUBMITTED): Rule(Status.APPROVED, frozenset({Role.TEAM_LEAD})),
    (Step.REJECT, Status.SUBMITTED): Rule(Status.REJECTED, frozenset({Role.TEAM_LEAD})),
    (Step.ESCALATE, Status.SUBMITTED): Rule(Status.ESCALATED, frozenset({Role.TEAM_LEAD})),
    (Step.APPROVE, Status.ESCALATED): Rule(Status.APPROVED, frozenset({Role.BOARD_MEMBER})),
    (Step.REJECT, Status.ESCALATED): Rule(Status.REJECTED, frozenset({Role.BOARD_MEMBER})),
    (Step.CARRY_OUT, Status.APPROVED): Rule(Status.CARRIED_OUT, TEAM_WORKERS),
    (Step.EVALUATE, Status.CARRIED_OUT): Rule(Status.EVALUATED, TEAM_WORKERS),
}

ALL_STEPS = (
    Step.SUBMIT,
    Step.WITHDRAW,
    Step.APPROVE,
    Step.REJECT,
    Step.ESCALATE,
    Step.CARRY_OUT,
    Step.EVALUATE,
)
# Decisions need a reasoned motivation; the other steps may carry a note.
NEEDS_MOTIVATION = frozenset({Step.APPROVE, Step.REJECT, Step.ESCALATE, Step.WITHDRAW})


def rule_for(step: str, status: str) -> Rule | None:
    return ALLOWED.get((step, status))


def steps_from(status: str) -> list[str]:
    return [step for step in ALL_STEPS if (step, status) in ALLOWED]
