"""Views of the signal reports: generate, approve, send, delivery attempts and the JSON Schema."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from signals.api.common import TAG_REPORTS, OfficerMixin, problems
from signals.api.serializers import (
    AttemptSerializer,
    GenerateSerializer,
    ReportSerializer,
)
from signals.models import SignalReport
from signals.periods import parse_period
from signals.reporting.builder import load_schema
from signals.selectors import officer_reports, report_attempts
from signals.services import report_approve, report_generate, report_queue_delivery


@extend_schema(tags=[TAG_REPORTS])
@extend_schema_view(
    list=extend_schema(
        summary="Signaalrapportages",
        description="De rapportages van uw gemeente per periode en revisie, met status.",
        responses={200: ReportSerializer(many=True), **problems(403)},
    ),
    retrieve=extend_schema(
        summary="Eén signaalrapportage",
        description="Met de inhoud volgens doorbraak.signal-report/1.",
        responses={200: ReportSerializer, **problems(403, 404)},
    ),
)
class SignalReportViewSet(
    OfficerMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet
):
    lookup_field = "report_id"
    lookup_url_kwarg = "id"
    lookup_value_converter = "uuid"

    def get_queryset(self) -> QuerySet[SignalReport]:
        if getattr(self, "swagger_fake_view", False):
            return SignalReport.objects.none()
        return officer_reports(municipalities=self.municipalities())

    serializer_class = ReportSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "without_content": self.action == "list"}

    @extend_schema(
        summary="Rapportage opstellen",
        description="Stelt de rapportage van een afgesloten periode op (idempotent: bestaat zij "
        "al, dan komt die terug met 200). Met `revise` wordt een correctie een nieuwe revisie.",
        request=GenerateSerializer,
        responses={
            201: ReportSerializer,
            200: ReportSerializer,
            **problems(400, 403),
        },
    )
    @action(detail=False, methods=["post"])
    def generate(self, request: Request) -> Response:
        serializer = GenerateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        period = parse_period(serializer.validated_data["period"])
        report, created = report_generate(
            municipality=self.municipalities()[0],
            period=period,
            revise=serializer.validated_data["revise"],
            actor=request.user,
        )
        return Response(
            ReportSerializer(report).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(
        summary="Rapportage goedkeuren",
        request=None,
        responses={200: ReportSerializer, **problems(400, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, id: str | None = None) -> Response:
        report = report_approve(actor=request.user, report=self.get_object())
        return Response(ReportSerializer(report).data)

    @extend_schema(
        summary="Rapportage versturen",
        description="Zet een goedgekeurde rapportage in de wachtrij voor aflevering aan de VNG "
        "(met herhaalpogingen). De pogingen staan onder /attempts/.",
        request=None,
        responses={202: ReportSerializer, **problems(400, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def send(self, request: Request, id: str | None = None) -> Response:
        report = report_queue_delivery(actor=request.user, report=self.get_object())
        return Response(ReportSerializer(report).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Afleverpogingen",
        description="Elke poging om de rapportage af te leveren: tijdstip, statuscode, uitkomst.",
        responses={200: AttemptSerializer(many=True), **problems(403, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def attempts(self, request: Request, id: str | None = None) -> Response:
        report = self.get_object()
        return Response(AttemptSerializer(report_attempts(report=report), many=True).data)


@extend_schema(
    tags=[TAG_REPORTS],
    summary="JSON Schema van de signaalrapportage",
    description="Het JSON Schema (draft 2020-12) van doorbraak.signal-report/1.",
    responses={200: OpenApiTypes.OBJECT, **problems(403)},
)
class SignalReportSchemaView(OfficerMixin, GenericAPIView):
    def get(self, request: Request) -> Response:
        return Response(load_schema())
