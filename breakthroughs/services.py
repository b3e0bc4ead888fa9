"""Proposing, deciding and carrying out breakthroughs, within mandate and budget.

Concurrency: a transition locks the breakthrough row and checks the status the user saw (a stale
or second decision is refused); an approval also locks the budget pot row, so twenty approvals
racing on one pot are serialised and the pot never goes below zero (a CHECK constraint holds the
same invariant in the database).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from breakthroughs import deadlines
from breakthroughs.constants import (
    CostKind,
    GoalReached,
    MandateLevel,
    NotificationKind,
    Status,
)
from breakthroughs.models import (
    Breakthrough,
    BreakthroughTransition,
    BudgetPot,
    Evaluation,
    Notification,
)
from breakthroughs.workflow import NEEDS_MOTIVATION, STEP_LABELS, Step, rule_for
from casework.models import Assessment, Household
from core.audit import audit_record
from core.models import Membership, Role, User
from core.permissions import Access

PURPOSE = "doorbraak"
PROPOSAL_FIELDS = (
    "need",
    "blocking_problem",
    "life_domains",
    "rules_checked",
    "action",
    "category",
    "legal_route",
    "regulation_code",
    "article",
    "knelpunt_type",
    "cost_kind",
    "amount",
    "duration_months",
    "theme",
    "pillar",
    "urgency",
    "doormodderen_yearly_cost",
    "expected_avoided_cost",
    "avoided_cost_basis",
    "screening_id",
)


class TransitionError(Exception):
    """A step that is not allowed now, for this user, or on a stale view; nothing changed."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _audit(
    *,
    actor: User | None,
    action: str,
    breakthrough: Breakthrough,
    request: HttpRequest | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=breakthrough,
        household_id=breakthrough.household_id,
        municipality_code=breakthrough.municipality.cbs_code,
        request=request,
        purpose=PURPOSE,
        data=data,
    )


def total_cost(*, cost_kind: str, amount: Decimal, duration_months: int) -> Decimal:
    return amount if cost_kind == CostKind.ONE_OFF else amount * duration_months


def doormodderen_default(household: Household) -> Decimal:
    """The yearly cost of carrying on: the sum of the involved organisations' estimates."""
    return sum((o.yearly_cost for o in household.organisations.all()), Decimal("0"))


def pots_for_team(*, household: Household, year: int) -> list[BudgetPot]:
    return list(
        BudgetPot.objects.filter(municipality_id=household.municipality_id, year=year)
        .filter(Q(team_id=household.team_id) | Q(team__isnull=True))
        .order_by("team_id", "name")
    )


