"""Proposing a breakthrough and editing a draft."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from breakthroughs import forms as bf
from breakthroughs import selectors
from breakthroughs.constants import LEGAL_ROUTE_HELP, CostKind, LegalRoute, Status
from breakthroughs.models import Breakthrough
from breakthroughs.services import (
    TransitionError,
    breakthrough_propose,
    breakthrough_transition,
    breakthrough_update_draft,
    doormodderen_default,
    pots_for_team,
    record_read,
    total_cost,
)
from breakthroughs.views.common import cost_comparison
from breakthroughs.workflow import Step
from casework.models import Household
from casework.selectors import household_get
from core.permissions import access_for
from regulations.services.screening import explained_results


def _regulation_options() -> list[tuple[str, str]]:
    from regulations.models import Regulation

    return list(Regulation.objects.order_by("code").values_list("code", "name"))


def _screening_rows(household: Household) -> tuple[int | None, list[dict[str, Any]]]:
    """The schemes of the latest screening that matter, each with its decisive article."""
    from regulations.services import latest_screening

    screening = latest_screening(household_id=household.pk)
    if screening is None:
        return None, []
    rows = []
    # A bulk re-screen stores no explanation steps; they are written from the inputs here.
    for result in explained_results(screening) if screening.results else []:
        if not isinstance(result, dict):
            continue
        # Only what matters: entitled but not received, or no right at all. A scheme already
        # received, or one waiting for data, blocks nothing the worker should explain here.
        entitled_unused = result.get("outcome") == "eligible" and result.get("non_take_up")
        if not (entitled_unused or result.get("outcome") == "not_eligible"):
            continue
        if result.get("received"):
            continue
        steps = [s for s in result.get("explanation") or [] if isinstance(s, dict)]
        articles = [s.get("article") for s in steps if s.get("article")]
        rows.append(
            {
                "scheme": str(result.get("scheme", "")),
                "article": str(articles[-1]) if articles else "",
                "outcome": str(result.get("outcome", "")),
                "reason": "",
                "prefilled": True,
                "keep": False,
            }
        )
    return screening.pk, rows


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
        "comparison": cost_comparison(
            doormodderen=_decimal("doormodderen_yearly_cost"),
            cost=_form_cost(form),
            avoided=_decimal("expected_avoided_cost"),
        ),
        "add_row": bf.ADD_ROW,
        "legal_routes": [
            {"label": LegalRoute(code).label, "help": text, "basis": basis}
            for code, (text, basis) in LEGAL_ROUTE_HELP.items()
        ],
        "errors": errors or [],
    }


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
        record_read(
            actor=request.user,
            request=request,
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
        initial = {
            key: getattr(breakthrough, key)
            for key in bf.ProposalForm.base_fields
            if hasattr(breakthrough, key)
        }
        initial.update(bf.article_initial(breakthrough.article))
        initial["budget_pot"] = breakthrough.budget_pot_id
        form = bf.ProposalForm(initial=initial, pots=pots)
        formset = bf.rules_formset(initial=list(breakthrough.rules_checked or []), submit=False)
        record_read(
            actor=request.user,
            request=request,
            action="breakthrough.read",
            household_id=household.pk,
            obj=breakthrough,
        )
    context = _proposal_context(
        household=household, form=form, formset=formset, breakthrough=breakthrough
    )
    context["title"] = _("Concept wijzigen")
    return render(request, "breakthroughs/proposal_form.html", context, status=status)


# --- the live comparison (htmx) ---------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def comparison_view(request: HttpRequest) -> HttpResponse:
    """The comparison table for the figures typed so far; the form updates it while typing."""
    figures = bf.ComparisonForm(request.GET).figures()
    cost = None
    if figures["amount"]:
        cost = total_cost(
            cost_kind=figures["cost_kind"] or CostKind.ONE_OFF,
            amount=figures["amount"],
            duration_months=figures["duration_months"] or 1,
        )
    comparison = cost_comparison(
        doormodderen=figures["doormodderen_yearly_cost"],
        cost=cost,
        avoided=figures["expected_avoided_cost"],
    )
    return render(request, "breakthroughs/partials/comparison.html", {"comparison": comparison})
