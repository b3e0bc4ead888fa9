"""Functional admin: the catalogue and its dated parameter values.

A value edited or added here is marked origin="admin", so `load_regulations` never overwrites it.
National values need the permission `regulations.manage_national_parameters`; a municipality's
values a functional admin of that municipality (regulations.services.parameter_rights).
Screenings and proactive grants hold personal data and are not in the admin.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.db.models.functions import ExtractYear
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.models import User
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


class ParameterValueAdminForm(forms.ModelForm):
    """Refuses a municipality the acting admin does not administer, and a national value (no
    municipality) without the national permission, as a field error."""

    # No Meta: the admin's form factory gives the model and fields (and the URL fields' scheme).
    actor: User | None = None  # set per request by ParameterValueAdmin.get_form

    def clean_municipality_code(self) -> str:
        code = self.cleaned_data.get("municipality_code") or ""
        if self.actor is not None:
            refusal = services.parameter_code_refusal(self.actor, code)
            if refusal is not None:
                raise forms.ValidationError(refusal)
        return code


@admin.register(ParameterValue)
class ParameterValueAdmin(admin.ModelAdmin):
    """National values and the admin's own municipalities' values; national ones read-only without
    the national permission. Every add, change and delete goes through regulations.services, which
    checks the right again and audits it."""

    form = ParameterValueAdminForm
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

    def get_queryset(self, request: HttpRequest) -> QuerySet[ParameterValue]:
        return services.parameter_values_visible(request.user, super().get_queryset(request))  # type: ignore[arg-type]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user  # a fresh class per call: the actor stays with this request
        return form

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or services.may_manage_parameter_value(request.user, obj)  # type: ignore[arg-type]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or services.may_manage_parameter_value(request.user, obj)  # type: ignore[arg-type]

    def save_model(
        self, request: HttpRequest, obj: ParameterValue, form: Any, change: bool
    ) -> None:
        services.parameter_value_save(actor=request.user, value=obj, request=request)  # type: ignore[arg-type]

    def delete_model(self, request: HttpRequest, obj: ParameterValue) -> None:
        services.parameter_values_delete(
            actor=request.user,  # type: ignore[arg-type]
            values=ParameterValue.objects.filter(pk=obj.pk),
            request=request,
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        # The bulk action checks the model permission only: the service checks every row.
        services.parameter_values_delete(actor=request.user, values=queryset, request=request)  # type: ignore[arg-type]


@admin.register(RescreenRun)
class RescreenRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "reason", "done", "total", "failed", "status"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in RescreenRun._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
