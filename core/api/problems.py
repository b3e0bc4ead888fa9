"""RFC 7807 problem details for every API error, with field-level messages in Dutch.

Body: type, code, title, status, detail, instance and, for validation errors,
invalidParams[{name, code, reason}] (the shape Open Forms and the ZGW APIs use).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.permissions import access_for

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: _("Ongeldige invoer."),
    401: _("Niet ingelogd."),
    403: _("Geen toegang."),
    404: _("Niet gevonden."),
    405: _("Methode niet toegestaan."),
    406: _("Formaat niet beschikbaar."),
    409: _("Conflict met de huidige toestand."),
    413: _("Verzoek te groot."),
    415: _("Mediatype niet ondersteund."),
    429: _("Te veel verzoeken."),
    503: _("Tijdelijk niet beschikbaar."),
}


class InvalidParamSerializer(serializers.Serializer):
    """Eén fout per veld: de naam van het veld, een code en de melding."""

    name = serializers.CharField(help_text=_("Het veld, genest met punten: members.1.bsn."))
    code = serializers.CharField()
    reason = serializers.CharField(help_text=_("De melding in het Nederlands."))


class ProblemSerializer(serializers.Serializer):
    """Een fout als RFC 7807 problem details, met meldingen per veld in invalidParams."""

    type = serializers.CharField()
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField()
    invalidParams = InvalidParamSerializer(many=True, required=False)  # noqa: N815
    currentVersion = serializers.IntegerField(required=False)  # noqa: N815


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Dit gegeven is intussen door iemand anders gewijzigd.")
    default_code = "conflict"


class ProblemResponses:
    """The documented problem-details responses of one API, for `extend_schema(responses=...)`.

    Each API words what a status means for its own resources (`texts`); the shape, the content
    type and the serializer are the same everywhere. Usage::

        problems, ok = ProblemResponses(PROBLEM_TEXT).pair()
        @extend_schema(responses=ok(HouseholdSerializer, 403, 404))
    """

    def __init__(self, texts: Mapping[int, Any]) -> None:
        self.texts = texts

    def problems(self, *codes: int) -> dict[Any, OpenApiResponse]:
        """Documented problem-details responses (application/problem+json)."""
        return {
            (code, PROBLEM_CONTENT_TYPE): OpenApiResponse(ProblemSerializer, self.texts[code])
            for code in codes
        }

    def ok(self, serializer: Any, *errors: int, code: int = 200) -> dict[Any, Any]:
        """The success response plus the given problem statuses."""
        return {code: serializer, **self.problems(*errors)}

    def pair(self) -> tuple[Any, Any]:
        return self.problems, self.ok


class HasCaseRole(permissions.BasePermission):
    """Professionals and team leads only; other roles see no case content (BIO 8.03.02)."""

    message = gettext_lazy("Alleen professionals en teamleiders werken met huishoudens.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return access_for(request).can_see_cases


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Turn DRF's nested error dict/list into invalidParams entries with dotted names."""
    params: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            params.extend(_flatten(value, name))
    elif isinstance(detail, list):
        if all(isinstance(item, exceptions.ErrorDetail | str) for item in detail):
            params.extend(
                {
                    "name": prefix or "nonFieldErrors",
                    "code": getattr(item, "code", "invalid") or "invalid",
                    "reason": str(item),
                }
                for item in detail
            )
        else:
            for index, item in enumerate(detail):
                if item:
                    params.extend(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        params.append(
            {
                "name": prefix or "nonFieldErrors",
                "code": getattr(detail, "code", "invalid") or "invalid",
                "reason": str(detail),
            }
        )
    for param in params:
        if param["name"] == "non_field_errors" or param["name"].endswith(".non_field_errors"):
            param["name"] = param["name"].replace("non_field_errors", "nonFieldErrors")
    return params


def problem_response(
    *, status_code: int, code: str, detail: str, instance: str = "", **extra: Any
) -> Response:
    body: dict[str, Any] = {
        "type": f"https://doorbraak.nl/problemen/{code}",
        "code": code,
        "title": TITLES.get(status_code, _("Er ging iets mis.")),
        "status": status_code,
        "detail": detail,
        "instance": instance,
        **extra,
    }
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def problem_details_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            detail=exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    # The path only: a query string may hold personal data (a BSN or a name in `search`), and an
    # error body is echoed into client logs and bug reports.
    instance = request.path if request is not None else ""

    if isinstance(exc, exceptions.ValidationError):
        return problem_response(
            status_code=response.status_code,
            code="invalid",
            detail=_("De invoer is ongeldig. Zie invalidParams voor de velden."),
            instance=instance,
            invalidParams=_flatten(exc.detail),
        )
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    if isinstance(code, dict | list):
        code = "error"
    problem = problem_response(
        status_code=response.status_code,
        code=str(code),
        detail=str(detail),
        instance=instance,
    )
    for header in ("Retry-After", "WWW-Authenticate", "Allow"):
        if header in response:
            problem[header] = response[header]
    return problem
