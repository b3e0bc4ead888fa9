"""Serializers of the household dossier API: they parse and render, the services decide.

ModelSerializers are used for field validation and output only; no serializer is ever saved
(`create`/`update` in the views pass `validated_data` to `casework.services`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from casework.constants import HouseholdStatus, ZrmDomain
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
from casework.selectors import money_summary, zrm_profile
from core.api.problems import ProblemSerializer  # noqa: F401 - documented as s.ProblemSerializer
from core.models import CASE_ROLES, Team, User
from core.permissions import access_for

REQUIRED = _("Dit veld is vereist.")
# --- shared pieces -------------------------------------------------------------------------


def _household(serializer: serializers.Serializer) -> Household:
    household: Household = serializer.context["household"]
    return household


class HouseholdVersionMixin(serializers.Serializer):
    """Adds the household version after the change, for the next optimistic-locking write."""

    household_version = serializers.SerializerMethodField(
        help_text=_("De versie van het huishouden; stuur die mee bij de volgende wijziging.")
    )

    @extend_schema_field(OpenApiTypes.INT)
    def get_household_version(self, obj: Any) -> int:
        return _household(self).version


def version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        write_only=True,
        min_value=1,
        help_text=_(
            "De versie van het huishouden zoals u die las. Is die intussen veranderd, dan "
            "antwoordt de API met 409 en wordt niets opgeslagen."
        ),
    )


def with_version(serializer_class: type[serializers.ModelSerializer]) -> type:
    """The same serializer plus a required `version`, for PATCH (optimistic locking)."""

    def validate(self: serializers.Serializer, attrs: dict[str, Any]) -> dict[str, Any]:
        # `partial=True` skips required fields, but a change without a version is refused.
        if "version" not in attrs:
            raise serializers.ValidationError({"version": REQUIRED}, code="required")
        return serializer_class.validate(self, attrs)

    meta = type(
        "Meta", (serializer_class.Meta,), {"fields": [*serializer_class.Meta.fields, "version"]}
    )
    name = serializer_class.__name__.replace("Serializer", "UpdateSerializer")
    variant = type(
        name,
        (serializer_class,),
        {"version": version_field(), "Meta": meta, "validate": validate, "__module__": __name__},
    )
    # Only ever a PATCH body, so it can share the component name (`PatchedDebtRequest`) and
    # every choice set stays in one component (unambiguous enum names without settings).
    component = serializer_class.__name__.removesuffix("Serializer")
    return extend_schema_serializer(component_name=component)(variant)


def not_in_future(value: date | None) -> None:
    # PostgreSQL refuses these dates (migration 0003) but item_save does not check them.
    if value is not None and value > timezone.localdate():
        raise serializers.ValidationError(
            _("Deze datum kan niet in de toekomst liggen."), code="future"
        )


class HouseholdMemberField(serializers.PrimaryKeyRelatedField):
    """A member of the household in the URL; any other id is 'does not exist'."""

    def get_queryset(self) -> Any:
        household = self.parent.context.get("household") if self.parent else None
        return household.members.all() if household is not None else Member.objects.none()


# --- members and incomes ------------------------------------------------------------------


def _check_amount(attrs: dict[str, Any], instance: Income | None) -> None:
    gross = attrs.get("gross_amount", instance.gross_amount if instance else None)
    net = attrs.get("net_amount", instance.net_amount if instance else None)
    if gross is None and net is None:
        raise serializers.ValidationError(
            {"net_amount": _("Vul een bruto of een netto bedrag in.")}, code="required"
        )


INCOME_FIELDS = ["kind", "gross_amount", "net_amount", "period", "is_stable"]


class IncomeSerializer(HouseholdVersionMixin, serializers.ModelSerializer):
    """One serializer for every income, so the schema has one Income component.

    Inside the household create call `member` is left out (the income belongs to the member it
    is nested in); on the incomes endpoint it is required.
    """

    member = HouseholdMemberField(
        required=False, help_text=_("Het gezinslid (verplicht op het inkomens-endpoint).")
    )

    class Meta:
        model = Income
        fields = [
            "id",
            "member",
            *INCOME_FIELDS,
            "gross_monthly",
            "net_monthly",
            "household_version",
        ]
        read_only_fields = ["id", "gross_monthly", "net_monthly"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        instance = self.instance if isinstance(self.instance, Income) else None
        if instance is None and "household" in self.context and not attrs.get("member"):
            raise serializers.ValidationError({"member": REQUIRED}, code="required")
        _check_amount(attrs, instance)
        return attrs


MEMBER_FIELDS = [
    "relation",
    "given_name",
    "family_name",
    "birth_date",
    "lives_in",
    "health_insured",
    "is_student",
    "in_detention",
    "assessed_income_yearly",
]


class MemberSerializer(serializers.ModelSerializer):
    """A member as shown: the BSN only masked (`*****1234`), never in full."""

    bsn = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=11,
        help_text=_("Het BSN (11-proef). Wordt nooit teruggegeven; zie reveal-bsn."),
    )
    bsn_masked = serializers.CharField(read_only=True)
    incomes = IncomeSerializer(many=True, read_only=True)

    class Meta:
        model = Member
        fields = ["id", *MEMBER_FIELDS, "bsn", "bsn_masked", "incomes"]


class MemberWriteSerializer(HouseholdVersionMixin, MemberSerializer):
    class Meta(MemberSerializer.Meta):
        fields = [*MemberSerializer.Meta.fields, "household_version"]


class MemberCreateNestedSerializer(MemberSerializer):
    """A member inside the household create call, with its incomes."""

    incomes = IncomeSerializer(many=True, required=False)


class RevealedBsnSerializer(serializers.Serializer):
    bsn = serializers.CharField(help_text=_("Het volledige BSN."))


# --- other dossier items --------------------------------------------------------------------


class HousingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Housing
        fields = ["tenure", "basic_rent", "service_costs", "landlord_kind"]


class HousingWriteSerializer(HouseholdVersionMixin, HousingSerializer):
    version = version_field()

    class Meta(HousingSerializer.Meta):
        fields = [*HousingSerializer.Meta.fields, "version", "household_version"]


class AssetSerializer(HouseholdVersionMixin, serializers.ModelSerializer):
    class Meta:
        model = Asset
        fields = ["id", "kind", "value", "description", "household_version"]


class DebtSerializer(HouseholdVersionMixin, serializers.ModelSerializer):
    member = HouseholdMemberField(
        required=False, allow_null=True, help_text=_("Het gezinslid op wiens naam de schuld staat.")
    )

    class Meta:
        model = Debt
        fields = [
            "id",
            "member",
            "creditor_kind",
            "creditor_name",
            "amount",
            "arrears_months",
            "in_collection",
            "bkr_registered",
            "registered_on",
            "household_version",
        ]
        extra_kwargs = {"registered_on": {"validators": [not_in_future]}}


class BenefitSerializer(HouseholdVersionMixin, serializers.ModelSerializer):
    class Meta:
        model = BenefitReceived
        fields = ["id", "scheme_code", "amount_monthly", "since", "household_version"]
        extra_kwargs = {"since": {"validators": [not_in_future]}}

    def validate_scheme_code(self, value: str) -> str:
        # The model's unique constraint would surface as a non-field error from full_clean().
        others = _household(self).benefits.filter(scheme_code=value)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise serializers.ValidationError(
                _("Deze regeling staat al bij dit huishouden."), code="unique"
            )
        return value


class GoalSerializer(HouseholdVersionMixin, serializers.ModelSerializer):
    class Meta:
        model = PlanGoal
        fields = ["id", "description", "status", "target_date", "household_version"]


class OrganisationSerializer(HouseholdVersionMixin, serializers.ModelSerializer):
    class Meta:
        model = InvolvedOrganisation
        fields = ["id", "name", "kind", "contact", "yearly_cost", "household_version"]


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = PerspectivePlan
        fields = ["own_words", "desired_situation", "needs", "updated_at"]
        read_only_fields = ["updated_at"]


class PlanWriteSerializer(HouseholdVersionMixin, PlanSerializer):
    version = version_field()

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "version", "household_version"]


# --- assessments (ZRM 2017) ----------------------------------------------------------------


class ZrmScoresSerializer(serializers.Serializer):
    """The 13 ZRM 2017 domains, each scored 1 (acute problematiek) to 5 (volledig zelfredzaam)."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            domain.value: serializers.IntegerField(
                min_value=1, max_value=5, help_text=str(domain.label)
            )
            for domain in ZrmDomain
        }


