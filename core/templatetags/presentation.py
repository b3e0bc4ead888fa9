"""Template filters of the one presentation layer: `{% load presentation %}` then
`{{ amount|euro }}`, `{{ amount|euro_whole }}` or `{{ amount|euro_or:"onbekend" }}`."""

from __future__ import annotations

from typing import Any

from django import template

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
