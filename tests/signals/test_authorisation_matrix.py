"""Authorisation matrix of the signal and hub routes, generated from the URL configuration.

Every signal page and API operation is called by every role and anonymously; a new route of the
signals or hub app without a rule in RULES fails `test_every_route_has_a_rule`.

Expectations (DOMAIN.md section 2):
- signal routes are the policy officer's: the officer of the municipality gets through (no 403,
  404 or 5xx), the officer of another municipality gets 404 on a signal or report of this one,
  every other role 403 (405 on a GET of a POST-only page), anonymous users the login page (pages)
  or 401 with WWW-Authenticate (API);
- the hub's pages and report schema are public open data: 200 for everyone;
- the hub's receiving endpoints take a municipality's hub token only: a signed-in user without
  one gets 401 like anyone else;
- the hub's editors' page needs the permission hub.edit_national_knelpunt, which no municipal
  role carries: 403 for all of them, the login page for anonymous users.
"""

from __future__ import annotations

from django.urls import reverse

import pytest

from core.models import Role
from signals.constants import ReportStatus, SignalStatus
from tests.authorisation import Route, all_routes
from tests.core.factories import MembershipFactory, MunicipalityFactory, UserFactory
from tests.signals.factories import SignalFactory, SignalReportFactory

COLLECTION, SIGNAL, REPORT, PUBLIC, HUB_TOKEN = "collection", "signal", "report", "public", "token"
HUB_EDITOR = "hub-editor"

RULES: dict[str, str] = {
    "signals:workspace": COLLECTION,
    "signals:create": COLLECTION,
    "signals:reports": COLLECTION,
    "signals:report-detail": REPORT,
    "signals:report-approve": REPORT,
    "signals:report-send": REPORT,
    "signals:report-revise": REPORT,
    "signals:report-csv": REPORT,
    "signals:report-json": REPORT,
    "signals:detail": SIGNAL,
    "signals:edit": SIGNAL,
    "signals:link": SIGNAL,
    "signals:unlink": SIGNAL,
    "signals:move": SIGNAL,
    "signals:propose": SIGNAL,
    "signal-breakthroughs": COLLECTION,
    "signal-report-schema": COLLECTION,
    "signal-list": COLLECTION,
    "signal-detail": SIGNAL,
    "signal-link": SIGNAL,
    "signal-move": SIGNAL,
    "signal-unlink": SIGNAL,
    "signal-report-list": COLLECTION,
    "signal-report-generate": COLLECTION,
    "signal-report-detail": REPORT,
    "signal-report-approve": REPORT,
    "signal-report-attempts": REPORT,
    "signal-report-send": REPORT,
    "hub:national": PUBLIC,
    "hub:export": PUBLIC,
    "hub:hub-receive-report": HUB_TOKEN,
    "hub:hub-report-schema": PUBLIC,
    "hub:hub-lever-outcomes": HUB_TOKEN,
    "hub:hub-feed-precedents": PUBLIC,
    "hub:hub-feed-knelpunten": PUBLIC,
    "hub:knelpunten": HUB_EDITOR,
    "hub:hub-report-schema-2": PUBLIC,
}
# Browser pages that only take a form post (require_POST).
POST_ONLY = {
    "signals:report-approve",
    "signals:report-send",
    "signals:report-revise",
    "signals:link",
    "signals:unlink",
    "signals:move",
    "signals:propose",
}
NOT_OFFICERS = [
    Role.PROFESSIONAL,
    Role.TEAM_LEAD,
    Role.AUDITOR,
    Role.BOARD_MEMBER,
    Role.FUNCTIONAL_ADMIN,
]


def _routes() -> list[Route]:
    routes = []
    for name, template, pattern in all_routes():
        module = getattr(pattern.callback, "__module__", "")
        if not module.startswith(("signals.", "hub.")):
            continue
        actions = getattr(pattern.callback, "actions", None)
        is_api = ".api." in module
        if actions:
            methods = tuple(sorted(method.upper() for method in actions if method != "patch"))
        elif RULES.get(name) == PUBLIC:
            methods = ("GET",)
        elif RULES.get(name) == HUB_TOKEN:
            methods = ("POST",)
        else:
            methods = ("GET", "POST")
        routes.append(Route(name=name, template=template, methods=methods, is_api=is_api))
    return routes


