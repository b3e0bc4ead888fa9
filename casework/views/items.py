"""Dossier items: the generic item add/edit/delete, housing, plan, ZRM assessment and journal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from casework import forms as cf
from casework.models import (
    Asset,
    BenefitReceived,
    Debt,
    FixedCost,
    Household,
    Housing,
    Income,
    InvolvedOrganisation,
    PlanGoal,
    WgsRequest,
)
from casework.services import (
    assessment_create,
    housing_save,
    item_delete,
    item_save,
    journal_add,
    plan_save,
)
from casework.views.common import (
    detail_url,
    household_for_form,
    render_form,
    saved_response,
)
from core.presentation.form_errors import error_items

# --- generic dossier items ----------------------------------------------------------------


@dataclass(frozen=True)
class ItemKind:
    model: type[models.Model]
    form_class: type[cf.ItemForm]
    anchor: str
    add_title: Promise
    edit_title: Promise
    delete_title: Promise
    saved: Promise
    deleted: Promise

    def queryset(self, household: Household) -> models.QuerySet[Any]:
        if self.model is Income:
            return Income.objects.filter(member__household=household).select_related("member")
        return self.model._default_manager.filter(household=household)

    def new(self, household: Household) -> models.Model:
        return self.model() if self.model is Income else self.model(household=household)


ITEM_KINDS: dict[str, ItemKind] = {
    "inkomens": ItemKind(
        Income,
        cf.IncomeForm,
        "geld",
        gettext_lazy("Inkomen toevoegen"),
        gettext_lazy("Inkomen wijzigen"),
        gettext_lazy("Inkomen verwijderen"),
        gettext_lazy("Het inkomen is opgeslagen."),
        gettext_lazy("Het inkomen is verwijderd."),
    ),
    "schulden": ItemKind(
        Debt,
        cf.DebtForm,
        "geld",
        gettext_lazy("Schuld toevoegen"),
        gettext_lazy("Schuld wijzigen"),
        gettext_lazy("Schuld verwijderen"),
        gettext_lazy("De schuld is opgeslagen."),
        gettext_lazy("De schuld is verwijderd."),
    ),
    "vermogen": ItemKind(
        Asset,
        cf.AssetForm,
        "geld",
        gettext_lazy("Vermogen toevoegen"),
        gettext_lazy("Vermogen wijzigen"),
        gettext_lazy("Vermogen verwijderen"),
        gettext_lazy("Het vermogensbestanddeel is opgeslagen."),
        gettext_lazy("Het vermogensbestanddeel is verwijderd."),
    ),
    "regelingen": ItemKind(
        BenefitReceived,
        cf.BenefitForm,
        "geld",
        gettext_lazy("Ontvangen regeling toevoegen"),
        gettext_lazy("Ontvangen regeling wijzigen"),
        gettext_lazy("Ontvangen regeling verwijderen"),
        gettext_lazy("De ontvangen regeling is opgeslagen."),
        gettext_lazy("De ontvangen regeling is verwijderd."),
    ),
    "doelen": ItemKind(
        PlanGoal,
        cf.GoalForm,
        "perspectiefplan",
        gettext_lazy("Doel toevoegen"),
        gettext_lazy("Doel wijzigen"),
        gettext_lazy("Doel verwijderen"),
        gettext_lazy("Het doel is opgeslagen."),
        gettext_lazy("Het doel is verwijderd."),
    ),
    "vaste-lasten": ItemKind(
        FixedCost,
        cf.FixedCostForm,
        "geld",
        gettext_lazy("Vaste last toevoegen"),
        gettext_lazy("Vaste last wijzigen"),
        gettext_lazy("Vaste last verwijderen"),
        gettext_lazy("De vaste last is opgeslagen."),
        gettext_lazy("De vaste last is verwijderd."),
    ),
    "schuldhulp": ItemKind(
        WgsRequest,
        cf.WgsRequestForm,
        "geld",
        gettext_lazy("Hulpvraag schuldhulpverlening vastleggen"),
        gettext_lazy("Hulpvraag schuldhulpverlening wijzigen"),
        gettext_lazy("Hulpvraag schuldhulpverlening verwijderen"),
        gettext_lazy("De hulpvraag is opgeslagen."),
        gettext_lazy("De hulpvraag is verwijderd."),
    ),
    "organisaties": ItemKind(
        InvolvedOrganisation,
        cf.OrganisationForm,
        "organisaties",
        gettext_lazy("Betrokken organisatie toevoegen"),
        gettext_lazy("Betrokken organisatie wijzigen"),
        gettext_lazy("Betrokken organisatie verwijderen"),
        gettext_lazy("De betrokken organisatie is opgeslagen."),
        gettext_lazy("De betrokken organisatie is verwijderd."),
    ),
}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_edit_view(
    request: HttpRequest, pk: int, kind: str, item_id: int | None = None
) -> HttpResponse:
    spec = ITEM_KINDS[kind]
    household = household_for_form(request, pk)
    item = (
        get_object_or_404(spec.queryset(household), pk=item_id) if item_id else spec.new(household)
    )
    if item_id and hasattr(item, "household_id"):
        item.household = household
    if request.method == "POST":
        form = spec.form_class(request.POST, instance=item, household=household)
        if form.is_valid():
            instance = form.instance
            if isinstance(instance, Income):
                instance.member.household = household

            def save() -> None:
                item_save(
                    actor=request.user,
                    item=instance,
                    expected_version=form.cleaned_data["version"],
                    request=request,
                )

            response = saved_response(
                request,
                form,
                save,
                message=str(spec.saved),
                target=detail_url(household, spec.anchor),
            )
            if response is not None:
                return response
    else:
        form = spec.form_class(
            instance=item, household=household, initial={"version": household.version}
        )
    return render_form(
        request,
        household,
        form,
        title=spec.edit_title if item_id else spec.add_title,
        cancel_anchor=spec.anchor,
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_delete_view(request: HttpRequest, pk: int, kind: str, item_id: int) -> HttpResponse:
    spec = ITEM_KINDS[kind]
    household = household_for_form(request, pk)
    item = get_object_or_404(spec.queryset(household), pk=item_id)
    if isinstance(item, Income):
        item.member.household = household
    else:
        item.household = household
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            item_delete(actor=request.user, item=item, request=request)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, str(spec.deleted))
            return redirect(detail_url(household, spec.anchor))
    return render(
        request,
        "casework/confirm_delete.html",
        {
            "household": household,
            "form": form,
            "title": spec.delete_title,
            "question": _("Weet u zeker dat u “%(item)s” wilt verwijderen?") % {"item": item},
            "cancel_url": detail_url(household, spec.anchor),
            "errors": error_items((form, "")),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


# --- housing, plan, assessment, journal ---------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def housing_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_for_form(request, pk)
    housing = Housing.objects.filter(household=household).first() or Housing(household=household)
    if request.method == "POST":
        form = cf.HousingForm(request.POST, instance=housing)
        if form.is_valid():

            def save() -> None:
                housing_save(
                    actor=request.user,
                    household=household,
                    data=form.service_data(),
                    expected_version=form.cleaned_data["version"],
                    request=request,
                )

            response = saved_response(
                request,
                form,
                save,
                message=_("De woonsituatie is opgeslagen."),
                target=detail_url(household, "geld"),
            )
            if response is not None:
                return response
    else:
        form = cf.HousingForm(instance=housing, initial={"version": household.version})
    return render_form(
        request,
        household,
        form,
        title=_("Woonsituatie"),
        cancel_anchor="geld",
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_for_form(request, pk)
    if request.method == "POST":
        form = cf.PlanForm(request.POST)
        if form.is_valid():

            def save() -> None:
                plan_save(
                    actor=request.user,
                    household=household,
                    data={k: v for k, v in form.cleaned_data.items() if k != "version"},
                    expected_version=form.cleaned_data["version"],
                    request=request,
                )

            response = saved_response(
                request,
                form,
                save,
                message=_("Het perspectiefplan is opgeslagen."),
                target=detail_url(household, "perspectiefplan"),
            )
            if response is not None:
                return response
    else:
        plan = getattr(household, "perspective_plan", None)
        initial: dict[str, Any] = {"version": household.version}
        if plan is not None:
            initial.update(
                own_words=plan.own_words, desired_situation=plan.desired_situation, needs=plan.needs
            )
        form = cf.PlanForm(initial=initial)
    return render_form(
        request,
        household,
        form,
        title=_("Perspectiefplan"),
        intro=_("Schrijf op in de woorden van het huishouden zelf."),
        cancel_anchor="perspectiefplan",
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def assessment_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_for_form(request, pk)
    form = cf.AssessmentForm(
        request.POST if request.method == "POST" else None, household=household
    )
    if request.method == "POST" and form.is_valid():
        response = saved_response(
            request,
            form,
            lambda: assessment_create(
                actor=request.user,
                household=household,
                assessed_on=form.cleaned_data["assessed_on"],
                scores=form.scores(),
                reasons=form.reasons(),
                member=form.cleaned_data.get("member"),
                request=request,
            ),
            message=_("De ZRM-meting is opgeslagen."),
            target=detail_url(household, "zrm"),
            field_map=form.service_field_map(),
        )
        if response is not None:
            return response
    return render_form(
        request,
        household,
        form,
        title=_("Nieuwe ZRM-meting"),
        intro=_(
            "Vul alleen de domeinen van de Zelfredzaamheid-Matrix (ZRM 2017) in die voor dit "
            "huishouden nodig zijn: een score van 1 (acute problematiek) tot 5 (volledig "
            "zelfredzaam), met de reden waarom het domein is ingevuld."
        ),
        template="casework/assessment_form.html",
        cancel_anchor="zrm",
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def journal_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_for_form(request, pk)
    form = cf.JournalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        response = saved_response(
            request,
            form,
            lambda: journal_add(
                actor=request.user,
                household=household,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                occurred_on=form.cleaned_data["occurred_on"],
                request=request,
            ),
            message=_("De notitie is toegevoegd aan de tijdlijn."),
            target=detail_url(household, "tijdlijn"),
        )
        if response is not None:
            return response
    return render_form(
        request,
        household,
        form,
        title=_("Notitie toevoegen aan de tijdlijn"),
        submit_label=_("Toevoegen"),
        cancel_anchor="tijdlijn",
        status=422 if form.is_bound and form.errors else 200,
    )
