"""Searching households: audited every time, BSNs however typed, and searches kept out of URLs.

Through the entry points people use: the browser's search box (POST /huishoudens/) and the API
(GET /api/v1/households/ and POST /api/v1/households/search/).
"""

from __future__ import annotations

from django.urls import reverse

import pytest

from casework.constants import Relation
from core.models import AuditLog, Role
from tests.casework.factories import HouseholdFactory, MemberFactory, valid_bsn
from tests.core.factories import MembershipFactory, TeamFactory

pytestmark = pytest.mark.django_db

API_LIST = "/api/v1/households/"
API_SEARCH = "/api/v1/households/search/"
BROWSER_LIST = reverse("casework:list")


def _dashed(bsn: str) -> str:
    return f"{bsn[:3]}-{bsn[3:6]}-{bsn[6:]}"


def _household_with_bsn(team, bsn: str, name: str = "Jansen"):
    household = HouseholdFactory(team=team, applicant=None, display_name=name)
    MemberFactory(household=household, relation=Relation.APPLICANT, bsn=bsn, family_name=name)
    return household


def _search_rows():
    return list(AuditLog.objects.filter(action="household.search_bsn").order_by("id"))


@pytest.fixture
def api(api_client_for, professional):
    return api_client_for(professional)


@pytest.fixture
def web(client, professional):
    client.force_login(professional)
    return client


@pytest.fixture
def same_bsn_in_two_municipalities(organisation, professional):
    """One BSN in two households the professional may see (one per municipality)."""
    bsn = valid_bsn()
    elsewhere = TeamFactory(name="Wijkteam Elders")
    MembershipFactory(user=professional, team=elsewhere, role=Role.PROFESSIONAL)
    first = _household_with_bsn(organisation.team, bsn)
    second = _household_with_bsn(elsewhere, bsn)
    return bsn, {first.pk, second.pk}


# --- 1. the API list is audited like the browser's -----------------------------------------


def test_api_list_writes_one_household_list_row_with_filter_names_only(api, organisation):
    HouseholdFactory(team=organisation.team, display_name="Bakker")
    response = api.get(API_LIST, {"search": "Bakker", "status": "open", "page": "1", "x": "1"})
    assert response.status_code == 200
    assert response.json()["count"] == 1
    rows = list(AuditLog.objects.filter(action="household.list"))
    assert len(rows) == 1
    row = rows[0]
    assert row.actor_username == "professional"
    assert row.purpose == "casusregie"
    # The names of the filters used, never their values; unknown parameters are not echoed.
    assert row.data == {"filters": ["search", "status"]}
    assert "Bakker" not in str(row.data)


def test_api_list_without_filters_is_audited_too(api, organisation):
    HouseholdFactory(team=organisation.team)
    assert api.get(API_LIST).status_code == 200
    assert AuditLog.objects.get(action="household.list").data == {"filters": []}


def test_browser_list_audits_only_the_forms_filter_names(web, organisation):
    HouseholdFactory(team=organisation.team)
    bsn = valid_bsn()
    assert web.get(BROWSER_LIST, {"status": "open", bsn: "1"}).status_code == 200
    row = AuditLog.objects.filter(action="household.list").latest("id")
    assert row.data == {"filters": ["status"]}


# --- 2. every BSN search writes exactly one row ------------------------------------------------


def test_api_bsn_search_without_match_writes_one_row_without_the_bsn(api, organisation):
    bsn = valid_bsn()
    response = api.post(API_SEARCH, {"bsn": bsn}, format="json")
    assert response.status_code == 200
    assert response.json() == []
    [row] = _search_rows()
    assert row.data == {"matches": 0}
    assert row.household_id is None
    assert row.actor_username == "professional"
    assert bsn not in str(row.data) and bsn not in row.object_id


def test_api_bsn_search_with_one_match_keeps_the_household_on_the_row(api, organisation):
    bsn = valid_bsn()
    household = _household_with_bsn(organisation.team, bsn)
    response = api.post(API_SEARCH, {"bsn": bsn}, format="json")
    assert [h["id"] for h in response.json()] == [household.pk]
    [row] = _search_rows()
    assert row.household_id == household.pk
    assert row.object_id == str(household.pk)
    assert row.municipality_code == organisation.municipality.cbs_code
    assert row.data == {"matches": 1}


def test_api_bsn_search_with_several_matches_writes_one_row(api, same_bsn_in_two_municipalities):
    bsn, household_ids = same_bsn_in_two_municipalities
    response = api.post(API_SEARCH, {"bsn": bsn}, format="json")
    assert {h["id"] for h in response.json()} == household_ids
    [row] = _search_rows()
    assert row.data == {"matches": 2, "households": sorted(household_ids)}
    assert row.household_id is None
    assert bsn not in str(row.data)


def test_browser_bsn_search_without_match_writes_one_row(web, organisation):
    bsn = valid_bsn()
    response = web.post(BROWSER_LIST, {"q": bsn})
    assert response.status_code == 302
    assert response["Location"] == BROWSER_LIST
    [row] = _search_rows()
    assert row.data == {"matches": 0}
    assert row.household_id is None
    assert bsn not in str(row.data)