ROUTES = _routes()


def test_every_route_has_a_rule():
    names = {route.name for route in ROUTES}
    assert names - set(RULES) == set(), "signal or hub routes without an authorisation rule"
    assert set(RULES) - names == set(), "rules for routes that no longer exist"


def _url(route: Route, signal, report) -> str:  # type: ignore[no-untyped-def]
    url = "/" + route.template
    url = url.replace("<uuid:public_id>", str(signal.public_id))
    url = url.replace("<uuid:report_id>", str(report.report_id))
    url = url.replace("<slug:table>", "totals")
    if route.name == "hub:export":
        url += "?table=theme"
    if RULES[route.name] == SIGNAL:
        url = url.replace("<uuid:id>", str(signal.public_id))
    return url.replace("<uuid:id>", str(report.report_id))


def _call(client, method: str, url: str, *, is_api: bool):  # type: ignore[no-untyped-def]
    if is_api:
        return getattr(client, method.lower())(url, {}, format="json")
    return getattr(client, method.lower())(url, {})


@pytest.fixture
def objects(organisation):
    officer = organisation.users[Role.POLICY_OFFICER]
    signal = SignalFactory(
        municipality=organisation.municipality, created_by=officer, status=SignalStatus.REVIEWED
    )
    report = SignalReportFactory(municipality=organisation.municipality)
    return signal, report


def _expected(route: Route, method: str, who: str) -> set[int] | None:
    """The status codes allowed for `who`, or None for "gets through"."""
    rule = RULES[route.name]
    if rule == PUBLIC:
        return {200}
    if rule == HUB_TOKEN:
        return {401}
    if rule == HUB_EDITOR:
        # Only the hub's editors (a permission no municipal role carries).
        return {302} if who == "anonymous" else {403}
    if who == "anonymous":
        return {401} if route.is_api else {302}
    if who == "officer":
        return None
    if who == "other-officer":
        if rule == COLLECTION:
            return None
        if method == "GET" and route.name in POST_ONLY:
            return {405}
        return {404}
    if method == "GET" and route.name in POST_ONLY:
        return {405}
    return {403}


def _check(client, route: Route, objects, who: str) -> list[str]:  # type: ignore[no-untyped-def]
    signal, report = objects
    problems = []
    for method in route.methods:
        response = _call(client, method, _url(route, signal, report), is_api=route.is_api)
        expected = _expected(route, method, who)
        if expected is None:
            ok = response.status_code not in (403, 404) and response.status_code < 500
        else:
            ok = response.status_code in expected
        if who == "anonymous" and expected == {302} and ok:
            ok = response["Location"].startswith(reverse("login"))
        if not ok:
            problems.append(f"{who} {method} {route.name}: {response.status_code}")
    return problems


def _as(client, user, *, is_api: bool):  # type: ignore[no-untyped-def]
    client.logout()
    if is_api:
        client.force_authenticate(user)
    elif user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_every_role_gets_what_the_rule_says(route, organisation, objects, api_client, client):
    other = UserFactory(username="beleid_elders")
    MembershipFactory(
        user=other, municipality=MunicipalityFactory(), team=None, role=Role.POLICY_OFFICER
    )
    base = api_client if route.is_api else client
    problems = _check(_as(base, None, is_api=route.is_api), route, objects, "anonymous")
    for role in NOT_OFFICERS:
        caller = _as(base, organisation.users[role], is_api=route.is_api)
        problems += _check(caller, route, objects, "other-role")
    problems += _check(_as(base, other, is_api=route.is_api), route, objects, "other-officer")
    signal, report = objects
    signal.refresh_from_db()
    report.refresh_from_db()
    # Nobody but the municipality's officer changed anything.
    assert (signal.status, signal.links.count(), report.status) == (
        SignalStatus.REVIEWED,
        0,
        ReportStatus.GENERATED,
    )
    officer = organisation.users[Role.POLICY_OFFICER]
    problems += _check(_as(base, officer, is_api=route.is_api), route, objects, "officer")
    assert problems == []
