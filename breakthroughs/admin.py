"""Admin: budget pots only. Breakthroughs hold case content, which functional admins do not see
(DOMAIN.md section 2); they are read through the pages and the API, scoped to teams.

A pot is saved through `budget_pot_save`, like on the pages and in the API: under a row lock,
writing only what the form edits (never a stale `committed` or `spent`), with an audit row.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from breakthroughs.models import BudgetPot
from breakthroughs.services import POT_FIELDS, budget_pot_errors, budget_pot_save


class BudgetPotAdminForm(forms.ModelForm):
    class Meta:
        model = BudgetPot
        fields = [
            "municipality",
            "team",
            "name",
            "year",
            "amount",
            "team_lead_limit",
            "spending_rules",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk:
            municipality = self.instance.municipality
            pots = BudgetPot.objects.all()
            if transaction.get_connection().in_atomic_block:
                # The admin saves in the transaction of the request: the lock holds until then.
                pots = pots.select_for_update()
            pot: BudgetPot | None = pots.get(pk=self.instance.pk)
            for field in ("committed", "spent", "overrun_allowed"):  # never the stale ones
                setattr(self.instance, field, getattr(pot, field))
        else:
            municipality = cleaned.get("municipality")
            pot = None
        if municipality is None:
            return cleaned
        data = {key: cleaned[key] for key in POT_FIELDS if key in cleaned}
        for field, message in budget_pot_errors(
            municipality=municipality, data=data, pot=pot
        ).items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned


@admin.register(BudgetPot)
class BudgetPotAdmin(admin.ModelAdmin):
    form = BudgetPotAdminForm
    list_display = ["name", "year", "municipality", "team", "amount", "committed", "spent"]
    list_filter = ["year", "municipality"]
    search_fields = ["name"]
    # Kept by the services under a row lock; never edited by hand.
    readonly_fields = ["committed", "spent", "overrun_allowed"]

    def get_readonly_fields(self, request: HttpRequest, obj: BudgetPot | None = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # Its breakthroughs and audit rows belong to the municipality the pot was made for.
            fields.insert(0, "municipality")
        return fields

    def save_model(
        self, request: HttpRequest, obj: BudgetPot, form: forms.ModelForm, change: bool
    ) -> None:
        data = {key: form.cleaned_data[key] for key in POT_FIELDS if key in form.cleaned_data}
        saved = budget_pot_save(
            actor=request.user,
            municipality=obj.municipality,
            data=data,
            pot=obj if change else None,
            request=request,
        )
        # The admin goes on with `obj` (messages, log entry, redirect): give it the saved row.
        obj.pk = saved.pk
        for field in ("committed", "spent", "overrun_allowed", *POT_FIELDS):
            setattr(obj, field, getattr(saved, field))
