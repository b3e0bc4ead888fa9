"""Serializers of the household itself: list, dossier, create/update and the household actions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casework.api.serializers.common import REQUIRED, version_field
from casework.api.serializers.items import (
    AssetSerializer,
    BenefitSerializer,
    DebtSerializer,
    GoalSerializer,
    HousingSerializer,
    MemberCreateNestedSerializer,
    MemberSerializer,
    OrganisationSerializer,
    PlanSerializer,
)
from casework.constants import HouseholdStatus, SchemeCode, ZrmDomain
from casework.models import Household
from casework.selectors import money_summary, zrm_profile
from core.bsn import is_valid_bsn, normalise_bsn
from core.models import CASE_ROLES, Team, User
from core.permissions import access_for

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
    incomes_not_counted = serializers.IntegerField(
        help_text=_(
            "Inkomens van gezinsleden die niet in het huishouden wonen; zij tellen niet mee in de "
            "totalen."
        )
    )
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
            "low_income_since",
            "municipal_tax_yearly",
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
        queryset=User.objects.none(),
        required=False,
        allow_null=True,
        error_messages={
            "does_not_exist": _(
                "Deze medewerker bestaat niet, werkt niet in uw teams of is niet meer actief."
            )
        },
    )
    members = MemberCreateNestedSerializer(many=True)
    housing = HousingSerializer(required=False, allow_null=True)
    assets_total = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
        allow_null=True,
        write_only=True,
        help_text=_(
            "Het vermogen van het huishouden samen (0 is: geen vermogen; leeg is: niet gevraagd). "
            "Wordt één vermogensregel; zie `assets` in het dossier."
        ),
    )
    benefits_received = serializers.ListField(
        child=serializers.ChoiceField(choices=SchemeCode.choices),
        required=False,
        write_only=True,
        max_length=len(SchemeCode.choices),
        help_text=_(
            "De regelingen die het huishouden al ontvangt (codes); elk wordt een regel in "
            "`benefits`."
        ),
    )

    class Meta:
        model = Household
        fields = [
            "team",
            "postcode",
            "house_number",
            "house_number_suffix",
            "start_date",
            "assigned_professional",
            "low_income_since",
            "municipal_tax_yearly",
            "assets_total",
            "benefits_received",
            "members",
            "housing",
        ]

    def validate_low_income_since(self, value: date | None) -> date | None:
        return _not_in_future(value)

    def validate_benefits_received(self, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise serializers.ValidationError(_("Noem elke regeling één keer."))
        return value

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            team_ids = access_for(request).team_ids()
            self.fields["team"].queryset = Team.objects.filter(pk__in=team_ids)
            self.fields["assigned_professional"].queryset = User.objects.filter(
                is_active=True, memberships__team_id__in=team_ids, memberships__role__in=CASE_ROLES
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
        fields = [
            "postcode",
            "house_number",
            "house_number_suffix",
            "start_date",
            "low_income_since",
            "municipal_tax_yearly",
            "version",
        ]

    def validate_low_income_since(self, value: date | None) -> date | None:
        return _not_in_future(value)


def _not_in_future(value: date | None) -> date | None:
    if value is not None and value > timezone.localdate():
        raise serializers.ValidationError(_("Deze datum kan niet in de toekomst liggen."))
    return value


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000, help_text=_("Waarom (komt in het journaal en het auditlog).")
    )


class AssignSerializer(serializers.Serializer):
    professional = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(),
        allow_null=True,
        help_text=_("De casusregisseur uit het team van het huishouden; leeg om los te koppelen."),
        # One answer for an unknown id and for a colleague elsewhere: no list of user ids.
        error_messages={
            "does_not_exist": _("Deze medewerker hoort niet bij het team van dit huishouden.")
        },
    )

    def __init__(self, *args: Any, team: Team | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if team is not None:
            self.fields["professional"].queryset = User.objects.filter(
                memberships__team=team, memberships__role__in=sorted(CASE_ROLES)
            ).distinct()


class HouseholdSearchSerializer(serializers.Serializer):
    """Zoeken met de zoekterm in de body, zodat een BSN of naam nooit in een URL of log staat.

    Precies één van `bsn` (exact op BSN) en `q` (naam of postcode, zoals `search` bij de lijst).
    """

    bsn = serializers.CharField(
        max_length=11,
        required=False,
        help_text=_("Het volledige BSN (9 cijfers; spaties, punten of streepjes mogen)."),
    )
    q = serializers.CharField(
        max_length=100,
        required=False,
        help_text=_(
            "Naam of postcode van een gezinslid, zoals `search` bij de lijst. Een volledig BSN "
            "hier zoekt exact op BSN."
        ),
    )

    def validate_bsn(self, value: str) -> str:
        if not is_valid_bsn(value):
            raise serializers.ValidationError(
                _(
                    "Dit is geen geldig BSN: het moet uit 9 cijfers bestaan en voldoen aan de 11-proef."
                )
            )
        return normalise_bsn(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "bsn" in attrs and "q" in attrs:
            raise serializers.ValidationError(
                _("Zoek op BSN (bsn) of op naam of postcode (q), niet op allebei."),
                code="invalid",
            )
        if "bsn" not in attrs and "q" not in attrs:
            raise serializers.ValidationError(
                _("Geef een BSN (bsn) of een naam of postcode (q) op."), code="required"
            )
        if "q" in attrs and is_valid_bsn(attrs["q"]):
            # The body is no URL: a BSN typed into the one search box is looked up exactly.
            attrs = {"bsn": normalise_bsn(attrs["q"])}
        return attrs
