"""Shared pieces of the authorisation matrices of regulations, breakthroughs, retention and core.

Each matrix module declares RULES (route name -> Rule) and builds its objects; this module walks the
URL configuration, calls a route by every caller and compares the answer with the rule. The
casework and signals matrices predate it and keep their own (equivalent) walkers.

What a Rule means (DOMAIN.md section 2, BIO 8.03.02):
- `roles`: the roles that get through (no 401/403/404, no 5xx; a 400/422 on the empty body is a
  validation answer, so it counts as through) when the object is of their own team/municipality;
- every other role gets `refused`: 403 for a collection the role may never use, 404 for an object
  out of its reach (need-to-know: never reveal that it exists);
- an object of another team (`team_scoped`) answers 404 to the team roles of that other team, and
  an object of another municipality answers 404 to every role;
- 405 (a method the route does not offer) is answered to anyone alike and reveals nothing;
- anonymous callers get the login page (pages) or 401 (API); public routes are in no matrix (see
  tests/core/test_every_route_is_in_a_matrix.py);
- `methods` gives a method a rule of its own (e.g. everyone may list, only some may create), and
  `refused_by` the answer of a role that sees the object but may not act on it (403).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from core.models import Role

COLLECTION = "collection"
THROUGH = None  # "gets through": the expected answer of an allowed caller
ALL_ROLES = frozenset(Role)
CASE_ROLES = frozenset({Role.PROFESSIONAL, Role.TEAM_LEAD})
API_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    scope: str = COLLECTION  # or the name of the object the URL names (the module builds it)
    refused: int = 403
    team_scoped: bool = False  # the object belongs to a team: other teams' workers get 404
    data: dict[str, Any] = field(default_factory=dict)  # a minimal body where empty means 404
    methods: dict[str, Rule] = field(default_factory=dict)  # a method with a rule of its own
    # Roles that see the own object but may not act on it get this instead of `refused`
    # (another municipality's object stays out of their sight: 404).
    refused_by: dict[str, int] = field(default_factory=dict)
    verified_session: bool = False  # signed in with the second step passed (MFA)


@dataclass(frozen=True)
class Route:
    name: str
    template: str
    methods: tuple[str, ...]
    is_api: bool


def _walk(patterns, prefix: str = "", namespace: str = ""):  # type: ignore[no-untyped-def]
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern, namespace


def _methods(pattern: URLPattern, *, is_api: bool) -> tuple[str, ...]:
    actions = getattr(pattern.callback, "actions", None)
    if actions:
        methods = {method.upper() for method in actions}
        if "PUT" in methods:
            methods.discard("PATCH")  # the same handler: one of both is enough
        return tuple(sorted(methods))
    view_class = getattr(pattern.callback, "view_class", None)
    if is_api and view_class is not None:
        return tuple(m.upper() for m in API_METHODS if hasattr(view_class, m))
    # Function views: both; a method a page does not offer answers 405 to everyone alike.
    return ("GET", "POST")


def all_routes() -> list[tuple[str, str, URLPattern]]:
    """(name, template, pattern) of every named route of the project."""
    found = []
    for template, pattern, namespace in _walk(get_resolver().url_patterns):
        if pattern.name is None:
            continue
        name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
        found.append((name, template, pattern))
    return found


def routes(select: Callable[[str, str], bool]) -> list[Route]:
    """The routes for which `select(name, view module)` holds."""
    selected = []
    for name, template, pattern in all_routes():
        module = getattr(pattern.callback, "__module__", "")
        if not select(name, module):
            continue
        is_api = template.startswith("api/")
        selected.append(
            Route(name, template, _methods(pattern, is_api=is_api), is_api),
        )
    return selected


def call(route: Route, user, method: str, url: str, rule: Rule):  # type: ignore[no-untyped-def]
    client = APIClient()
    if user is not None:
        if route.is_api:
            client.force_authenticate(user)
        else:
            client.force_login(user)
        if rule.verified_session:
            _pass_second_step(client, user)
    if method == "GET":
        return client.get(url)
    if route.is_api:
        return getattr(client, method.lower())(url, rule.data, format="json")
    return getattr(client, method.lower())(url, rule.data)


def _pass_second_step(client: APIClient, user) -> None:  # type: ignore[no-untyped-def]
    """As django_otp.login leaves the session: a confirmed device that was used."""
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


def is_through(status: int) -> bool:
    return status not in (401, 403, 404) and status < 500


def verdict(status: int, expected: int | None) -> bool:
    if status == 405:
        return True  # not offered: the same answer for everyone, nothing done
    if expected is THROUGH:
        return is_through(status)
    return status == expected


def snapshot(models: Iterable[type[Model]]) -> dict[str, list[dict[str, Any]]]:
    """Every row of `models`: a refused call must leave them exactly as they were."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


