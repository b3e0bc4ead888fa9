"""REST API of signals (knelpunten) and signal reports, for policy officers only.

Scoping: every object is read through the officer's municipalities (404 otherwise); other roles
get 403. Breakthroughs appear only pseudonymised (label D-0001 and an opaque `ref`), never by id.
Views parse input, call one service and serialise; service ValidationErrors become RFC 7807
problem details with invalidParams.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from breakthroughs.constants import KnelpuntType, SignalRoute, Theme
from breakthroughs.models import DeliveryAttempt, Signal, SignalReport, SignalStatusChange
from breakthroughs.report_services import (
    parse_period,
    report_approve,
    report_generate,
    report_queue_delivery,
)
from breakthroughs.reporting.builder import load_schema
from breakthroughs.signal_forms import breakthrough_ref, pseudonymised_rows, resolve_refs
from breakthroughs.signal_services import (
    signal_create,
    signal_figures,
    signal_link,
    signal_move,
    signal_unlink,
    signal_update,
)
from breakthroughs.signal_views import officer_municipalities
from core.api.problems import PROBLEM_CONTENT_TYPE, ProblemSerializer
from core.models import Role
from core.permissions import access_for

TAG_SIGNALS = "signalen"
TAG_REPORTS = "signaalrapportages"


class IsPolicyOfficer(permissions.BasePermission):
    """Signals and reports are the policy officer's work; every other role gets 403."""

    message = _("Alleen beleidsmedewerkers werken met signalen en signaalrapportages.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(access_for(request).municipality_ids({Role.POLICY_OFFICER}))


# --- serializers ---------------------------------------------------------------------------


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


MONEY = {"max_digits": 14, "decimal_places": 2, "read_only": True}


class SignalFiguresSerializer(serializers.Serializer):
    breakthroughs = serializers.IntegerField(source="n_breakthroughs")
    households = serializers.IntegerField(source="n_households")
    bridging_cost_eur = serializers.DecimalField(source="bridging_cost", allow_null=True, **MONEY)
    avoided_cost_eur = serializers.DecimalField(source="avoided_cost", allow_null=True, **MONEY)


class SignalStatusChangeSerializer(serializers.ModelSerializer):
    from_status = serializers.CharField(read_only=True, help_text=_("Status ervoor."))
    to_status = serializers.CharField(read_only=True, help_text=_("Status erna."))
    route = serializers.CharField(read_only=True)

    class Meta:
        model = SignalStatusChange
        fields = ["from_status", "to_status", "route", "answer", "note", "at"]


class SignalSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    figures = SignalFiguresSerializer(source="*", read_only=True)
    history = SignalStatusChangeSerializer(many=True, read_only=True)
    breakthroughs = serializers.SerializerMethodField(
        help_text=_("Referenties (`ref`) van de gekoppelde doorbraken; nooit hun id.")
    )

    class Meta:
        model = Signal
        fields = [
            "id",
            "title",
            "regulation_code",
            "article",
            "body",
            "knelpunt_type",
            "theme",
            "description",
            "workaround",
            "proposed_fix",
            "route",
            "status",
            "answer",
            "figures",
            "breakthroughs",
            "history",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_breakthroughs(self, signal: Signal) -> list[str]:
        return [
            breakthrough_ref(municipality_id=signal.municipality_id, pk=pk)
            for pk in sorted(link.breakthrough_id for link in signal.links.all())
        ]


class SignalWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    regulation_code = serializers.CharField(max_length=60)
    article = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    body = serializers.CharField(max_length=150)
    knelpunt_type = serializers.ChoiceField(choices=KnelpuntType.choices)
    theme = serializers.ChoiceField(choices=Theme.choices)
    description = serializers.CharField()
    workaround = serializers.CharField(required=False, allow_blank=True, default="")
    proposed_fix = serializers.CharField(required=False, allow_blank=True, default="")
    route = serializers.ChoiceField(choices=SignalRoute.choices)
    breakthroughs = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        write_only=True,
        help_text=_("Referenties (`ref`) van goedgekeurde doorbraken om meteen te koppelen."),
    )


class LinkSerializer(serializers.Serializer):
    breakthroughs = serializers.ListField(
        child=serializers.CharField(max_length=40),
        min_length=1,
        help_text=_("Referenties (`ref`) uit /signal-breakthroughs/."),
    )


class LinkResultSerializer(serializers.Serializer):
    changed = serializers.IntegerField()
    signal = SignalSerializer()


class MoveSerializer(serializers.Serializer):
    to_status = serializers.CharField(
        max_length=20,
        help_text=_(
            "De nieuwe status: reviewed, sent, acknowledged, in_policy_cycle, resolved of "
            "rejected, langs de toegestane overgangen."
        ),
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    answer = serializers.CharField(required=False, allow_blank=True, default="")
    route = serializers.ChoiceField(
        choices=SignalRoute.choices, required=False, allow_blank=True, default=""
    )


class PseudonymisedBreakthroughSerializer(serializers.Serializer):
    label = serializers.CharField(help_text=_("Pseudoniem, bv. D-0001 (positie, geen id)."))
    ref = serializers.CharField(help_text=_("Ondoorzichtige referentie om te koppelen."))
    category = serializers.CharField()
    regulation_code = serializers.CharField()
    article = serializers.CharField()
    knelpunt_type = serializers.CharField()
    theme = serializers.CharField()
    amount_eur = serializers.DecimalField(source="amount", **MONEY)
    avoided_cost_eur = serializers.DecimalField(source="avoided", **MONEY)
    decided_month = serializers.CharField()
    signals = serializers.ListField(child=serializers.CharField())


class ReportSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="report_id", read_only=True)
    period = serializers.CharField(source="period_label", read_only=True)
    municipality = serializers.CharField(source="municipality.cbs_code", read_only=True)

    class Meta:
        model = SignalReport
        fields = [
            "id",
            "municipality",
            "period",
            "period_start",
            "period_end",
            "revision",
            "status",
            "generated_at",
            "approved_at",
            "sent_at",
            "next_attempt_at",
            "content",
        ]
        read_only_fields = fields

    content = serializers.JSONField(
        read_only=True,
        required=False,
        help_text=_("Het rapport volgens doorbraak.signal-report/1 (niet in de lijst)."),
    )

    def to_representation(self, instance: SignalReport) -> dict[str, Any]:
        data = super().to_representation(instance)
        if self.context.get("without_content"):
            data.pop("content", None)
        return data


class GenerateSerializer(serializers.Serializer):
    period = serializers.CharField(
        max_length=10, help_text=_("Afgesloten periode: 2026Q3, 2026-07 of 2026.")
    )
    revise = serializers.BooleanField(
        default=False, help_text=_("Een correctie: maak een nieuwe revisie.")
    )


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeliveryAttempt
        fields = ["attempted_at", "status_code", "outcome", "detail"]
        read_only_fields = fields


# --- views ---------------------------------------------------------------------------------


class OfficerMixin:
    permission_classes = [permissions.IsAuthenticated, IsPolicyOfficer]
    request: Request

    def municipalities(self) -> list[Any]:
        return officer_municipalities(self.request)


@extend_schema(tags=[TAG_SIGNALS])
@extend_schema_view(
    list=extend_schema(
        summary="Signalen van de gemeente",
        description="Alle signalen (knelpunten) van uw gemeente met live tellingen.",
        responses={200: SignalSerializer(many=True), **problems(403)},
    ),
    retrieve=extend_schema(
        summary="Eén signaal",
        description="Het signaal met tellingen, gekoppelde doorbraken (referenties) en de "
        "statusgeschiedenis.",
        responses={200: SignalSerializer, **problems(403, 404)},
    ),
    create=extend_schema(
        summary="Signaal aanmaken",
        description="Tekst is voor publicatie: tekst met een BSN, postcode of e-mailadres wordt "
        "geweigerd (400, invalidParams per veld).",
        request=SignalWriteSerializer,
        responses={201: SignalSerializer, **problems(400, 403)},
    ),
    update=extend_schema(
        summary="Signaal wijzigen",
        request=SignalWriteSerializer,
        responses={200: SignalSerializer, **problems(400, 403, 404)},
    ),
    partial_update=extend_schema(
        summary="Signaal deels wijzigen",
        request=SignalWriteSerializer(partial=True),
        responses={200: SignalSerializer, **problems(400, 403, 404)},
    ),
)
class SignalViewSet(
    OfficerMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    GenericViewSet,
):
    serializer_class = SignalSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    lookup_value_converter = "uuid"

    def get_queryset(self) -> QuerySet[Signal]:
        if getattr(self, "swagger_fake_view", False):
            return Signal.objects.none()
        return (
            signal_figures(Signal.objects.filter(municipality__in=self.municipalities()))
            .prefetch_related("history", "links")
            .order_by("-updated_at", "-id")
        )

    def _detail(self, signal: Signal, code: int = 200) -> Response:
        fresh = self.get_queryset().get(pk=signal.pk)
        return Response(SignalSerializer(fresh).data, status=code)

    def create(self, request: Request) -> Response:
        serializer = SignalWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        municipality = self.municipalities()[0]
        refs = data.pop("breakthroughs", [])
        ids = resolve_refs(municipality=municipality, refs=refs) if refs else None
        signal = signal_create(
            actor=request.user,
            municipality=municipality,
            data=data,
            breakthrough_ids=ids,
            request=request,
        )
        return self._detail(signal, status.HTTP_201_CREATED)

    def update(self, request: Request, id: str | None = None) -> Response:
        return self._update(request, partial=False)

    def partial_update(self, request: Request, id: str | None = None) -> Response:
        return self._update(request, partial=True)

    def _update(self, request: Request, *, partial: bool) -> Response:
        signal = self.get_object()
        serializer = SignalWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = {
            key: value for key, value in serializer.validated_data.items() if key in request.data
        }
        data.pop("breakthroughs", None)
        signal_update(actor=request.user, signal=signal, data=data, request=request)
        return self._detail(signal)

    @extend_schema(
        summary="Doorbraken koppelen",
        description="Koppel goedgekeurde doorbraken van uw gemeente aan het signaal, op hun "
        "referentie (`ref`).",
        request=LinkSerializer,
        responses={200: LinkResultSerializer, **problems(400, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def link(self, request: Request, id: str | None = None) -> Response:
        signal = self.get_object()
        serializer = LinkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = resolve_refs(
            municipality=signal.municipality, refs=serializer.validated_data["breakthroughs"]
        )
        created = signal_link(
            actor=request.user, signal=signal, breakthrough_ids=ids, request=request
        )
        fresh = self.get_queryset().get(pk=signal.pk)
        return Response({"changed": created, "signal": SignalSerializer(fresh).data})

    @extend_schema(
        summary="Doorbraken ontkoppelen",
        request=LinkSerializer,
        responses={200: LinkResultSerializer, **problems(400, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def unlink(self, request: Request, id: str | None = None) -> Response:
        signal = self.get_object()
        serializer = LinkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = resolve_refs(
            municipality=signal.municipality, refs=serializer.validated_data["breakthroughs"]
        )
        removed = signal_unlink(
            actor=request.user, signal=signal, breakthrough_ids=ids, request=request
        )
        fresh = self.get_queryset().get(pk=signal.pk)
        return Response({"changed": removed, "signal": SignalSerializer(fresh).data})

    @extend_schema(
        summary="Status van een signaal wijzigen",
        description="Alleen langs de toegestane overgangen (concept → beoordeeld → verstuurd → "
        "ontvangst bevestigd → in beleidscyclus → opgelost, of afgewezen), met toelichting, "
        "route en ontvangen antwoord. De geschiedenis is alleen-toevoegen.",
        request=MoveSerializer,
        responses={200: SignalSerializer, **problems(400, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, id: str | None = None) -> Response:
        signal = self.get_object()
        serializer = MoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        signal_move(actor=request.user, signal=signal, request=request, **serializer.validated_data)
        return self._detail(signal)


@extend_schema(
    tags=[TAG_SIGNALS],
    summary="Gepseudonimiseerde doorbraken",
    description="De goedgekeurde doorbraken van uw gemeente, alleen categorie, regeling, "
    "artikel, soort knelpunt, thema, bedragen en maand van het besluit. Geen naam, BSN, adres, "
    "huishouden- of zaak-id.",
    responses={200: PseudonymisedBreakthroughSerializer(many=True), **problems(403)},
)
class PseudonymisedBreakthroughsView(OfficerMixin, GenericAPIView):
    serializer_class = PseudonymisedBreakthroughSerializer
    pagination_class = None

    def get(self, request: Request) -> Response:
        rows = pseudonymised_rows(municipality=self.municipalities()[0])
        return Response(PseudonymisedBreakthroughSerializer(rows, many=True).data)


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
        return SignalReport.objects.filter(municipality__in=self.municipalities()).select_related(
            "municipality"
        )

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
        return Response(
            AttemptSerializer(report.attempts.order_by("attempted_at", "id"), many=True).data
        )


@extend_schema(
    tags=[TAG_REPORTS],
    summary="JSON Schema van de signaalrapportage",
    description="Het JSON Schema (draft 2020-12) van doorbraak.signal-report/1.",
    responses={200: OpenApiTypes.OBJECT, **problems(403)},
)
class SignalReportSchemaView(OfficerMixin, GenericAPIView):
    def get(self, request: Request) -> Response:
        return Response(load_schema())


__all__ = [
    "PseudonymisedBreakthroughsView",
    "SignalReportSchemaView",
    "SignalReportViewSet",
    "SignalViewSet",
]
