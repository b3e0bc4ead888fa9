"""Admin: budget pots and the catalogue of legal levers. Breakthroughs hold case content, which functional admins do not see
(DOMAIN.md section 2); they are read through the pages and the API, scoped to teams.

A pot is saved through `budget_pot_save`, like on the pages and in the API: under a row lock,
writing only what the form edits (never a stale `committed` or `spent`), with an audit row.
A legal lever is saved through `legal_lever_save`: a later `valid_from` adds a dated version.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from breakthroughs.models import BudgetPot, LegalLever
from breakthroughs.services import (
    LEVER_FIELDS,
    POT_FIELDS,
    budget_pot_errors,
    budget_pot_save,
    legal_lever_save,
    lever_errors,
    may_edit_levers,
)
from core.admin import MunicipalityScopedAdminMixin


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
class BudgetPotAdmin(MunicipalityScopedAdminMixin, admin.ModelAdmin):
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


class LegalLeverAdminForm(forms.ModelForm):
    law_url = forms.URLField(
        assume_scheme="https", max_length=300, label=gettext_lazy("link naar wetten.overheid.nl")
    )
    source = forms.URLField(assume_scheme="https", max_length=300, label=gettext_lazy("bron"))

    class Meta:
        model = LegalLever
        fields = list(LEVER_FIELDS)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for field, message in lever_errors(data=cleaned).items():
            if field not in self.errors:
                self.add_error(field if field in self.fields else None, message)
        return cleaned

    def validate_unique(self) -> None:
        # Saving an existing code with its own date corrects that version (see the service).
        try:
            self.instance.validate_unique(exclude=["code", "valid_from"])
        except ValidationError as error:
            self._update_errors(error)


@admin.register(LegalLever)
class LegalLeverAdmin(admin.ModelAdmin):
    """Editing a lever and changing `valid_from` to a later date adds a new dated version."""

    form = LegalLeverAdminForm
    list_display = ["code", "title", "article_reference", "kind", "valid_from", "valid_to", "grade"]
    list_filter = ["kind", "grade", "law"]
    search_fields = ["code", "title", "law", "article"]
    readonly_fields = ["valid_to"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return may_edit_levers(request.user)

    def has_change_permission(self, request: HttpRequest, obj: LegalLever | None = None) -> bool:
        return may_edit_levers(request.user)

    def has_view_permission(self, request: HttpRequest, obj: LegalLever | None = None) -> bool:
        return may_edit_levers(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_edit_levers(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: LegalLever | None = None) -> bool:
        # Versions are the history a proposal was argued against: never deleted.
        return False

    def save_model(
        self, request: HttpRequest, obj: LegalLever, form: forms.ModelForm, change: bool
    ) -> None:
        data = {key: form.cleaned_data[key] for key in LEVER_FIELDS}
        saved = legal_lever_save(actor=request.user, data=data, request=request)
        # The admin goes on with `obj` (messages, log entry, redirect): give it the saved row.
        obj.pk = saved.pk
        obj.valid_to = saved.valid_to
