"""The members of a household, with the deliberate, audited reveal of a BSN."""

from __future__ import annotations

from typing import Any

from django.db import models

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.viewsets import GenericViewSet

from casework import services
from casework.api import serializers as s
from casework.api.views.common import HouseholdScopedMixin, ok
from casework.models import Member
from core.api.throttling import RevealBsnThrottle

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
        responses=ok(s.RevealedBsnSerializer, 404, 429),
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

    def get_throttles(self) -> list[BaseThrottle]:
        throttles = super().get_throttles()
        if self.action == "reveal_bsn":
            throttles.append(RevealBsnThrottle())
        return throttles

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
