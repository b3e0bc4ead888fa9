"""Views of the signals (knelpunten) and the pseudonymised breakthroughs to link to them."""

from __future__ import annotations

from django.db.models import QuerySet

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from signals.api.common import TAG_SIGNALS, OfficerMixin, problems
from signals.api.serializers import (
    LinkResultSerializer,
    LinkSerializer,
    MoveSerializer,
    PseudonymisedBreakthroughSerializer,
    SignalSerializer,
    SignalWriteSerializer,
)
from signals.models import Signal
from signals.selectors import officer_signals, pseudonymised_rows, resolve_refs
from signals.services import (
    record_breakthroughs_shown,
    signal_create,
    signal_link,
    signal_move,
    signal_unlink,
    signal_update,
)


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
        return officer_signals(municipalities=self.municipalities()).prefetch_related(
            "history", "links"
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
        municipality = self.municipalities()[0]
        rows = pseudonymised_rows(municipality=municipality)
        record_breakthroughs_shown(
            actor=request.user, municipality=municipality, rows=rows, request=request, page="api"
        )
        return Response(PseudonymisedBreakthroughSerializer(rows, many=True).data)