class AssessmentSerializer(serializers.ModelSerializer):
    member = HouseholdMemberField(
        required=False, allow_null=True, help_text=_("Leeg: een meting van het hele huishouden.")
    )
    scores = ZrmScoresSerializer()
    assessed_by = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Assessment
        fields = ["id", "member", "assessed_on", "version", "assessed_by", "scores", "created_at"]
        read_only_fields = ["version", "created_at"]


class AssessmentOutputSerializer(AssessmentSerializer):
    scores = serializers.SerializerMethodField()

    @extend_schema_field(ZrmScoresSerializer)
    def get_scores(self, obj: Assessment) -> dict[str, int]:
        return {score.domain: score.score for score in obj.scores.all()}


# --- journal ---------------------------------------------------------------------------------


class JournalEntrySerializer(serializers.ModelSerializer):
    author = serializers.PrimaryKeyRelatedField(read_only=True)
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = JournalEntry
        fields = ["id", "kind", "occurred_on", "text", "author", "author_name", "created_at"]
        read_only_fields = ["created_at"]

    def get_author_name(self, obj: JournalEntry) -> str:
        return (obj.author.get_full_name() or obj.author.get_username()) if obj.author else ""


# --- households ------------------------------------------------------------------------------


class HouseholdListSerializer(serializers.ModelSerializer):
    # A plain string here: the enum is documented once, on the dossier (HouseholdDetail).
    status = serializers.CharField(read_only=True, help_text=_("open of closed"))
    team_name = serializers.CharField(source="team.name", read_only=True)
    assigned_professional_name = serializers.SerializerMethodField()

    class Meta:
        model = Household
        fields = [
            "id",
            "display_name",
            "postcode",
            "house_number",
            "house_number_suffix",
            "start_date",
            "status",
            "status_reason",
            "team",
            "team_name",
            "assigned_professional",
            "assigned_professional_name",
            "version",
            "updated_at",
        ]
        read_only_fields = fields

    def get_assigned_professional_name(self, obj: Household) -> str:
        user = obj.assigned_professional
        return (user.get_full_name() or user.get_username()) if user else ""