def test_browser_bsn_search_with_one_match_keeps_the_household_on_the_row(web, organisation):
    bsn = valid_bsn()
    household = _household_with_bsn(organisation.team, bsn)
    response = web.post(BROWSER_LIST, {"q": bsn})
    assert response["Location"] == reverse("casework:detail", args=[household.pk])
    [row] = _search_rows()
    assert row.household_id == household.pk
    assert row.data == {"matches": 1}


def test_browser_bsn_search_with_several_matches_writes_one_row_and_says_so(
    web, same_bsn_in_two_municipalities
):
    bsn, household_ids = same_bsn_in_two_municipalities
    response = web.post(BROWSER_LIST, {"q": bsn}, follow=True)
    [row] = _search_rows()
    assert row.data == {"matches": 2, "households": sorted(household_ids)}
    content = response.content.decode()
    assert "Er zijn 2 huishoudens met dit BSN in uw teams" in content
    assert bsn not in content


# --- 3. a BSN typed with dashes is a BSN everywhere ---------------------------------------------


def test_api_search_finds_a_bsn_typed_with_dashes(api, organisation):
    bsn = valid_bsn()
    household = _household_with_bsn(organisation.team, bsn)
    response = api.post(API_SEARCH, {"bsn": _dashed(bsn)}, format="json")
    assert response.status_code == 200
    assert [h["id"] for h in response.json()] == [household.pk]


@pytest.mark.parametrize("shape", [_dashed, lambda b: f"{b[:4]}.{b[4:6]}.{b[6:]}", str])
def test_api_list_refuses_a_bsn_in_the_url_however_it_is_typed(api, organisation, shape):
    response = api.get(API_LIST, {"search": shape(valid_bsn())})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "search"
    assert not AuditLog.objects.filter(action="household.list").exists()


def test_browser_search_box_treats_a_dashed_bsn_as_a_bsn(web, organisation):
    bsn = valid_bsn()
    household = _household_with_bsn(organisation.team, bsn)
    response = web.post(BROWSER_LIST, {"q": _dashed(bsn)})
    assert response["Location"] == reverse("casework:detail", args=[household.pk])
    assert "casework.list.search" not in web.session  # not kept as a name search
    assert _search_rows()[0].household_id == household.pk


# --- 5. name and postcode search in the body ----------------------------------------------------


def test_api_post_search_by_name_returns_the_list_representation(api, organisation):
    bakker = HouseholdFactory(team=organisation.team, display_name="Bakker")
    HouseholdFactory(team=organisation.team, display_name="Visser")
    HouseholdFactory(team=organisation.other_team, display_name="Bakker")  # not in my team
    response = api.post(API_SEARCH, {"q": "bakk"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert [h["id"] for h in body] == [bakker.pk]
    listed = api.get(API_LIST).json()["results"]
    assert body[0] == next(h for h in listed if h["id"] == bakker.pk)


def test_api_post_search_by_postcode(api, organisation):
    household = HouseholdFactory(team=organisation.team, postcode="1011 AB")
    HouseholdFactory(team=organisation.team, postcode="2022 CD")
    response = api.post(API_SEARCH, {"q": "1011ab"}, format="json")
    assert [h["id"] for h in response.json()] == [household.pk]


def test_api_post_name_search_is_audited_without_the_term(api, organisation):
    HouseholdFactory(team=organisation.team, display_name="Bakker")
    api.post(API_SEARCH, {"q": "Bakker"}, format="json")
    row = AuditLog.objects.get(action="household.list")
    assert row.data == {"filters": ["q"]}
    assert "Bakker" not in str(row.data)


def test_api_post_search_with_a_bsn_in_q_searches_by_bsn(api, organisation):
    bsn = valid_bsn()
    household = _household_with_bsn(organisation.team, bsn)
    response = api.post(API_SEARCH, {"q": _dashed(bsn)}, format="json")
    assert [h["id"] for h in response.json()] == [household.pk]
    assert [r.household_id for r in _search_rows()] == [household.pk]


@pytest.mark.parametrize(
    ("body", "name", "code"),
    [
        ({}, "nonFieldErrors", "required"),
        ({"bsn": "123456782", "q": "Bakker"}, "nonFieldErrors", "invalid"),
        ({"q": ""}, "q", "blank"),
        ({"bsn": "123456789"}, "bsn", "invalid"),
    ],
)
def test_api_post_search_needs_exactly_one_term(api, organisation, body, name, code):
    response = api.post(API_SEARCH, body, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    params = response.json()["invalidParams"]
    assert [(p["name"], p["code"]) for p in params] == [(name, code)]
    assert params[0]["reason"]
    assert not AuditLog.objects.filter(action__startswith="household.").exists()


def test_get_search_by_name_still_works(api, organisation):
    HouseholdFactory(team=organisation.team, display_name="Bakker")
    response = api.get(API_LIST, {"search": "Bakker"})
    assert response.status_code == 200
    assert response.json()["count"] == 1
