"""Pluggable parts of the case page, registered by other apps from their AppConfig.ready().

Casework imports none of those apps: a section names a URL that takes the household id and returns
an HTML fragment; the case page loads it with htmx and offers a plain link when JavaScript is off.

    register_case_section(key="regelingen", label=_("Regelingen"),
                          url_name="regulations:case-section", order=50)

A *slot* is a smaller hook inside a casework section (e.g. "sociaal-minimum" in the money section):
    register_case_slot(key="sociaal-minimum", url_name="regulations:social-minimum")
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

# The slots the case page offers; registering another key has no effect on the page.
KNOWN_SLOTS = frozenset({"sociaal-minimum"})


@dataclass(frozen=True)
class CaseSection:
    key: str
    label: str | Promise
    url_name: str
    order: int = 100


@dataclass(frozen=True)
class CaseSlot:
    key: str
    url_name: str


_SECTIONS: dict[str, CaseSection] = {}
_SLOTS: dict[str, CaseSlot] = {}


def register_case_section(
    *, key: str, label: str | Promise, url_name: str, order: int = 100
) -> None:
    """Add a section to the case page (idempotent per key: a second call replaces the first)."""
    if not key.replace("-", "").isalnum():
        raise ValueError(f"Sectiesleutel {key!r} mag alleen letters, cijfers en '-' bevatten.")
    _SECTIONS[key] = CaseSection(key=key, label=label, url_name=url_name, order=order)


def register_case_slot(*, key: str, url_name: str) -> None:
    if key not in KNOWN_SLOTS:
        raise ValueError(f"Onbekend vak {key!r}; bekende vakken: {sorted(KNOWN_SLOTS)}.")
    _SLOTS[key] = CaseSlot(key=key, url_name=url_name)


def sections_for(household_id: int) -> list[dict[str, object]]:
    """The registered sections in order, with their URL for this household."""
    rows = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        try:
            url = reverse(section.url_name, args=[household_id])
        except NoReverseMatch:
            continue
        rows.append({"key": section.key, "label": section.label, "url": url})
    return rows


def slots_for(household_id: int) -> dict[str, str]:
    """Slot key -> URL for this household, for the slots that another app fills."""
    urls = {}
    for slot in _SLOTS.values():
        try:
            urls[slot.key.replace("-", "_")] = reverse(slot.url_name, args=[household_id])
        except NoReverseMatch:
            continue
    return urls
