"""Admin: budget pots only. Breakthroughs hold case content, which functional admins do not see
(DOMAIN.md section 2); they are read through the pages and the API, scoped to teams."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from breakthroughs.models import BudgetPot


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
        amount = cleaned.get("amount")
        if amount is not None and amount <= 0:
            self.add_error("amount", _("Het budget moet groter zijn dan nul."))
        elif amount is not None and self.instance.pk:
            used = self.instance.committed + self.instance.spent - self.instance.overrun_allowed
            if amount < used:
                self.add_error(
                    "amount",
                    _("Er is al € %(used)s vastgelegd of uitgegeven; het budget kan niet lager.")
                    % {"used": used},
                )
        return cleaned


@admin.register(BudgetPot)
class BudgetPotAdmin(admin.ModelAdmin):
    form = BudgetPotAdminForm
    list_display = ["name", "year", "municipality", "team", "amount", "committed", "spent"]
    list_filter = ["year", "municipality"]
    search_fields = ["name"]
    # Kept by the services under a row lock; never edited by hand.
    readonly_fields = ["committed", "spent", "overrun_allowed"]
