"""Serializers of the nested dossier items: members, incomes, assets, debts, plan, ZRM, journal."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casework.api.serializers.common import (
    REQUIRED,
    HouseholdMemberField,
    HouseholdVersionMixin,
    context_household,
    not_in_future,
    version_field,
    with_version,
)
from casework.constants import (
    ZRM_REASON_MAX_LENGTH,
    ChildcareKind,
    JournalKind,
    Relation,
    ZrmDomain,
)
from casework.models import (
    Assessment,
    Asset,
    BenefitReceived,
    Debt,
    FixedCost,
    Housing,
    Income,
    InvolvedOrganisation,
    JournalEntry,
    Member,
    PerspectivePlan,
    PlanGoal,
    WgsRequest,
)

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
    # Facts the screening asks for: empty (null, "") is "not asked yet", never "no".
    "has_no_income",
    "works_or_studies",
    "childcare",
    "childcare_hours_monthly",
    "childcare_hourly_rate",
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

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        instance = self.instance if isinstance(self.instance, Member) else None

        def current(name: str) -> Any:
            return attrs[name] if name in attrs else getattr(instance, name, None)

        errors: dict[str, str] = {}
        childcare = current("childcare") or ""
        if childcare and current("relation") != Relation.CHILD:
            errors["childcare"] = _("Kinderopvang geldt alleen voor een kind.")
        for name in ("childcare_hours_monthly", "childcare_hourly_rate"):
            if current(name) is not None and childcare in ("", ChildcareKind.NONE):
                errors[name] = _("Vul dit alleen in bij formele kinderopvang; kies eerst de soort.")
        has_incomes = bool(attrs.get("incomes")) or (
            instance is not None and attrs.get("has_no_income") and instance.incomes.exists()
        )
        if attrs.get("has_no_income") and has_incomes:
            errors["has_no_income"] = _(
                "Dit gezinslid heeft inkomen; 'heeft geen inkomen' kan dan niet aan staan."
            )
        if errors:
            raise serializers.ValidationError(errors, code="invalid")
        return attrs


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
            "stage",
            "collection_monthly",
            "deadline",
            "phase",
            "household_version",
        ]
        extra_kwargs = {"registered_on": {"validators": [not_in_future]}}


class FixedCostSerializer(HouseholdVersionMixin, serializers.ModelSerializer):
    class Meta:
        model = FixedCost
        fields = ["id", "kind", "monthly", "description", "phase", "household_version"]


class WgsRequestSerializer(HouseholdVersionMixin, serializers.ModelSerializer):
    """A request for debt help; `due_on` (art. 4 Wgs) is computed, never sent."""

    class Meta:
        model = WgsRequest
        fields = [
            "id",
            "requested_on",
            "threat",
            "phase",
            "first_conversation_on",
            "due_on",
            "household_version",
        ]
        read_only_fields = ["due_on"]
        extra_kwargs = {
            "requested_on": {"validators": [not_in_future]},
            "first_conversation_on": {"validators": [not_in_future]},
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        requested = attrs.get("requested_on", getattr(self.instance, "requested_on", None))
        conversation = attrs.get(
            "first_conversation_on", getattr(self.instance, "first_conversation_on", None)
        )
        if requested and conversation and conversation < requested:
            raise serializers.ValidationError(
                {
                    "first_conversation_on": _(
                        "Het eerste gesprek kan niet vóór de hulpvraag liggen."
                    )
                },
                code="invalid",
            )
        return attrs


class BenefitSerializer(HouseholdVersionMixin, serializers.ModelSerializer):
    class Meta:
        model = BenefitReceived
        fields = ["id", "scheme_code", "amount_monthly", "since", "household_version"]
        extra_kwargs = {"since": {"validators": [not_in_future]}}

    def validate_scheme_code(self, value: str) -> str:
        # The model's unique constraint would surface as a non-field error from full_clean().
        others = context_household(self).benefits.filter(scheme_code=value)
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
    """ZRM 2017 domains, each scored 1 (acute problematiek) to 5 (volledig zelfredzaam).

    Every domain is optional (data minimisation); a scored domain needs a reason in `reasons`.
    """

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            domain.value: serializers.IntegerField(
                min_value=1, max_value=5, required=False, help_text=str(domain.label)
            )
            for domain in ZrmDomain
        }


class ZrmReasonsSerializer(serializers.Serializer):
    """Per scored domain: why it is filled in. Health, addiction and justice reasons are stored
    encrypted and reading them is audited with their category."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            domain.value: serializers.CharField(
                required=False,
                allow_blank=True,
                max_length=ZRM_REASON_MAX_LENGTH,
                help_text=str(domain.label),
            )
            for domain in ZrmDomain
        }


class AssessmentSerializer(serializers.ModelSerializer):
    member = HouseholdMemberField(
        required=False, allow_null=True, help_text=_("Leeg: een meting van het hele huishouden.")
    )
    scores = ZrmScoresSerializer()
    reasons = ZrmReasonsSerializer(required=False)
    assessed_by = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "member",
            "assessed_on",
            "version",
            "assessed_by",
            "scores",
            "reasons",
            "created_at",
        ]
        read_only_fields = ["version", "created_at"]


class AssessmentOutputSerializer(AssessmentSerializer):
    scores = serializers.SerializerMethodField()
    reasons = serializers.SerializerMethodField()

    @extend_schema_field(ZrmScoresSerializer)
    def get_scores(self, obj: Assessment) -> dict[str, int]:
        return {score.domain: score.score_value() for score in obj.scores.all()}

    @extend_schema_field(ZrmReasonsSerializer)
    def get_reasons(self, obj: Assessment) -> dict[str, str]:
        return {score.domain: score.reason_text() for score in obj.scores.all()}


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


# Status entries are written by closing, reopening and assigning only, as in the browser's form.
WRITABLE_JOURNAL_KINDS = [(k, label) for k, label in JournalKind.choices if k != JournalKind.STATUS]


class JournalEntryWriteSerializer(JournalEntrySerializer):
    """Een nieuwe journaalregel: een notitie, contact of gebeurtenis; nooit een statusregel."""

    kind = serializers.ChoiceField(
        choices=WRITABLE_JOURNAL_KINDS,
        label=_("Soort"),
        help_text=_(
            "Statusregels (status) schrijft Doorbraak zelf bij afsluiten, heropenen en "
            "toewijzen; die kunt u hier niet toevoegen."
        ),
        error_messages={
            "invalid_choice": _(
                "Kies notitie, contact of gebeurtenis. Een statusregel schrijft Doorbraak zelf "
                "bij afsluiten, heropenen en toewijzen."
            )
        },
    )


# PATCH variants: the same fields plus the required household `version`.
AssetUpdateSerializer = with_version(AssetSerializer)
DebtUpdateSerializer = with_version(DebtSerializer)
FixedCostUpdateSerializer = with_version(FixedCostSerializer)
WgsRequestUpdateSerializer = with_version(WgsRequestSerializer)
BenefitUpdateSerializer = with_version(BenefitSerializer)
GoalUpdateSerializer = with_version(GoalSerializer)
OrganisationUpdateSerializer = with_version(OrganisationSerializer)
IncomeUpdateSerializer = with_version(IncomeSerializer)
MemberUpdateSerializer = with_version(MemberSerializer)
