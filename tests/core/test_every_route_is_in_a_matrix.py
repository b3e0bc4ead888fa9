"""Every named route of the project has exactly one authorisation rule, in one app's matrix.

A new route fails here until someone decides, in the matrix of its app, who may reach it. Only
Django's admin (scoped by tests/core/test_admin_scope.py) and the public routes below stay out.
"""

from __future__ import annotations

from collections import Counter

from tests.authorisation import all_routes
from tests.breakthroughs.test_authorisation_matrix import RULES as BREAKTHROUGH_RULES
from tests.casework.test_authorisation_matrix import RULES as CASEWORK_RULES
from tests.core.test_authorisation_matrix import RULES as CORE_RULES
from tests.regulations.test_authorisation_matrix import RULES as REGULATION_RULES
from tests.retention.test_authorisation_matrix import RULES as RETENTION_RULES
from tests.signals.test_authorisation_matrix import RULES as SIGNAL_AND_HUB_RULES

MATRICES = {
    "casework": CASEWORK_RULES,
    "signals and hub": SIGNAL_AND_HUB_RULES,
    "regulations": REGULATION_RULES,
    "breakthroughs": BREAKTHROUGH_RULES,
    "retention": RETENTION_RULES,
    "core": CORE_RULES,
}

# Public by nature: each with the reason it needs no role.
PUBLIC_ROUTES = {
    "login": "the sign-in page itself",
    "logout": "ends the caller's own session, nothing else",
    "set_language": "Django's language switch: stores the caller's choice only",
    "health": "liveness and readiness for the platform; no data (tests/core/test_health.py)",
    # The OpenID Connect sign-in flow (mounted only with OIDC_ENABLED).
    "oidc_authentication_init": "starts the sign-in at the identity provider",
    "oidc_authentication_callback": "the identity provider's answer to the sign-in",
    "oidc_logout": "ends the caller's own session, nothing else",
}


def _project_routes() -> set[str]:
    return {name for name, _template, _pattern in all_routes() if not name.startswith("admin:")}


def test_every_route_is_in_exactly_one_matrix():
    counts = Counter(name for rules in MATRICES.values() for name in rules)
    assert [name for name, count in counts.items() if count > 1] == [], "a route in two matrices"
    missing = _project_routes() - set(counts) - set(PUBLIC_ROUTES)
    assert missing == set(), "routes in no authorisation matrix (and not public)"


def test_public_routes_are_not_also_in_a_matrix():
    in_matrices = {name for rules in MATRICES.values() for name in rules}
    assert in_matrices & set(PUBLIC_ROUTES) == set()
