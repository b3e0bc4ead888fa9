"""The casework pages: household list, create wizard, case page, edit forms and the export.

Views parse input, call one selector or service and render. Access: a household is reachable only
through `selectors.household_get`/`household_dossier` (404 outside the user's teams); the list and
the wizard need a case role (403 otherwise). Every write is POST-redirect-GET with a message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import DecimalField, Min, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from casework import forms as cf
from casework.constants import CreditorKind
from casework.export import build_dossier_export
from casework.models import (
    AssessmentScore,
    Asset,
    BenefitReceived,
    Debt,
    Household,
    Housing,
    Income,
    InvolvedOrganisation,
    Member,
    PlanGoal,
)
from casework.sections import sections_for, slots_for
from casework.selectors import (
    JOURNAL_ON_PAGE,
    household_dossier,
    household_get,
    household_list,
    looks_like_bsn,
    money_summary,
    zrm_profile,
)
from casework.services import (
    VersionConflictError,
    assessment_create,
    household_assign,
    household_close,
    household_create,
    household_reopen,
    household_update,
    housing_save,
    item_delete,
    item_save,
    journal_add,
    member_add,
    member_remove,
    member_reveal_bsn,
    member_update,
    plan_save,
    record_read,
)
from core.audit import audit_record
from core.models import CASE_ROLES, Team, User
from core.permissions import Access, access_for

PAGE_SIZE = 25
SAVE_LABEL = gettext_lazy("Opslaan")
CONFLICT_MESSAGE = gettext_lazy(
    "Dit huishouden is intussen door iemand anders gewijzigd. Uw invoer staat hieronder nog; "
    "bekijk zo nodig eerst de dossierpagina en sla daarna opnieuw op."
)


# --- helpers ------------------------------------------------------------------------------


def _require_case_role(request: HttpRequest) -> Access:
    access = access_for(request)
    if not access.can_see_cases:
        raise PermissionDenied
    return access


def _case_teams(access: Access) -> list[Team]:
    teams = {m.team_id: m.team for m in access.memberships if m.team and m.role in CASE_ROLES}
    return sorted(teams.values(), key=lambda team: team.name)


def _user_label(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _professionals(team_ids: Iterable[int]) -> list[tuple[int, str]]:
    users = (
        User.objects.filter(
            memberships__team_id__in=list(team_ids), memberships__role__in=CASE_ROLES
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    return [(user.pk, _user_label(user)) for user in users]


def _detail_url(household: Household, anchor: str = "") -> str:
    url = reverse("casework:detail", args=[household.pk])
    return f"{url}#{anchor}" if anchor else url


def _anchor_id(bound: forms.BoundField) -> str | None:
    if bound.is_hidden:
        return None
    if isinstance(bound.field.widget, forms.RadioSelect):
        return f"{bound.auto_id}_0"
    return bound.id_for_label or bound.auto_id or None


def error_summary(
    *forms_with_labels: tuple[forms.BaseForm | None, str | Promise],
    extra: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """Every error of the page, each linking to its field (the summary at the top of a form)."""
    items: list[dict[str, Any]] = [{"href": None, "text": str(text)} for text in extra]
    for form, prefix in forms_with_labels:
        if form is None or not form.is_bound or not form.errors:
            continue
        lead = f"{prefix}: " if prefix else ""
        for message in form.errors.get(NON_FIELD_ERRORS, []):
            items.append({"href": None, "text": f"{lead}{message}"})
        for name, errors in form.errors.items():
            if name == NON_FIELD_ERRORS or name not in form.fields:
                continue
            bound = form[name]
            anchor = _anchor_id(bound)
            for message in errors:
                items.append(
                    {
                        "href": f"#{anchor}" if anchor else None,
                        "text": f"{lead}{bound.label}: {message}",
                    }
                )
    return items


def _conflict(form: forms.BaseForm, exc: VersionConflictError) -> None:
    """Keep the user's input, say what happened, and let them save again on the new version."""
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = str(exc.current_version)
    form.add_error(None, CONFLICT_MESSAGE)


