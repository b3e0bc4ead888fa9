"""Serializers of the breakthrough API: they parse and render, the services decide."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from breakthroughs.api.fields import NamedChoiceField
from breakthroughs.constants import (
    Category,
    CostKind,
    GoalReached,
    KnelpuntType,
    LegalRoute,
    Pillar,
    Status,
    Theme,
    Urgency,
)
from breakthroughs.models import Breakthrough, BreakthroughTransition, BudgetPot, Evaluation
from breakthroughs.selectors import steps_for
from breakthroughs.workflow import ALL_STEPS
from casework.constants import ZrmDomain
from casework.models import Household
from casework.selectors import households_visible_to
from core.api.problems import ProblemSerializer
from core.permissions import access_for

STATUS_HELP = _("De status van een doorbraak.")
STEP_HELP = _("Een stap in de workflow van een doorbraak.")


def status_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(
        choices=Status.choices,
        component_name="BreakthroughStatusEnum",
        description=str(STATUS_HELP),
        **kwargs,
    )


def step_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(
        choices=[(step, step) for step in ALL_STEPS],
        component_name="BreakthroughStepEnum",
        description=str(STEP_HELP),
        **kwargs,
    )


def domain_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(choices=ZrmDomain.choices, component_name="ZrmDomainEnum", **kwargs)


__all__ = ["ProblemSerializer"]


class RuleCheckedSerializer(serializers.Serializer):
    scheme = serializers.CharField(max_length=100, help_text=_("Code of naam van de regeling."))
    article = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    outcome = serializers.ChoiceField(
        choices=["eligible", "not_eligible", "insufficient_data", ""],
        required=False,
        allow_blank=True,
        default="",
        help_text=_("De uitkomst van de toets voor deze regeling."),
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("Waarom past dit niet.")
    )


class EvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evaluation
        fields = [
            "goal_reached",
            "follow_up_assessment",
            "doormodderen_after_yearly_cost",
            "notes",
            "evaluated_by",
            "evaluated_at",
        ]
        read_only_fields = fields


class BreakthroughSerializer(serializers.ModelSerializer):
    """A breakthrough as the API returns it, with the steps the caller may take now."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    rules_checked = RuleCheckedSerializer(many=True, read_only=True)
    life_domains = serializers.ListField(child=domain_field(), read_only=True)
    status = status_field(read_only=True)
    evaluation = serializers.SerializerMethodField()
    available_steps = serializers.SerializerMethodField(
        help_text=_("De stappen die u nu mag zetten (POST .../transitions/).")
    )

    class Meta:
        model = Breakthrough
        fields = [
            "id",
            "household",
            "team",
            "municipality",
            "proposer",
            "need",
            "blocking_problem",
            "life_domains",
            "rules_checked",
            "action",
            "category",
            "legal_route",
            "regulation_code",
            "article",
            "knelpunt_type",
            "cost_kind",
            "amount",
            "duration_months",
            "total_cost",
            "budget_pot",
            "theme",
            "pillar",
            "urgency",
            "doormodderen_yearly_cost",
            "expected_avoided_cost",
            "avoided_cost_basis",
            "screening_id",
            "status",
            "status_label",
            "mandate_level",
            "due_at",
            "submitted_at",
            "decided_at",
            "overrun_approved",
            "created_at",
            "updated_at",
            "evaluation",
            "available_steps",
        ]
        read_only_fields = fields

    @extend_schema_field(EvaluationSerializer(allow_null=True))
    def get_evaluation(self, obj: Breakthrough) -> dict[str, Any] | None:
        evaluation = Evaluation.objects.filter(breakthrough=obj).first()
        return EvaluationSerializer(evaluation).data if evaluation else None

    @extend_schema_field(serializers.ListField(child=step_field()))
    def get_available_steps(self, obj: Breakthrough) -> list[str]:
        request = self.context.get("request")
        if request is None:
            return []
        return steps_for(access=access_for(request), breakthrough=obj)


