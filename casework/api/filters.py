"""Query parameters of the household list.

The FilterSet parses, validates and documents the parameters; the filtering itself is done by
`selectors.household_list`, the one place that scopes households to the user's teams.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from casework.constants import HouseholdStatus, zrm_filterable_choices
from casework.models import Household
from casework.selectors import household_list


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def _id_filter(help_text: str) -> IntegerFilter:
    return extend_schema_field(OpenApiTypes.INT)(IntegerFilter(min_value=1, help_text=help_text))


class HouseholdFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        max_length=100,
        help_text=_(
            "Naam of postcode van een gezinslid. Liever niet in de URL: zoek met POST "
            "/api/v1/households/search/ (veld q). Een BSN hier geeft 400."
        ),
    )
    team = _id_filter(_("Alleen huishoudens van dit team."))
    status = django_filters.ChoiceFilter(choices=HouseholdStatus.choices)
    zrmLow = django_filters.ChoiceFilter(  # noqa: N815 - the public parameter name
        choices=[*zrm_filterable_choices(), ("any", _("Elk domein"))],
        help_text=_(
            "Laatste ZRM-meting scoort 1 of 2 op dit domein (of op een domein: any). "
            "Gezondheid, middelengebruik en justitie zijn versleuteld en niet filterbaar."
        ),
    )
    hasDebts = django_filters.BooleanFilter(  # noqa: N815
        help_text=_("Met (true) of zonder (false) openstaande schulden.")
    )
    assignedTo = _id_filter(_("Casusregisseur (gebruikers-id)."))  # noqa: N815

    class Meta:
        model = Household
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet[Household]) -> QuerySet[Household]:
        data: dict[str, Any] = self.form.cleaned_data
        return household_list(
            user=self.request.user,
            search=data.get("search") or "",
            team_id=data.get("team"),
            status=data.get("status") or "",
            zrm_domain_low=data.get("zrmLow") or "",
            has_debts=data.get("hasDebts"),
            assigned_to_id=data.get("assignedTo"),
        )
