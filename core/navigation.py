"""Main navigation. Domain apps register their entries in AppConfig.ready(), so core imports none."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from core.permissions import access_for


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise
    roles: frozenset[str]  # empty: every signed-in user
    order: int = 100


_ENTRIES: list[NavEntry] = []


def register_nav(*, url_name: str, label: str | Promise, roles: set[str], order: int = 100) -> None:
    if any(entry.url_name == url_name for entry in _ENTRIES):
        return
    _ENTRIES.append(NavEntry(url_name, label, frozenset(roles), order))
    _ENTRIES.sort(key=lambda entry: entry.order)


def nav_for(request: HttpRequest) -> list[dict[str, object]]:
    if not request.user.is_authenticated:
        return []
    access = access_for(request)
    items = []
    for entry in _ENTRIES:
        if entry.roles and not access.has_role(*entry.roles):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": entry.label, "current": False})
    # The current entry is the one with the longest URL the path starts with (so on
    # /signalen/rapportages/ "Rapportages" is current, not also "Signalen").
    matches = [
        item
        for item in items
        if request.path == item["url"]
        or (item["url"] != "/" and request.path.startswith(str(item["url"])))
    ]
    if matches:
        max(matches, key=lambda item: len(str(item["url"])))["current"] = True
    return items