def _saved(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[], object],
    *,
    message: str | Promise,
    target: str,
    field_map: dict[str, str] | None = None,
) -> HttpResponse | None:
    """Run one service call for a valid form: on success a message and the redirect (PRG); on a
    version conflict or a service's field errors, None, with the errors put on the form
    (`field_map` names the form field of a service error key that differs)."""
    try:
        save()
    except VersionConflictError as exc:
        _conflict(form, exc)
    except ValidationError as exc:
        cf.apply_service_errors(form, exc, field_map=field_map)
    else:
        messages.success(request, str(message))
        return redirect(target)
    return None


def _render_form(
    request: HttpRequest,
    household: Household,
    form: forms.BaseForm,
    *,
    title: str | Promise,
    cancel_anchor: str = "",
    template: str = "casework/form_page.html",
    submit_label: str | Promise = SAVE_LABEL,
    intro: str | Promise = "",
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "household": household,
        "form": form,
        "title": title,
        "intro": intro,
        "submit_label": submit_label,
        "cancel_url": _detail_url(household, cancel_anchor),
        "errors": error_summary((form, "")),
        **(extra or {}),
    }
    return render(request, template, context, status=status)


def _unbound_initial(form: forms.BaseForm) -> dict[str, Any]:
    """The raw values a user typed, to show them again without validating."""
    return {name: form[name].value() for name in form.fields}


# --- list ---------------------------------------------------------------------------------


def _with_list_columns(households: models.QuerySet[Household]) -> models.QuerySet[Household]:
    debts = (
        Debt.objects.filter(household=OuterRef("pk"))
        .order_by()
        .values("household")
        .annotate(total=Sum("amount"))
        .values("total")[:1]
    )
    lowest = (
        AssessmentScore.objects.filter(assessment_id=OuterRef("latest_assessment_id"))
        .order_by()
        .values("assessment")
        .annotate(low=Min("score"))
        .values("low")[:1]
    )
    money = DecimalField(max_digits=14, decimal_places=2)
    return households.annotate(
        debt_total=Coalesce(
            Subquery(debts, output_field=money), Value(Decimal("0")), output_field=money
        ),
        lowest_zrm=Subquery(lowest),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def household_list_view(request: HttpRequest) -> HttpResponse:
    access = _require_case_role(request)
    teams = _case_teams(access)
    if request.method == "POST":
        # The search form posts, so a BSN typed into it never lands in a URL or access log.
        term = request.POST.get("q", "").strip()
        if looks_like_bsn(term):
            found = list(household_list(user=request.user, bsn=term)[:2])
            if len(found) == 1:
                record_read(
                    actor=request.user,
                    household=found[0],
                    what="household.search_bsn",
                    request=request,
                )
                return redirect("casework:detail", found[0].pk)
            messages.info(request, _("Er is geen huishouden met dit BSN in uw teams."))
            return redirect("casework:list")
        query = request.POST.copy()
        for key in ("csrfmiddlewaretoken", "page"):
            query.pop(key, None)
        cleaned = QueryDict(mutable=True)
        for key, values in query.lists():
            if any(values):
                cleaned.setlist(key, values)
        target = reverse("casework:list")
        return redirect(f"{target}?{cleaned.urlencode()}" if cleaned else target)
    form = cf.HouseholdFilterForm(
        request.GET or None,
        teams=[(team.pk, team.name) for team in teams],
        professionals=_professionals(team.pk for team in teams),
    )
    filters = form.filters() if form.is_bound else {}
    households = _with_list_columns(household_list(user=request.user, **filters))
    page = Paginator(households, PAGE_SIZE).get_page(request.GET.get("page"))
    # Who looked for whom: the filters used, never their values (a search may be a BSN).
    audit_record(
        actor=request.user,
        action="household.list",
        request=request,
        purpose="casusregie",
        data={"filters": sorted(k for k, v in (form.data or {}).items() if v and k != "page")},
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "casework/household_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": bool(filters) and any(v not in ("", None) for v in filters.values()),
            "errors": error_summary((form, "")),
        },
    )


# --- create wizard ------------------------------------------------------------------------


