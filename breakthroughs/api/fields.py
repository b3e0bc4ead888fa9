"""Choice fields documented as one named enum component each.

Several of our choice sets appear under more than one property name (`status`,
`expected_status`, `from_status`) or share a property name with another app's choice set
(`status` of a household). Instead of a global `ENUM_NAME_OVERRIDES` entry, these fields render
as a `$ref` to one component (`BreakthroughStatusEnum`, ...), so the schema has one name per set.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers


class NamedChoiceField(serializers.ChoiceField):
    """A ChoiceField whose enum is the schema component `component_name`."""

    def __init__(self, *args: Any, component_name: str, description: str = "", **kwargs: Any):
        self.component_name = component_name
        self.component_description = description
        super().__init__(*args, **kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        field = self.target
        values = [value for value in field.choices if value not in ("", None)]
        schema: dict[str, Any] = {"type": "string", "enum": values}
        if field.component_description:
            schema["description"] = field.component_description
        component = ResolvedComponent(
            name=field.component_name,
            type=ResolvedComponent.SCHEMA,
            object=field.component_name,
            schema=schema,
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref
