"""Functional admin: the catalogue and its dated parameter values.

A value edited or added here is marked origin="admin", so `load_regulations` never overwrites it.
Screenings and proactive grants hold personal data and are not in the admin.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.db.models.functions import ExtractYear
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from regulations import services
from regulations.models import ParameterValue, Regulation, RescreenRun
from regulations.selectors import parameter_group

URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Regulation)
class RegulationAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["code", "name", "level", "administering_body", "pillar", "theme"]
    list_filter = ["level", "pillar", "theme"]
    search_fields = ["code", "name", "legal_basis"]
    ordering = ["code"]


class ValidFromYearFilter(admin.SimpleListFilter):
    title = _("jaar (geldig vanaf)")
    parameter_name = "jaar"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        years = (
            ParameterValue.objects.annotate(year=ExtractYear("valid_from"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(valid_from__year=int(value))
        return queryset


class RegulationGroupFilter(admin.SimpleListFilter):
    """Filter the keys by the regulation they belong to (the first part of the key)."""

    title = _("regeling (sleutel)")
    parameter_name = "regeling"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        keys = ParameterValue.objects.values_list("key", flat=True).distinct()
        groups = sorted({parameter_group(key) for key in keys})
        return [(group, group) for group in groups]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if not value:
            return queryset
        ids = [pk for pk, key in queryset.values_list("pk", "key") if parameter_group(key) == value]
        return queryset.filter(pk__in=ids)


@admin.register(ParameterValue)
class ParameterValueAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = [
        "key",
        "municipality_code",
        "value",
        "unit",
        "valid_from",
        "valid_to",
        "grade",
        "origin",
    ]
    list_filter = [RegulationGroupFilter, "key", "grade", ValidFromYearFilter, "origin"]
    search_fields = ["key", "municipality_code", "note"]
    readonly_fields = ["origin", "updated_at"]
    ordering = ["key", "municipality_code", "valid_from"]
    date_hierarchy = "valid_from"

    def save_model(
        self, request: HttpRequest, obj: ParameterValue, form: Any, change: bool
    ) -> None:
        obj.origin = "admin"  # a functional admin's value is kept by later file loads
        super().save_model(request, obj, form, change)
        # The real value for what was screened provisionally: the re-screen commits with it.
        services.parameters_changed_notify(
            keys=[obj.key], reason=f"Parameter {obj.key} bijgewerkt", actor_id=request.user.pk
        )

    def delete_model(self, request: HttpRequest, obj: ParameterValue) -> None:
        super().delete_model(request, obj)
        services.parameters_changed_notify(
            keys=[obj.key], reason=f"Parameter {obj.key} verwijderd", actor_id=request.user.pk
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        keys = list(queryset.values_list("key", flat=True).distinct())
        super().delete_queryset(request, queryset)
        services.parameters_changed_notify(
            keys=keys, reason="Parameterwaarden verwijderd", actor_id=request.user.pk
        )


@admin.register(RescreenRun)
class RescreenRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "reason", "done", "total", "failed", "status"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in RescreenRun._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
