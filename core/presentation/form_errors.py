"""The items of the one error summary (`templates/partials/error_summary.html`): every error of a
page, each linking to its field, so keyboard and screen-reader users can jump to it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.functional import Promise


def anchor_id(bound: forms.BoundField) -> str | None:
    """The id an error links to: the first option of a radio or checkbox group."""
    if bound.is_hidden:
        return None
    if isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound.auto_id}_0"
    return bound.id_for_label or bound.auto_id or None


def error_items(
    *forms_with_labels: tuple[forms.BaseForm | None, str | Promise],
    extra: Iterable[Any] = (),
) -> list[dict[str, Any]]:
    """Every error of the page as {href, text}; `extra` are messages without a field (e.g. of a
    formset), a form's label prefixes its messages when a page has several forms."""
    items: list[dict[str, Any]] = [{"href": None, "text": str(text)} for text in extra]
    for form, prefix in forms_with_labels:
        if form is None or not form.is_bound or not form.errors:
            continue
        lead = f"{prefix}: " if prefix else ""
        for message in form.errors.get(NON_FIELD_ERRORS, []):
            items.append({"href": None, "text": f"{lead}{message}"})
        for name, errors in form.errors.items():
            if name == NON_FIELD_ERRORS or name not in form.fields:
                continue
            bound = form[name]
            anchor = anchor_id(bound)
            for message in errors:
                items.append(
                    {
                        "href": f"#{anchor}" if anchor else None,
                        "text": f"{lead}{bound.label}: {message}",
                    }
                )
    return items