class BreakthroughListSerializer(serializers.ModelSerializer):
    status = status_field(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Breakthrough
        fields = [
            "id",
            "household",
            "team",
            "category",
            "total_cost",
            "budget_pot",
            "urgency",
            "status",
            "status_label",
            "mandate_level",
            "due_at",
            "created_at",
        ]
        read_only_fields = fields


class QueueItemSerializer(BreakthroughListSerializer):
    is_overdue = serializers.BooleanField(read_only=True, help_text=_("De termijn is verstreken."))
    above_mandate = serializers.BooleanField(
        read_only=True, help_text=_("De kosten liggen boven het mandaat van de teamleider.")
    )

    class Meta(BreakthroughListSerializer.Meta):
        fields = [*BreakthroughListSerializer.Meta.fields, "is_overdue", "above_mandate"]
        read_only_fields = fields


class ProposalSerializer(serializers.Serializer):
    """The fields of a proposal. On update every field is optional (only drafts change)."""

    need = serializers.CharField()
    blocking_problem = serializers.CharField()
    life_domains = serializers.ListField(child=domain_field(), required=False, default=list)
    rules_checked = RuleCheckedSerializer(many=True, required=False, default=list)
    action = serializers.CharField()
    category = serializers.ChoiceField(choices=Category.choices)
    legal_route = serializers.ChoiceField(choices=LegalRoute.choices)
    regulation_code = serializers.CharField(
        max_length=60,
        required=False,
        allow_blank=True,
        default="",
        help_text=_(
            "Een code uit de regelingencatalogus (/api/v1/regulations/), of 'overig'. Leeg: "
            "geen of onbekend."
        ),
    )
    article = serializers.CharField(
        max_length=60,
        required=False,
        allow_blank=True,
        default="",
        help_text=_(
            "Alleen een artikelverwijzing, zoals 'art. 12 lid 3' of 'artikel 8:1 lid 2 sub b "
            "Awb'. Gaat mee in de signaalrapportage."
        ),
    )
    knelpunt_type = serializers.ChoiceField(
        choices=KnelpuntType.choices, required=False, allow_blank=True, default=""
    )
    cost_kind = serializers.ChoiceField(choices=CostKind.choices)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    duration_months = serializers.IntegerField(min_value=1, max_value=120, default=1)
    budget_pot = serializers.PrimaryKeyRelatedField(
        queryset=BudgetPot.objects.all(),
        error_messages={"does_not_exist": _("Kies een bestaand budget.")},
    )
    theme = serializers.ChoiceField(choices=Theme.choices)
    pillar = serializers.ChoiceField(choices=Pillar.choices)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.REGULAR)
    doormodderen_yearly_cost = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text=_("Leeg: de som van de jaarlijkse kosten van de betrokken organisaties."),
    )
    expected_avoided_cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, default=0
    )
    avoided_cost_basis = serializers.CharField(required=False, allow_blank=True, default="")
    screening_id = serializers.IntegerField(required=False, allow_null=True, default=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # A pot of another municipality is as unknown as one that does not exist.
            municipalities = access_for(request).municipality_ids()
            field = self.fields["budget_pot"]
            field.queryset = BudgetPot.objects.filter(municipality_id__in=municipalities)


class ProposalCreateSerializer(ProposalSerializer):
    household = serializers.PrimaryKeyRelatedField(
        queryset=Household.objects.none(),
        error_messages={"does_not_exist": _("Onbekend huishouden, of niet van uw teams.")},
    )
    submit = serializers.BooleanField(
        default=False, help_text=_("Waar: meteen indienen bij de teamleider; anders een concept.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            field = self.fields["household"]
            field.queryset = households_visible_to(request.user)


class TransitionEvaluationSerializer(serializers.Serializer):
    goal_reached = serializers.ChoiceField(choices=GoalReached.choices)
    follow_up_assessment = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text=_("Id van een ZRM-meting.")
    )
    doormodderen_after_yearly_cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class TransitionSerializer(serializers.Serializer):
    step = step_field()
    expected_status = status_field(
        help_text=_("De status die u zag; is die intussen anders, dan volgt 409 (stale)."),
    )
    motivation = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Verplicht bij goedkeuren, afwijzen, doorzetten en intrekken."),
    )
    allow_overrun = serializers.BooleanField(
        default=False,
        help_text=_(
            "Alleen het doorbraakteam: sta een overschrijding van het budget uitdrukkelijk toe."
        ),
    )
    evaluation = TransitionEvaluationSerializer(required=False, allow_null=True, default=None)


class TransitionRecordSerializer(serializers.ModelSerializer):
    step = step_field(source="transition")
    from_status = status_field()
    to_status = status_field()
    actor = serializers.SerializerMethodField()

    class Meta:
        model = BreakthroughTransition
        fields = ["id", "step", "from_status", "to_status", "actor", "at", "motivation", "data"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_actor(self, obj: BreakthroughTransition) -> str:
        return str(obj.actor) if obj.actor_id else str(_("systeem (termijn)"))


class BudgetPotSerializer(serializers.ModelSerializer):
    remaining = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = BudgetPot
        fields = [
            "id",
            "municipality",
            "team",
            "name",
            "year",
            "amount",
            "team_lead_limit",
            "spending_rules",
            "committed",
            "spent",
            "overrun_allowed",
            "remaining",
        ]
        read_only_fields = ["id", "municipality", "committed", "spent", "overrun_allowed"]
        extra_kwargs = {"team": {"required": False, "allow_null": True}}

    def validate_team(self, team: Any) -> Any:
        municipality = self.context.get("municipality")
        if (
            team is not None
            and municipality is not None
            and team.municipality_id != municipality.pk
        ):
            raise serializers.ValidationError(_("Dit team hoort niet bij deze gemeente."))
        return team

    def get_validators(self) -> list[Any]:
        # Uniqueness per municipality is checked by the write function (it knows the municipality).
        return []
