"""The breakthrough detail page and its steps: review, escalation and decisions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from breakthroughs import forms as bf
from breakthroughs import selectors
from breakthroughs.constants import Status
from breakthroughs.models import Breakthrough
from breakthroughs.services import TransitionError, breakthrough_transition, record_read
from breakthroughs.services.budget import pot_shortfall
from breakthroughs.views.common import STATUS_BADGE, STEP_BUTTON, cost_comparison, pot_chart
from breakthroughs.workflow import NEEDS_MOTIVATION, STEP_LABELS, Step
from casework.constants import special_categories
from core.permissions import Access, access_for
from core.presentation.labels import label_for

# --- detail and steps ---------------------------------------------------------------------


def _step_forms(
    *, access: Access, breakthrough: Breakthrough, bound: bf.StepForm | None = None
) -> list[dict[str, Any]]:
    rows = []
    for step in selectors.steps_for(access=access, breakthrough=breakthrough):
        if bound is not None and bound.step == step:
            form = bound
        else:
            form = bf.step_form(
                step=step, status=breakthrough.status, household_id=breakthrough.household_id
            )
        above_mandate = (
            step == Step.APPROVE
            and breakthrough.status == Status.SUBMITTED
            and breakthrough.total_cost > breakthrough.budget_pot.team_lead_limit
        )
        rows.append(
            {
                "step": step,
                "label": STEP_LABELS[step],
                "form": form,
                "needs_motivation": step in NEEDS_MOTIVATION,
                "button": STEP_BUTTON.get(step, "secondary-action"),
                "above_mandate": above_mandate,
                "open": bound is not None and bound.step == step,
            }
        )
    return rows


def _detail_context(
    request: HttpRequest,
    breakthrough: Breakthrough,
    *,
    bound: bf.StepForm | None = None,
    error: str = "",
) -> dict[str, Any]:
    access = access_for(request)
    pot = breakthrough.budget_pot
    evaluation = selectors.breakthrough_evaluation(breakthrough)
    household_visible = selectors.can_see_household(access=access, breakthrough=breakthrough)
    # The reviewer judges the proposal against the household's situation: a summary without
    # names, the plan only for the household's own team. A read of personal data, so audited.
    household_summary = selectors.review_household_summary(
        breakthrough=breakthrough, include_plan=household_visible
    )
    # Health, addiction and justice scores are special data: the audit row names them.
    shown = special_categories(row["domain"] for row in household_summary["zrm"])
    record_read(
        actor=request.user,
        action="breakthrough.household_summary.read",
        household_id=breakthrough.household_id,
        obj=breakthrough,
        request=request,
        data={"special_categories": shown} if shown else None,
    )
    return {
        "breakthrough": breakthrough,
        "household_visible": household_visible,
        "household_summary": household_summary,
        "life_domains": [label_for("zrm_domain", code) for code in breakthrough.life_domains or []],
        "rules": breakthrough.rules_checked or [],
        "history": selectors.breakthrough_history(breakthrough),
        "evaluation": evaluation,
        "pot": pot,
        "pot_bar": pot_chart(pot),
        "above_limit": breakthrough.total_cost > pot.team_lead_limit,
        "shortfall": pot_shortfall(pot, breakthrough.total_cost),
        "comparison": cost_comparison(
            doormodderen=breakthrough.doormodderen_yearly_cost,
            cost=breakthrough.total_cost,
            avoided=breakthrough.expected_avoided_cost,
        ),
        "steps": _step_forms(access=access, breakthrough=breakthrough, bound=bound),
        "error": error,
        "badge": STATUS_BADGE.get(breakthrough.status, "info"),
        "overdue": bool(
            breakthrough.due_at
            and breakthrough.status in (Status.SUBMITTED, Status.ESCALATED)
            and breakthrough.due_at < timezone.now()
        ),
    }


@login_required
def breakthrough_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    breakthrough = selectors.breakthrough_get(
        user=request.user, breakthrough_id=pk, access=access_for(request)
    )
    record_read(
        actor=request.user,
        request=request,
        action="breakthrough.read",
        household_id=breakthrough.household_id,
        obj=breakthrough,
    )
    return render(request, "breakthroughs/detail.html", _detail_context(request, breakthrough))


@login_required
@require_POST
def breakthrough_step_view(request: HttpRequest, pk: int) -> HttpResponse:
    breakthrough = selectors.breakthrough_get(
        user=request.user, breakthrough_id=pk, access=access_for(request)
    )
    step = request.POST.get("step") or ""
    # The step's fields carry its prefix; find the step from the prefixed hidden input.
    for candidate in STEP_LABELS:
        if request.POST.get(f"{candidate}-step") == candidate:
            step = candidate
            break
    if step not in STEP_LABELS:
        raise Http404
    seen_status = request.POST.get(f"{step}-expected_status") or ""
    form = bf.step_form(
        step=step,
        status=seen_status,
        household_id=breakthrough.household_id,
        data=request.POST,
    )
    error = ""
    code = 400
    if form.is_valid():
        try:
            breakthrough_transition(
                actor=request.user,
                breakthrough_id=breakthrough.pk,
                step=step,
                expected_status=form.cleaned_data["expected_status"],
                request=request,
                **form.service_kwargs(),
            )
        except TransitionError as exc:
            error = exc.message
            code = 403 if exc.code == "permission_denied" else 409
        except ValidationError as exc:
            bf.apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Stap '%(step)s' is vastgelegd.") % {"step": STEP_LABELS[step]},
            )
            return redirect("breakthroughs:detail", pk=pk)
    breakthrough.refresh_from_db()
    context = _detail_context(request, breakthrough, bound=form if not error else None, error=error)
    return render(request, "breakthroughs/detail.html", context, status=code)
