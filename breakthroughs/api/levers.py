"""The catalogue of legal levers and the suggestions for a blocking situation (issue 14).

The catalogue is public law, not personal data: every signed-in user may read it. Suggestions
take the blocking scheme, the knelpunt type and optionally the blocking problem in words (`q`);
nothing of the request is stored.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from breakthroughs import selectors
from breakthroughs.constants import KnelpuntType
from breakthroughs.models import LegalLever
from core.api.pagination import PageNumberPagination
from core.api.problems import PROBLEM_CONTENT_TYPE, ProblemSerializer
from core.permissions import access_for

TAG = "juridische hefbomen"
SUGGESTION_LIMIT = 10


class LeverPagination(PageNumberPagination):
    """`page_size` up to 500, so the whole catalogue fits in one page for clients that cache it.

    The issue and the catalogue's clients name the parameter `page_size`; the rest of the API's
    `pageSize` is still accepted here, so one client can page every endpoint the same way.
    """

    max_page_size = 500
    page_size_query_param = "page_size"
    ALIAS = PageNumberPagination.page_size_query_param

    def get_page_size(self, request: Request) -> int:
        if self.page_size_query_param not in request.query_params and (
            self.ALIAS in request.query_params
        ):
            self.page_size_query_param = self.ALIAS
        return super().get_page_size(request)


class LegalLeverSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    # Plain text, so its enum does not clash with the parameter grades (A, B, C) in the schema.
    grade = serializers.CharField(
        read_only=True,
        help_text="A: wettekst of memorie van toelichting; B: officiële uitvoeringsinformatie.",
    )

    class Meta:
        model = LegalLever
        fields = [
            "code",
            "title",
            "law",
            "article",
            "article_reference",
            "kind",
            "kind_label",
            "legal_route",
            "summary",
            "conditions",
            "decider",
            "mandate_level",
            "risks",
            "scheme_codes",
            "knelpunt_types",
            "law_url",
            "source",
            "grade",
            "valid_from",
            "valid_to",
        ]
        read_only_fields = fields


class LeverSuggestionSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())
    lever = LegalLeverSerializer()


class SuggestionQuerySerializer(serializers.Serializer):
    scheme = serializers.CharField(required=False, allow_blank=True, max_length=60)
    knelpunt_type = serializers.ChoiceField(
        choices=KnelpuntType.choices, required=False, allow_blank=True
    )
    q = serializers.CharField(required=False, allow_blank=True, max_length=2000)


@extend_schema(tags=[TAG], summary="Catalogus van juridische hefbomen (geldende versies)")
class LegalLeverListView(ListAPIView):
    serializer_class = LegalLeverSerializer
    pagination_class = LeverPagination

    def get_queryset(self) -> Any:
        return selectors.legal_levers_current()


@extend_schema(
    tags=[TAG],
    summary="Hefbomen die passen bij een blokkerende regel, best passend eerst",
    parameters=[
        OpenApiParameter("scheme", str, description="Code van de knellende regeling."),
        OpenApiParameter(
            "knelpunt_type", str, enum=KnelpuntType.values, description="Soort knelpunt."
        ),
        OpenApiParameter("q", str, description="Wat blokkeert, in woorden (niet opgeslagen)."),
    ],
    responses={
        200: LeverSuggestionSerializer(many=True),
        (400, PROBLEM_CONTENT_TYPE): OpenApiResponse(
            ProblemSerializer,
            description="Geen of ongeldige zoekvraag; invalidParams noemt de velden.",
        ),
    },
)
class LegalLeverSuggestionView(APIView):
    def get(self, request: Request) -> Response:
        query = SuggestionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        wanted = query.validated_data
        if not any(wanted.get(key) for key in ("scheme", "knelpunt_type", "q")):
            raise ValidationError(
                {"scheme": [_("Geef een regeling, een soort knelpunt of een omschrijving.")]}
            )
        suggestions = selectors.lever_suggestions(
            scheme=wanted.get("scheme", ""),
            knelpunt_type=wanted.get("knelpunt_type", ""),
            text=wanted.get("q", ""),
            limit=SUGGESTION_LIMIT,
        )
        return Response(LeverSuggestionSerializer(suggestions, many=True).data)


class LocalPrecedentSerializer(serializers.Serializer):
    decision = serializers.CharField(help_text="Het besluit (Goedgekeurd, Afgewezen, ...).")
    total_cost = serializers.DecimalField(max_digits=12, decimal_places=2)
    goal_reached = serializers.CharField(help_text="Doel bereikt, of 'nog niet geëvalueerd'.")
    decided_month = serializers.DateField(help_text="De eerste dag van de maand van het besluit.")


class NationalPrecedentSerializer(serializers.Serializer):
    knelpunt_type = serializers.CharField(help_text="Soort knelpunt; '-' als onbekend.")
    municipalities = serializers.IntegerField()
    breakthroughs = serializers.IntegerField()
    goal_reached_share = serializers.DecimalField(
        max_digits=3,
        decimal_places=2,
        allow_null=True,
        help_text="Deel met doel bereikt (0-1); null onder 10 geëvalueerde doorbraken.",
    )
    median_cost = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        help_text="Gewogen mediaan van de gemeentelijke medianen.",
    )


class LeverPrecedentsSerializer(serializers.Serializer):
    lever_code = serializers.CharField()
    title = serializers.CharField()
    article_reference = serializers.CharField()
    local = LocalPrecedentSerializer(
        many=True, help_text="Eerdere besluiten in uw gemeente (alleen feiten, nieuwste eerst)."
    )
    national = NationalPrecedentSerializer(
        many=True, help_text="Landelijke cijfers van de VNG-hub (laatst opgehaalde kopie)."
    )
    national_as_of = serializers.DateTimeField(
        allow_null=True, help_text="Wanneer de kopie van de hub is opgehaald; null: nog nooit."
    )


class PrecedentQuerySerializer(serializers.Serializer):
    scheme = serializers.CharField(max_length=60)
    knelpunt_type = serializers.ChoiceField(
        choices=KnelpuntType.choices, required=False, allow_blank=True
    )
    lever = serializers.SlugField(required=False, allow_blank=True, max_length=40)


@extend_schema(
    tags=[TAG],
    summary="Precedenten per hefboom: eerdere besluiten in uw gemeente en landelijke cijfers",
    description=(
        "Voor de hefbomen van een knellende regeling (of één hefboom): de nieuwste besluiten van "
        "uw eigen gemeente als gepseudonimiseerde feiten (besluit, kosten, evaluatie, maand; nooit "
        "huishouden, team of vrije tekst) en de landelijke precedenten van de VNG-hub (aantal "
        "gemeenten en doorbraken, deel met doel bereikt, mediane kosten; cellen onder 10 "
        "onderdrukt)."
    ),
    parameters=[
        OpenApiParameter("scheme", str, required=True, description="Code van de regeling."),
        OpenApiParameter(
            "knelpunt_type",
            str,
            enum=KnelpuntType.values,
            description="Soort knelpunt: landelijke cijfers van dit soort eerst.",
        ),
        OpenApiParameter("lever", str, description="Alleen deze hefboom (code)."),
    ],
    responses={
        200: LeverPrecedentsSerializer(many=True),
        (400, PROBLEM_CONTENT_TYPE): OpenApiResponse(
            ProblemSerializer,
            description="Geen of ongeldige regeling; invalidParams noemt de velden.",
        ),
    },
)
class LegalLeverPrecedentsView(APIView):
    def get(self, request: Request) -> Response:
        query = PrecedentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        wanted = query.validated_data
        scheme, knelpunt_type = wanted["scheme"], wanted.get("knelpunt_type", "")
        levers = [
            lever
            for lever in selectors.legal_levers_current()
            if scheme in lever.scheme_codes and wanted.get("lever") in (None, "", lever.code)
        ]
        references = [lever.article_reference for lever in levers]
        local: dict[str, list[selectors.Precedent]] = {}
        for municipality_id in sorted(access_for(request.user).municipality_ids()):
            found = selectors.lever_precedents(
                municipality_id=municipality_id, scheme=scheme, article_references=references
            )
            for reference, items in found.items():
                local.setdefault(reference, []).extend(items)
        national, fetched = selectors.national_precedents(
            scheme=scheme,
            knelpunt_type=knelpunt_type,
            lever_codes=[lever.code for lever in levers],
            limit=len(KnelpuntType.values) + 1,  # every knelpunt type and the unknown one
        )
        items = [
            {
                "lever_code": lever.code,
                "title": lever.title,
                "article_reference": lever.article_reference,
                "local": sorted(
                    local.get(lever.article_reference, []),
                    key=lambda p: p.decided_month,
                    reverse=True,
                )[: selectors.PRECEDENTS_PER_LEVER],
                "national": national.get(lever.code, []),
                "national_as_of": fetched,
            }
            for lever in levers
        ]
        return Response(LeverPrecedentsSerializer(items, many=True).data)
