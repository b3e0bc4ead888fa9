"""One-per-household resources: the perspective plan and the housing situation."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from casework import services
from casework.api import serializers as s
from casework.api.views.common import HouseholdScopedMixin, ok
from casework.models import Housing, PerspectivePlan

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
