"""Views of the regulations API: screening (stateless and stored), Werken loont, the catalogue
and the proactive-grant list.

Scoping: a household comes from `casework.selectors` (404 outside the user's teams); a stored
screening is read through its household (`regulations.selectors`). Writes go through services.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet, ViewSet

from casework.models import Member
from casework.selectors import household_get
from core.api.parsers import BoundedJSONParser
from core.api.problems import HasCaseRole, ProblemResponses, problem_response
from regulations import selectors, services
from regulations.api import serializers as s
from regulations.models import Regulation, Screening
from regulations.schemes.engine import screen
from regulations.schemes.facts import InputError, parse_household, parse_scheme_codes
from regulations.schemes.params import ParameterMissing

MAX_HOUSEHOLDS = 500

PROBLEM_TEXT = {
    400: gettext_lazy("Ongeldige invoer; invalidParams noemt de velden. Er is niets opgeslagen."),
    403: gettext_lazy("Uw rol werkt niet met huishoudens."),
    404: gettext_lazy("Bestaat niet, of het huishouden hoort niet bij uw teams."),
}

EXAMPLE_HOUSEHOLD = {
    "reference_date": "2025-03-01",
    "municipality_code": "GM0363",
    "members": [
        {
            "ref": "p1",
            "relation": "applicant",
            "birth_date": "1990-05-01",
            "assessed_income_yearly": 28000,
            "incomes": [{"kind": "wages", "gross_monthly": 2100.00, "net_monthly": 1750.00}],
            "health_insured": True,
        },
        {"ref": "c1", "relation": "child", "birth_date": "2019-04-01"},
    ],
    "assets_total": 3000.00,
    "housing": {"tenure": "social_rent", "basic_rent": 900.00, "service_costs": 0.00},
    "benefits_received": ["zorgtoeslag"],
}


problems = ProblemResponses(PROBLEM_TEXT).problems


def input_problem(request: Request, errors: list[InputError]) -> Response:
    return problem_response(
        status_code=status.HTTP_400_BAD_REQUEST,
        code="invalid",
        detail=_("De invoer is ongeldig. Zie invalidParams voor de velden."),
        instance=request.get_full_path(),
        invalidParams=[{"name": e.field, "code": "invalid", "reason": e.message} for e in errors],
    )


def _parse_options(request: Request, body: Any) -> tuple[Any, date | None, tuple[str, ...] | None]:
    """The households, the date override and the scheme filter, from the body and the query.

    The body is the screen JSON (one household or a list), or a wrapper
    `{"household" | "households": ..., "date": ..., "schemes": [...]}`; the query may give `date`
    and `schemes` (repeated or comma-separated) too.
    """
    raw_date = request.query_params.get("date")
    raw_schemes: Any = [
        code
        for value in request.query_params.getlist("schemes")
        for code in value.split(",")
        if code
    ] or None
    households = body
    if isinstance(body, dict) and ("household" in body or "households" in body):
        unknown = set(body) - {"household", "households", "date", "schemes"}
        if unknown:
            raise InputError(sorted(unknown)[0], "onbekend veld")
        households = body.get("household", body.get("households"))
        raw_date = body.get("date", raw_date)
        raw_schemes = body.get("schemes", raw_schemes)
    reference_date = None
    if raw_date is not None:
        if not isinstance(raw_date, str):
            raise InputError("date", "moet een datum zijn in de vorm JJJJ-MM-DD")
        try:
            reference_date = date.fromisoformat(raw_date)
        except ValueError as exc:
            raise InputError("date", f"{raw_date} is geen geldige datum (JJJJ-MM-DD)") from exc
    schemes = None if raw_schemes is None else parse_scheme_codes(raw_schemes, field="schemes")
    return households, reference_date, schemes


class JSONOnlyMixin:
    parser_classes = [BoundedJSONParser]


@extend_schema(tags=["toetsing"])
class ScreeningViewSet(JSONOnlyMixin, GenericViewSet):
    """`POST /screenings/` (stateless) and `GET /screenings/{id}/` (a stored snapshot)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = s.StoredScreeningSerializer
    lookup_value_converter = "int"

    @extend_schema(
        summary="Huishouden toetsen zonder opslaan",
        description=(
            "Toetst de meegestuurde screen-JSON (één huishouden, of een lijst huishoudens) op alle "
            "regelingen en geeft de uitkomsten in het contractformaat terug (SCHEMES.md §0): per "
            "regeling de uitkomst, het bedrag, ontbrekende gegevens, de uitleg en de versies. "
            "Er wordt niets opgeslagen. Optioneel: `date` (peildatum, overschrijft "
            "`reference_date`) en `schemes` (alleen deze regelingen) in de query, of in de body "
            'als `{"household": {...}, "date": ..., "schemes": [...]}`. Ongeldige invoer geeft '
            "400 met het veld in invalidParams."
        ),
        parameters=[
            OpenApiParameter("date", OpenApiTypes.DATE, description="Peildatum (JJJJ-MM-DD)."),
            OpenApiParameter(
                "schemes",
                OpenApiTypes.STR,
                many=True,
                explode=True,
                description="Alleen deze regelingcodes.",
            ),
        ],
        request=OpenApiTypes.OBJECT,
        examples=[OpenApiExample("Huishouden", value=EXAMPLE_HOUSEHOLD, request_only=True)],
        responses={
            200: OpenApiResponse(
                s.ScreeningContractSerializer,
                "De uitkomsten; bij een lijst huishoudens een lijst van zulke objecten, in volgorde.",
            ),
            **problems(400),
        },
    )
    def create(self, request: Request) -> Response:
        try:
            households, reference_date, schemes = _parse_options(request, request.data)
            resolver = services.parameter_resolver()
            if isinstance(households, list):
                if not households:
                    raise InputError("$", "een lege lijst: geef minstens één huishouden")
                if len(households) > MAX_HOUSEHOLDS:
                    raise InputError("$", f"hoogstens {MAX_HOUSEHOLDS} huishoudens per verzoek")
                output: Any = [
                    self._screen_one(item, reference_date, schemes, resolver, prefix=f"[{i}].")
                    for i, item in enumerate(households)
                ]
            else:
                output = self._screen_one(households, reference_date, schemes, resolver, prefix="")
        except InputError as error:
            return input_problem(request, [error])
        return Response(output)

    @staticmethod
    def _screen_one(
        raw: Any, reference_date: date | None, schemes: Any, resolver: Any, *, prefix: str
    ) -> dict:
        try:
            facts = parse_household(raw, reference_date_override=reference_date)
        except InputError as error:
            raise InputError(prefix + error.field, error.message) from error
        parameters = resolver.resolve(facts.reference_date, facts.municipality_code)
        try:
            return screen(facts, schemes=schemes, parameters=parameters).to_json()
        except ParameterMissing as error:
            raise InputError(prefix + "reference_date", str(error)) from error

    @extend_schema(
        summary="Opgeslagen toetsing ophalen",
        description=(
            "Eén opgeslagen toetsing (momentopname) met invoer, peildatum, uitkomsten en de "
            "gebruikte parameterversies, zodat de toets later te reproduceren is. Alleen voor "
            "huishoudens van uw teams; het lezen wordt gelogd."
        ),
        responses={200: s.StoredScreeningSerializer, **problems(404)},
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        screening = selectors.screening_get(user=request.user, screening_id=pk)
        services.record_read(
            actor=request.user,
            action="screening.read",
            household=screening.household,
            obj=screening,
            request=request,
        )
        return Response(s.StoredScreeningSerializer(screening).data)


@extend_schema_view(
    list=extend_schema(
        summary="Toetsingen van een huishouden",
        description=(
            "De opgeslagen toetsingen van het huishouden, nieuwste eerst (zonder invoer en "
            "uitkomsten; haal die op met GET /screenings/{id}/). Het lezen wordt gelogd."
        ),
        responses={200: s.StoredScreeningListSerializer(many=True), **problems(404)},
    ),
    create=extend_schema(
        summary="Huishouden toetsen en opslaan",
        description=(
            "Toetst het opgeslagen huishouden op de dag van vandaag en bewaart de momentopname "
            "(invoer, peildatum, uitkomsten, parameterversies). Nieuw niet-gebruik komt op de "
            "lijst proactief toekennen van het team. Gelogd."
        ),
        request=None,
        responses={201: s.StoredScreeningSerializer, **problems(404)},
    ),
)
@extend_schema(tags=["toetsing"])
class HouseholdScreeningViewSet(JSONOnlyMixin, mixins.ListModelMixin, GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = s.StoredScreeningListSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Screening.objects.none()
        return selectors.screening_list(
            user=self.request.user, household_id=self.kwargs["household_id"]
        ).select_related("created_by")

    def list(self, request: Request, household_id: int) -> Response:
        household = household_get(user=request.user, household_id=household_id)
        services.record_read(
            actor=request.user, action="screening.list", household=household, request=request
        )
        return super().list(request, household_id=household_id)

    def create(self, request: Request, household_id: int) -> Response:
        household = household_get(user=request.user, household_id=household_id)
        screening = services.screening_run_and_store(
            household_id=household.pk, trigger="manual", actor=request.user
        )
        if screening is None:  # deleted in the meantime
            raise Http404
        return Response(s.StoredScreeningSerializer(screening).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["werken-loont"])
class WorkPaysViewSet(ViewSet):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Werken loont?",
        description=(
            "Wat er met het besteedbaar inkomen van het huishouden gebeurt als één gezinslid X "
            "euro bruto per maand meer verdient, in stappen van `step` tot `max`: per stap het "
            "netto inkomen, de bedragen per regeling, het besteedbaar inkomen en de marginale "
            "druk; stappen met een marginale druk boven 80% heten armoedeval. Het lezen wordt "
            "gelogd."
        ),
        parameters=[s.WorkPaysQuerySerializer],
        responses={200: s.WorkPaysSerializer, **problems(400, 404)},
    )
    def list(self, request: Request, household_id: int) -> Response:
        household = household_get(user=request.user, household_id=household_id)
        query = s.WorkPaysQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        member_id = query.validated_data["member"]
        if not Member.objects.filter(pk=member_id, household=household, lives_in=True).exists():
            return input_problem(
                request, [InputError("member", _("geen gezinslid van dit huishouden"))]
            )
        try:
            steps, reference_date = selectors.work_pays_steps(
                household_id=household.pk,
                member_id=member_id,
                max_gross_monthly=query.validated_data["max"],
                step=query.validated_data["step"],
            )
        except InputError as error:
            return input_problem(request, [error])
        except (ParameterMissing, ValueError) as error:
            return input_problem(request, [InputError("member", str(error))])
        services.record_read(
            actor=request.user, action="workpays.read", household=household, request=request
        )
        return Response(
            {
                "household": household.pk,
                "member": member_id,
                "reference_date": reference_date.isoformat(),
                "steps": [step.to_json() for step in steps],
            }
        )


@extend_schema(tags=["regelingen"])
class RegulationViewSet(mixins.ListModelMixin, GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = s.RegulationSerializer
    pagination_class = None
    queryset = Regulation.objects.none()  # for the schema; list() reads through the selector

    @extend_schema(
        summary="Catalogus van regelingen",
        description=(
            "Alle regelingen met wettelijke grondslag, uitvoerder en de parameterwaarden die "
            "vandaag gelden (landelijk en per gemeente), elk met bron en betrouwbaarheid (A/B/C)."
        ),
        responses={200: s.RegulationSerializer(many=True)},
    )
    def list(self, request: Request) -> Response:
        entries = selectors.regulation_catalogue()
        parameters = {entry.code: entry.parameters for entry in entries}
        regulations = [entry.regulation for entry in entries if entry.regulation is not None]
        return Response(
            s.RegulationSerializer(regulations, many=True, context={"parameters": parameters}).data
        )


@extend_schema_view(
    list=extend_schema(
        summary="Proactief toekennen: open punten",
        description=(
            "Huishoudens van uw teams met recht op een regeling die ze niet ontvangen "
            "(niet-gebruik). `grant_route` zegt wat kan: `ambtshalve` (een gemeentelijke regeling die "
            "de gemeente zonder aanvraag kan toekennen) of `aanvraag` (Dienst Toeslagen, de SVB "
            "of de gemeente op aanvraag beslist; het team helpt de aanvraag indienen)."
        ),
        responses={200: s.ProactiveGrantSerializer(many=True), **problems(403)},
    ),
    handle=extend_schema(
        summary="Proactief toekennen: punt afhandelen",
        description=(
            "Markeert een open punt als toegekend (`granted`, alleen bij `grant_route` `ambtshalve`), "
            "aanvraag ingediend (`applied`, alleen bij `aanvraag`; de instantie wordt "
            "vastgelegd) of niet van toepassing (`dismissed`), met een optionele toelichting. "
            "Gelogd."
        ),
        request=s.ProactiveGrantHandleSerializer,
        responses={200: s.ProactiveGrantSerializer, **problems(400, 403, 404)},
    ),
)
@extend_schema(tags=["proactief-toekennen"])
class ProactiveGrantViewSet(JSONOnlyMixin, mixins.ListModelMixin, GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, HasCaseRole]
    serializer_class = s.ProactiveGrantSerializer
    lookup_value_converter = "int"

    def get_queryset(self) -> Any:
        return selectors.proactive_grant_list(user=self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["names"] = selectors.regulation_names()
        return context

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        # The list names households: logged like the page (proactivegrant.list).
        services.record_grant_list(actor=request.user, request=request)
        return response

    @action(detail=True, methods=["post"])
    def handle(self, request: Request, pk: int) -> Response:
        grant = selectors.proactive_grant_get(user=request.user, grant_id=pk)
        body = s.ProactiveGrantHandleSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        grant = services.proactive_grant_handle(
            grant=grant,
            actor=request.user,
            status=body.validated_data["status"],
            note=body.validated_data["note"],
            request=request,
        )
        return Response(self.get_serializer(grant).data)
