"""Reforms and simulations in the API: the policy officer's what-if, as on the pages.

`POST /reforms/` takes the reform in the YAML format as JSON (`regulations.schemes.reforms`);
`POST /reforms/{id}/simulations/` queues a run over the municipality's open households (202);
`GET /simulations/{public_id}/` gives its progress and, when done, the published figures (counts
of 1..9 households suppressed). Only policy officers (403 otherwise); another municipality's
reform or simulation answers 404. Errors are problem details with Dutch `invalidParams`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from core.api.parsers import BoundedJSONParser
from core.api.problems import ProblemResponses, problem_response
from regulations.models import Reform, Simulation
from regulations.schemes.reforms import ReformInvalid
from regulations.services import simulations as service

PROBLEM_TEXT = {
    400: gettext_lazy("Ongeldige invoer; invalidParams noemt de velden. Er is niets opgeslagen."),
    403: gettext_lazy("Alleen beleidsmedewerkers rekenen hervormingen door."),
    404: gettext_lazy("Bestaat niet, of hoort niet bij uw gemeente."),
}
problems = ProblemResponses(PROBLEM_TEXT).problems
TAG = "hervormingen"

EXAMPLE_REFORM = {
    "name": "Normen bijstand +10%",
    "description": "Alle bijstandsnormen 10% hoger.",
    "valid_from": "2026-07-01",
    "valid_to": "2026-12-31",
    "overrides": [{"key": "bijstand.norm.*", "factor": "1.10"}],
    "switches": {"minima.kostendelersnorm_toepassen": False},
}


class IsPolicyOfficer(permissions.BasePermission):
    message = gettext_lazy("Alleen beleidsmedewerkers rekenen hervormingen door.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(service.officer_municipality_ids(request.user))


class ReformSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.cbs_code", read_only=True)
    spec = serializers.JSONField(
        read_only=True, help_text="De hervorming in de vaste vorm (zoals het YAML-bestand)."
    )

    class Meta:
        model = Reform
        fields = [
            "id",
            "name",
            "description",
            "valid_from",
            "valid_to",
            "municipality",
            "spec",
            "created_at",
        ]
        read_only_fields = fields


class SimulationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    reform = serializers.IntegerField(source="reform_id", read_only=True)
    municipality = serializers.CharField(source="municipality.cbs_code", read_only=True)
    percentage = serializers.IntegerField(read_only=True)
    inputs = serializers.JSONField(
        read_only=True,
        help_text="De hervorming zoals doorgerekend, peildatum, aantal huishoudens en het "
        "SHA-256-controlegetal van hun gegevens.",
    )
    parameter_versions = serializers.JSONField(
        read_only=True, help_text="Per parameter de geldig-vanaf-datum van de gebruikte waarde."
    )
    results = serializers.JSONField(
        read_only=True,
        help_text="Kosten per jaar per regeling en totaal, winnaars en verliezers, verdeling, "
        "sociaal-minimumgrenzen, voorbeeldhuishoudens; null-waarden zijn onderdrukt "
        "(zie results.suppressed).",
    )

    class Meta:
        model = Simulation
        fields = [
            "id",
            "reform",
            "municipality",
            "reference_date",
            "status",
            "total",
            "done",
            "percentage",
            "inputs",
            "engine_version",
            "parameter_versions",
            "results",
            "error",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields


class SimulationStartSerializer(serializers.Serializer):
    reference_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Peildatum binnen de geldigheid; leeg: de eerste dag van de hervorming.",
    )


def _reform_problem(request: Request, invalid: ReformInvalid) -> Response:
    return problem_response(
        status_code=status.HTTP_400_BAD_REQUEST,
        code="invalid",
        detail=_("De hervorming is ongeldig. Zie invalidParams voor de velden."),
        instance=request.get_full_path(),
        invalidParams=[
            {"name": path or "hervorming", "code": "invalid", "reason": message}
            for path, message in invalid.errors
        ],
    )


@extend_schema_view(
    list=extend_schema(
        summary="Hervormingen",
        description="De hervormingen van uw gemeente, nieuwste eerst.",
        responses={200: ReformSerializer(many=True), **problems(403)},
    ),
    retrieve=extend_schema(
        summary="Eén hervorming", responses={200: ReformSerializer, **problems(403, 404)}
    ),
    create=extend_schema(
        summary="Hervorming vastleggen",
        description=(
            "Dezelfde opbouw als het YAML-bestand van `manage.py simulate`: `name`, `valid_from`, "
            "optioneel `valid_to` en `description`, `overrides` (per stuk `key`, een parameter of "
            "een voorvoegsel op `.*`, met `factor` of `value`, getallen als tekst) en `switches` "
            "(de gedocumenteerde schakelaars). Elke fout noemt het veld. Gelogd."
        ),
        request={"application/json": OpenApiTypes.OBJECT},
        examples=[OpenApiExample("Normen +10%", value=EXAMPLE_REFORM, request_only=True)],
        responses={201: ReformSerializer, **problems(400, 403)},
    ),
    simulate=extend_schema(
        summary="Hervorming doorrekenen",
        description=(
            "Zet een doorrekening over de open huishoudens van de gemeente in de wachtrij (202). "
            "Volg de voortgang op `GET /simulations/{id}/`."
        ),
        request=SimulationStartSerializer,
        responses={202: SimulationSerializer, **problems(400, 403, 404)},
    ),
)
@extend_schema(tags=[TAG])
class ReformViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, GenericViewSet
):
    permission_classes = [permissions.IsAuthenticated, IsPolicyOfficer]
    parser_classes = [BoundedJSONParser]
    serializer_class = ReformSerializer
    lookup_value_converter = "int"

    def get_queryset(self) -> Any:
        return service.officer_reforms(self.request.user).order_by("-created_at", "-id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            spec = service.reform_parse(request.data)
        except ReformInvalid as invalid:
            return _reform_problem(request, invalid)
        municipality = service.officer_municipalities(request.user)[0]
        reform = service.reform_create(actor=request.user, municipality=municipality, spec=spec)  # type: ignore[arg-type]
        return Response(ReformSerializer(reform).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], url_path="simulations")
    def simulate(self, request: Request, pk: int | None = None) -> Response:
        reform = self.get_object()
        body = SimulationStartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            simulation = service.simulation_start(
                actor=request.user,  # type: ignore[arg-type]
                reform=reform,
                reference_date=body.validated_data.get("reference_date"),
            )
        except ReformInvalid as invalid:
            return _reform_problem(request, invalid)
        return Response(SimulationSerializer(simulation).data, status=status.HTTP_202_ACCEPTED)


@extend_schema_view(
    list=extend_schema(
        summary="Doorrekeningen",
        description="De doorrekeningen van uw gemeente, nieuwste eerst (met uitkomsten).",
        responses={200: SimulationSerializer(many=True), **problems(403)},
    ),
    retrieve=extend_schema(
        summary="Eén doorrekening",
        description=(
            "Voortgang (`status`, `done` van `total`) en, als `status` `done` is, de "
            "uitkomsten. Een afgeronde doorrekening verandert nooit meer. Gelogd."
        ),
        responses={200: SimulationSerializer, **problems(403, 404)},
    ),
)
@extend_schema(tags=[TAG])
class SimulationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, IsPolicyOfficer]
    serializer_class = SimulationSerializer
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    def get_queryset(self) -> Any:
        return service.officer_simulations(self.request.user).order_by("-created_at", "-id")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        simulation = self.get_object()
        service.simulation_read(actor=request.user, simulation=simulation, request=request)  # type: ignore[arg-type]
        return Response(self.get_serializer(simulation).data)
