"""Views of the household dossier API: parse, call one service or selector, render.

Scoping: every household comes from `casework.selectors` (404 outside the user's teams), and every
nested object is read through that household, so an id of another team's object is 404 too.
Auditing: services audit writes; reads of one household call `services.record_read`.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from casework import services
from casework.api import serializers as s
from casework.api.filters import HouseholdFilter
from casework.export import build_dossier_export
from casework.models import (
    Assessment,
    Asset,
    BenefitReceived,
    Debt,
    Household,
    Housing,
    Income,
    InvolvedOrganisation,
    JournalEntry,
    Member,
    PerspectivePlan,
    PlanGoal,
)
from casework.selectors import household_dossier, household_get, household_list, looks_like_bsn
from core.api.problems import PROBLEM_CONTENT_TYPE, problem_response
from core.permissions import access_for

PROBLEM_TEXT = {
    400: gettext_lazy("Ongeldige invoer; invalidParams noemt de velden. Er is niets opgeslagen."),
    403: gettext_lazy("Uw rol werkt niet met huishoudens."),
    404: gettext_lazy("Bestaat niet, of het huishouden hoort niet bij uw teams."),
    409: gettext_lazy(
        "De meegestuurde versie is verouderd: iemand anders wijzigde het huishouden. "
        "Er is niets opgeslagen; lees opnieuw (currentVersion)."
    ),
}


def problems(*codes: int) -> dict[Any, OpenApiResponse]:
    """Documented problem-details responses (application/problem+json)."""
    return {
        (code, PROBLEM_CONTENT_TYPE): OpenApiResponse(s.ProblemSerializer, PROBLEM_TEXT[code])
        for code in codes
    }


def ok(serializer: Any, *errors: int, code: int = 200) -> dict[Any, Any]:
    return {code: serializer, **problems(*errors)}


class HasCaseRole(permissions.BasePermission):
    """Professionals and team leads only; other roles see no case content (BIO 8.03.02)."""

    message = gettext_lazy("Alleen professionals en teamleiders werken met huishoudens.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return access_for(request).can_see_cases


class ServiceErrorsMixin:
    """JSON in; service exceptions out as problem details: field errors 400, stale versions 409."""

    request: Request
    # Nested bodies (members with incomes) only make sense as JSON.
    parser_classes = [JSONParser]

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

    def audit_read(self, what: str) -> None:
        services.record_read(
            actor=self.request.user, household=self.household, what=what, request=self.request
        )


# --- households ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Huishoudens zoeken",
        description=(
            "De huishoudens van uw teams, gepagineerd, nieuwste wijziging eerst. Zoeken op naam, "
            "postcode of exact BSN; filteren op team, status, lage ZRM-score, schulden en "
            "casusregisseur."
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
        return self.get_paginated_response(s.HouseholdListSerializer(page, many=True).data)

    @extend_schema(
        summary="Zoeken op BSN",
        description=(
            "Zoekt een huishouden op het volledige BSN van een gezinslid (exacte match via een "
            "sleutel-hash). Het BSN staat in de body, nooit in de URL. De zoekactie wordt gelogd, "
            "zonder het BSN."
        ),
        request=s.BsnSearchSerializer,
        responses=ok(s.HouseholdListSerializer(many=True), 400, 403),
    )
    @action(detail=False, methods=["post"], url_path="search")
    def search(self, request: Request) -> Response:
        serializer = s.BsnSearchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        found = list(household_list(user=request.user, bsn=serializer.validated_data["bsn"]))
        for household in found:
            services.record_read(
                actor=request.user,
                household=household,
                what="household.search_bsn",
                request=request,
            )
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
            household=data,
            request=request,
        )
        return Response(self._dossier(household.pk), status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, pk: int) -> Response:
        household = household_dossier(user=request.user, household_id=pk)
        services.record_read(actor=request.user, household=household, request=request)
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
        serializer = s.AssignSerializer(data=request.data)
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
        services.record_read(
            actor=request.user, household=household, what="household.export", request=request
        )
        response = Response(build_dossier_export(household=household))
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


# --- nested dossier items ------------------------------------------------------------------


class DossierItemViewSet(
    HouseholdScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    GenericViewSet,
):
    """List, add, read, change (with the household `version`) and remove one kind of item.

    Writes go through `services.item_save` / `item_delete`, which audit them as
    `<model>.create|update|delete`; reads are audited as `<model>.list|read`.
    """

    model: type[models.Model]
    related_name: str  # the reverse accessor on Household
    update_serializer_class: type[serializers.Serializer]
    lookup_value_converter = "int"
    pagination_class = None
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> models.QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        # Through the related manager, so every item shares the one scoped household instance.
        return getattr(self.household, self.related_name).all()

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if self.action == "partial_update":
            return self.update_serializer_class
        return super().get_serializer_class()

    @property
    def model_name(self) -> str:
        return self.model._meta.model_name or ""

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.audit_read(f"{self.model_name}.list")
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        self.audit_read(f"{self.model_name}.read")
        return Response(self.get_serializer(item).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = self.new_item(dict(serializer.validated_data))
        services.item_save(actor=request.user, item=item, request=request)
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        serializer = self.get_serializer(item, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        for key, value in data.items():
            setattr(item, key, value)
        services.item_save(actor=request.user, item=item, expected_version=version, request=request)
        return Response(self.serializer_class(item, context=self.get_serializer_context()).data)

    def perform_destroy(self, instance: models.Model) -> None:
        services.item_delete(actor=self.request.user, item=instance, request=self.request)

    def new_item(self, data: dict[str, Any]) -> models.Model:
        return self.model(household=self.household, **data)


def item_schema(*, tag: str, singular: str, plural: str, serializer: Any) -> Any:
    """Tag plus Dutch summaries and descriptions for one nested item collection."""
    noun = singular.removeprefix("een ")
    views = extend_schema_view(
        list=extend_schema(
            summary=f"{plural.capitalize()} van een huishouden",
            description=f"Alle {plural} van het huishouden. Het lezen wordt gelogd.",
            responses=ok(serializer(many=True), 404),
        ),
        create=extend_schema(
            summary=f"{noun.capitalize()} toevoegen",
            description=f"Voegt {singular} toe aan het huishouden (gelogd).",
            responses=ok(serializer, 400, 404, code=201),
        ),
        retrieve=extend_schema(
            summary=f"{noun.capitalize()} lezen",
            description=f"Eén {noun} van het huishouden (gelogd).",
            responses=ok(serializer, 404),
        ),
        partial_update=extend_schema(
            summary=f"{noun.capitalize()} wijzigen",
            description=(
                "Wijzigt de meegestuurde velden. Stuur de `version` van het huishouden mee; "
                "is die verouderd, dan volgt 409 en blijft alles ongewijzigd."
            ),
            responses=ok(serializer, 400, 404, 409),
        ),
        destroy=extend_schema(
            summary=f"{noun.capitalize()} verwijderen",
            description=f"Verwijdert {singular} uit het huishouden (gelogd).",
            responses=ok(None, 400, 404, code=204),
        ),
    )
    return lambda cls: extend_schema(tags=[tag])(views(cls))


@item_schema(
    tag="vermogen",
    singular="een vermogensbestanddeel",
    plural="vermogensbestanddelen",
    serializer=s.AssetSerializer,
)
class AssetViewSet(DossierItemViewSet):
    model = Asset
    related_name = "assets"
    serializer_class = s.AssetSerializer
    update_serializer_class = s.AssetUpdateSerializer


@item_schema(tag="schulden", singular="een schuld", plural="schulden", serializer=s.DebtSerializer)
class DebtViewSet(DossierItemViewSet):
    model = Debt
    related_name = "debts"
    serializer_class = s.DebtSerializer
    update_serializer_class = s.DebtUpdateSerializer


@item_schema(
    tag="regelingen",
    singular="een ontvangen regeling",
    plural="ontvangen regelingen",
    serializer=s.BenefitSerializer,
)
class BenefitViewSet(DossierItemViewSet):
    model = BenefitReceived
    related_name = "benefits"
    serializer_class = s.BenefitSerializer
    update_serializer_class = s.BenefitUpdateSerializer


@item_schema(tag="doelen", singular="een doel", plural="doelen", serializer=s.GoalSerializer)
class GoalViewSet(DossierItemViewSet):
    model = PlanGoal
    related_name = "goals"
    serializer_class = s.GoalSerializer
    update_serializer_class = s.GoalUpdateSerializer


@item_schema(
    tag="organisaties",
    singular="een betrokken organisatie",
    plural="betrokken organisaties",
    serializer=s.OrganisationSerializer,
)
class OrganisationViewSet(DossierItemViewSet):
    model = InvolvedOrganisation
    related_name = "organisations"
    serializer_class = s.OrganisationSerializer
    update_serializer_class = s.OrganisationUpdateSerializer


@item_schema(
    tag="inkomens", singular="een inkomen", plural="inkomens", serializer=s.IncomeSerializer
)
class IncomeViewSet(DossierItemViewSet):
    """Incomes belong to a member; `member` must be a member of this household."""

    model = Income
    serializer_class = s.IncomeSerializer
    update_serializer_class = s.IncomeUpdateSerializer

    def get_queryset(self) -> models.QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return Income.objects.none()
        return Income.objects.filter(member__household=self.household).order_by("member", "id")

    def get_object(self) -> Income:
        income: Income = super().get_object()
        # The service bumps the version on `income.member.household`: make it the scoped one.
        income.member.household = self.household
        return income

    def new_item(self, data: dict[str, Any]) -> models.Model:
        return Income(**data)


# --- members ---------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Gezinsleden van een huishouden",
        description="Alle gezinsleden met hun inkomens; het BSN alleen gemaskeerd. Gelogd.",
        responses=ok(s.MemberWriteSerializer(many=True), 404),
    ),
    create=extend_schema(
        summary="Gezinslid toevoegen",
        description=(
            "Voegt een gezinslid toe. De samenstelling wordt gecontroleerd: één aanvrager, "
            "hoogstens één partner, aannemelijke leeftijden van kinderen, geldig BSN."
        ),
        request=s.MemberSerializer,
        responses=ok(s.MemberWriteSerializer, 400, 404, code=201),
    ),
    retrieve=extend_schema(
        summary="Gezinslid lezen",
        description="Eén gezinslid, het BSN gemaskeerd. Gelogd.",
        responses=ok(s.MemberWriteSerializer, 404),
    ),
    partial_update=extend_schema(
        summary="Gezinslid wijzigen",
        description="Wijzigt een gezinslid. Stuur de `version` van het huishouden mee (409 als verouderd).",
        request=s.MemberUpdateSerializer,
        responses=ok(s.MemberWriteSerializer, 400, 404, 409),
    ),
    destroy=extend_schema(
        summary="Gezinslid verwijderen",
        description="Verwijdert een gezinslid met zijn inkomens. De aanvrager kan niet weg.",
        responses=ok(None, 400, 404, code=204),
    ),
    reveal_bsn=extend_schema(
        summary="BSN tonen",
        description=(
            "Geeft het volledige BSN van het gezinslid. Dit is een bewuste, gelogde handeling "
            "(member.reveal_bsn); daarom POST, zodat niets het antwoord bewaart of vooraf ophaalt."
        ),
        request=None,
        responses=ok(s.RevealedBsnSerializer, 404),
    ),
)
@extend_schema(tags=["gezinsleden"])
class MemberViewSet(
    HouseholdScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    GenericViewSet,
):
    serializer_class = s.MemberWriteSerializer
    lookup_value_converter = "int"
    pagination_class = None
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> models.QuerySet[Member]:
        if getattr(self, "swagger_fake_view", False):
            return Member.objects.none()
        return self.household.members.prefetch_related("incomes")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.audit_read("member.list")
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        member = self.get_object()
        self.audit_read("member.read")
        return Response(self.get_serializer(member).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = s.MemberSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        member = services.member_add(
            actor=request.user,
            household=self.household,
            data=serializer.validated_data,
            request=request,
        )
        return Response(self.get_serializer(member).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        member = self.get_object()
        serializer = s.MemberUpdateSerializer(
            member, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        services.member_update(
            actor=request.user,
            member=member,
            expected_version=data.pop("version"),
            data=data,
            request=request,
        )
        return Response(self.get_serializer(member).data)

    def perform_destroy(self, instance: Member) -> None:
        services.member_remove(actor=self.request.user, member=instance, request=self.request)

    @action(detail=True, methods=["post"], url_path="reveal-bsn")
    def reveal_bsn(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        member = self.get_object()
        bsn = services.member_reveal_bsn(actor=request.user, member=member, request=request)
        response = Response(s.RevealedBsnSerializer({"bsn": bsn}).data)
        response["Cache-Control"] = "no-store"
        return response


# --- assessments and journal -----------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="ZRM-metingen van een huishouden",
        description="Alle ZRM 2017-metingen, nieuwste eerst, met de 13 domeinscores. Gelogd.",
        responses=ok(s.AssessmentOutputSerializer(many=True), 404),
    ),
    create=extend_schema(
        summary="ZRM-meting vastleggen",
        description="Legt een ZRM 2017-meting vast: alle 13 domeinen, elk 1 tot en met 5.",
        request=s.AssessmentSerializer,
        responses=ok(s.AssessmentOutputSerializer, 400, 404, code=201),
    ),
)
@extend_schema(tags=["zrm-metingen"])
class AssessmentViewSet(HouseholdScopedMixin, mixins.ListModelMixin, GenericViewSet):
    serializer_class = s.AssessmentOutputSerializer
    pagination_class = None
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> models.QuerySet[Assessment]:
        if getattr(self, "swagger_fake_view", False):
            return Assessment.objects.none()
        return self.household.assessments.prefetch_related("scores")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.audit_read("assessment.list")
        return super().list(request, *args, **kwargs)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = s.AssessmentSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assessment = services.assessment_create(
            actor=request.user,
            household=self.household,
            assessed_on=data["assessed_on"],
            scores=dict(data["scores"]),
            member=data.get("member"),
            request=request,
        )
        return Response(self.get_serializer(assessment).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Journaal van een huishouden",
        description="De tijdlijn van notities en gebeurtenissen, nieuwste eerst, gepagineerd. Gelogd.",
        responses=ok(s.JournalEntrySerializer(many=True), 404),
    ),
    create=extend_schema(
        summary="Journaalregel toevoegen",
        description="Voegt een regel toe. Het journaal is alleen-toevoegen: wijzigen of verwijderen kan niet.",
        responses=ok(s.JournalEntrySerializer, 400, 404, code=201),
    ),
)
@extend_schema(tags=["journaal"])
class JournalViewSet(HouseholdScopedMixin, mixins.ListModelMixin, GenericViewSet):
    serializer_class = s.JournalEntrySerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> models.QuerySet[JournalEntry]:
        if getattr(self, "swagger_fake_view", False):
            return JournalEntry.objects.none()
        return self.household.journal.select_related("author").order_by("-occurred_on", "-id")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.audit_read("journalentry.list")
        return super().list(request, *args, **kwargs)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = services.journal_add(
            actor=request.user,
            household=self.household,
            request=request,
            **serializer.validated_data,
        )
        return Response(self.get_serializer(entry).data, status=status.HTTP_201_CREATED)


# --- singletons: perspective plan and housing ----------------------------------------------


@extend_schema(tags=["perspectiefplan"])
class PlanView(HouseholdScopedMixin, GenericAPIView):
    serializer_class = s.PlanWriteSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self) -> PerspectivePlan:
        # One per household; an old household without one shows an empty plan.
        return PerspectivePlan.objects.filter(household=self.household).first() or PerspectivePlan(
            household=self.household
        )

    @extend_schema(
        summary="Perspectiefplan lezen",
        description="Waar het huishouden over een jaar wil staan, in eigen woorden. Gelogd.",
        responses=ok(s.PlanWriteSerializer, 404),
    )
    def get(self, request: Request, household_id: int) -> Response:
        plan = self.get_object()
        self.audit_read("perspectiveplan.read")
        return Response(self.get_serializer(plan).data)

    @extend_schema(
        summary="Perspectiefplan vastleggen",
        description="Vervangt het perspectiefplan. Stuur de `version` van het huishouden mee (409 als verouderd).",
        responses=ok(s.PlanWriteSerializer, 400, 404, 409),
    )
    def put(self, request: Request, household_id: int) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        plan = services.plan_save(
            actor=request.user,
            household=self.household,
            expected_version=data.pop("version"),
            data=data,
            request=request,
        )
        return Response(self.get_serializer(plan).data)


@extend_schema(tags=["woonsituatie"])
class HousingView(HouseholdScopedMixin, GenericAPIView):
    serializer_class = s.HousingWriteSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self) -> Housing:
        # Also used by DRF's OPTIONS metadata, so it must exist on a singleton view.
        housing = Housing.objects.filter(household=self.household).first()
        if housing is None:
            raise Http404(_("Er is nog geen woonsituatie vastgelegd."))
        return housing

    @extend_schema(
        summary="Woonsituatie lezen",
        description="Woonsituatie, huur en verhuurder. 404 als er nog geen is vastgelegd. Gelogd.",
        responses=ok(s.HousingWriteSerializer, 404),
    )
    def get(self, request: Request, household_id: int) -> Response:
        housing = self.get_object()
        self.audit_read("housing.read")
        return Response(self.get_serializer(housing).data)

    @extend_schema(
        summary="Woonsituatie vastleggen",
        description="Legt de woonsituatie vast of vervangt die. Stuur de `version` van het huishouden mee.",
        responses=ok(s.HousingWriteSerializer, 400, 404, 409),
    )
    def put(self, request: Request, household_id: int) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        housing = services.housing_save(
            actor=request.user,
            household=self.household,
            expected_version=data.pop("version"),
            data=data,
            request=request,
        )
        return Response(self.get_serializer(housing).data)
