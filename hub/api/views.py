from __future__ import annotations

import math

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, RequestDataTooBig
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from core.api.problems import problem_response
from hub import services
from signals.reporting.builder import SCHEMA_ID, SCHEMA_ID_V2, load_schema


class HubRateThrottle(ScopedRateThrottle):
    """ScopedRateThrottle reading the rate when a request comes in.

    DRF's throttles copy DEFAULT_THROTTLE_RATES once, at import; this one follows the settings
    (so a changed rate, as in the tests, applies).
    """

    def get_rate(self) -> str | None:
        rates = api_settings.DEFAULT_THROTTLE_RATES
        if self.scope not in rates:
            raise ImproperlyConfigured(f"No default throttle rate set for '{self.scope}' scope")
        return rates[self.scope]


class ReceiveReportView(APIView):
    """The hub's receiving endpoint; municipalities authenticate with their own bearer token."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    # Per client address, at REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["hub"] (HUB_THROTTLE_RATE).
    throttle_classes = [HubRateThrottle]
    throttle_scope = "hub"

    def throttled(self, request: Request, wait: float | None) -> None:
        """A 429 (problem details, with Retry-After) that says in Dutch when to try again."""
        if wait is None:
            raise exceptions.Throttled(detail=_("Te veel verzoeken. Probeer het later opnieuw."))
        seconds = math.ceil(wait)
        throttled = exceptions.Throttled(
            detail=ngettext(
                "Te veel verzoeken. Probeer het over %(n)s seconde opnieuw.",
                "Te veel verzoeken. Probeer het over %(n)s seconden opnieuw.",
                seconds,
            )
            % {"n": seconds}
        )
        throttled.wait = seconds  # for the Retry-After header
        raise throttled

    @extend_schema(
        tags=["hub"],
        summary="Signaalrapportage aanleveren",
        description=(
            "Neemt een goedgekeurde signaalrapportage (doorbraak.signal-report/1 of /2) aan. "
            "Authenticatie: `Authorization: Bearer <token van de gemeente>`; `Idempotency-Key` "
            "gelijk aan het report_id. Antwoord 201 bij een nieuw rapport, 200 bij een identieke "
            "herhaling, 409 bij hetzelfde id met andere inhoud."
        ),
        request={"application/json": OpenApiTypes.OBJECT},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key", OpenApiTypes.UUID, OpenApiParameter.HEADER, required=True
            )
        ],
        responses={
            201: OpenApiResponse(description="Nieuw rapport opgeslagen."),
            200: OpenApiResponse(description="Identieke herhaling; niets gewijzigd."),
            400: OpenApiResponse(description="Ongeldig rapport (problem details)."),
            401: OpenApiResponse(description="Geen of onbekend token."),
            409: OpenApiResponse(description="Zelfde id of revisie met andere inhoud."),
            413: OpenApiResponse(description="Te groot."),
            415: OpenApiResponse(description="Geen application/json."),
            429: OpenApiResponse(
                description="Te veel verzoeken van dit adres (problem details, Retry-After)."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        instance = request.get_full_path()
        token = services.authenticate(request.headers.get("Authorization", ""))
        if token is None:
            response = problem_response(
                status_code=401,
                code="not_authenticated",
                detail=_("Geef het token van uw gemeente mee (Authorization: Bearer ...)."),
                instance=instance,
            )
            response["WWW-Authenticate"] = 'Bearer realm="doorbraak-hub"'
            return response
        if request.content_type.split(";")[0].strip().lower() != "application/json":
            return problem_response(
                status_code=415,
                code="unsupported_media_type",
                detail=_("Stuur het rapport als application/json."),
                instance=instance,
            )
        limit = settings.HUB_MAX_BODY_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        try:
            body = request.body if declared <= limit else b""
        except RequestDataTooBig:
            declared = limit + 1
        if declared > limit or len(body) > limit:
            return problem_response(
                status_code=413,
                code="too_large",
                detail=_("Het rapport is groter dan %(n)s bytes.") % {"n": limit},
                instance=instance,
            )
        try:
            receipt = services.receive(
                token=token,
                idempotency_key=request.headers.get("Idempotency-Key", ""),
                body=body,
            )
        except services.Rejected as rejected:
            extra = {"invalidParams": rejected.params} if rejected.params else {}
            return problem_response(
                status_code=rejected.status,
                code=rejected.code,
                detail=rejected.detail,
                instance=instance,
                **extra,
            )
        return Response(
            {
                "report_id": str(receipt.report.report_id),
                "received_at": receipt.report.received_at.isoformat(),
                "current": receipt.report.current,
            },
            status=receipt.status,
        )


class ReportSchemaView(APIView):
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=["hub"],
        summary="JSON Schema van de signaalrapportage",
        description=(
            "Het JSON Schema (draft 2020-12) van doorbraak.signal-report/1 "
            "(`signal-report-1.json`) of /2 (`signal-report-2.json`: versie 1 plus de "
            "kostenramingen). De hub neemt beide versies aan."
        ),
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, version: int = 1) -> Response:
        return Response(load_schema(SCHEMA_ID_V2 if version == 2 else SCHEMA_ID))