WIZARD_STEPS = [
    ("stap-huishouden", gettext_lazy("Huishouden")),
    ("stap-gezinsleden", gettext_lazy("Gezinsleden en inkomen")),
    ("stap-wonen", gettext_lazy("Wonen")),
    ("stap-opslaan", gettext_lazy("Controleren en opslaan")),
]

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
    rows = [_unbound_initial(form) for form in formset.forms]
    return (
        cf.HouseholdStepForm(
            initial=_unbound_initial(household_form),
            teams=[(team.pk, team.name) for team in teams],
            prefix="household",
        ),
        MemberFormSetWithRow(prefix="members", initial=rows),
        cf.WizardHousingForm(initial=_unbound_initial(housing_form), prefix="housing"),
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
    access = _require_case_role(request)
    teams = _case_teams(access)
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
                    household={
                        key: data[key]
                        for key in ("postcode", "house_number", "house_number_suffix", "start_date")
                    },
                    members=[form.service_data() for form in rows],
                    housing=housing_form.service_data(),
                    assigned_professional=request.user,
                    request=request,
                )
            except ValidationError as exc:
                general_errors = _apply_wizard_errors(exc, household_form, rows, housing_form)
            else:
                messages.success(request, _("Het huishouden is aangemeld."))
                return redirect(_detail_url(household))
    member_labels = [
        _("Gezinslid %(number)s") % {"number": index + 1} for index in range(len(formset.forms))
    ]
    errors = (
        error_summary(
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
            "errors": errors,
            "general_errors": general_errors,
            "added_row": added_row,
        },
        status=422 if errors else 200,
    )


# --- case page ----------------------------------------------------------------------------


def _member_money(household: Household) -> list[dict[str, Any]]:
    rows = []
    for member in household.members.all():
        incomes = list(member.incomes.all())
        rows.append(
            {
                "member": member,
                "incomes": incomes,
                "net_monthly": sum(
                    (i.net_monthly for i in incomes if i.net_monthly is not None), Decimal("0")
                ),
                "gross_monthly": sum(
                    (i.gross_monthly for i in incomes if i.gross_monthly is not None),
                    Decimal("0"),
                ),
            }
        )
    return rows


CASE_SECTIONS = [
    ("overzicht", gettext_lazy("Overzicht")),
    ("geld", gettext_lazy("Geld")),
    ("zrm", gettext_lazy("Zelfredzaamheid (ZRM)")),
    ("perspectiefplan", gettext_lazy("Perspectiefplan")),
    ("organisaties", gettext_lazy("Betrokken organisaties")),
    ("tijdlijn", gettext_lazy("Tijdlijn")),
]


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def household_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_dossier(user=request.user, household_id=pk)
    record_read(actor=request.user, household=household, request=request)
    plugged = sections_for(household.pk)
    organisations = list(household.organisations.all())
    member_money = _member_money(household)
    return render(
        request,
        "casework/household_detail.html",
        {
            "household": household,
            "housing": getattr(household, "housing", None),
            "plan": getattr(household, "perspective_plan", None),
            "members": list(household.members.all()),
            "member_money": member_money,
            "income_count": sum(len(row["incomes"]) for row in member_money),
            "money": money_summary(household),
            "debts": list(household.debts.all()),
            "assets": list(household.assets.all()),
            "benefits": list(household.benefits.all()),
            "goals": list(household.goals.all()),
            "organisations": organisations,
            "organisations_total": sum((o.yearly_cost for o in organisations), Decimal("0")),
            "zrm": zrm_profile(household),
            "journal": household.journal_entries,
            "journal_limit": JOURNAL_ON_PAGE,
            "journal_form": cf.JournalForm(),
            "sections": [*CASE_SECTIONS, *[(s["key"], s["label"]) for s in plugged]],
            "plugged_sections": plugged,
            "slots": slots_for(household.pk),
            "creditor_kinds": CreditorKind,
        },
    )


# --- household edit, status, assignment ----------------------------------------------------


