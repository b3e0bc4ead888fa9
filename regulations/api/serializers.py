"""Serializers of the regulations API: the screening contract (SCHEMES.md section 0) and friends.

The contract JSON is produced by the engine itself (`Screening.to_json()`); these serializers
document it for the OpenAPI schema and render the stored snapshots.
"""

from __future__ import annotations

import copy
from typing import Any

from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from regulations.grant_routes import AANVRAAG, AMBTSHALVE
from regulations.grant_routes import grant_route as route_for
from regulations.models import ParameterValue, ProactiveGrant, Regulation, Screening
from regulations.schemes.engine import SCHEME_CODES
from regulations.services.screening import explained_results

OUTCOMES = ["eligible", "not_eligible", "insufficient_data"]


class ExplanationStepSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text=_("De regel in gewone taal."))
    article = serializers.CharField(help_text=_("Het wetsartikel."))
    law_url = serializers.URLField(help_text=_("Link naar het artikel op wetten.overheid.nl."))
    values = serializers.DictField(help_text=_("De gebruikte waarden."))
    result = serializers.CharField(help_text=_("De uitkomst van deze stap."))


class VersionSerializer(serializers.Serializer):
    scheme = serializers.CharField()
    parameters = serializers.DictField(
        child=serializers.DateField(),
        help_text=_("Per parameter de begindatum van de gebruikte versie."),
    )


class ProvisionalSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("De parameter waarvan de opvolger nog ontbreekt."))
    used_valid_from = serializers.DateField(
        help_text=_("Begindatum van de gebruikte (laatst bekende) waarde.")
    )
    expired_on = serializers.DateField(help_text=_("Laatste dag waarop de gebruikte waarde gold."))


class SchemeResultSerializer(serializers.Serializer):
    scheme = serializers.ChoiceField(choices=list(SCHEME_CODES))
    outcome = serializers.ChoiceField(choices=OUTCOMES)
    amount_monthly = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        help_text=_("Indicatief bedrag per maand."),
    )
    amount_yearly = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    missing = serializers.ListField(
        child=serializers.CharField(), help_text=_("Ontbrekende invoer, als JSON-pad.")
    )
    explanation = ExplanationStepSerializer(many=True)
    version = VersionSerializer()
    received = serializers.BooleanField(help_text=_("Het huishouden ontvangt de regeling al."))
    non_take_up = serializers.BooleanField(
        help_text=_("Recht, maar niet ontvangen (niet-gebruik).")
    )
    # Snapshots stored before this field existed read as "nothing carried forward".
    provisional = ProvisionalSerializer(
        many=True,
        default=list,
        help_text=_(
            "Voorlopig: parameters die na hun einddatum zijn doorgetrokken omdat de opvolger nog "
            "niet in de catalogus staat. Leeg als alle waarden actueel waren."
        ),
    )


class ScreeningContractSerializer(serializers.Serializer):
    reference_date = serializers.DateField()
    results = SchemeResultSerializer(many=True)


class StoredScreeningSerializer(serializers.ModelSerializer):
    household = serializers.IntegerField(source="household_id", read_only=True)
    created_by = serializers.SerializerMethodField()
    inputs = serializers.JSONField(help_text=_("De invoer zoals de toets die zag (screen-JSON)."))
    results = SchemeResultSerializer(many=True)
    parameter_versions = serializers.DictField(child=serializers.DateField())
    eligible_codes = serializers.ListField(child=serializers.CharField())
    non_take_up_codes = serializers.ListField(child=serializers.CharField())
    provisional_codes = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Regelingen die voorlopig zijn getoetst (met een doorgetrokken waarde)."),
    )

    class Meta:
        model = Screening
        fields = [
            "id",
            "household",
            "reference_date",
            "trigger",
            "created_at",
            "created_by",
            "engine_version",
            "parameter_versions",
            "eligible_codes",
            "non_take_up_codes",
            "provisional_codes",
            "inputs",
            "results",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Screening) -> dict[str, Any]:
        if "results" in self.fields:
            # A bulk re-screen stores no explanation steps; they are written here, on a copy.
            instance = copy.copy(instance)
            instance.results = explained_results(instance)
        return super().to_representation(instance)

    def get_created_by(self, obj: Screening) -> str | None:
        user = obj.created_by
        return None if user is None else (user.get_full_name() or user.get_username())


class StoredScreeningListSerializer(StoredScreeningSerializer):
    class Meta(StoredScreeningSerializer.Meta):
        fields = [
            "id",
            "household",
            "reference_date",
            "trigger",
            "created_at",
            "created_by",
            "engine_version",
            "eligible_codes",
            "non_take_up_codes",
            "provisional_codes",
        ]
        read_only_fields = fields


class WorkPaysQuerySerializer(serializers.Serializer):
    member = serializers.IntegerField(help_text=_("Id van het gezinslid dat meer gaat verdienen."))
    max = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        min_value=0,
        max_value=20000,
        default=2000,
        help_text=_("Hoogste extra bruto maandinkomen in euro."),
    )
    step = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        min_value=10,
        max_value=5000,
        default=100,
        help_text=_("Stapgrootte in euro bruto per maand."),
    )

    def validate(self, attrs: dict) -> dict:
        if attrs["max"] / attrs["step"] > 100:
            raise serializers.ValidationError(
                {"step": _("Te veel stappen: kies een grotere stap (hoogstens 100 stappen).")}
            )
        return attrs


