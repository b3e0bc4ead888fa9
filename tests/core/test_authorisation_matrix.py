"""Authorisation matrix of the core routes (dashboard, audit log, processing register, second
factor, account API, API schema), generated from the URL configuration; the expectations are
explained in tests/authorisation.py.

Who may do what (DOMAIN.md section 2):
- the audit log: auditors only (403 for the rest);
- the processing register (page and API): auditors and functional admins;
- the dashboard, the own second factor, /api/v1/me/ and the API's schema and docs: every signed-in
  user (they show the user their own account, or the API's shape, never someone else's data).
"""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import ApiToken, Role
from tests.authorisation import ALL_ROLES, Rule, assert_rules_match, check_route, routes

REGISTER = Rule(frozenset({Role.AUDITOR, Role.FUNCTIONAL_ADMIN}))
SCHEMA_ROUTES = {"api-schema", "api-docs"}  # drf-spectacular's views, mounted in config.api

RULES: dict[str, Rule] = {
    "core:dashboard": Rule(ALL_ROLES),
    "core:audit-log": Rule(frozenset({Role.AUDITOR})),
    "core:mfa-verify": Rule(ALL_ROLES),
    "core:mfa-setup": Rule(ALL_ROLES),
    # New recovery codes and removing the own app need a session that passed the second step.
    "core:mfa-recovery-codes": Rule(ALL_ROLES, verified_session=True),
    "core:mfa-reset": Rule(ALL_ROLES, verified_session=True),
    "core:processing-register": REGISTER,
    "api-schema": Rule(ALL_ROLES),
    "api-docs": Rule(ALL_ROLES),
    "api-me": Rule(ALL_ROLES),
    "api-processing-register": REGISTER,
}
MODELS = (ApiToken, TOTPDevice)
# The routes of core's own views, except the health check (public, in the project-wide guard's
# allow-list), plus the schema views.
ROUTES = routes(
    lambda name, module: (module.startswith("core.") and name != "health") or name in SCHEMA_ROUTES
)


def test_every_route_has_a_rule():
    assert_rules_match(RULES, ROUTES, "core")


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_every_role_gets_what_the_rule_says(route, organisation):
    assert check_route(route, RULES[route.name], organisation, {}, MODELS) == []


@pytest.mark.parametrize("name", ["core:mfa-recovery-codes", "core:mfa-reset"])
def test_second_factor_changes_need_a_verified_session(name, organisation):
    """Signed in with the password only: 403, and the app stays."""
    user = organisation.users[Role.PROFESSIONAL]
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client = Client()
    client.force_login(user)
    assert client.post(reverse(name)).status_code == 403
    assert TOTPDevice.objects.filter(user=user).count() == 1
