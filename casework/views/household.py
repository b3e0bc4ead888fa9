"""Household edit, close/reopen and the assignment of a casusregisseur."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from casework import forms as cf
from casework.models import Household
from casework.services import household_assign, household_close, household_reopen, household_update
from casework.views.common import (
    detail_url,
    household_for_form,
    professional_choices,
    render_form,
    saved_response,
)
from core.models import User

# --- household edit, status, assignment ----------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def household_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_for_form(request, pk)
    if request.method == "POST":
        form = cf.HouseholdEditForm(request.POST)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}

            def save() -> None:
                household_update(
                    actor=request.user,
                    household=household,
                    expected_version=form.cleaned_data["version"],
                    data=data,
                    request=request,
                )

            response = saved_response(
                request,
                form,
                save,
                message=_("De gegevens van het huishouden zijn opgeslagen."),
                target=detail_url(household, "overzicht"),
            )
            if response is not None:
                return response
    else:
        form = cf.HouseholdEditForm(
            initial={
                "postcode": household.postcode,
                "house_number": household.house_number,
                "house_number_suffix": household.house_number_suffix,
                "start_date": household.start_date,
                "low_income_since": household.low_income_since,
                "municipal_tax_yearly": household.municipal_tax_yearly,
                "version": household.version,
            }
        )
    return render_form(
        request,
        household,
        form,
        title=_("Gegevens van het huishouden wijzigen"),
        cancel_anchor="overzicht",
        status=422 if form.is_bound and form.errors else 200,
    )


def _status_view(
    request: HttpRequest,
    pk: int,
    *,
    service: Callable[..., Household],
    title: str,
    intro: str,
    submit: str,
    done: str,
) -> HttpResponse:
    household = household_for_form(request, pk)
    form = cf.ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        response = saved_response(
            request,
            form,
            lambda: service(
                actor=request.user,
                household=household,
                reason=form.cleaned_data["reason"],
                request=request,
            ),
            message=done,
            target=detail_url(household, "overzicht"),
        )
        if response is not None:
            return response
    return render_form(
        request,
        household,
        form,
        title=title,
        intro=intro,
        submit_label=submit,
        cancel_anchor="overzicht",
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def household_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_view(
        request,
        pk,
        service=household_close,
        title=_("Huishouden afsluiten"),
        intro=_(
            "Na het afsluiten kunt u het dossier nog inzien, maar niets meer wijzigen tot u het "
            "heropent. De reden komt in de tijdlijn."
        ),
        submit=_("Afsluiten"),
        done=_("Het huishouden is afgesloten."),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def household_reopen_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_view(
        request,
        pk,
        service=household_reopen,
        title=_("Huishouden heropenen"),
        intro=_("De reden komt in de tijdlijn."),
        submit=_("Heropenen"),
        done=_("Het huishouden is heropend."),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def household_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_for_form(request, pk)
    professionals = professional_choices([household.team_id])
    form = cf.AssignForm(
        request.POST if request.method == "POST" else None,
        professionals=professionals,
        initial={"professional": household.assigned_professional_id},
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["professional"]
        professional = User.objects.get(pk=chosen) if chosen else None
        response = saved_response(
            request,
            form,
            lambda: household_assign(
                actor=request.user, household=household, professional=professional, request=request
            ),
            message=_("De casusregisseur is vastgelegd."),
            target=detail_url(household, "overzicht"),
        )
        if response is not None:
            return response
    return render_form(
        request,
        household,
        form,
        title=_("Casusregisseur kiezen"),
        intro=_("U kunt een professional of teamleider van %(team)s kiezen.")
        % {"team": household.team.name},
        cancel_anchor="overzicht",
        status=422 if form.is_bound and form.errors else 200,
    )
