"""Shared pieces of the casework API views: problem responses, permission, mixins."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy

from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from casework import services
from casework.models import Household
from casework.selectors import household_get
from core.api.parsers import BoundedJSONParser
from core.api.problems import ProblemResponses, problem_response

PROBLEM_TEXT = {
    400: gettext_lazy("Ongeldige invoer; invalidParams noemt de velden. Er is niets opgeslagen."),
    403: gettext_lazy("Uw rol werkt niet met huishoudens."),
    404: gettext_lazy("Bestaat niet, of het huishouden hoort niet bij uw teams."),
    409: gettext_lazy(
        "De meegestuurde versie is verouderd: iemand anders wijzigde het huishouden. "
        "Er is niets opgeslagen; lees opnieuw (currentVersion)."
    ),
    429: gettext_lazy("Te veel verzoeken; Retry-After zegt na hoeveel seconden het weer kan."),
}


problems, ok = ProblemResponses(PROBLEM_TEXT).pair()


class ServiceErrorsMixin:
    """JSON in; service exceptions out as problem details: field errors 400, stale versions 409."""

    request: Request
    # Nested bodies (members with incomes) only make sense as JSON.
    parser_classes = [BoundedJSONParser]

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, services.VersionConflictError):
            return problem_response(
                status_code=status.HTTP_409_CONFLICT,
                code="conflict",
                detail=str(exc),
                instance=self.request.get_full_path(),
                currentVersion=exc.current_version,
            )
        if isinstance(exc, DjangoValidationError) and hasattr(exc, "error_dict"):
            # A model's full_clean() reports row-level errors under "__all__".
            exc = ValidationError(
                {
                    ("non_field_errors" if key == NON_FIELD_ERRORS else key): messages
                    for key, messages in exc.message_dict.items()
                }
            )
        return super().handle_exception(exc)  # type: ignore[misc]


class HouseholdScopedMixin(ServiceErrorsMixin):
    """Nested resources: the household of the URL, through the selector (404 if out of reach)."""

    kwargs: dict[str, Any]

    @cached_property
    def household(self) -> Household:
        return household_get(user=self.request.user, household_id=self.kwargs["household_id"])

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()  # type: ignore[misc]
        if not getattr(self, "swagger_fake_view", False):
            context["household"] = self.household
        return context

    def audit_read(self, what: str, *, special_categories: list[str] | None = None) -> None:
        services.record_read(
            actor=self.request.user,
            household=self.household,
            what=what,
            request=self.request,
            special_categories=special_categories,
        )
