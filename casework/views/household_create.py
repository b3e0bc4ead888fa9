"""The create wizard: household, members and housing in one form."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from casework import forms as cf
from casework.services import HOUSEHOLD_FIELDS, household_create
from casework.views.common import (
    case_teams,
    detail_url,
    require_case_role,
    unbound_initial,
)
from core.models import Team
from core.presentation.form_errors import error_items

# --- create wizard ------------------------------------------------------------------------


WIZARD_STEPS = [
    ("stap-huishouden", gettext_lazy("Huishouden")),
    ("stap-gezinsleden", gettext_lazy("Gezinsleden en inkomen")),
    ("stap-wonen", gettext_lazy("Wonen en geld")),
    ("stap-opslaan", gettext_lazy("Controleren en opslaan")),
]

# Step 1 shows these fields of the household form; step 3 shows its money facts.
ADDRESS_FIELDS = ("team", "postcode", "house_number", "house_number_suffix", "start_date")

MemberFormSetWithRow = forms.formset_factory(
    cf.MemberRowForm,
    formset=cf.BaseMemberFormSet,
    extra=1,
    can_delete=True,
    max_num=20,
    absolute_max=20,
)


def _wizard_forms(
    request: HttpRequest, teams: list[Team]
) -> tuple[cf.HouseholdStepForm, cf.BaseMemberFormSet, cf.WizardHousingForm]:
    choices = [(team.pk, team.name) for team in teams]
    if request.method != "POST":
        return (
            cf.HouseholdStepForm(teams=choices, prefix="household"),
            cf.MemberFormSet(prefix="members", initial=[{"relation": "applicant"}]),
            cf.WizardHousingForm(prefix="housing"),
        )
    return (
        cf.HouseholdStepForm(request.POST, teams=choices, prefix="household"),
        cf.MemberFormSet(request.POST, prefix="members"),
        cf.WizardHousingForm(request.POST, prefix="housing"),
    )


def _wizard_add_row(
    household_form: cf.HouseholdStepForm,
    formset: cf.BaseMemberFormSet,
    housing_form: cf.WizardHousingForm,
    teams: list[Team],
) -> tuple[cf.HouseholdStepForm, cf.BaseMemberFormSet, cf.WizardHousingForm]:
    """The same input again, unvalidated, with one empty member row (works without JavaScript)."""
    rows = [unbound_initial(form) for form in formset.forms]
    return (
        cf.HouseholdStepForm(
            initial=unbound_initial(household_form),
            teams=[(team.pk, team.name) for team in teams],
            prefix="household",
        ),
        MemberFormSetWithRow(prefix="members", initial=rows),
        cf.WizardHousingForm(initial=unbound_initial(housing_form), prefix="housing"),
    )


def _apply_wizard_errors(
    exc: ValidationError,
    household_form: cf.HouseholdStepForm,
    rows: list[cf.MemberRowForm],
    housing_form: cf.WizardHousingForm,
) -> list[str]:
    """Put `members.1.birth_date`-style service errors on the right row and field."""
    general: list[str] = []
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    for key, messages_ in exc.message_dict.items():
        parts = key.split(".")
        if parts[0] == "members" and len(parts) == 3 and parts[1].isdigit():
            index, name = int(parts[1]), parts[2]
            form = rows[index] if index < len(rows) else None
            if form is not None and name in form.fields:
                for message in messages_:
                    form.add_error(name, message)
                continue
        elif parts[0] == "housing" and len(parts) == 2 and parts[1] in housing_form.fields:
            for message in messages_:
                housing_form.add_error(parts[1], message)
            continue
        elif key in household_form.fields:
            for message in messages_:
                household_form.add_error(key, message)
            continue
        general.extend(messages_)
    return general


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def household_create_view(request: HttpRequest) -> HttpResponse:
    access = require_case_role(request)
    teams = case_teams(access)
    household_form, formset, housing_form = _wizard_forms(request, teams)
    general_errors: list[str] = []
    added_row = False
    if request.method == "POST" and "add_member" in request.POST:
        household_form, formset, housing_form = _wizard_add_row(
            household_form, formset, housing_form, teams
        )
        added_row = True
    elif request.method == "POST":
        valid = [household_form.is_valid(), formset.is_valid(), housing_form.is_valid()]
        if all(valid):
            rows = [
                form
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            team = next(t for t in teams if t.pk == household_form.cleaned_data["team"])
            data = household_form.cleaned_data
            try:
                household = household_create(
                    actor=request.user,
                    team=team,
                    household={key: data[key] for key in HOUSEHOLD_FIELDS},
                    members=[form.service_data() for form in rows],
                    housing=housing_form.service_data(),
                    assets_total=data.get("assets_total"),
                    benefits_received=data.get("benefits_received") or [],
                    assigned_professional=request.user,
                    request=request,
                )
            except ValidationError as exc:
                general_errors = _apply_wizard_errors(exc, household_form, rows, housing_form)
            else:
                messages.success(request, _("Het huishouden is aangemeld."))
                return redirect(detail_url(household))
    member_labels = [
        _("Gezinslid %(number)s") % {"number": index + 1} for index in range(len(formset.forms))
    ]
    errors = (
        error_items(
            (household_form, _("Huishouden")),
            *zip(formset.forms, member_labels, strict=True),
            (housing_form, _("Wonen")),
            extra=[*(formset.non_form_errors() if formset.is_bound else []), *general_errors],
        )
        if request.method == "POST" and not added_row
        else []
    )
    return render(
        request,
        "casework/household_create.html",
        {
            "household_form": household_form,
            "formset": formset,
            "member_rows": list(zip(formset.forms, member_labels, strict=True)),
            "housing_form": housing_form,
            "steps": WIZARD_STEPS,
            "address_fields": ADDRESS_FIELDS,
            "errors": errors,
            "general_errors": general_errors,
            "added_row": added_row,
        },
        status=422 if errors else 200,
    )
