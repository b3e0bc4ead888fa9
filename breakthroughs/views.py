"""The breakthrough pages: propose, detail with the steps, queues, notifications, budgets, dashboard.

Views parse input, call one service or selector and render. Scoping lives in the selectors (404
outside the user's reach); pages for a role the user does not have answer 403. Every write is
POST-redirect-GET with a message; a refused step re-renders the page with the service's message
as an error alert, and nothing changed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from breakthroughs import charts, selectors
from breakthroughs import forms as bf
from breakthroughs.constants import CostKind, GoalReached, Status
from breakthroughs.models import Breakthrough, BudgetPot
from breakthroughs.services import (
    TransitionError,
    breakthrough_propose,
    breakthrough_transition,
    breakthrough_update_draft,
    doormodderen_default,
    pots_for_team,
    total_cost,
)
from breakthroughs.workflow import NEEDS_MOTIVATION, STEP_LABELS, Step
from casework.constants import ZrmDomain
from casework.models import Household
from casework.selectors import household_get
from core.audit import audit_record
from core.models import Municipality, Role
from core.permissions import Access, access_for

PAGE_SIZE = 25
AUDIT_PURPOSE = "doorbraak"
STATUS_BADGE = {
    Status.DRAFT: "info",
    Status.SUBMITTED: "info",
    Status.ESCALATED: "warn",
    Status.APPROVED: "ok",
    Status.REJECTED: "error",
    Status.WITHDRAWN: "info",
    Status.CARRIED_OUT: "ok",
    Status.EVALUATED: "ok",
}
GOAL_COLOURS = {
    GoalReached.YES: charts.GREEN,
    GoalReached.PARTLY: charts.AMBER,
    GoalReached.NO: charts.RED,
}
# The buttons of a step: decisions that end the case in red, the rest neutral.
STEP_BUTTON = {
    Step.APPROVE: "primary-action",
    Step.SUBMIT: "primary-action",
    Step.CARRY_OUT: "primary-action",
    Step.EVALUATE: "primary-action",
    Step.ESCALATE: "secondary-action",
    Step.REJECT: "secondary-action",
    Step.WITHDRAW: "subtle",
}


# --- helpers ------------------------------------------------------------------------------


def _require(request: HttpRequest, *roles: str) -> Access:
    access = access_for(request)
    if not access.has_role(*roles):
        raise PermissionDenied
    return access


def _audit_read(
    request: HttpRequest, *, action: str, household_id: int, obj: Any = None, data: Any = None
) -> None:
    municipality = ""
    memberships = access_for(request).memberships
    if memberships:
        municipality = memberships[0].municipality.cbs_code
    audit_record(
        actor=request.user,
        action=action,
        obj=obj,
        household_id=household_id,
        municipality_code=municipality,
        request=request,
        purpose=AUDIT_PURPOSE,
        data=data,
    )


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _regulation_options() -> list[tuple[str, str]]:
    from regulations.models import Regulation

    return list(Regulation.objects.order_by("code").values_list("code", "name"))


def _screening_rows(household: Household) -> tuple[int | None, list[dict[str, str]]]:
    """The schemes of the latest screening that do not fit, each with its decisive article."""
    from regulations.services import latest_screening

    screening = latest_screening(household_id=household.pk)
    if screening is None:
        return None, []
    rows = []
    for result in screening.results or []:
        if not isinstance(result, dict) or result.get("outcome") == "eligible":
            continue
        steps = [s for s in result.get("explanation") or [] if isinstance(s, dict)]
        articles = [s.get("article") for s in steps if s.get("article")]
        rows.append(
            {
                "scheme": str(result.get("scheme", "")),
                "article": str(articles[-1]) if articles else "",
                "outcome": str(result.get("outcome", "")),
                "reason": "",
            }
        )
    return screening.pk, rows


def _comparison(
    *, doormodderen: Decimal | None, cost: Decimal | None, avoided: Decimal | None
) -> dict[str, Any]:
    """Doormodderen or doorbreken: the figures side by side."""
    doormodderen = doormodderen or Decimal("0")
    cost = cost or Decimal("0")
    avoided = avoided or Decimal("0")
    return {
        "doormodderen": doormodderen,
        "cost": cost,
        "avoided": avoided,
        "balance": avoided - cost,
    }


def _form_cost(form: bf.ProposalForm) -> Decimal | None:
    data = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
    amount = data.get("amount") or form.initial.get("amount")
    if not amount:
        return None
    try:
        amount = Decimal(str(amount))
        months = int(data.get("duration_months") or form.initial.get("duration_months") or 1)
    except (ArithmeticError, ValueError):
        return None
    kind = data.get("cost_kind") or form.initial.get("cost_kind") or CostKind.ONE_OFF
    return total_cost(cost_kind=kind, amount=amount, duration_months=months)


def _proposal_context(
    *,
    household: Household,
    form: bf.ProposalForm,
    formset: Any,
    breakthrough: Breakthrough | None = None,
    errors: list[str] | None = None,
) -> dict[str, Any]:
    organisations = list(household.organisations.all())
    raw = form.data if form.is_bound else form.initial

    def _decimal(name: str) -> Decimal | None:
        value = raw.get(name)
        try:
            return Decimal(str(value)) if value not in (None, "") else None
        except ArithmeticError:
            return None

    return {
        "household": household,
        "form": form,
        "formset": formset,
        "breakthrough": breakthrough,
        "organisations": organisations,
        "regulations": _regulation_options(),
        "comparison": _comparison(
            doormodderen=_decimal("doormodderen_yearly_cost"),
            cost=_form_cost(form),
            avoided=_decimal("expected_avoided_cost"),
        ),
        "add_row": bf.ADD_ROW,
        "errors": errors or [],
    }


# --- list ---------------------------------------------------------------------------------


@login_required
def breakthrough_list_view(request: HttpRequest) -> HttpResponse:
    _require(request, Role.PROFESSIONAL, Role.TEAM_LEAD)
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    page = _page(
        request,
        selectors.breakthrough_list(user=request.user, status=status, access=access_for(request)),
    )
    for item in page.object_list:
        item.badge = STATUS_BADGE.get(item.status, "info")
    return render(
        request,
        "breakthroughs/list.html",
        {
            "page": page,
            "status": status,
            "statuses": Status.choices,
            "badges": STATUS_BADGE,
            "unread": selectors.unread_count(request.user),
            "query": f"status={status}" if status else "",
        },
    )


# --- propose and edit ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create_view(request: HttpRequest, household_id: int) -> HttpResponse:
    household = household_get(user=request.user, household_id=household_id)
    pots = pots_for_team(household=household, year=timezone.localdate().year)
    if request.method == "POST" and bf.ADD_ROW not in request.POST:
        submit = request.POST.get("_actie") == "indienen"
        form = bf.ProposalForm(request.POST, pots=pots)
        formset = bf.rules_formset(data=request.POST, submit=submit)
        if form.is_valid() and formset.is_valid():
            try:
                breakthrough = breakthrough_propose(
                    actor=request.user,
                    household=household,
                    data=form.service_data(bf.rules_from_formset(formset)),
                    submit=submit,
                    request=request,
                )
            except ValidationError as exc:
                bf.apply_service_errors(form, exc)
            except TransitionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("De doorbraak is ingediend bij de teamleider.")
                    if submit
                    else _("De doorbraak is als concept opgeslagen."),
                )
                return redirect("breakthroughs:detail", pk=breakthrough.pk)
        status = 400
    elif request.method == "POST":
        main, rows = bf.rows_with_one_more(request.POST)
        form = bf.ProposalForm(initial=main, pots=pots)
        formset = bf.rules_formset(initial=rows, submit=False)
        status = 200
    else:
        screening_id, rows = _screening_rows(household)
        form = bf.ProposalForm(
            initial={
                "doormodderen_yearly_cost": doormodderen_default(household),
                "screening_id": screening_id,
                "budget_pot": pots[0].pk if len(pots) == 1 else None,
            },
            pots=pots,
        )
        formset = bf.rules_formset(initial=rows, submit=False)
        _audit_read(
            request,
            action="household.read",
            household_id=household.pk,
            obj=household,
            data={"for": "doorbraakvoorstel"},
        )
        status = 200
    context = _proposal_context(household=household, form=form, formset=formset)
    context["title"] = _("Doorbraak voorstellen")
    context["pots_missing"] = not pots
    return render(request, "breakthroughs/proposal_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def breakthrough_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    breakthrough = selectors.breakthrough_get(
        user=request.user, breakthrough_id=pk, access=access_for(request)
    )
    access = access_for(request)
    if not selectors.can_see_household(access=access, breakthrough=breakthrough):
        raise Http404
    if breakthrough.status != Status.DRAFT:
        messages.error(request, _("Alleen een concept kan nog worden gewijzigd."))
        return redirect("breakthroughs:detail", pk=pk)
    household = breakthrough.household
    pots = pots_for_team(household=household, year=timezone.localdate().year)
    if breakthrough.budget_pot not in pots:
        pots.append(breakthrough.budget_pot)
    status = 200
    if request.method == "POST" and bf.ADD_ROW not in request.POST:
        submit = request.POST.get("_actie") == "indienen"
        form = bf.ProposalForm(request.POST, pots=pots)
        formset = bf.rules_formset(data=request.POST, submit=submit)
        if form.is_valid() and formset.is_valid():
            try:
                updated = breakthrough_update_draft(
                    actor=request.user,
                    breakthrough=breakthrough,
                    data=form.service_data(bf.rules_from_formset(formset)),
                    request=request,
                )
                if submit:
                    breakthrough_transition(
                        actor=request.user,
                        breakthrough_id=updated.pk,
                        step=Step.SUBMIT,
                        expected_status=Status.DRAFT,
                        motivation="",
                        request=request,
                    )
            except ValidationError as exc:
                bf.apply_service_errors(form, exc)
            except TransitionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("De doorbraak is ingediend bij de teamleider.")
                    if submit
                    else _("Het concept is opgeslagen."),
                )
                return redirect("breakthroughs:detail", pk=pk)
        status = 400
    elif request.method == "POST":
        main, rows = bf.rows_with_one_more(request.POST)
        form = bf.ProposalForm(initial=main, pots=pots)
        formset = bf.rules_formset(initial=rows, submit=False)
    else:
        initial = {key: getattr(breakthrough, key) for key in bf.ProposalForm.base_fields}
        initial["budget_pot"] = breakthrough.budget_pot_id
        form = bf.ProposalForm(initial=initial, pots=pots)
        formset = bf.rules_formset(initial=list(breakthrough.rules_checked or []), submit=False)
        _audit_read(
            request, action="breakthrough.read", household_id=household.pk, obj=breakthrough
        )
    context = _proposal_context(
        household=household, form=form, formset=formset, breakthrough=breakthrough
    )
    context["title"] = _("Concept wijzigen")
    return render(request, "breakthroughs/proposal_form.html", context, status=status)


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
    domains = dict(ZrmDomain.choices)
    evaluation = selectors.breakthrough_evaluation(breakthrough)
    return {
        "breakthrough": breakthrough,
        "household_visible": selectors.can_see_household(access=access, breakthrough=breakthrough),
        "life_domains": [domains.get(code, code) for code in breakthrough.life_domains or []],
        "rules": breakthrough.rules_checked or [],
        "outcome_labels": bf.OUTCOME_LABELS,
        "history": selectors.breakthrough_history(breakthrough),
        "step_labels": STEP_LABELS,
        "status_labels": dict(Status.choices),
        "evaluation": evaluation,
        "pot": pot,
        "pot_bar": charts.pot_bar(
            chart_id=f"pot-{pot.pk}", amount=pot.amount, committed=pot.committed, spent=pot.spent
        ),
        "above_limit": breakthrough.total_cost > pot.team_lead_limit,
        "shortfall": max(breakthrough.total_cost - pot.remaining, Decimal("0")),
        "comparison": _comparison(
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
    _audit_read(
        request,
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


# --- queues and notifications ------------------------------------------------------------


@login_required
def queue_view(request: HttpRequest) -> HttpResponse:
    access = _require(request, Role.TEAM_LEAD, Role.BOARD_MEMBER)
    now = timezone.now()
    team = (
        list(selectors.team_queue(user=request.user, now=now, access=access))
        if access.is_team_lead
        else None
    )
    board = (
        list(selectors.board_queue(user=request.user, now=now, access=access))
        if access.has_role(Role.BOARD_MEMBER)
        else None
    )
    return render(
        request,
        "breakthroughs/queue.html",
        {
            "team_queue": team,
            "board_queue": board,
            "unread": selectors.unread_count(request.user),
        },
    )


@login_required
def notification_list_view(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("ongelezen") == "1"
    items = selectors.notifications_for(user=request.user, unread_only=unread_only)
    return render(
        request,
        "breakthroughs/notifications.html",
        {
            "page": _page(request, items),
            "unread_only": unread_only,
            "query": "ongelezen=1" if unread_only else "",
        },
    )


@login_required
@require_POST
def notification_read_view(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = get_object_or_404(
        selectors.notifications_for(user=request.user), pk=notification_id
    )
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect("breakthroughs:notifications")


@login_required
@require_POST
def notification_read_all_view(request: HttpRequest) -> HttpResponse:
    count = selectors.notifications_for(user=request.user, unread_only=True).update(
        read_at=timezone.now()
    )
    messages.success(request, _("%(count)s meldingen als gelezen gemarkeerd.") % {"count": count})
    return redirect("breakthroughs:notifications")


# --- budget pots ----------------------------------------------------------------------------


@login_required
def pot_list_view(request: HttpRequest) -> HttpResponse:
    access = _require(request, Role.TEAM_LEAD, Role.FUNCTIONAL_ADMIN)
    pots = list(selectors.pots_visible_to(request.user, access))
    rows = [
        {
            "pot": pot,
            "bar": charts.pot_bar(
                chart_id=f"pot-{pot.pk}",
                amount=pot.amount,
                committed=pot.committed,
                spent=pot.spent,
            ),
        }
        for pot in pots
    ]
    return render(
        request,
        "breakthroughs/pots.html",
        {"rows": rows, "can_manage": access.has_role(Role.FUNCTIONAL_ADMIN)},
    )


def _admin_municipality(request: HttpRequest) -> Municipality:
    access = _require(request, Role.FUNCTIONAL_ADMIN)
    for membership in access.memberships:
        if membership.role == Role.FUNCTIONAL_ADMIN:
            return membership.municipality
    raise PermissionDenied


def _pot_form_view(request: HttpRequest, pot: BudgetPot | None) -> HttpResponse:
    municipality = pot.municipality if pot is not None else _admin_municipality(request)
    if request.method == "POST":
        form = bf.BudgetPotForm(request.POST, instance=pot, municipality=municipality)
        if form.is_valid():
            try:
                bf.budget_pot_save(
                    actor=request.user,
                    municipality=municipality,
                    data=form.cleaned_data,
                    pot=pot,
                    request=request,
                )
            except ValidationError as exc:
                bf.apply_service_errors(form, exc)
            else:
                messages.success(request, _("Het budget is opgeslagen."))
                return redirect("breakthroughs:pots")
        status = 400
    else:
        initial = {} if pot is not None else {"year": timezone.localdate().year}
        form = bf.BudgetPotForm(instance=pot, municipality=municipality, initial=initial)
        status = 200
    return render(
        request,
        "breakthroughs/pot_form.html",
        {"form": form, "pot": pot, "municipality": municipality},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def pot_create_view(request: HttpRequest) -> HttpResponse:
    _require(request, Role.FUNCTIONAL_ADMIN)
    return _pot_form_view(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def pot_edit_view(request: HttpRequest, pot_id: int) -> HttpResponse:
    _require(request, Role.FUNCTIONAL_ADMIN)
    return _pot_form_view(
        request,
        selectors.pot_get_for_admin(user=request.user, pot_id=pot_id, access=access_for(request)),
    )


# --- dashboard ----------------------------------------------------------------------------


@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    access = _require(request, Role.TEAM_LEAD)
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("jaar") or this_year)
    except ValueError:
        year = this_year
    if not 2000 <= year <= this_year + 1:
        year = this_year
    board = selectors.dashboard_for(user=request.user, year=year, access=access)
    for row in board.spend_by_month:
        row["label"] = charts.MONTH_NAMES[row["month"] - 1]
    status_chart = charts.horizontal_bars(
        chart_id="grafiek-status",
        title=_("Doorbraken per status, %(year)s") % {"year": year},
        description=_("Aantal doorbraken die in %(year)s zijn aangemaakt, per huidige status.")
        % {"year": year},
        bars=[charts.Bar(row["label"], row["count"]) for row in board.by_status],
    )
    spend_chart = charts.spend_against_budget(
        chart_id="grafiek-besteding",
        title=_("Besteding tegen budget per maand, %(year)s") % {"year": year},
        description=_(
            "Staven: toegekend bedrag per maand. Lijn: totaal tot en met die maand. "
            "Stippellijn: het budget van het jaar (%(budget)s)."
        )
        % {"budget": charts.euro(board.budget_total)},
        months=board.spend_by_month,
        budget=board.budget_total,
    )
    outcome_chart = charts.horizontal_bars(
        chart_id="grafiek-uitkomsten",
        title=_("Uitkomsten van evaluaties, %(year)s") % {"year": year},
        description=_("Is het doel op korte termijn bereikt: ja, gedeeltelijk of nee."),
        bars=[
            charts.Bar(row["label"], row["count"], GOAL_COLOURS[row["goal"]])
            for row in board.outcomes
        ],
    )
    return render(
        request,
        "breakthroughs/dashboard.html",
        {
            "board": board,
            "year": year,
            "years": list(range(this_year - 4, this_year + 1)),
            "status_chart": status_chart,
            "spend_chart": spend_chart,
            "outcome_chart": outcome_chart,
            "months": charts.MONTHS,
            "remaining": board.budget_total - board.spend_total,
        },
    )


# --- case section (htmx) --------------------------------------------------------------------


@login_required
def case_section_view(request: HttpRequest, household_id: int) -> HttpResponse:
    household = household_get(user=request.user, household_id=household_id)
    items = list(selectors.household_breakthroughs(household_id=household.pk))
    for item in items:
        item.badge = STATUS_BADGE.get(item.status, "info")
    _audit_read(
        request,
        action="breakthrough.list",
        household_id=household.pk,
        obj=household,
        data={"for": "dossier"},
    )
    context = {
        "household": household,
        "items": items,
        "badges": STATUS_BADGE,
        "propose_url": reverse("breakthroughs:propose", args=[household.pk]),
    }
    template = (
        "breakthroughs/partials/case_section.html"
        if getattr(request, "htmx", False)
        else "breakthroughs/case_section_page.html"
    )
    return render(request, template, context)
