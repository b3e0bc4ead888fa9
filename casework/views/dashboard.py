"""Casework's panel on the home page: the professional's own households."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from casework.selectors import my_households
from casework.services import record_list


def my_households_panel(request: HttpRequest) -> str:
    households = my_households(user=request.user)
    record_list(actor=request.user, request=request, filters=["casusregisseur"])
    return render_to_string(
        "casework/partials/dashboard_households.html", {"households": households}, request=request
    )
