"""Shared pieces of the signal API: tags, the policy-officer permission and problem responses."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions
from rest_framework.request import Request

from core.api.problems import PROBLEM_CONTENT_TYPE, ProblemSerializer
from core.models import Role
from core.permissions import access_for
from signals.selectors import officer_municipalities

TAG_SIGNALS = "signalen"
TAG_REPORTS = "signaalrapportages"


class IsPolicyOfficer(permissions.BasePermission):
    """Signals and reports are the policy officer's work; every other role gets 403."""

    message = _("Alleen beleidsmedewerkers werken met signalen en signaalrapportages.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(access_for(request).municipality_ids({Role.POLICY_OFFICER}))


PROBLEM_TEXT = {
    400: _("Ongeldige invoer; invalidParams noemt de velden. Er is niets opgeslagen."),
    403: _("Alleen beleidsmedewerkers."),
    404: _("Bestaat niet, of hoort niet bij uw gemeente."),
}


def problems(*codes: int) -> dict[Any, OpenApiResponse]:
    return {
        (code, PROBLEM_CONTENT_TYPE): OpenApiResponse(ProblemSerializer, PROBLEM_TEXT[code])
        for code in codes
    }


class OfficerMixin:
    permission_classes = [permissions.IsAuthenticated, IsPolicyOfficer]
    request: Request

    def municipalities(self) -> list[Any]:
        return officer_municipalities(self.request)
