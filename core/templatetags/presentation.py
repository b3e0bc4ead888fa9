"""Template filters of the one presentation layer (`{% load presentation %}`):

- money: `{{ amount|euro }}`, `{{ amount|euro_whole }}`, `{{ amount|euro_or:_("onbekend") }}`;
- counts and percentages: `{{ n|count }}` (1.234), `{{ share|percent }}` (0,853 -> 85,3%),
  `{{ value|percent_of_100 }}` (85.3 -> 85,3%);
- dates: `{{ day|date_long }}` (6 december 2026), `{{ day|date_short }}` (06-12-2026);
- codes: `{{ code|label:"theme" }}`;
- forms: `{% form_error_summary form %}` (the one error summary).
"""

from __future__ import annotations

from typing import Any

from django import template

from core.presentation import audit_labels, dates, labels, numbers
from core.presentation.form_errors import error_items
from core.presentation.money import euro as format_euro

register = template.Library()


@register.filter
def euro(value: Any) -> str:
    """€ 1.234,56; an en dash for no amount."""
    return format_euro(value)


@register.filter
def euro_whole(value: Any) -> str:
    """€ 1.235 (whole euros, half up), for charts and summaries."""
    return format_euro(value, cents=False)


@register.filter
def euro_or(value: Any, missing: str) -> str:
    """€ 1.234,56, or the given text (e.g. "onbekend") for no amount."""
    return format_euro(value, missing=missing)


@register.filter
def count(value: Any) -> str:
    """1.234 (thousands dots)."""
    return numbers.count(value)


@register.filter
def percent(value: Any, places: int = 1) -> str:
    """A share as a percentage: 0.8534 -> 85,3%."""
    return numbers.percent(value, places=int(places))


@register.filter
def percent_of_100(value: Any, places: int = 1) -> str:
    """A value that already is a percentage: 85.34 -> 85,3%."""
    return numbers.percent(value, places=int(places), share=False)


@register.filter
def date_long(value: Any) -> str:
    """6 december 2026."""
    return dates.date_long(value)


@register.filter
def date_short(value: Any) -> str:
    """06-12-2026."""
    return dates.date_short(value)


@register.filter
def label(code: Any, kind: str) -> str:
    """The human label of a code of the given kind (see `core.presentation.labels`)."""
    return labels.label_for(kind, code)


@register.filter
def audit_action(code: Any) -> str:
    """The Dutch label of an audit action code (`core.presentation.audit_labels`)."""
    return audit_labels.audit_action_label(code)


@register.filter
def audit_purpose(code: Any) -> str:
    """The Dutch label of an audit purpose code."""
    return audit_labels.audit_purpose_label(code)


@register.inclusion_tag("partials/error_summary.html")
def form_error_summary(form: Any, extra: Any = None) -> dict[str, Any]:
    """`{% form_error_summary form formset_errors %}`: the error summary of one form."""
    return {"errors": error_items((form, ""), extra=extra or ())}
