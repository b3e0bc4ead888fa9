"""Members: add, edit, remove and the audited BSN reveal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from casework import forms as cf
from casework.models import Household, Member
from casework.selectors import household_get
from casework.services import member_add, member_remove, member_reveal_bsn, member_update
from casework.views.common import (
    detail_url,
    household_for_form,
    render_form,
    saved_response,
)
from core.api.throttling import RevealBsnThrottle
from core.presentation.form_errors import error_items

# --- members ------------------------------------------------------------------------------


def _member(household: Household, member_id: int) -> Member:
    member = get_object_or_404(Member, pk=member_id, household=household)
    member.household = household
    return member


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_edit_view(request: HttpRequest, pk: int, member_id: int | None = None) -> HttpResponse:
    household = household_for_form(request, pk)
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

            response = saved_response(
                request,
                form,
                save,
                message=_("Het gezinslid is opgeslagen."),
                target=detail_url(household, "overzicht"),
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
    return render_form(
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
    household = household_for_form(request, pk)
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
            return redirect(detail_url(household, "overzicht"))
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
            "cancel_url": detail_url(household, "overzicht"),
            "errors": error_items((form, "")),
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
        return redirect(detail_url(household, "overzicht"))
    template = (
        "casework/partials/bsn_revealed.html"
        if getattr(request, "htmx", False)
        else "casework/member_bsn.html"
    )
    # One budget with the API's reveal-bsn: the web form is no way around the rate limit.
    if not RevealBsnThrottle().allow_request(request, None):
        context = {"household": household, "member": member, "throttled": True}
        # htmx swaps only 2xx answers into the page; a full page says 429 itself.
        return render(
            request, template, context, status=200 if getattr(request, "htmx", False) else 429
        )
    bsn = member_reveal_bsn(actor=request.user, member=member, request=request)
    response = render(request, template, {"household": household, "member": member, "bsn": bsn})
    response["Cache-Control"] = "no-store, private"
    return response
