"""Append-only records of a household: ZRM assessments and the journal."""

from __future__ import annotations

from typing import Any

from django.db import models

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from casework import services
from casework.api import serializers as s
from casework.api.views.common import HouseholdScopedMixin, ok
from casework.constants import SPECIAL_DOMAINS, special_categories
from casework.models import Assessment, AssessmentScore, JournalEntry

# --- assessments and journal -----------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="ZRM-metingen van een huishouden",
        description="Alle ZRM 2017-metingen, nieuwste eerst, met de ingevulde domeinen en hun reden. Gelogd, "
        "met de bijzondere categorieën (gezondheid, verslaving, justitie) die de lijst toont.",
        responses=ok(s.AssessmentOutputSerializer(many=True), 404),
    ),
    create=extend_schema(
        summary="ZRM-meting vastleggen",
        description="Legt een ZRM 2017-meting vast: alleen de nodige domeinen, elk 1 tot en met 5 "
        "met een reden (gegevensminimalisatie).",
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
        # The reasons of health, addiction and justice domains are special data: name them.
        domains = (
            AssessmentScore.objects.filter(
                assessment__household=self.household, domain__in=SPECIAL_DOMAINS
            )
            .values_list("domain", flat=True)
            .distinct()
        )
        self.audit_read("assessment.list", special_categories=special_categories(domains))
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
            reasons=dict(data.get("reasons") or {}),
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
        description=(
            "Voegt een notitie, contact of gebeurtenis toe. Het journaal is alleen-toevoegen: "
            "wijzigen of verwijderen kan niet. Statusregels schrijft Doorbraak zelf bij "
            "afsluiten, heropenen en toewijzen."
        ),
        request=s.JournalEntryWriteSerializer,
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
        serializer = s.JournalEntryWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        entry = services.journal_add(
            actor=request.user,
            household=self.household,
            request=request,
            **serializer.validated_data,
        )
        return Response(self.get_serializer(entry).data, status=status.HTTP_201_CREATED)