class WorkPaysStepSerializer(serializers.Serializer):
    extra_gross_monthly = serializers.DecimalField(max_digits=12, decimal_places=2)
    extra_net_monthly = serializers.DecimalField(max_digits=12, decimal_places=2)
    net_income_monthly = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    scheme_amounts_monthly = serializers.DictField(
        child=serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    )
    disposable_income_monthly = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, help_text=_("Besteedbaar per maand.")
    )
    marginal_burden = serializers.DecimalField(
        max_digits=8,
        decimal_places=4,
        allow_null=True,
        help_text=_("Deel van de extra bruto euro's dat niet in het besteedbaar inkomen landt."),
    )
    disposable_income_after_vrijlating_monthly = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        help_text=_(
            "Besteedbaar per maand zodra de tijdelijke vrijlating in de bijstand voorbij is."
        ),
    )
    marginal_burden_after_vrijlating = serializers.DecimalField(
        max_digits=8,
        decimal_places=4,
        allow_null=True,
        help_text=_("Marginale druk zodra de tijdelijke vrijlating in de bijstand voorbij is."),
    )
    disposable_income_single_parent_vrijlating_monthly = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        help_text=_(
            "Besteedbaar per maand in maand 7 tot en met 36 voor een alleenstaande ouder met een "
            "kind jonger dan 12 jaar (art. 31 lid 2 onderdeel r Participatiewet); leeg als die "
            "vrijlating niet van toepassing is."
        ),
    )
    marginal_burden_single_parent_vrijlating = serializers.DecimalField(
        max_digits=8,
        decimal_places=4,
        allow_null=True,
        help_text=_(
            "Marginale druk in maand 7 tot en met 36 met de vrijlating voor een alleenstaande "
            "ouder (art. 31 lid 2 onderdeel r Participatiewet)."
        ),
    )
    armoedeval = serializers.BooleanField(
        help_text=_("Marginale druk boven 80% zodra de tijdelijke vrijlating voorbij is.")
    )
    unknown_schemes = serializers.ListField(child=serializers.CharField())
    notes = serializers.ListField(child=serializers.CharField())


class WorkPaysSerializer(serializers.Serializer):
    household = serializers.IntegerField()
    member = serializers.IntegerField()
    reference_date = serializers.DateField()
    steps = WorkPaysStepSerializer(many=True)


class ParameterValueSerializer(serializers.ModelSerializer):
    value = serializers.JSONField()

    class Meta:
        model = ParameterValue
        fields = [
            "key",
            "value",
            "unit",
            "valid_from",
            "valid_to",
            "municipality_code",
            "grade",
            "source_url",
            "final",
            "origin",
        ]
        read_only_fields = fields


class RegulationSerializer(serializers.ModelSerializer):
    parameters = serializers.SerializerMethodField()

    class Meta:
        model = Regulation
        fields = [
            "code",
            "name",
            "level",
            "administering_body",
            "legal_basis",
            "article",
            "law_url",
            "pillar",
            "theme",
            "description",
            "parameters",
        ]
        read_only_fields = fields

    @extend_schema_field(ParameterValueSerializer(many=True))
    def get_parameters(self, obj: Regulation) -> list[dict]:
        rows = self.context.get("parameters", {}).get(obj.code, [])
        return ParameterValueSerializer(rows, many=True).data


class ProactiveGrantSerializer(serializers.ModelSerializer):
    household = serializers.IntegerField(source="household_id", read_only=True)
    household_name = serializers.CharField(source="household.display_name", read_only=True)
    team = serializers.CharField(source="team.name", read_only=True)
    scheme_name = serializers.SerializerMethodField()
    screening = serializers.IntegerField(source="screening_id", read_only=True, allow_null=True)
    grant_route = serializers.SerializerMethodField(
        help_text="`ambtshalve`: de gemeente kan zonder aanvraag toekennen; `aanvraag`: een "
        "andere instantie (of de gemeente op aanvraag) beslist, help de aanvraag indienen."
    )
    granted_by = serializers.SerializerMethodField(help_text="Wie over de regeling beslist.")
    how = serializers.SerializerMethodField(help_text="Wat het team doet, in gewone taal.")

    class Meta:
        model = ProactiveGrant
        fields = [
            "id",
            "household",
            "household_name",
            "team",
            "scheme_code",
            "scheme_name",
            "grant_route",
            "granted_by",
            "how",
            "amount_monthly",
            "provisional",
            "status",
            "applied_to",
            "note",
            "screening",
            "created_at",
            "handled_at",
        ]
        read_only_fields = fields

    def get_scheme_name(self, obj: ProactiveGrant) -> str:
        return self.context.get("names", {}).get(obj.scheme_code, obj.scheme_code)

    @extend_schema_field(serializers.ChoiceField(choices=[AMBTSHALVE, AANVRAAG]))
    def get_grant_route(self, obj: ProactiveGrant) -> str:
        return route_for(obj.scheme_code).kind

    def get_granted_by(self, obj: ProactiveGrant) -> str:
        return route_for(obj.scheme_code).body

    def get_how(self, obj: ProactiveGrant) -> str:
        return route_for(obj.scheme_code).how


class ProactiveGrantHandleSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[
            (ProactiveGrant.Status.GRANTED.value, _("Toegekend")),
            (ProactiveGrant.Status.APPLIED.value, _("Aanvraag ingediend")),
            (ProactiveGrant.Status.DISMISSED.value, _("Niet van toepassing")),
        ]
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
