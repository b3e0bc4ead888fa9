"""Authorisation matrix generated from the URL configuration.

Every casework page and API operation is called by every role, in the household's own team and
in another team. A new casework URL without a rule in RULES fails `test_every_route_has_a_rule`.

Expectations (DOMAIN.md section 2, BIO 8.03.02):
- household URLs: professionals and team leads of the household's team get through (no 403/404,
  no 5xx); their colleagues of another team and every role without cases get 404;
- collection URLs (list, create, search): case roles get through, other roles get 403.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from core.models import Role
from tests.authorisation import Route, all_routes
from tests.casework.factories import (
    AssetFactory,
    BenefitReceivedFactory,
    DebtFactory,
    FixedCostFactory,
    HouseholdFactory,
    HousingFactory,
    IncomeFactory,
    InvolvedOrganisationFactory,
    MemberFactory,
    PlanGoalFactory,
    WgsRequestFactory,
)

COLLECTION, HOUSEHOLD, TEAM_LEADS = "collection", "household", "team_leads"

# One rule per casework route. Adding a route means deciding here who may reach it.
RULES: dict[str, str] = {
    "casework:list": COLLECTION,
    "casework:create": COLLECTION,
    "casework:tasks": TEAM_LEADS,
    "casework:task-resolve": TEAM_LEADS,
    "casework:detail": HOUSEHOLD,
    "casework:edit": HOUSEHOLD,
    "casework:close": HOUSEHOLD,
    "casework:reopen": HOUSEHOLD,
    "casework:assign": HOUSEHOLD,
    "casework:member-add": HOUSEHOLD,
    "casework:member-edit": HOUSEHOLD,
    "casework:member-remove": HOUSEHOLD,
    "casework:member-bsn": HOUSEHOLD,
    "casework:housing": HOUSEHOLD,
    "casework:plan": HOUSEHOLD,
    "casework:assessment-add": HOUSEHOLD,
    "casework:journal-add": HOUSEHOLD,
    "casework:export": HOUSEHOLD,
    "casework:export-json": HOUSEHOLD,
    "casework:item-add": HOUSEHOLD,
    "casework:item-edit": HOUSEHOLD,
    "casework:item-delete": HOUSEHOLD,
    "household-list": COLLECTION,
    "household-search": COLLECTION,
    "household-detail": HOUSEHOLD,
    "household-assign": HOUSEHOLD,
    "household-close": HOUSEHOLD,
    "household-export": HOUSEHOLD,
    "household-reopen": HOUSEHOLD,
    "household-member-list": HOUSEHOLD,
    "household-member-detail": HOUSEHOLD,
    "household-member-reveal-bsn": HOUSEHOLD,
    "household-income-list": HOUSEHOLD,
    "household-income-detail": HOUSEHOLD,
    "household-asset-list": HOUSEHOLD,
    "household-asset-detail": HOUSEHOLD,
    "household-debt-list": HOUSEHOLD,
    "household-debt-detail": HOUSEHOLD,
    "household-fixed-cost-list": HOUSEHOLD,
    "household-fixed-cost-detail": HOUSEHOLD,
    "household-wgs-request-list": HOUSEHOLD,
    "household-wgs-request-detail": HOUSEHOLD,
    "household-benefit-list": HOUSEHOLD,
    "household-benefit-detail": HOUSEHOLD,
    "household-goal-list": HOUSEHOLD,
    "household-goal-detail": HOUSEHOLD,
    "household-organisation-list": HOUSEHOLD,
    "household-organisation-detail": HOUSEHOLD,
    "household-assessment-list": HOUSEHOLD,
    "household-journal-list": HOUSEHOLD,
    "household-plan": HOUSEHOLD,
    "household-housing": HOUSEHOLD,
}

# Browser item kinds (URL converter `itemkind`) and the API's nested collections.
ITEM_KINDS = {
    "inkomens": "income",
    "schulden": "debt",
    "vermogen": "asset",
    "regelingen": "benefit",
    "doelen": "goal",
    "organisaties": "organisation",
    "vaste-lasten": "fixed-cost",
    "schuldhulp": "wgs-request",
}
API_ITEM = {
    "member": "member",
    "income": "income",
    "asset": "asset",
    "debt": "debt",
    "benefit": "benefit",
    "goal": "goal",
    "organisation": "organisation",
    "fixed-cost": "fixed-cost",
    "wgs-request": "wgs-request",
}


def casework_routes() -> list[Route]:
    routes = []
    for name, template, pattern in all_routes():
        module = getattr(pattern.callback, "__module__", "")
        if not module.startswith("casework."):
            continue
        actions = getattr(pattern.callback, "actions", None)
        is_api = module.startswith("casework.api")
        if actions:
            methods = tuple(sorted(method.upper() for method in actions))
        elif is_api:
            methods = ("GET", "PUT")
        else:
            methods = ("GET", "POST")
        routes.append(Route(name=name, template=template, methods=methods, is_api=is_api))
    return routes


ROUTES = casework_routes()


def test_every_route_has_a_rule():
    names = {route.name for route in ROUTES}
    assert names - set(RULES) == set(), "casework routes without an authorisation rule"
    assert set(RULES) - names == set(), "rules for routes that no longer exist"


def _item_for(kind: str, household, member):  # type: ignore[no-untyped-def]
    return {
        "member": lambda: MemberFactory(household=household, relation="child"),
        "income": lambda: IncomeFactory(member=member),
        "asset": lambda: AssetFactory(household=household),
        "debt": lambda: DebtFactory(household=household),
        "benefit": lambda: BenefitReceivedFactory(household=household),
        "goal": lambda: PlanGoalFactory(household=household),
        "organisation": lambda: InvolvedOrganisationFactory(household=household),
        "fixed-cost": lambda: FixedCostFactory(household=household),
        "wgs-request": lambda: WgsRequestFactory(household=household),
    }[kind]()


def _urls(route: Route, household, member) -> list[str]:  # type: ignore[no-untyped-def]
    """Concrete URLs for the route, one per item kind where the route takes a kind."""
    template = "/" + route.template
    values: dict[str, object] = {"pk": household.pk, "household_id": household.pk}
    if "<int:member_id>" in template:
        values["member_id"] = _item_for("member", household, member).pk
    if "<itemkind:kind>" in template:
        urls = []
        for kind, item_kind in ITEM_KINDS.items():
            url = template.replace("<itemkind:kind>", kind)
            if "<int:item_id>" in url:
                url = url.replace("<int:item_id>", str(_item_for(item_kind, household, member).pk))
            urls.append(url.replace("<int:pk>", str(household.pk)))
        return urls
    if route.is_api and "<int:household_id>" in template and "<int:pk>" in template:
        nested = route.name.removeprefix("household-").removesuffix("-detail")
        nested = nested.removesuffix("-reveal-bsn")
        values["pk"] = _item_for(API_ITEM[nested], household, member).pk
    url = template
    for key, value in values.items():
        url = url.replace(f"<int:{key}>", str(value))
    return [url]


def _login(client: APIClient, user, *, is_api: bool) -> None:  # type: ignore[no-untyped-def]
    if is_api:
        client.force_authenticate(user)
    else:
        client.force_login(user)


def _call(client, method: str, url: str, *, is_api: bool):  # type: ignore[no-untyped-def]
    if is_api:
        return getattr(client, method.lower())(url, {}, format="json")
    return getattr(client, method.lower())(url, {})


HOUSEHOLD_AND_COLLECTION_ROUTES = [r for r in ROUTES if RULES.get(r.name) != TEAM_LEADS]


@pytest.mark.parametrize(
    "route", HOUSEHOLD_AND_COLLECTION_ROUTES, ids=[r.name for r in HOUSEHOLD_AND_COLLECTION_ROUTES]
)
def test_authorisation_matrix(route: Route, organisation):
    household = HouseholdFactory(team=organisation.team)
    HousingFactory(household=household)
    member = household.members.get()
    rule = RULES[route.name]
    outsiders = [
        organisation.other_team_users[Role.PROFESSIONAL],
        organisation.other_team_users[Role.TEAM_LEAD],
        organisation.users[Role.BOARD_MEMBER],
        organisation.users[Role.POLICY_OFFICER],
        organisation.users[Role.FUNCTIONAL_ADMIN],
        organisation.users[Role.AUDITOR],
    ]
    insiders = [organisation.users[Role.TEAM_LEAD], organisation.users[Role.PROFESSIONAL]]
    urls = _urls(route, household, member)
    failures = []
    # Outsiders first: their calls must change nothing, so the insiders' calls see the same data.
    for user in outsiders:
        can_see_cases = user in outsiders[:2]
        for url in urls:
            for method in route.methods:
                client = APIClient()
                _login(client, user, is_api=route.is_api)
                status = _call(client, method, url, is_api=route.is_api).status_code
                if rule == HOUSEHOLD:
                    # 405 (a method the page does not offer) is answered for any id alike.
                    expected = {404, 405}
                elif can_see_cases:
                    expected = None  # another team's worker may use the collection (own teams)
                else:
                    expected = {403}
                if expected is not None and status not in expected:
                    failures.append(f"{user.username} {method} {url}: {status}, wanted {expected}")
                if status >= 500:
                    failures.append(f"{user.username} {method} {url}: {status}")
    for user in insiders:
        for method in route.methods:
            # Fresh objects per call: an insider's DELETE must not turn the next call into a 404.
            for url in _urls(route, household, member):
                client = APIClient()
                _login(client, user, is_api=route.is_api)
                status = _call(client, method, url, is_api=route.is_api).status_code
                if status in (403, 404) or status >= 500:
                    failures.append(f"{user.username} {method} {url}: {status}, wanted access")
    assert failures == []


def test_task_routes_are_for_the_team_lead_of_the_task_only(organisation):
    """The team lead's BSN tasks: every other role gets 403; another team's lead 404 on a task."""
    from casework.models import BsnDuplicateTask

    household = HouseholdFactory(team=organisation.team)
    task = BsnDuplicateTask.objects.create(
        team=organisation.team,
        other_team=organisation.other_team,
        household=household,
        member=household.members.get(),
    )
    list_url, resolve_url = "/huishoudens/taken/", f"/huishoudens/taken/{task.pk}/afgehandeld/"
    failures = []
    for role in Role:
        if role == Role.TEAM_LEAD:
            continue
        client = APIClient()
        client.force_login(organisation.users[role])
        for method, url in (("get", list_url), ("post", resolve_url)):
            status = getattr(client, method)(url).status_code
            if status != 403:
                failures.append(f"{role} {method} {url}: {status}")
    other_lead = APIClient()
    other_lead.force_login(organisation.other_team_users[Role.TEAM_LEAD])
    assert other_lead.get(list_url).status_code == 200
    assert other_lead.post(resolve_url).status_code == 404
    lead = APIClient()
    lead.force_login(organisation.users[Role.TEAM_LEAD])
    assert lead.get(list_url).status_code == 200
    assert lead.post(resolve_url).status_code == 302
    assert failures == []
