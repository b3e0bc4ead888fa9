"""Worklist panels on the home page. Domain apps register them in AppConfig.ready(), so core
imports none of them:

    register_dashboard_panel(
        key="mijn-huishoudens", roles={Role.PROFESSIONAL}, render=my_households_panel, order=10
    )

`render` may be the callable's dotted path ("casework.views.dashboard.my_households_panel"): it is
imported on the first render, so starting Django (every management command) does not import the
views. `render(request)` returns the panel's HTML (rendered from the app's own template) or "" when it
has nothing to show. It runs for users with one of `roles`, must check and audit its own reads
like any view, and should run a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe

from core.permissions import access_for


@dataclass(frozen=True)
class DashboardPanel:
    key: str
    roles: frozenset[str]
    render: Callable[[HttpRequest], str] | str
    order: int = 100

    def renderer(self) -> Callable[[HttpRequest], str]:
        if isinstance(self.render, str):
            return import_string(self.render)
        return self.render


_PANELS: dict[str, DashboardPanel] = {}


def register_dashboard_panel(
    *, key: str, roles: set[str], render: Callable[[HttpRequest], str] | str, order: int = 100
) -> None:
    """Add a panel (idempotent per key: a second call replaces the first)."""
    _PANELS[key] = DashboardPanel(key, frozenset(roles), render, order)


def unregister_dashboard_panel(key: str) -> None:
    _PANELS.pop(key, None)


def panels_for(request: HttpRequest) -> list[SafeString]:
    """The HTML of every panel for the user's roles, in order; empty panels are left out."""
    access = access_for(request)
    html = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        if not access.has_role(*panel.roles):
            continue
        rendered = panel.renderer()(request)
        if rendered:
            # The app rendered (and escaped) it with its own template.
            html.append(mark_safe(rendered))
    return html
