"""The review workflow: one locked, audited step at a time (submit, escalate, decide, evaluate)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from breakthroughs import deadlines
from breakthroughs.constants import GoalReached, MandateLevel, Status
from breakthroughs.models import Breakthrough, BreakthroughTransition, Evaluation
from breakthroughs.services.budget import commit_budget, spend_budget
from breakthroughs.services.common import TransitionError, audit_change, may_act
from breakthroughs.services.notifications import notify_after
from breakthroughs.workflow import NEEDS_MOTIVATION, STEP_LABELS, Step, rule_for
from casework.models import Assessment
from core.models import User
from core.permissions import Access


def breakthrough_transition(
    *,
    actor: User | None,
    breakthrough_id: int,
    step: str,
    expected_status: str,
    motivation: str,
    allow_overrun: bool = False,
    evaluation: Mapping[str, Any] | None = None,
    request: HttpRequest | None = None,
    now: datetime | None = None,
    _nested: bool = False,
) -> Breakthrough:
    """Take one step of the workflow. `actor=None` is the system (deadline escalation).

    Raises TransitionError (not allowed, wrong role, stale view, above mandate, budget exhausted)
    or ValidationError (missing motivation or evaluation fields); nothing changes then.
    """
    if _nested:
        return _transition(
            actor=actor, breakthrough_id=breakthrough_id, step=step,
            expected_status=expected_status, motivation=motivation,
            allow_overrun=allow_overrun, evaluation=evaluation, request=request, now=now,
        )  # fmt: skip
    with transaction.atomic(durable=True):
        return _transition(
            actor=actor, breakthrough_id=breakthrough_id, step=step,
            expected_status=expected_status, motivation=motivation,
            allow_overrun=allow_overrun, evaluation=evaluation, request=request, now=now,
        )  # fmt: skip


def _transition(
    *,
    actor: User | None,
    breakthrough_id: int,
    step: str,
    expected_status: str,
    motivation: str,
    allow_overrun: bool,
    evaluation: Mapping[str, Any] | None,
    request: HttpRequest | None,
    now: datetime | None,
) -> Breakthrough:
    now = now or timezone.now()
    breakthrough = (
        Breakthrough.objects.select_for_update(of=("self",))
        .select_related("municipality", "budget_pot")
        .get(pk=breakthrough_id)
    )
    if breakthrough.status != expected_status:
        raise TransitionError(
            _(
                "Deze doorbraak is intussen gewijzigd (nu: %(status)s). Ververs de pagina en "
                "bekijk de actuele stand."
            )
            % {"status": breakthrough.get_status_display()},
            code="stale",
        )
    rule = rule_for(step, breakthrough.status)
    if rule is None:
        raise TransitionError(
            _("'%(step)s' kan niet vanuit de status %(status)s.")
            % {"step": STEP_LABELS.get(step, step), "status": breakthrough.get_status_display()},
            code="not_allowed",
        )
    if actor is not None and not may_act(
        access=Access(actor), breakthrough=breakthrough, roles=rule.roles
    ):
        raise TransitionError(
            _("U heeft niet de rol om deze stap te zetten."), code="permission_denied"
        )
    if step in NEEDS_MOTIVATION and not motivation.strip():
        raise ValidationError({"motivation": _("Geef een motivering voor dit besluit.")})

    data: dict[str, Any] = {}
    if step == Step.SUBMIT:
        if not breakthrough.household.is_open:
            raise ValidationError(
                {"household": _("Dit huishouden is afgesloten: er kan geen doorbraak bij.")}
            )
        breakthrough.submitted_at = now
        breakthrough.due_at = deadlines.due_at(start=now, urgency=breakthrough.urgency)
        breakthrough.mandate_level = (
            MandateLevel.BOARD
            if breakthrough.total_cost > breakthrough.budget_pot.team_lead_limit
            else MandateLevel.TEAM
        )
    elif step == Step.ESCALATE:
        breakthrough.mandate_level = MandateLevel.BOARD
        breakthrough.due_at = deadlines.due_at(start=now, urgency=breakthrough.urgency)
        breakthrough.reminded_at = None
    elif step == Step.APPROVE:
        data = commit_budget(
            breakthrough=breakthrough,
            by_board=breakthrough.status == Status.ESCALATED,
            allow_overrun=allow_overrun,
            motivation=motivation,
        )
        breakthrough.decided_at = now
    elif step == Step.REJECT:
        breakthrough.decided_at = now
    elif step == Step.CARRY_OUT:
        spend_budget(breakthrough)
    elif step == Step.EVALUATE:
        _record_evaluation(breakthrough=breakthrough, actor=actor, evaluation=evaluation or {})

    from_status = breakthrough.status
    breakthrough.status = rule.target
    breakthrough.save()
    BreakthroughTransition.objects.create(
        breakthrough=breakthrough,
        transition=step,
        from_status=from_status,
        to_status=rule.target,
        actor=actor,
        motivation=motivation,
        data=data,
    )
    audit_change(
        actor=actor,
        action=f"breakthrough.{step}",
        breakthrough=breakthrough,
        request=request,
        data={"from": from_status, "to": rule.target, **data},
    )
    notify_after(breakthrough=breakthrough, step=step)
    return breakthrough


def _record_evaluation(
    *, breakthrough: Breakthrough, actor: User | None, evaluation: Mapping[str, Any]
) -> None:
    errors: dict[str, str] = {}
    goal = evaluation.get("goal_reached")
    if goal not in GoalReached.values:
        errors["goal_reached"] = _("Kies of het doel is bereikt: ja, gedeeltelijk of nee.")
    follow_up = evaluation.get("follow_up_assessment")
    if follow_up is not None and (
        not isinstance(follow_up, Assessment) or follow_up.household_id != breakthrough.household_id
    ):
        errors["follow_up_assessment"] = _("Deze ZRM-meting hoort niet bij dit huishouden.")
    after = evaluation.get("doormodderen_after_yearly_cost")
    if after is not None and Decimal(after) < 0:
        errors["doormodderen_after_yearly_cost"] = _("Een bedrag kan niet negatief zijn.")
    if actor is None:
        errors["goal_reached"] = _("Een evaluatie wordt door een medewerker vastgelegd.")
    if errors:
        raise ValidationError(errors)
    Evaluation.objects.create(
        breakthrough=breakthrough,
        goal_reached=goal,
        follow_up_assessment=follow_up,
        doormodderen_after_yearly_cost=after,
        notes=evaluation.get("notes", ""),
        evaluated_by=actor,
    )
