"""Serializers of the signal and signal-report API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from rest_framework import serializers

from breakthroughs.constants import KnelpuntType, Theme
from signals.constants import SignalRoute
from signals.models import DeliveryAttempt, Signal, SignalReport, SignalStatusChange
from signals.selectors import breakthrough_ref

MONEY = {"max_digits": 14, "decimal_places": 2, "read_only": True}


class SignalFiguresSerializer(serializers.Serializer):
    breakthroughs = serializers.IntegerField(source="n_breakthroughs")
    households = serializers.IntegerField(source="n_households")
    bridging_cost_eur = serializers.DecimalField(source="bridging_cost", allow_null=True, **MONEY)
    avoided_cost_eur = serializers.DecimalField(source="avoided_cost", allow_null=True, **MONEY)


class SignalStatusChangeSerializer(serializers.ModelSerializer):
    from_status = serializers.CharField(read_only=True, help_text=_("Status ervoor."))
    to_status = serializers.CharField(read_only=True, help_text=_("Status erna."))
    route = serializers.CharField(read_only=True)

    class Meta:
        model = SignalStatusChange
        fields = ["from_status", "to_status", "route", "answer", "note", "at"]


class SignalSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    figures = SignalFiguresSerializer(source="*", read_only=True)
    history = SignalStatusChangeSerializer(many=True, read_only=True)
    breakthroughs = serializers.SerializerMethodField(
        help_text=_("Referenties (`ref`) van de gekoppelde doorbraken; nooit hun id.")
    )

    class Meta:
        model = Signal
        fields = [
            "id",
            "title",
            "regulation_code",
            "article",
            "body",
            "knelpunt_type",
            "theme",
            "description",
            "workaround",
            "proposed_fix",
            "route",
            "status",
            "answer",
            "figures",
            "breakthroughs",
            "history",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_breakthroughs(self, signal: Signal) -> list[str]:
        return [
            breakthrough_ref(municipality_id=signal.municipality_id, pk=pk)
            for pk in sorted(link.breakthrough_id for link in signal.links.all())
        ]


class SignalWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    regulation_code = serializers.CharField(max_length=60)
    article = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    body = serializers.CharField(max_length=150)
    knelpunt_type = serializers.ChoiceField(choices=KnelpuntType.choices)
    theme = serializers.ChoiceField(choices=Theme.choices)
    description = serializers.CharField()
    workaround = serializers.CharField(required=False, allow_blank=True, default="")
    proposed_fix = serializers.CharField(required=False, allow_blank=True, default="")
    route = serializers.ChoiceField(choices=SignalRoute.choices)
    breakthroughs = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        write_only=True,
        help_text=_("Referenties (`ref`) van goedgekeurde doorbraken om meteen te koppelen."),
    )


class LinkSerializer(serializers.Serializer):
    breakthroughs = serializers.ListField(
        child=serializers.CharField(max_length=40),
        min_length=1,
        help_text=_("Referenties (`ref`) uit /signal-breakthroughs/."),
    )


class LinkResultSerializer(serializers.Serializer):
    changed = serializers.IntegerField()
    signal = SignalSerializer()


class MoveSerializer(serializers.Serializer):
    to_status = serializers.CharField(
        max_length=20,
        help_text=_(
            "De nieuwe status: reviewed, sent, acknowledged, in_policy_cycle, resolved of "
            "rejected, langs de toegestane overgangen."
        ),
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    answer = serializers.CharField(required=False, allow_blank=True, default="")
    route = serializers.ChoiceField(
        choices=SignalRoute.choices, required=False, allow_blank=True, default=""
    )


class PseudonymisedBreakthroughSerializer(serializers.Serializer):
    label = serializers.CharField(help_text=_("Pseudoniem, bv. D-0001 (positie, geen id)."))
    ref = serializers.CharField(help_text=_("Ondoorzichtige referentie om te koppelen."))
    category = serializers.CharField()
    regulation_code = serializers.CharField()
    article = serializers.CharField()
    knelpunt_type = serializers.CharField()
    theme = serializers.CharField()
    amount_eur = serializers.DecimalField(source="amount", **MONEY)
    avoided_cost_eur = serializers.DecimalField(source="avoided", **MONEY)
    decided_month = serializers.CharField()
    signals = serializers.ListField(child=serializers.CharField())


class ReportSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="report_id", read_only=True)
    period = serializers.CharField(source="period_label", read_only=True)
    municipality = serializers.CharField(source="municipality.cbs_code", read_only=True)

    class Meta:
        model = SignalReport
        fields = [
            "id",
            "municipality",
            "period",
            "period_start",
            "period_end",
            "revision",
            "status",
            "generated_at",
            "approved_at",
            "sent_at",
            "next_attempt_at",
            "content",
        ]
        read_only_fields = fields

    content = serializers.JSONField(
        read_only=True,
        required=False,
        help_text=_("Het rapport volgens doorbraak.signal-report/1 (niet in de lijst)."),
    )

    def to_representation(self, instance: SignalReport) -> dict[str, Any]:
        data = super().to_representation(instance)
        if self.context.get("without_content"):
            data.pop("content", None)
        return data


class GenerateSerializer(serializers.Serializer):
    period = serializers.CharField(
        max_length=10, help_text=_("Afgesloten periode: 2026Q3, 2026-07 of 2026.")
    )
    revise = serializers.BooleanField(
        default=False, help_text=_("Een correctie: maak een nieuwe revisie.")
    )


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeliveryAttempt
        fields = ["attempted_at", "status_code", "outcome", "detail"]
        read_only_fields = fields
