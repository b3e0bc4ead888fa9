"""Nested dossier items of a household: assets, debts, benefits, goals, organisations, incomes."""

from __future__ import annotations

from typing import Any

from django.db import models

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from casework import services
from casework.api import serializers as s
from casework.api.views.common import HouseholdScopedMixin, ok
from casework.models import (
    Asset,
    BenefitReceived,
    Debt,
    FixedCost,
    Income,
    InvolvedOrganisation,
    PlanGoal,
    WgsRequest,
)

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
    tag="vaste lasten",
    singular="een vaste last",
    plural="vaste lasten",
    serializer=s.FixedCostSerializer,
)
class FixedCostViewSet(DossierItemViewSet):
    model = FixedCost
    related_name = "fixed_costs"
    serializer_class = s.FixedCostSerializer
    update_serializer_class = s.FixedCostUpdateSerializer


@item_schema(
    tag="schuldhulpverlening",
    singular="een hulpvraag schuldhulpverlening",
    plural="hulpvragen schuldhulpverlening",
    serializer=s.WgsRequestSerializer,
)
class WgsRequestViewSet(DossierItemViewSet):
    """The Wgs time limit (`due_on`) is computed from `requested_on` and `threat`."""

    model = WgsRequest
    related_name = "wgs_requests"
    serializer_class = s.WgsRequestSerializer
    update_serializer_class = s.WgsRequestUpdateSerializer


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
