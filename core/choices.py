"""Fast `get_<field>_display()` for models whose pages list many rows with choice labels."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import models
from django.utils.encoding import force_str


@cache
def _labels(field: models.Field) -> dict[Any, Any]:
    # The labels stay lazy: they are translated when shown, in the language of that request.
    return dict(field.flatchoices)


class ChoiceLabelsMixin:
    """Django rebuilds the whole choices dictionary on every `get_<field>_display()` call; a
    dossier page with a few dozen rows spent milliseconds on that. Choices are fixed per field
    (they live in code), so the dictionary is built once per field."""

    def _get_FIELD_display(self, field: models.Field) -> Any:  # noqa: N802 (Django's name)
        value = getattr(self, field.attname)
        return force_str(_labels(field).get(value, value), strings_only=True)
