"""The engine's sentences for people: the pure engine writes amounts as `1550.45` and names
parameters by their keys; pages show Dutch amounts and keys as code."""

from __future__ import annotations

import re

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from core.presentation.money import euro_in_text

# A parameter name inside the engine's sentences, e.g. bijstand.norm.alleenstaande_21_aow.
NAME_IN_TEXT = re.compile(r"\b[a-z][a-z0-9.]*_[a-z0-9_.]*[a-z0-9]\b")


def engine_prose(text: str) -> SafeString:
    """An engine sentence for people: Dutch amounts, and parameter names shown as code."""
    escaped = conditional_escape(euro_in_text(text))
    return mark_safe(NAME_IN_TEXT.sub(lambda match: f"<code>{match.group(0)}</code>", escaped))
