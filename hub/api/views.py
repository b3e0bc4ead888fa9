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
from hub import feeds, services
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
        checked = _bearer_problem(
            request,
            json_detail=_("Stuur het rapport als application/json."),
            too_large_detail=_("Het rapport is groter dan %(n)s bytes."),
        )
        if isinstance(checked, Response):
            return checked
        token, body = checked
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


def _bearer_problem(
    request: Request, *, json_detail: str, too_large_detail: str
) -> Response | tuple[services.MunicipalityToken, bytes]:
    """The municipality's token and the JSON body, or the problem response that refuses them
    (401 without a known token, 415 for another media type, 413 above HUB_MAX_BODY_BYTES)."""
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
            status_code=415, code="unsupported_media_type", detail=json_detail, instance=instance
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
            detail=too_large_detail % {"n": limit},
            instance=instance,
        )
    return token, body


class ReceiveLeverOutcomesView(APIView):
    """A municipality's lever outcomes (doorbraak.lever-outcomes/1); replaces its previous one."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [HubRateThrottle]
    throttle_scope = "hub"
    throttled = ReceiveReportView.throttled

    @extend_schema(
        tags=["hub"],
        summary="Hefboomuitkomsten aanleveren",
        description=(
            "Neemt de bijdrage doorbraak.lever-outcomes/1 van een gemeente aan: per hefboom, "
            "knellende regeling en soort knelpunt het aantal doorbraken, de evaluatie en de "
            "mediane kosten, al onder de onthullingscontrole van de gemeente (rijen onder 10 "
            "huishoudens worden niet gestuurd). Authenticatie: `Authorization: Bearer <token van "
            "de gemeente>`. Een nieuwe bijdrage vervangt de vorige van die gemeente."
        ),
        request={"application/json": OpenApiTypes.OBJECT},
        responses={
            201: OpenApiResponse(description="Bijdrage opgeslagen (nieuw of vervangen)."),
            200: OpenApiResponse(description="Identieke herhaling; niets gewijzigd."),
            400: OpenApiResponse(description="Ongeldige bijdrage (problem details)."),
            401: OpenApiResponse(description="Geen of onbekend token."),
            403: OpenApiResponse(description="Token van een andere gemeente."),
            413: OpenApiResponse(description="Te groot."),
            415: OpenApiResponse(description="Geen application/json."),
            429: OpenApiResponse(description="Te veel verzoeken van dit adres."),
        },
    )
    def post(self, request: Request) -> Response:
        checked = _bearer_problem(
            request,
            json_detail=_("Stuur de bijdrage als application/json."),
            too_large_detail=_("De bijdrage is groter dan %(n)s bytes."),
        )
        if isinstance(checked, Response):
            return checked
        token, body = checked
        try:
            receipt = feeds.receive_lever_outcomes(token=token, body=body)
        except services.Rejected as rejected:
            extra = {"invalidParams": rejected.params} if rejected.params else {}
            return problem_response(
                status_code=rejected.status,
                code=rejected.code,
                detail=rejected.detail,
                instance=request.get_full_path(),
                **extra,
            )
        return Response(
            {
                "cbs_code": receipt.contribution.cbs_code,
                "as_of": str(receipt.contribution.as_of),
                "received_at": receipt.contribution.received_at.isoformat(),
            },
            status=receipt.status,
        )


def _conditional(request: Request, content: dict) -> Response:
    """200 with an ETag, or 304 when the client already holds this content (If-None-Match)."""
    etag = feeds.etag_of(content)
    # If-None-Match compares weakly (RFC 9110 13.1.2): W/"x" and "x" are the same tag.
    held = {
        tag.strip().removeprefix("W/")
        for tag in request.headers.get("If-None-Match", "").split(",")
    }
    fresh = etag.removeprefix("W/") in held or "*" in held
    response = Response(status=304) if fresh else Response(content)
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=300"
    return response


IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="De ETag van de kopie die u al heeft; antwoord 304 als er niets veranderd is.",
)


class PrecedentsFeedView(APIView):
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=["hub"],
        summary="Landelijke precedenten per hefboom, regeling en soort knelpunt",
        description=(
            "Open data (doorbraak.lever-precedents/1): per hefboom, knellende regeling en soort "
            "knelpunt het aantal gemeenten en doorbraken, het deel dat zijn doel bereikte en de "
            "mediane kosten (gewogen mediaan van de gemeentelijke medianen). Cellen onder 10 "
            "zijn onderdrukt. Met ETag; stuur If-None-Match voor een 304."
        ),
        parameters=[IF_NONE_MATCH],
        responses={
            200: OpenApiTypes.OBJECT,
            304: OpenApiResponse(description="Niet gewijzigd."),
        },
    )
    def get(self, request: Request) -> Response:
        return _conditional(request, feeds.precedents_feed_content())


class KnelpuntenFeedView(APIView):
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=["hub"],
        summary="Landelijke knelpunten met status en antwoord van het Rijk",
        description=(
            "Open data (doorbraak.national-knelpunten/1): per regeling en artikel de status en "
            "het antwoord van het Rijk, ingevuld door de redactie van de hub, en het aantal "
            "gemeenten dat het signaleerde. Met ETag; stuur If-None-Match voor een 304."
        ),
        parameters=[IF_NONE_MATCH],
        responses={
            200: OpenApiTypes.OBJECT,
            304: OpenApiResponse(description="Niet gewijzigd."),
        },
    )
    def get(self, request: Request) -> Response:
        return _conditional(request, feeds.knelpunten_feed_content())