def _validate_proposal(*, household: Household, data: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if not household.is_open:
        errors["household"] = _("Dit huishouden is afgesloten: er kan geen doorbraak bij.")
    amount = data.get("amount")
    if amount is None or Decimal(amount) <= 0:
        errors["amount"] = _("Het bedrag moet groter zijn dan nul.")
    raw_duration = data.get("duration_months")
    duration = int(raw_duration) if raw_duration not in (None, "") else 0
    if data.get("cost_kind") == CostKind.MONTHLY and duration < 1:
        errors["duration_months"] = _("Geef de looptijd in maanden (minstens 1).")
    for field in ("doormodderen_yearly_cost", "expected_avoided_cost"):
        value = data.get(field)
        if value is not None and Decimal(value) < 0:
            errors[field] = _("Een bedrag kan niet negatief zijn.")
    for field in ("need", "blocking_problem", "action"):
        if not str(data.get(field) or "").strip():
            errors[field] = _("Dit veld is verplicht.")
    pot = data.get("budget_pot")
    if not isinstance(pot, BudgetPot):
        errors["budget_pot"] = _("Kies een bestaand budget.")
    elif pot.municipality_id != household.municipality_id or (
        pot.team_id is not None and pot.team_id != household.team_id
    ):
        errors["budget_pot"] = _("Dit budget hoort niet bij het team van dit huishouden.")
    if errors:
        raise ValidationError(errors)
    cleaned = {key: data[key] for key in PROPOSAL_FIELDS if key in data}
    cleaned["duration_months"] = 1 if data.get("cost_kind") == CostKind.ONE_OFF else duration
    cleaned["total_cost"] = total_cost(
        cost_kind=data["cost_kind"],
        amount=Decimal(amount),
        duration_months=cleaned["duration_months"],
    )
    cleaned["budget_pot"] = pot
    return cleaned


@transaction.atomic
def breakthrough_propose(
    *,
    actor: User,
    household: Household,
    data: Mapping[str, Any],
    submit: bool = False,
    request: HttpRequest | None = None,
) -> Breakthrough:
    """Create a proposal (draft), and submit it at once when `submit` is true."""
    access = Access(actor)
    if household.team_id not in access.team_ids():
        raise ValidationError({"household": _("U werkt niet in het team van dit huishouden.")})
    cleaned = _validate_proposal(household=household, data=data)
    if "doormodderen_yearly_cost" not in data or data.get("doormodderen_yearly_cost") is None:
        cleaned["doormodderen_yearly_cost"] = doormodderen_default(household)
    breakthrough = Breakthrough(
        household=household,
        team_id=household.team_id,
        municipality_id=household.municipality_id,
        proposer=actor,
        **cleaned,
    )
    breakthrough.full_clean(exclude=["household", "team", "municipality", "proposer"])
    breakthrough.save()
    _audit(actor=actor, action="breakthrough.create", breakthrough=breakthrough, request=request)
    if submit:
        return breakthrough_transition(
            actor=actor,
            breakthrough_id=breakthrough.pk,
            step=Step.SUBMIT,
            expected_status=Status.DRAFT,
            motivation="",
            request=request,
            _nested=True,
        )
    return breakthrough


@transaction.atomic
def breakthrough_update_draft(
    *,
    actor: User,
    breakthrough: Breakthrough,
    data: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> Breakthrough:
    locked = Breakthrough.objects.select_for_update().get(pk=breakthrough.pk)
    if locked.team_id not in Access(actor).team_ids():
        raise TransitionError(
            _("Alleen het team van dit huishouden kan dit concept wijzigen."),
            code="permission_denied",
        )
    if locked.status != Status.DRAFT:
        raise TransitionError(_("Alleen een concept kan nog worden gewijzigd."), code="not_draft")
    merged = {key: getattr(locked, key) for key in PROPOSAL_FIELDS}
    merged["budget_pot"] = locked.budget_pot
    merged.update(data)
    cleaned = _validate_proposal(household=locked.household, data=merged)
    for key, value in cleaned.items():
        setattr(locked, key, value)
    locked.save()
    _audit(actor=actor, action="breakthrough.update", breakthrough=locked, request=request)
    return locked


def _may_act(*, access: Access, breakthrough: Breakthrough, roles: frozenset[str]) -> bool:
    for membership in access.memberships:
        if membership.role not in roles:
            continue
        if membership.role == Role.BOARD_MEMBER:
            if membership.municipality_id == breakthrough.municipality_id:
                return True
        elif membership.team_id == breakthrough.team_id:
            return True
    return False


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
    if actor is not None and not _may_act(
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
        data = _commit_budget(
            breakthrough=breakthrough,
            by_board=breakthrough.status == Status.ESCALATED,
            allow_overrun=allow_overrun,
            motivation=motivation,
        )
        breakthrough.decided_at = now
    elif step == Step.REJECT:
        breakthrough.decided_at = now
    elif step == Step.CARRY_OUT:
        _spend_budget(breakthrough)
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
    _audit(
        actor=actor,
        action=f"breakthrough.{step}",
        breakthrough=breakthrough,
        request=request,
        data={"from": from_status, "to": rule.target, **data},
    )
    _notify_after(breakthrough=breakthrough, step=step)
    return breakthrough


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
    shortfall = cost - pot.remaining
    data: dict[str, Any] = {"pot_id": pot.pk, "amount": str(cost)}
    if shortfall > 0:
        if not by_board:
            raise TransitionError(
                _(
                    "Het budget '%(pot)s' heeft nog € %(remaining)s: te weinig voor € %(cost)s. "
                    "Zet de doorbraak door naar het doorbraakteam."
                )
                % {"pot": pot, "remaining": pot.remaining, "cost": cost},
                code="budget_exhausted",
            )
        if not allow_overrun:
            raise TransitionError(
                _(
                    "Het budget '%(pot)s' heeft nog € %(remaining)s. Het doorbraakteam kan een "
                    "overschrijding uitdrukkelijk toestaan, met motivering."
                )
                % {"pot": pot, "remaining": pot.remaining},
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


# --- notifications and deadlines -----------------------------------------------------------


def _deciders(breakthrough: Breakthrough) -> list[User]:
    if breakthrough.status == Status.ESCALATED:
        memberships = Membership.objects.filter(
            municipality_id=breakthrough.municipality_id, role=Role.BOARD_MEMBER
        )
    else:
        memberships = Membership.objects.filter(team_id=breakthrough.team_id, role=Role.TEAM_LEAD)
    return [m.user for m in memberships.select_related("user") if m.user.is_active]


def notify(*, users: list[User], breakthrough: Breakthrough, kind: str, text: str) -> None:
    notifications = Notification.objects.bulk_create(
        Notification(user=user, breakthrough=breakthrough, kind=kind, text=text) for user in users
    )
    ids = [n.pk for n in notifications]
    if ids:
        from breakthroughs.tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.delay(notification_ids=ids))


def _notify_after(*, breakthrough: Breakthrough, step: str) -> None:
    label = _("Doorbraak %(id)s") % {"id": breakthrough.pk}
    if step in (Step.SUBMIT, Step.ESCALATE):
        kind = NotificationKind.SUBMITTED if step == Step.SUBMIT else NotificationKind.ESCALATED
        due = timezone.localtime(breakthrough.due_at).strftime("%d-%m-%Y %H:%M")
        notify(
            users=_deciders(breakthrough),
            breakthrough=breakthrough,
            kind=kind,
            text=_("%(label)s wacht op uw besluit (uiterlijk %(due)s).")
            % {"label": label, "due": due},
        )
    elif step in (Step.APPROVE, Step.REJECT):
        notify(
            users=[breakthrough.proposer],
            breakthrough=breakthrough,
            kind=NotificationKind.DECIDED,
            text=_("%(label)s is %(status)s.")
            % {"label": label, "status": breakthrough.get_status_display().lower()},
        )


def process_deadlines(*, now: datetime | None = None) -> dict[str, int]:
    """Remind deciders a working day before the due time; escalate overdue team decisions.

    Idempotent: reminded items carry `reminded_at`; escalation changes the status. Safe to run
    from beat every few minutes and on several workers at once (row locks, skip_locked).
    """
    now = now or timezone.now()
    reminded = escalated = 0
    open_statuses = [Status.SUBMITTED, Status.ESCALATED]
    due_soon = Breakthrough.objects.filter(
        status__in=open_statuses, reminded_at__isnull=True, due_at__isnull=False
    ).values_list("pk", "due_at")
    for pk, due in due_soon:
        if due <= now:
            continue
        next_working_day = deadlines.add_working_days(
            timezone.localtime(now, deadlines.AMSTERDAM).date(), 1
        )
        if timezone.localtime(due, deadlines.AMSTERDAM).date() <= next_working_day:
            with transaction.atomic():
                item = (
                    Breakthrough.objects.select_for_update(skip_locked=True)
                    .filter(pk=pk, reminded_at__isnull=True)
                    .first()
                )
                if item is None:
                    continue
                item.reminded_at = now
                item.save(update_fields=["reminded_at"])
                notify(
                    users=_deciders(item),
                    breakthrough=item,
                    kind=NotificationKind.REMINDER,
                    text=_("Herinnering: doorbraak %(id)s moet uiterlijk %(due)s besloten zijn.")
                    % {"id": item.pk, "due": timezone.localtime(due).strftime("%d-%m-%Y %H:%M")},
                )
                reminded += 1
    overdue = Breakthrough.objects.filter(status=Status.SUBMITTED, due_at__lt=now).values_list(
        "pk", flat=True
    )
    for pk in overdue:
        try:
            breakthrough_transition(
                actor=None,
                breakthrough_id=pk,
                step=Step.ESCALATE,
                expected_status=Status.SUBMITTED,
                motivation=_(
                    "De termijn voor een besluit van de teamleider is verstreken; automatisch "
                    "doorgezet naar het doorbraakteam."
                ),
                now=now,
            )
            escalated += 1
        except TransitionError:
            continue  # decided in the meantime: nothing to escalate
    return {"reminded": reminded, "escalated": escalated}
