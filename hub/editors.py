"""The hub editors' page: status and answer of national government per national knelpunt.

Only users with the permission `hub.edit_national_knelpunt` (the group of hub editors) see and
use it; every save is audited by `hub.feeds.national_knelpunt_save`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hub import feeds
from hub.models import KnelpuntStatus


@login_required
@require_http_methods(["GET", "POST"])
def knelpunten_editor_view(request: HttpRequest) -> HttpResponse:
    if not feeds.may_edit_knelpunten(request.user):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            feeds.national_knelpunt_save(
                actor=request.user,
                regulation_code=request.POST.get("regulation_code", "").strip()[:60],
                article=" ".join(request.POST.get("article", "").split())[:60],
                status=request.POST.get("status", ""),
                answer=request.POST.get("answer", "")[: feeds.ANSWER_MAX_LENGTH + 1],
                request=request,
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("De status van het knelpunt is opgeslagen."))
            return redirect("hub:knelpunten")
    response = render(
        request,
        "hub/knelpunten.html",
        {
            "knelpunten": feeds.national_knelpunten(),
            "statuses": KnelpuntStatus.choices,
            "errors": errors,
            "posted": request.POST if errors else {},
        },
    )
    if errors:
        response.status_code = 400
    return response
