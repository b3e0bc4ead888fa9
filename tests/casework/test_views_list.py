"""The household list: search, filters, pagination, access and a fixed number of queries."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

import pytest

from casework.constants import HouseholdStatus, ZrmDomain
from casework.services import assessment_create
from core.models import AuditLog, Role
from tests.casework.factories import (
    ZRM_REASONS,
    DebtFactory,
    HouseholdFactory,
    MemberFactory,
    valid_bsn,
)

pytestmark = pytest.mark.django_db

URL = reverse("casework:list")


@pytest.fixture
def pro(client, organisation):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    return client


def _names(response) -> set[str]:
    return {h.display_name for h in response.context["page"].object_list}


def _scores(low_domain: str | None = None) -> dict[str, int]:
    return {d.value: (2 if d.value == low_domain else 4) for d in ZrmDomain}


def test_lists_only_households_of_the_users_teams(pro, organisation):
    HouseholdFactory(team=organisation.team, display_name="Jansen")
    HouseholdFactory(team=organisation.other_team, display_name="Zuidema")
    response = pro.get(URL)
    assert response.status_code == 200
    assert _names(response) == {"Jansen"}
    content = response.content.decode()
    assert "Jansen" in content and "Zuidema" not in content
    assert "1 huishouden" in content


def test_table_shows_address_team_casusregisseur_status_debts_and_lowest_zrm(pro, organisation):
    professional = organisation.users[Role.PROFESSIONAL]
    household = HouseholdFactory(
        team=organisation.team,
        postcode="1234 AB",
        house_number=7,
        assigned_professional=professional,
    )
    DebtFactory(household=household, amount="1000.00")
    DebtFactory(household=household, amount="234.56")
    assessment_create(
        actor=professional,
        household=household,
        assessed_on=date(2025, 1, 1),
        scores=_scores(low_domain=ZrmDomain.FINANCES),
        reasons=ZRM_REASONS,
    )
    content = pro.get(URL).content.decode()
    assert "1234 AB 7" in content
    assert "Wijkteam Noord" in content
    assert escape(professional.get_full_name()) in content  # names like "van 't Wel"
    assert "€\u00a01.234,56" in content
    assert "Niet zelfredzaam" in content  # lowest score 2, with its label
    assert "Open" in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Bakk", {"Bakker"}),
        ("2511", {"Bakker"}),
        ("2511 CD", {"Bakker"}),
        ("de Vries", {"de Vries"}),
    ],
)
def test_search_by_name_and_postcode(pro, organisation, query, expected):
    HouseholdFactory(team=organisation.team, display_name="Bakker", postcode="2511 CD")
    HouseholdFactory(team=organisation.team, display_name="de Vries", postcode="9711 AA")
    assert _names(pro.get(URL, {"q": query}, follow=True)) == expected


def test_search_by_bsn_is_an_exact_match(pro, organisation):
    bsn = valid_bsn()
    household = HouseholdFactory(team=organisation.team, display_name="Bakker")
    MemberFactory(household=household, bsn=bsn)
    HouseholdFactory(team=organisation.team, display_name="Smit")
    # The form posts: the BSN goes in the body and the user lands on the case page.
    response = pro.post(URL, {"q": bsn})
    assert response.status_code == 302
    assert response["Location"] == f"/huishoudens/{household.pk}/"
    assert bsn not in response["Location"]
    # A partial BSN finds nothing (it is never matched by pattern).
    assert _names(pro.get(URL, {"q": bsn[:6]}, follow=True)) == set()


def test_a_bsn_in_the_url_matches_nothing(pro, organisation):
    bsn = valid_bsn()
    household = HouseholdFactory(team=organisation.team, display_name="Bakker")
    MemberFactory(household=household, bsn=bsn)
    response = pro.get(URL, {"q": bsn}, follow=True)
    # Refused, not searched: the list is the unfiltered one and nothing was looked up.
    assert response.redirect_chain == [("/huishoudens/", 302)]
    assert not AuditLog.objects.filter(action="household.search_bsn").exists()


def test_unknown_bsn_shows_a_message_without_the_bsn(pro, organisation):
    bsn = valid_bsn()
    response = pro.post(URL, {"q": bsn}, follow=True)
    assert "Er is geen huishouden met dit BSN" in response.content.decode()
    assert bsn not in response.content.decode()


def test_a_name_search_keeps_the_name_out_of_the_url(pro, organisation):
    HouseholdFactory(team=organisation.team, display_name="Bakker")
    HouseholdFactory(team=organisation.team, display_name="Visser")
    response = pro.post(URL, {"q": "Bakker", "status": "open", "team": ""})
    assert response.status_code == 302
    assert response["Location"] == "/huishoudens/?status=open&zoekterm=1"
    page = pro.get(response["Location"])
    assert _names(page) == {"Bakker"}
    html = page.content.decode()
    assert 'value="Bakker"' in html  # the search box still shows what was searched
    assert "Bakker" not in page.context["query"]  # nor in the pagination links


def test_a_stored_search_is_forgotten_when_the_list_is_opened_without_it(pro, organisation):
    HouseholdFactory(team=organisation.team, display_name="Bakker")
    HouseholdFactory(team=organisation.team, display_name="Visser")
    pro.post(URL, {"q": "Bakker"})
    assert _names(pro.get(URL, {"zoekterm": "1"})) == {"Bakker"}
    assert _names(pro.get(URL)) == {"Bakker", "Visser"}
    assert _names(pro.get(URL, {"zoekterm": "1"})) == {"Bakker", "Visser"}
    assert "casework.list.search" not in pro.session


def test_an_empty_search_posted_clears_the_stored_one(pro, organisation):
    pro.post(URL, {"q": "Bakker"})
    response = pro.post(URL, {"q": "", "status": "open"})
    assert response["Location"] == "/huishoudens/?status=open"
    assert "casework.list.search" not in pro.session


def test_search_value_is_not_written_to_the_audit_log(pro, organisation):
    bsn = valid_bsn()
    household = HouseholdFactory(team=organisation.team, display_name="Bakker")
    MemberFactory(household=household, bsn=bsn)
    pro.post(URL, {"q": bsn})
    entry = AuditLog.objects.filter(action="household.search_bsn").latest("id")
    assert entry.household_id == household.pk
    assert bsn not in str(entry.data)


def test_filters_status_debts_zrm_and_assigned(pro, organisation):
    professional = organisation.users[Role.PROFESSIONAL]
    lead = organisation.users[Role.TEAM_LEAD]
    with_debt = HouseholdFactory(
        team=organisation.team, display_name="Schuld", assigned_professional=lead
    )
    DebtFactory(household=with_debt)
    closed = HouseholdFactory(
        team=organisation.team, display_name="Dicht", status=HouseholdStatus.CLOSED
    )
    low = HouseholdFactory(team=organisation.team, display_name="Laag")
    assessment_create(
        actor=professional,
        household=low,
        assessed_on=date(2025, 1, 1),
        scores=_scores("huisvesting"),
        reasons=ZRM_REASONS,
    )
    assert _names(pro.get(URL, {"status": "closed"})) == {closed.display_name}
    assert _names(pro.get(URL, {"debts": "ja"})) == {"Schuld"}
    assert _names(pro.get(URL, {"debts": "nee"})) == {"Dicht", "Laag"}
    assert _names(pro.get(URL, {"zrm": "huisvesting"})) == {"Laag"}
    assert _names(pro.get(URL, {"zrm": "financien"})) == set()
    assert _names(pro.get(URL, {"zrm": "any"})) == {"Laag"}
    assert _names(pro.get(URL, {"assigned": lead.pk})) == {"Schuld"}


def test_team_filter_is_offered_to_users_with_several_teams(client, organisation):
    from tests.core.factories import MembershipFactory

    lead = organisation.users[Role.TEAM_LEAD]
    MembershipFactory(user=lead, team=organisation.other_team, role=Role.TEAM_LEAD)
    HouseholdFactory(team=organisation.team, display_name="Noord")
    HouseholdFactory(team=organisation.other_team, display_name="Zuid")
    client.force_login(lead)
    assert _names(client.get(URL)) == {"Noord", "Zuid"}
    response = client.get(URL, {"team": organisation.other_team.pk})
    assert _names(response) == {"Zuid"}
    assert 'name="team"' in response.content.decode()


def test_pagination_by_25(pro, organisation):
    HouseholdFactory.create_batch(27, team=organisation.team)
    first = pro.get(URL)
    assert len(first.context["page"].object_list) == 25
    assert "Pagina 1 van 2" in first.content.decode()
    second = pro.get(URL, {"page": 2, "status": "open"})
    assert len(second.context["page"].object_list) == 2
    assert 'href="?status=open&amp;page=1"' in second.content.decode()


@pytest.mark.parametrize(
    "role", [Role.BOARD_MEMBER, Role.POLICY_OFFICER, Role.FUNCTIONAL_ADMIN, Role.AUDITOR]
)
def test_users_without_a_case_role_get_403(client, organisation, role):
    client.force_login(organisation.users[role])
    assert client.get(URL).status_code == 403
    assert client.get(reverse("casework:create")).status_code == 403


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/inloggen/" in response["Location"]


def test_nav_shows_huishoudens_to_case_roles_only(client, organisation):
    client.force_login(organisation.users[Role.TEAM_LEAD])
    assert 'href="/huishoudens/"' in client.get("/").content.decode()
    client.force_login(organisation.users[Role.POLICY_OFFICER])
    assert 'href="/huishoudens/"' not in client.get("/").content.decode()


def _fill(organisation, count: int) -> None:
    professional = organisation.users[Role.PROFESSIONAL]
    for index in range(count):
        household = HouseholdFactory(team=organisation.team, assigned_professional=professional)
        DebtFactory(household=household)
        if index % 2 == 0:
            assessment_create(
                actor=professional,
                household=household,
                assessed_on=date(2025, 1, 1),
                scores=_scores("financien"),
                reasons=ZRM_REASONS,
            )


def test_query_count_does_not_grow_with_the_number_of_rows(
    pro, organisation, django_assert_num_queries
):
    _fill(organisation, 3)
    pro.get(URL)  # warm up (session, content types)
    with CaptureQueriesContext(connection) as small:
        assert pro.get(URL, {"debts": "ja"}).status_code == 200
    _fill(organisation, 27)
    with django_assert_num_queries(len(small.captured_queries)):
        response = pro.get(URL, {"debts": "ja"})
    assert len(response.context["page"].object_list) == 25
    assert len(small.captured_queries) <= 12


def test_a_bsn_in_the_url_is_not_echoed_anywhere(pro, organisation):
    # Probe F11: the BSN came back in the search box and in the language switch's `next`.
    bsn = valid_bsn()
    response = pro.get(URL, {"q": bsn})
    assert response.status_code == 302
    assert bsn not in response["Location"]
    page = pro.get(response["Location"])
    assert bsn not in page.content.decode()
    assert "een BSN hoort niet in een webadres" in page.content.decode()


def test_an_8_digit_bsn_in_the_url_is_refused_too(pro, organisation):
    response = pro.get(URL, {"q": "12345672"}, follow=True)
    assert "12345672" not in response.content.decode()


def test_a_name_in_the_url_moves_into_the_session(pro, organisation):
    HouseholdFactory(team=organisation.team, display_name="Bakker")
    response = pro.get(URL, {"q": "Bakker", "status": "open"})
    assert response.status_code == 302
    assert "Bakker" not in response["Location"] and "status=open" in response["Location"]
    page = pro.get(response["Location"])
    assert _names(page) == {"Bakker"}
    assert 'name="next" type="hidden" value="/huishoudens/?q=' not in page.content.decode()
