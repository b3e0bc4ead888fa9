"""The form of the report list page: the period to generate a report for."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from signals.forms.signals import TEXT
from signals.periods import Period, last_closed_quarter, parse_period


class ReportGenerateForm(forms.Form):
    period = forms.CharField(
        label=_("Periode"),
        max_length=10,
        help_text=_("Een afgesloten periode: 2026Q3 (kwartaal), 2026-07 (maand) of 2026 (jaar)."),
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        self.today = today or timezone.localdate()
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("period", default_period_label(self.today))

    def clean_period(self) -> Period:
        try:
            return parse_period(self.cleaned_data["period"], today=self.today)
        except ValidationError as error:
            raise ValidationError(error.message_dict.get("period", error.messages)) from error


def default_period_label(today: date) -> str:
    return last_closed_quarter(today).label
