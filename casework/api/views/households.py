"""The household collection: search, register, dossier, status changes and export."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from casework import services
from casework.api import serializers as s
from casework.api.filters import HouseholdFilter
from casework.api.views.common import ServiceErrorsMixin, ok
from casework.constants import special_categories
from casework.export import build_dossier_export
from casework.models import Household
from casework.selectors import (
    household_dossier,
    household_get,
    household_list,
    looks_like_bsn,
    zrm_profile,
)
from core.api.problems import HasCaseRole

# Most households one POST search answers with (the list's largest page).
SEARCH_LIMIT = 100

# --- households ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Huishoudens zoeken",
        description=(
            "De huishoudens van uw teams, gepagineerd, nieuwste wijziging eerst. Zoeken op naam "
            "of postcode (`search`); filteren op team, status, lage ZRM-score, schulden en "
            "casusregisseur. Een BSN in `search` geeft 400. Zoek bij voorkeur met POST "
            "/api/v1/households/search/: dan staat de zoekterm niet in de URL, in logs of in "
            "de pagineringslinks. Het opvragen wordt gelogd, met de namen van de gebruikte "
            "filters (niet hun waarden)."
        ),
        responses=ok(s.HouseholdListSerializer(many=True), 400, 403, 404),
    ),
    create=extend_schema(
        summary="Huishouden aanmelden",
        description=(
            "Legt in één keer het huishouden vast met gezinsleden (met BSN en inkomens) en de "
            "woonsituatie. Alles of niets: bij een fout wordt niets opgeslagen."
        ),
        request=s.HouseholdCreateSerializer,
        responses=ok(s.HouseholdDetailSerializer, 400, 403, code=201),
    ),
    retrieve=extend_schema(
        summary="Dossier van een huishouden",
        description=(
            "Het hele dossier: gezinsleden (BSN gemaskeerd), inkomens, woonsituatie, vermogen, "
            "schulden, ontvangen regelingen, laatste ZRM-scores, perspectiefplan met doelen en "
            "betrokken organisaties met hun jaarlijkse kosten. Het lezen wordt gelogd."
        ),
        responses=ok(s.HouseholdDetailSerializer, 404),
    ),
    partial_update=extend_schema(
        summary="Huishouden wijzigen",
        description=(
            "Wijzigt adres en startdatum. Stuur de gelezen `version` mee; is die verouderd, "
            "dan volgt 409 en blijft alles ongewijzigd."
        ),
        request=s.HouseholdUpdateSerializer,
        responses=ok(s.HouseholdDetailSerializer, 400, 404, 409),
    ),
    close=extend_schema(
        summary="Huishouden afsluiten",
        description="Sluit het huishouden af, met een reden (journaal en auditlog).",
        request=s.ReasonSerializer,
        responses=ok(s.HouseholdListSerializer, 400, 404),
    ),
    reopen=extend_schema(
        summary="Huishouden heropenen",
        description="Heropent een afgesloten huishouden, met een reden.",
        request=s.ReasonSerializer,
        responses=ok(s.HouseholdListSerializer, 400, 404),
    ),
    assign=extend_schema(
        summary="Casusregisseur toewijzen",
        description="Wijst een medewerker uit het team van het huishouden toe, of koppelt los.",
        request=s.AssignSerializer,
        responses=ok(s.HouseholdListSerializer, 400, 404),
    ),
    export=extend_schema(
        summary="Dossier exporteren (inzageverzoek)",
        description=(
            "Alle gegevens van het huishouden als JSON voor een inzageverzoek (AVG art. 15), "
            "met volledige BSN's en het auditlog. De export wordt gelogd."
        ),
        responses=ok(OpenApiTypes.OBJECT, 404),
    ),
)
@extend_schema(tags=["huishoudens"])
class HouseholdViewSet(ServiceErrorsMixin, GenericViewSet):
    serializer_class = s.HouseholdListSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = HouseholdFilter
    lookup_value_converter = "int"
    permission_classes = [permissions.IsAuthenticated]

    def get_permissions(self) -> list[permissions.BasePermission]:
        # The collection answers 403 to roles without cases; one household answers 404.
        if self.action in ("list", "create", "search"):
            return [permissions.IsAuthenticated(), HasCaseRole()]
        return super().get_permissions()

    def get_queryset(self) -> models.QuerySet[Household]:
        return household_list(user=self.request.user)

    def list(self, request: Request) -> Response:
        if looks_like_bsn(request.query_params.get("search", "")):
            raise ValidationError(
                {
                    "search": _(
                        "Een BSN hoort niet in een webadres. Zoek op BSN met POST "
                        "/api/v1/households/search/."
                    )
                },
                code="bsn_in_url",
            )
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        # Who looked for whom: the filters used, never their values (a search may be a name).
        # Only the names of known filters: any other parameter name is the client's free text.
        services.record_list(
            actor=request.user,
            request=request,
            filters=sorted(
                name
                for name, value in request.query_params.items()
                if value and name in HouseholdFilter.base_filters
            ),
        )
        return self.get_paginated_response(s.HouseholdListSerializer(page, many=True).data)

    @extend_schema(
        summary="Zoeken op BSN, naam of postcode (in de body)",
        description=(
            "Zoekt huishoudens met de zoekterm in de body in plaats van in de URL, zodat een BSN "
            "of naam niet in webadressen, logs of pagineringslinks belandt. Geef precies één van "
            "`bsn` (exacte match op het volledige BSN van een gezinslid, via een sleutel-hash) en "
            "`q` (naam of postcode, zoals `search` bij de lijst; een volledig BSN in `q` zoekt "
            "exact op BSN). Het antwoord is een lijst, nieuwste wijziging eerst, met ten hoogste "
            f"{SEARCH_LIMIT} huishoudens; verfijn de zoekterm als u er meer verwacht. De "
            "zoekactie wordt gelogd, zonder de zoekterm."
        ),
        request=s.HouseholdSearchSerializer,
        responses=ok(s.HouseholdListSerializer(many=True), 400, 403),
    )
    @action(detail=False, methods=["post"], url_path="search")
    def search(self, request: Request) -> Response:
        serializer = s.HouseholdSearchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "bsn" in data:
            found = services.household_search_bsn(
                user=request.user, bsn=data["bsn"], request=request
            )
        else:
            found = list(household_list(user=request.user, search=data["q"])[:SEARCH_LIMIT])
            services.record_list(actor=request.user, request=request, filters=["q"])
        return Response(s.HouseholdListSerializer(found, many=True).data)

    def create(self, request: Request) -> Response:
        serializer = s.HouseholdCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        household = services.household_create(
            actor=request.user,
            team=data.pop("team"),
            assigned_professional=data.pop("assigned_professional", None),
            members=data.pop("members"),
            housing=data.pop("housing", None),
            assets_total=data.pop("assets_total", None),
            benefits_received=data.pop("benefits_received", []),
            household=data,
            request=request,
        )
        return Response(self._dossier(household.pk), status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, pk: int) -> Response:
        household = household_dossier(user=request.user, household_id=pk)
        # The dossier holds the latest ZRM scores: name the special categories among them.
        services.record_read(
            actor=request.user,
            household=household,
            request=request,
            special_categories=zrm_profile(household).special_categories,
        )
        return Response(self._render_dossier(household))

    def partial_update(self, request: Request, pk: int) -> Response:
        household = household_get(user=request.user, household_id=pk)
        serializer = s.HouseholdUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "version" not in data:
            raise ValidationError({"version": s.REQUIRED}, code="required")
        services.household_update(
            actor=request.user,
            household=household,
            expected_version=data.pop("version"),
            data=data,
            request=request,
        )
        return Response(self._dossier(household.pk))

    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: int) -> Response:
        return self._status_change(request, pk, services.household_close)

    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: int) -> Response:
        return self._status_change(request, pk, services.household_reopen)

    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: int) -> Response:
        household = household_get(user=request.user, household_id=pk)
        serializer = s.AssignSerializer(data=request.data, team=household.team)
        serializer.is_valid(raise_exception=True)
        services.household_assign(
            actor=request.user,
            household=household,
            professional=serializer.validated_data["professional"],
            request=request,
        )
        return Response(s.HouseholdListSerializer(household).data)

    @action(detail=True, methods=["get"])
    def export(self, request: Request, pk: int) -> Response:
        household = household_dossier(user=request.user, household_id=pk, journal_limit=None)
        data = build_dossier_export(household=household)
        services.record_read(
            actor=request.user,
            household=household,
            what="household.export",
            request=request,
            special_categories=special_categories(
                {domain for a in data["assessments"] for domain in a["scores"]}
            ),
        )
        response = Response(data)
        # Holds full BSNs: never keep a copy in a cache.
        response["Cache-Control"] = "no-store"
        return response

    def _status_change(self, request: Request, pk: int, service: Any) -> Response:
        household = household_get(user=request.user, household_id=pk)
        serializer = s.ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        service(
            actor=request.user,
            household=household,
            reason=serializer.validated_data["reason"],
            request=request,
        )
        return Response(s.HouseholdListSerializer(household).data)

    def _dossier(self, household_id: int) -> dict[str, Any]:
        household = household_dossier(user=self.request.user, household_id=household_id)
        return self._render_dossier(household)

    def _render_dossier(self, household: Household) -> dict[str, Any]:
        context = {**self.get_serializer_context(), "household": household}
        return s.HouseholdDetailSerializer(household, context=context).data
