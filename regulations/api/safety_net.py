"""The financial safety net over the API: stateless (`POST /safety-net/`) and for a stored
household (`GET /households/{id}/safety-net/`, team-scoped and audited).

The JSON is produced by `regulations.schemes.safety_net` itself; the serializers here document it
for the OpenAPI schema.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.selectors import household_get
from core.audit import audit_record
from regulations.api.serializers import ExplanationStepSerializer, ProvisionalSerializer
from regulations.api.views import EXAMPLE_HOUSEHOLD, input_problem, problems
from regulations.schemes.facts import InputError
from regulations.schemes.safety_net import DEBT_STAGES, FIXED_COST_KINDS
from regulations.schemes.safety_net import parse_safety_net as parse
from regulations.schemes.safety_net import safety_net as calculate
from regulations.services import parameter_resolver
from regulations.services.safety_net import household_safety_net

PURPOSE = "financieel_vangnet"
MONEY = {"max_digits": 12, "decimal_places": 2, "allow_null": True}

EXAMPLE = {
    **EXAMPLE_HOUSEHOLD,
    "fixed_costs": [
        {"kind": "rent", "monthly": "900.00"},
        {"kind": "energy", "monthly": "140.00"},
        {"kind": "health_insurance", "monthly": "155.00"},
    ],
    "debts": [
        {
            "creditor_kind": "cjib",
            "amount": "640.00",
            "stage": "beslag",
            "collection_monthly": "250.00",
        },
        {
            "creditor_kind": "verhuurder",
            "amount": "1800.00",
            "stage": "ontruiming",
            "deadline": "2025-03-20",
        },
    ],
    "benefits_received_monthly": {"zorgtoeslag": "131.00"},
}


class BeslagvrijeVoetSerializer(serializers.Serializer):
    amount_monthly = serializers.DecimalField(
        **MONEY, help_text=_("De beslagvrije voet per maand; null als die niet te berekenen is.")
    )
    household_situation = serializers.CharField(allow_null=True)
    lower_bound = serializers.BooleanField(
        help_text=_("Het bedrag is de wettelijke ondergrens (inkomen boven de bijstandsnorm).")
    )
    maximum_monthly = serializers.DecimalField(**MONEY)
    explanation = ExplanationStepSerializer(many=True)
    missing = serializers.ListField(child=serializers.CharField())
    provisional = ProvisionalSerializer(many=True)


class FixedCostOutSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(FIXED_COST_KINDS))
    monthly = serializers.DecimalField(**MONEY)


class BudgetSerializer(serializers.Serializer):
    income_monthly = serializers.DecimalField(**MONEY)
    benefits_monthly = serializers.DecimalField(**MONEY)
    fixed_costs = FixedCostOutSerializer(many=True)
    fixed_costs_monthly = serializers.DecimalField(**MONEY)
    collections_monthly = serializers.DecimalField(**MONEY)
    balance_monthly = serializers.DecimalField(**MONEY)
    leefgeld_weekly = serializers.DecimalField(**MONEY)
    reference = serializers.DictField(allow_null=True)
    reference_note = serializers.CharField()
    missing = serializers.ListField(child=serializers.CharField())
    entitlements_not_received = serializers.ListField(child=serializers.DictField())


class RankedDebtSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    index = serializers.IntegerField(help_text=_("Positie in de invoerlijst `debts`."))
    creditor_kind = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)
    stage = serializers.ChoiceField(choices=list(DEBT_STAGES), allow_null=True)
    collection_monthly = serializers.DecimalField(**MONEY)
    deadline = serializers.DateField(allow_null=True)
    fixed_cost_arrears = serializers.BooleanField()
    threat = serializers.CharField(allow_null=True)


class AlertSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=[
            "below_beslagvrije_voet",
            "urgent_arrears",
            "repayment_risk",
            "leefgeld_below_reference",
        ]
    )
    severity = serializers.ChoiceField(choices=["high", "medium"])
    message = serializers.CharField()
    article = serializers.CharField(allow_blank=True)


class SafetyNetSerializer(serializers.Serializer):
    reference_date = serializers.DateField()
    budget = BudgetSerializer()
    beslagvrije_voet = BeslagvrijeVoetSerializer()
    debts = RankedDebtSerializer(many=True)
    alerts = AlertSerializer(many=True)


def _date_option(request: Request) -> date | None:
    raw = request.query_params.get("date")
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise InputError("date", f"{raw} is geen geldige datum (JJJJ-MM-DD)") from exc


DATE_PARAMETER = OpenApiParameter(
    "date", OpenApiTypes.DATE, description="Peildatum (JJJJ-MM-DD); overschrijft `reference_date`."
)


class SafetyNetView(APIView):
    """`POST /safety-net/`: the same JSON in and out as `manage.py safety_net`; stores nothing."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(
        tags=["financieel vangnet"],
        operation_id="safety_net_calculate",
        summary="Financieel vangnet berekenen zonder opslaan",
        description=(
            "Neemt de screen-JSON plus `fixed_costs: [{kind, monthly}]` en `debts: "
            "[{creditor_kind, amount, stage, collection_monthly, deadline}]` (en optioneel "
            "`benefits_received_monthly: {regeling: bedrag}`) en geeft het huishoudbudget, de "
            "beslagvrije voet met uitleg per artikel, de schulden op volgorde van urgentie en de "
            "signalen terug. Er wordt niets opgeslagen. Ongeldige invoer geeft 400 met het veld "
            "in invalidParams."
        ),
        parameters=[DATE_PARAMETER],
        request=OpenApiTypes.OBJECT,
        examples=[OpenApiExample("Huishouden", value=EXAMPLE, request_only=True)],
        responses={200: SafetyNetSerializer, **problems(400)},
    )
    def post(self, request: Request) -> Response:
        try:
            facts = parse(request.data, reference_date_override=_date_option(request))
        except InputError as error:
            return input_problem(request, [error])
        return Response(calculate(facts, records=parameter_resolver().records).to_json())


class HouseholdSafetyNetView(APIView):
    """`GET /households/{id}/safety-net/`: the safety net of a stored household (audited)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["financieel vangnet"],
        operation_id="household_safety_net",
        summary="Financieel vangnet van een huishouden",
        description=(
            "Het huishoudbudget, de beslagvrije voet, de schulden op volgorde van urgentie en de "
            "signalen van een vastgelegd huishouden, op de peildatum (standaard vandaag). Alleen "
            "voor huishoudens van uw teams; het lezen wordt gelogd."
        ),
        parameters=[DATE_PARAMETER],
        responses={200: SafetyNetSerializer, **problems(400, 404)},
    )
    def get(self, request: Request, household_id: int) -> Response:
        household = household_get(user=request.user, household_id=household_id)
        try:
            on = _date_option(request) or timezone.localdate()
            result: Any = household_safety_net(household=household, reference_date=on).to_json()
        except InputError as error:
            # A stored dossier is valid today; a far-off date can still contradict it (a member
            # born after the date): that is the date's fault, reported on it.
            field = error.field if error.field == "date" else "date"
            reason = error.message if error.field == "date" else f"{error.field}: {error.message}"
            return input_problem(request, [InputError(field, reason)])
        audit_record(
            actor=request.user,
            action="safetynet.read",
            obj=household,
            request=request,
            household_id=household.pk,
            municipality_code=household.municipality.cbs_code,
            purpose=PURPOSE,
        )
        return Response(result)
