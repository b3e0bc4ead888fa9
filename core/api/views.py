from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core import processing_register
from core.audit import audit_record
from core.logboek import activity_uri
from core.permissions import access_for
from core.views import REGISTER_ROLES, SUPERVISION_PURPOSE


class MembershipSerializer(serializers.Serializer):
    role = serializers.CharField()
    municipality = serializers.CharField(source="municipality.cbs_code")
    team = serializers.CharField(source="team.name", allow_null=True, default=None)


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    memberships = MembershipSerializer(many=True)


class MeView(APIView):
    @extend_schema(
        tags=["account"],
        summary="Huidige gebruiker",
        description="De ingelogde gebruiker met rollen en lidmaatschappen.",
        responses=MeSerializer,
    )
    def get(self, request: Request) -> Response:
        access = access_for(request)
        data = {
            "username": request.user.get_username(),
            "name": request.user.get_full_name(),
            "roles": sorted(access.roles),
            "memberships": access.memberships,
        }
        return Response(MeSerializer(data).data)


class ProcessingActivitySerializer(serializers.Serializer):
    code = serializers.CharField()
    uri = serializers.CharField(
        help_text="Logboek Dataverwerkingen: dpl.core.processing_activity_id"
    )
    name = serializers.CharField()
    purpose = serializers.CharField()
    legal_basis = serializers.ListField(child=serializers.CharField())
    data_subjects = serializers.ListField(child=serializers.CharField())
    personal_data = serializers.ListField(child=serializers.CharField())
    recipients = serializers.ListField(child=serializers.CharField())
    retention = serializers.CharField()
    controller = serializers.CharField()


class ProcessingRegisterView(APIView):
    pagination_class = None

    @extend_schema(
        tags=["account"],
        summary="Register van verwerkingsactiviteiten",
        description=(
            "De verwerkingsactiviteiten (AVG art. 30) waar elke auditregel naar verwijst. Voor de "
            "privacyfunctionaris (auditor) en de functioneel beheerder; het opvragen wordt gelogd."
        ),
        responses=ProcessingActivitySerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        if not access_for(request).has_role(*REGISTER_ROLES):
            raise PermissionDenied
        activities = processing_register.register().activities
        audit_record(
            actor=request.user,
            action="processing_register.export",
            request=request,
            purpose=SUPERVISION_PURPOSE,
            data={"format": "api", "activities": len(activities)},
        )
        rows = [
            {**activity.export_row(), "uri": activity_uri(activity.code)} for activity in activities
        ]
        return Response(ProcessingActivitySerializer(rows, many=True).data)
