"""Shared form parts: Utrecht widget classes, amount/date/BSN fields, service errors."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.bsn import validate_bsn

DATE_WIDGET = {"attrs": {"type": "date"}, "format": "%Y-%m-%d"}
BLANK = [("", _("Kies…"))]


def parse_amount(value: Any) -> Any:
    """Accept how people write amounts: `1.234,56`, `1234,56`, `1234.56`, `€ 1.234`."""
    if not isinstance(value, str):
        return value
    text = value.strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?[1-9]\d{0,2}(\.\d{3})+", text):
        # Dots as thousands separators (`1.234`, `12.345.678`); `0.125` is a decimal fraction.
        text = text.replace(".", "")
    return text


class AmountField(forms.DecimalField):
    """An amount in euros, never negative, shown Dutch-style (1234,56)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs["localize"] = True
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        return super().to_python(parse_amount(value))


def money_field(label: str, *, required: bool = False, help_text: str = "") -> AmountField:
    return AmountField(label=label, required=required, help_text=help_text)


def number_field(label: str, *, help_text: str = "") -> AmountField:
    """A non-negative number with a decimal comma that is not money (hours, a rate per hour)."""
    return AmountField(label=label, required=False, help_text=help_text, max_digits=6)


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, widget=forms.DateInput(**DATE_WIDGET)
    )


WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.widgets.Input: "utrecht-textbox utrecht-textbox--html-input",
}


class UtrechtFormMixin:
    """Utrecht classes on widgets; each field's error message is announced with the field."""

    fields: dict[str, forms.Field]
    _errors: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            for widget_type, css in WIDGET_CLASSES.items():
                if isinstance(widget, widget_type):
                    existing = widget.attrs.get("class", "")
                    widget.attrs["class"] = f"{existing} {css}".strip()
                    break
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 4)

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        self._describe_errors()

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._describe_errors()

    def _describe_errors(self) -> None:
        for name in self._errors or {}:
            field = self.fields.get(name)
            if field is None or isinstance(field.widget, forms.HiddenInput):
                continue
            bound = self[name]  # type: ignore[index]
            css = field.widget.attrs.get("class", "")
            if "--invalid" not in css and css:
                first = css.split()[0]
                field.widget.attrs["class"] = f"{css} {first}--invalid"
            if isinstance(field.widget, forms.RadioSelect):
                continue  # described by the fieldset (see partials/choice_field.html)
            ids = [f"{bound.auto_id}_error"]
            if field.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            field.widget.attrs["aria-describedby"] = " ".join(ids)


class VersionedMixin(forms.Form):
    """The household version the user saw: a change on an older version is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def apply_service_errors(
    form: forms.BaseForm, error: ValidationError, *, field_map: Mapping[str, str] | None = None
) -> None:
    """Put the messages of a service `ValidationError` on the form's fields (else on the form)."""
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, messages in error.message_dict.items():
        name = field_map.get(key, key)
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)


class BsnField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("BSN"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 11)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        )
        super().__init__(**kwargs)

    def validate(self, value: str) -> None:
        super().validate(value)
        if value:
            validate_bsn(value)
