"""The budget pots: list, create and edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from breakthroughs import forms as bf
from breakthroughs import selectors
from breakthroughs.models import BudgetPot
from breakthroughs.services import budget_pot_save
from breakthroughs.views.common import pot_chart, require_role
from core.models import Municipality, Role
from core.permissions import access_for

# --- budget pots ----------------------------------------------------------------------------


@login_required
def pot_list_view(request: HttpRequest) -> HttpResponse:
    access = require_role(request, Role.TEAM_LEAD, Role.FUNCTIONAL_ADMIN)
    pots = list(selectors.pots_visible_to(request.user, access))
    rows = [
        {
            "pot": pot,
            "bar": pot_chart(pot),
        }
        for pot in pots
    ]
    return render(
        request,
        "breakthroughs/pots.html",
        {"rows": rows, "can_manage": access.has_role(Role.FUNCTIONAL_ADMIN)},
    )


def _admin_municipality(request: HttpRequest) -> Municipality:
    access = require_role(request, Role.FUNCTIONAL_ADMIN)
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
                budget_pot_save(
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
    require_role(request, Role.FUNCTIONAL_ADMIN)
    return _pot_form_view(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def pot_edit_view(request: HttpRequest, pot_id: int) -> HttpResponse:
    require_role(request, Role.FUNCTIONAL_ADMIN)
    return _pot_form_view(
        request,
        selectors.pot_get_for_admin(user=request.user, pot_id=pot_id, access=access_for(request)),
    )
