from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.permissions import access_for


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
