"""Shared helpers of the casework views: role checks, form saving and rendering, error summary."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from casework import forms as cf
from casework.models import Household
from casework.selectors import household_get
from casework.services import VersionConflictError, record_read
from core.models import CASE_ROLES, Team, User
from core.permissions import Access, access_for
from core.presentation.form_errors import error_items

SAVE_LABEL = gettext_lazy("Opslaan")
CONFLICT_MESSAGE = gettext_lazy(
    "Dit huishouden is intussen door iemand anders gewijzigd. Uw invoer staat hieronder nog; "
    "bekijk zo nodig eerst de dossierpagina en sla daarna opnieuw op."
)

# --- helpers ------------------------------------------------------------------------------


def require_case_role(request: HttpRequest) -> Access:
    access = access_for(request)
    if not access.can_see_cases:
        raise PermissionDenied
    return access


def case_teams(access: Access) -> list[Team]:
    teams = {m.team_id: m.team for m in access.memberships if m.team and m.role in CASE_ROLES}
    return sorted(teams.values(), key=lambda team: team.name)


def _user_label(user: User) -> str:
    return user.get_full_name() or user.get_username()


def professional_choices(
    team_ids: Iterable[int], *, include_inactive: bool = False
) -> list[tuple[int, str]]:
    """Who can be casusregisseur in these teams: active professionals and team leads.

    `include_inactive` only for the list filter, so the households still assigned to someone
    who left can be found (and handed over); never to choose a casusregisseur.
    """
    users = User.objects.filter(
        memberships__team_id__in=list(team_ids), memberships__role__in=CASE_ROLES
    )
    if not include_inactive:
        users = users.filter(is_active=True)
    users = users.distinct().order_by("first_name", "last_name", "username")
    return [(user.pk, _user_label(user)) for user in users]


def detail_url(household: Household, anchor: str = "") -> str:
    url = reverse("casework:detail", args=[household.pk])
    return f"{url}#{anchor}" if anchor else url


def _conflict(form: forms.BaseForm, exc: VersionConflictError) -> None:
    """Keep the user's input, say what happened, and let them save again on the new version."""
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = str(exc.current_version)
    form.add_error(None, CONFLICT_MESSAGE)


def saved_response(
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


def render_form(
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
        "cancel_url": detail_url(household, cancel_anchor),
        "errors": error_items((form, "")),
        **(extra or {}),
    }
    return render(request, template, context, status=status)


def unbound_initial(form: forms.BaseForm) -> dict[str, Any]:
    """The raw values a user typed, to show them again without validating."""
    return {name: form[name].value() for name in form.fields}


def household_for_form(request: HttpRequest, pk: int) -> Household:
    household = household_get(user=request.user, household_id=pk)
    if request.method == "GET":
        record_read(actor=request.user, household=household, request=request)
    return household