class ZrmCurrentScoreSerializer(serializers.Serializer):
    domain = serializers.ChoiceField(choices=ZrmDomain.choices)
    label = serializers.CharField()
    score = serializers.IntegerField(allow_null=True)
    change = serializers.IntegerField(
        allow_null=True, help_text=_("Verschil met de vorige meting.")
    )


class ZrmProfileSerializer(serializers.Serializer):
    assessed_on = serializers.DateField(allow_null=True)
    current = ZrmCurrentScoreSerializer(many=True)


class DebtsByKindSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    in_collection = serializers.IntegerField()


class MoneySummarySerializer(serializers.Serializer):
    net_income_monthly = serializers.DecimalField(max_digits=14, decimal_places=2)
    gross_income_monthly = serializers.DecimalField(max_digits=14, decimal_places=2)
    unknown_net = serializers.IntegerField(help_text=_("Inkomens met alleen een brutobedrag."))
    debt_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    debts_by_kind = DebtsByKindSerializer(many=True)
    assets_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    benefits_monthly = serializers.DecimalField(max_digits=14, decimal_places=2)
    housing_costs_monthly = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True
    )


class HouseholdDetailSerializer(HouseholdListSerializer):
    """The dossier; `instance` comes from `selectors.household_dossier` (all prefetched)."""

    status = serializers.ChoiceField(choices=HouseholdStatus.choices, read_only=True)
    municipality = serializers.CharField(source="municipality.cbs_code", read_only=True)
    members = MemberSerializer(many=True, read_only=True)
    housing = HousingSerializer(read_only=True, allow_null=True)
    assets = AssetSerializer(many=True, read_only=True)
    debts = DebtSerializer(many=True, read_only=True)
    benefits = BenefitSerializer(many=True, read_only=True)
    perspective_plan = PlanSerializer(read_only=True, allow_null=True)
    goals = GoalSerializer(many=True, read_only=True)
    organisations = OrganisationSerializer(many=True, read_only=True)
    organisations_yearly_cost = serializers.SerializerMethodField(
        help_text=_("Geschatte jaarlijkse kosten van alle betrokken organisaties samen.")
    )
    zrm = serializers.SerializerMethodField()
    money = serializers.SerializerMethodField()

    class Meta(HouseholdListSerializer.Meta):
        fields = [
            *HouseholdListSerializer.Meta.fields,
            "municipality",
            "created_at",
            "members",
            "housing",
            "assets",
            "debts",
            "benefits",
            "zrm",
            "perspective_plan",
            "goals",
            "organisations",
            "organisations_yearly_cost",
            "money",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2))
    def get_organisations_yearly_cost(self, obj: Household) -> str:
        total = sum((o.yearly_cost for o in obj.organisations.all()), Decimal("0"))
        return f"{total:.2f}"

    @extend_schema_field(ZrmProfileSerializer)
    def get_zrm(self, obj: Household) -> dict[str, Any]:
        profile = zrm_profile(obj)
        return ZrmProfileSerializer(
            {"assessed_on": profile.assessed_on, "current": profile.current}
        ).data

    @extend_schema_field(MoneySummarySerializer)
    def get_money(self, obj: Household) -> dict[str, Any]:
        return MoneySummarySerializer(money_summary(obj)).data