def fill(template: str, obj: Any) -> str:
    """The route's URL for `obj` (its pk, or public_id for a uuid converter)."""
    url = "/" + template
    if "<uuid:" in url:
        head, _, rest = url.partition("<uuid:")
        url = head + str(obj.public_id) + rest.partition(">")[2]
    if "<int:" in url:
        head, _, rest = url.partition("<int:")
        url = head + str(obj.pk) + rest.partition(">")[2]
    assert "<" not in url, f"unfilled placeholder in {url}"
    return url


def _expected(rule: Rule, method: str, role: str | None, where: str, *, is_api: bool) -> int | None:
    """What `role` (None: anonymous) should get for `method` on the own object, another team's
    (`other-team`) or another municipality's (`elsewhere`)."""
    rule = rule.methods.get(method, rule)
    if role is None:
        return 401 if is_api else 302  # anonymous: 401, or the login page
    allowed = role in rule.roles
    if where == "other-team" and rule.team_scoped:
        return 404
    if where == "elsewhere":
        return 404 if allowed or role in rule.refused_by else rule.refused
    return THROUGH if allowed else rule.refused_by.get(role, rule.refused)


def check_route(  # type: ignore[no-untyped-def]
    route: Route,
    rule: Rule,
    organisation,
    objects: dict[str, tuple[Any, Any]],
    models: Iterable[type[Model]],
) -> list[str]:
    """Call `route` by everyone; `objects` maps a rule's scope to (own object, another
    municipality's object or None). Every refused call comes first and must change none of
    `models`; then the calls that get through."""
    if rule.scope == COLLECTION:
        own_url, elsewhere_url = fill(route.template, None), None
    else:
        own, elsewhere = objects[rule.scope]
        own_url = fill(route.template, own)
        elsewhere_url = fill(route.template, elsewhere) if elsewhere is not None else None
    callers: list[tuple[str, Any, str | None, str, str]] = [
        ("anonymous", None, None, own_url, "own")
    ]
    for role in Role:
        callers.append((role.value, organisation.users[role], role, own_url, "own"))
        if elsewhere_url is not None:
            user = organisation.users[role]
            callers.append((f"{role.value}@elsewhere", user, role, elsewhere_url, "elsewhere"))
    if rule.scope != COLLECTION:
        for role, user in organisation.other_team_users.items():
            callers.append((f"{role}@other-team", user, role, own_url, "other-team"))
    calls = []
    for who, user, role, url, where in callers:
        for method in route.methods:
            expected = _expected(rule, method, role, where, is_api=route.is_api)
            calls.append((who, user, url, method, expected))
    problems: list[str] = []
    through = 0

    def run(who: str, user, url: str, method: str, expected: int | None) -> None:  # type: ignore[no-untyped-def]
        nonlocal through
        response = call(route, user, method, url, rule.methods.get(method, rule))
        status = response.status_code
        ok = verdict(status, expected)
        if ok and expected == 302 and status == 302:
            ok = response["Location"].startswith(reverse("login"))
        if expected is THROUGH and is_through(status) and status != 405:
            through += 1
        if not ok or status >= 500:
            want = "access" if expected is THROUGH else expected
            problems.append(f"{who} {method} {url}: {status}, wanted {want}")

    models = list(models)
    before = snapshot(models)
    for args in calls:
        if args[-1] is not THROUGH:
            run(*args)
    if snapshot(models) != before:
        problems.append("a refused call changed data")
    for args in calls:
        if args[-1] is THROUGH:
            run(*args)
    if rule.roles and through == 0:
        problems.append("no allowed caller got through with any method")
    return problems


def assert_rules_match(rules: dict[str, Rule], found: list[Route], what: str) -> None:
    names = {route.name for route in found}
    assert names - set(rules) == set(), f"{what} routes without an authorisation rule"
    assert set(rules) - names == set(), "rules for routes that no longer exist"
