"""Human labels for every code, in one mapping: `label_for("theme", "schulden")` -> "Schulden".

Core knows no domain app, so the apps fill the registry from their `AppConfig.ready()` (the way
`casework/sections.py` fills the case page). A page, CSV or chart asks here instead of keeping its
own dict of labels, so a scheme, route, theme, knelpunt type or ZRM domain reads the same
everywhere. An unknown code is shown as the code itself: a new value never breaks a page.

    register_labels("zrm_domain", ZrmDomain)                  # a TextChoices/IntegerChoices
    register_labels("scheme", {"zorgtoeslag": _("Zorgtoeslag")})  # or a mapping
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.functional import Promise

from core.presentation.money import MISSING

_LABELS: dict[str, dict[str, str | Promise]] = {}


def register_labels(
    kind: str, labels: Mapping[Any, str | Promise] | type | Iterable[tuple[Any, Any]]
) -> None:
    """Add the labels of one kind of code (merged with earlier ones; a later label wins)."""
    if isinstance(labels, type) and hasattr(labels, "choices"):
        pairs: Iterable[tuple[Any, Any]] = labels.choices  # type: ignore[attr-defined]
    elif isinstance(labels, Mapping):
        pairs = labels.items()
    else:
        pairs = labels  # type: ignore[assignment]
    target = _LABELS.setdefault(kind, {})
    for code, label in pairs:
        target[str(code)] = label


def label_for(kind: str, code: Any, *, missing: str = MISSING) -> str:
    """The label of `code`, the code itself when it has none, `missing` for no code."""
    if code is None or code == "":
        return missing
    label = _LABELS.get(kind, {}).get(str(code))
    return str(label) if label is not None else str(code)


def labels_of(kind: str) -> dict[str, str]:
    """Every code of a kind with its label (e.g. for a legend or a filter)."""
    return {code: str(label) for code, label in _LABELS.get(kind, {}).items()}


def kinds() -> list[str]:
    return sorted(_LABELS)