class HouseholdCreateSerializer(serializers.ModelSerializer):
    """One call: the household, its members with their incomes, and the housing."""

    # The service normalises `1234ab` to `1234 AB` before it checks the pattern.
    postcode = serializers.CharField(max_length=7, help_text=_("Postcode, bijvoorbeeld 1234 AB."))
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.none(),
        required=False,
        help_text=_("Verplicht als u in meer dan één team werkt."),
    )
    assigned_professional = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(), required=False, allow_null=True
    )
    members = MemberCreateNestedSerializer(many=True)
    housing = HousingSerializer(required=False, allow_null=True)

    class Meta:
        model = Household
        fields = [
            "team",
            "postcode",
            "house_number",
            "house_number_suffix",
            "start_date",
            "assigned_professional",
            "members",
            "housing",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            team_ids = access_for(request).team_ids()
            self.fields["team"].queryset = Team.objects.filter(pk__in=team_ids)
            self.fields["assigned_professional"].queryset = User.objects.filter(
                memberships__team_id__in=team_ids, memberships__role__in=CASE_ROLES
            ).distinct()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        team_ids = sorted(access_for(self.context["request"]).team_ids())
        if attrs.get("team") is None:
            if len(team_ids) != 1:
                raise serializers.ValidationError({"team": REQUIRED}, code="required")
            attrs["team"] = Team.objects.select_related("municipality").get(pk=team_ids[0])
        professional = attrs.get("assigned_professional")
        if (
            professional is not None
            and not professional.memberships.filter(
                team=attrs["team"], role__in=CASE_ROLES
            ).exists()
        ):
            raise serializers.ValidationError(
                {"assigned_professional": _("Deze medewerker hoort niet bij dit team.")},
                code="invalid",
            )
        return attrs


class HouseholdUpdateSerializer(serializers.ModelSerializer):
    postcode = serializers.CharField(max_length=7, required=False)
    version = version_field()

    class Meta:
        model = Household
        fields = ["postcode", "house_number", "house_number_suffix", "start_date", "version"]


# PATCH variants: the same fields plus the required household `version`.
AssetUpdateSerializer = with_version(AssetSerializer)
DebtUpdateSerializer = with_version(DebtSerializer)
BenefitUpdateSerializer = with_version(BenefitSerializer)
GoalUpdateSerializer = with_version(GoalSerializer)
OrganisationUpdateSerializer = with_version(OrganisationSerializer)
IncomeUpdateSerializer = with_version(IncomeSerializer)
MemberUpdateSerializer = with_version(MemberSerializer)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000, help_text=_("Waarom (komt in het journaal en het auditlog).")
    )


class AssignSerializer(serializers.Serializer):
    professional = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        allow_null=True,
        help_text=_("De casusregisseur uit het team van het huishouden; leeg om los te koppelen."),
    )


class BsnSearchSerializer(serializers.Serializer):
    """An exact BSN lookup. In the request body, so a BSN never ends up in a URL or access log."""

    bsn = serializers.CharField(max_length=11, help_text=_("Het volledige BSN (9 cijfers)."))

    def validate_bsn(self, value: str) -> str:
        from core.bsn import is_valid_bsn

        if not is_valid_bsn(value):
            raise serializers.ValidationError(
                _(
                    "Dit is geen geldig BSN: het moet uit 9 cijfers bestaan en voldoen aan de 11-proef."
                )
            )
        return value
