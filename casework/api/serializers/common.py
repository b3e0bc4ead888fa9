"""Shared pieces of the casework serializers: household version, PATCH variants, validators."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from casework.models import Household, Member

REQUIRED = _("Dit veld is vereist.")
# --- shared pieces -------------------------------------------------------------------------


def context_household(serializer: serializers.Serializer) -> Household:
    household: Household = serializer.context["household"]
    return household


class HouseholdVersionMixin(serializers.Serializer):
    """Adds the household version after the change, for the next optimistic-locking write."""

    household_version = serializers.SerializerMethodField(
        help_text=_("De versie van het huishouden; stuur die mee bij de volgende wijziging.")
    )

    @extend_schema_field(OpenApiTypes.INT)
    def get_household_version(self, obj: Any) -> int:
        return context_household(self).version


def version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        write_only=True,
        min_value=1,
        help_text=_(
            "De versie van het huishouden zoals u die las. Is die intussen veranderd, dan "
            "antwoordt de API met 409 en wordt niets opgeslagen."
        ),
    )


def with_version(serializer_class: type[serializers.ModelSerializer]) -> type:
    """The same serializer plus a required `version`, for PATCH (optimistic locking)."""

    def validate(self: serializers.Serializer, attrs: dict[str, Any]) -> dict[str, Any]:
        # `partial=True` skips required fields, but a change without a version is refused.
        if "version" not in attrs:
            raise serializers.ValidationError({"version": REQUIRED}, code="required")
        return serializer_class.validate(self, attrs)

    meta = type(
        "Meta", (serializer_class.Meta,), {"fields": [*serializer_class.Meta.fields, "version"]}
    )
    name = serializer_class.__name__.replace("Serializer", "UpdateSerializer")
    variant = type(
        name,
        (serializer_class,),
        {
            "version": version_field(),
            "Meta": meta,
            "validate": validate,
            "__module__": serializer_class.__module__,
        },
    )
    # Only ever a PATCH body, so it can share the component name (`PatchedDebtRequest`) and
    # every choice set stays in one component (unambiguous enum names without settings).
    component = serializer_class.__name__.removesuffix("Serializer")
    return extend_schema_serializer(component_name=component)(variant)


def not_in_future(value: date | None) -> None:
    # PostgreSQL refuses these dates (migration 0003) but item_save does not check them.
    if value is not None and value > timezone.localdate():
        raise serializers.ValidationError(
            _("Deze datum kan niet in de toekomst liggen."), code="future"
        )


class HouseholdMemberField(serializers.PrimaryKeyRelatedField):
    """A member of the household in the URL; any other id is 'does not exist'."""

    def get_queryset(self) -> Any:
        household = self.parent.context.get("household") if self.parent else None
        return household.members.all() if household is not None else Member.objects.none()