def _household_for_form(request: HttpRequest, pk: int) -> Household:
    household = household_get(user=request.user, household_id=pk)
    if request.method == "GET":
        record_read(actor=request.user, household=household, request=request)
    return household


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def household_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household_for_form(request, pk)
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

            response = _saved(
                request,
                form,
                save,
                message=_("De gegevens van het huishouden zijn opgeslagen."),
                target=_detail_url(household, "overzicht"),
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
                "version": household.version,
            }
        )
    return _render_form(
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
    household = _household_for_form(request, pk)
    form = cf.ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        response = _saved(
            request,
            form,
            lambda: service(
                actor=request.user,
                household=household,
                reason=form.cleaned_data["reason"],
                request=request,
            ),
            message=done,
            target=_detail_url(household, "overzicht"),
        )
        if response is not None:
            return response
    return _render_form(
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
    household = _household_for_form(request, pk)
    professionals = _professionals([household.team_id])
    form = cf.AssignForm(
        request.POST if request.method == "POST" else None,
        professionals=professionals,
        initial={"professional": household.assigned_professional_id},
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["professional"]
        professional = User.objects.get(pk=chosen) if chosen else None
        response = _saved(
            request,
            form,
            lambda: household_assign(
                actor=request.user, household=household, professional=professional, request=request
            ),
            message=_("De casusregisseur is vastgelegd."),
            target=_detail_url(household, "overzicht"),
        )
        if response is not None:
            return response
    return _render_form(
        request,
        household,
        form,
        title=_("Casusregisseur kiezen"),
        intro=_("U kunt een professional of teamleider van %(team)s kiezen.")
        % {"team": household.team.name},
        cancel_anchor="overzicht",
        status=422 if form.is_bound and form.errors else 200,
    )


# --- members ------------------------------------------------------------------------------


def _member(household: Household, member_id: int) -> Member:
    member = get_object_or_404(Member, pk=member_id, household=household)
    member.household = household
    return member


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_edit_view(request: HttpRequest, pk: int, member_id: int | None = None) -> HttpResponse:
    household = _household_for_form(request, pk)
    member = _member(household, member_id) if member_id else None
    if request.method == "POST":
        form = cf.MemberForm(request.POST, member=member)
        if form.is_valid():

            def save() -> None:
                if member is None:
                    member_add(
                        actor=request.user,
                        household=household,
                        data=form.service_data(),
                        request=request,
                    )
                else:
                    member_update(
                        actor=request.user,
                        member=member,
                        expected_version=form.cleaned_data["version"],
                        data=form.service_data(),
                        request=request,
                    )

            response = _saved(
                request,
                form,
                save,
                message=_("Het gezinslid is opgeslagen."),
                target=_detail_url(household, "overzicht"),
            )
            if response is not None:
                return response
    else:
        initial: dict[str, Any] = {"version": household.version}
        if member is not None:
            initial.update(
                {
                    name: getattr(member, name)
                    for name in cf.MemberForm.base_fields
                    if name not in ("version", "bsn")
                }
            )
        form = cf.MemberForm(initial=initial, member=member)
    return _render_form(
        request,
        household,
        form,
        title=_("Gezinslid toevoegen") if member is None else _("Gezinslid wijzigen"),
        cancel_anchor="overzicht",
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_remove_view(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    household = _household_for_form(request, pk)
    member = _member(household, member_id)
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            member_remove(actor=request.user, member=member, request=request)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Het gezinslid is verwijderd."))
            return redirect(_detail_url(household, "overzicht"))
    return render(
        request,
        "casework/confirm_delete.html",
        {
            "household": household,
            "form": form,
            "title": _("Gezinslid verwijderen"),
            "question": _(
                "Weet u zeker dat u %(name)s uit dit huishouden wilt verwijderen? Ook de "
                "inkomens van dit gezinslid worden verwijderd."
            )
            % {"name": member.full_name},
            "cancel_url": _detail_url(household, "overzicht"),
            "errors": error_summary((form, "")),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@never_cache
@require_POST
def member_bsn_view(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    """Show one full BSN, on an explicit and audited request; never in a URL, never cached."""
    household = household_get(user=request.user, household_id=pk)
    member = _member(household, member_id)
    if not member.bsn_encrypted:
        messages.info(request, _("Van dit gezinslid is geen BSN vastgelegd."))
        return redirect(_detail_url(household, "overzicht"))
    bsn = member_reveal_bsn(actor=request.user, member=member, request=request)
    template = (
        "casework/partials/bsn_revealed.html"
        if getattr(request, "htmx", False)
        else "casework/member_bsn.html"
    )
    response = render(request, template, {"household": household, "member": member, "bsn": bsn})
    response["Cache-Control"] = "no-store, private"
    return response


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
    household = _household_for_form(request, pk)
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

            response = _saved(
                request,
                form,
                save,
                message=str(spec.saved),
                target=_detail_url(household, spec.anchor),
            )
            if response is not None:
                return response
    else:
        form = spec.form_class(
            instance=item, household=household, initial={"version": household.version}
        )
    return _render_form(
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
    household = _household_for_form(request, pk)
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
            return redirect(_detail_url(household, spec.anchor))
    return render(
        request,
        "casework/confirm_delete.html",
        {
            "household": household,
            "form": form,
            "title": spec.delete_title,
            "question": _("Weet u zeker dat u “%(item)s” wilt verwijderen?") % {"item": item},
            "cancel_url": _detail_url(household, spec.anchor),
            "errors": error_summary((form, "")),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


# --- housing, plan, assessment, journal ---------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def housing_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household_for_form(request, pk)
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

            response = _saved(
                request,
                form,
                save,
                message=_("De woonsituatie is opgeslagen."),
                target=_detail_url(household, "geld"),
            )
            if response is not None:
                return response
    else:
        form = cf.HousingForm(instance=housing, initial={"version": household.version})
    return _render_form(
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
    household = _household_for_form(request, pk)
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

            response = _saved(
                request,
                form,
                save,
                message=_("Het perspectiefplan is opgeslagen."),
                target=_detail_url(household, "perspectiefplan"),
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
    return _render_form(
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
    household = _household_for_form(request, pk)
    form = cf.AssessmentForm(
        request.POST if request.method == "POST" else None, household=household
    )
    if request.method == "POST" and form.is_valid():
        response = _saved(
            request,
            form,
            lambda: assessment_create(
                actor=request.user,
                household=household,
                assessed_on=form.cleaned_data["assessed_on"],
                scores=form.scores(),
                member=form.cleaned_data.get("member"),
                request=request,
            ),
            message=_("De ZRM-meting is opgeslagen."),
            target=_detail_url(household, "zrm"),
            field_map={f"scores.{name}": name for name in form.fields},
        )
        if response is not None:
            return response
    return _render_form(
        request,
        household,
        form,
        title=_("Nieuwe ZRM-meting"),
        intro=_(
            "Geef voor elk van de 13 domeinen van de Zelfredzaamheid-Matrix (ZRM 2017) een score "
            "van 1 (acute problematiek) tot 5 (volledig zelfredzaam)."
        ),
        template="casework/assessment_form.html",
        cancel_anchor="zrm",
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def journal_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household_for_form(request, pk)
    form = cf.JournalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        response = _saved(
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
            target=_detail_url(household, "tijdlijn"),
        )
        if response is not None:
            return response
    return _render_form(
        request,
        household,
        form,
        title=_("Notitie toevoegen aan de tijdlijn"),
        submit_label=_("Toevoegen"),
        cancel_anchor="tijdlijn",
        status=422 if form.is_bound and form.errors else 200,
    )


# --- export (AVG art. 15) -----------------------------------------------------------------


def _export(request: HttpRequest, pk: int) -> tuple[Household, dict[str, Any]]:
    household = household_dossier(user=request.user, household_id=pk, journal_limit=None)
    record_read(actor=request.user, household=household, what="household.export", request=request)
    return household, build_dossier_export(household=household)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def export_view(request: HttpRequest, pk: int) -> HttpResponse:
    household, data = _export(request, pk)
    response = render(request, "casework/export.html", {"household": household, "export": data})
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def export_json_view(request: HttpRequest, pk: int) -> HttpResponse:
    household, data = _export(request, pk)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="dossier-{household.pk}.json"'
    response["Cache-Control"] = "no-store, private"
    return response
