"""The lever suggestions on the proposal page: ranked levers with local precedents, and the
precedents never carry another team's household, team or free text (issue 14)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest

from breakthroughs.constants import GoalReached, Status
from breakthroughs.models import Evaluation
from core.models import Role
from tests.breakthroughs.factories import BreakthroughFactory
from tests.casework.factories import HouseholdFactory
from tests.core.factories import TeamFactory

pytestmark = pytest.mark.django_db

GIFT = {
    "regulation_code": "bijstand",
    "knelpunt_type": "samenloop",
    "blocking_problem": "Bijstand gekort omdat een gift van familie als inkomen telt",
}
GIFT_ARTICLE = "art. 31 lid 2 onderdeel m Pw"


@pytest.fixture(autouse=True)
def catalogue(db):
    call_command("load_legal_levers", verbosity=0)


@pytest.fixture
def household(organisation):
    return HouseholdFactory(team=organisation.team, display_name="Bakker")


def _url(household) -> str:
    return f"/doorbraken/hefbomen/{household.pk}/"


def _decided(household, *, status=Status.APPROVED, cost="1234.56", **fields):
    return BreakthroughFactory(
        household=household,
        status=status,
        amount=Decimal(cost),
        regulation_code="bijstand",
        article=GIFT_ARTICLE,
        decided_at=timezone.make_aware(datetime(2026, 3, 14, 10)),
        **fields,
    )


def test_the_professional_gets_ranked_levers_with_a_choice_that_fills_the_route(
    client, organisation, household
):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    response = client.get(_url(household), GIFT)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Giftenvrijlating") < html.index("Bijstand afstemmen op de persoon")
    assert f'data-lever-article="{GIFT_ARTICLE}"' in html
    assert 'data-lever-route="beleidsruimte"' in html
    assert "https://wetten.overheid.nl/jci1.3:c:BWBR0015703&amp;artikel=31" in html


def test_without_a_scheme_or_knelpunt_it_asks_for_one(client, organisation, household):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    html = client.get(_url(household)).content.decode()
    assert "kies eerst de knellende regeling" in html
    assert "data-lever-article" not in html


def test_a_household_outside_the_users_teams_is_not_found(client, organisation, household):
    client.force_login(organisation.other_team_users[Role.PROFESSIONAL])
    assert client.get(_url(household), GIFT).status_code == 404
    client.force_login(organisation.users[Role.POLICY_OFFICER])
    assert client.get(_url(household), GIFT).status_code == 404


def test_local_precedents_show_only_pseudonymised_facts_even_from_another_team(
    client, organisation, household
):
    other_household = HouseholdFactory(team=organisation.other_team, display_name="Jansen-Visser")
    precedent = _decided(
        other_household,
        status=Status.EVALUATED,
        need="Mevrouw Jansen-Visser heeft een gift van haar zus nodig",
        blocking_problem="De gift van zus Annelies werd gekort",
        action="Gift van Annelies vrijlaten",
    )
    Evaluation.objects.create(
        breakthrough=precedent,
        goal_reached=GoalReached.YES,
        notes="Annelies betaalt nu de huur",
        evaluated_by=organisation.other_team_users[Role.TEAM_LEAD],
    )
    client.force_login(organisation.users[Role.PROFESSIONAL])
    html = client.get(_url(household), GIFT).content.decode()
    assert "Geëvalueerd" in html and "€\xa01.234,56" in html and "maart 2026" in html
    assert ">Ja<" in html
    case_url = reverse("casework:detail", args=[other_household.pk])
    for secret in ("Jansen", "Annelies", "zus", "Wijkteam Zuid", case_url, f"/{precedent.pk}/"):
        assert secret not in html, secret


def test_precedents_come_from_this_municipality_and_decided_items_only(
    client, organisation, household
):
    elsewhere = HouseholdFactory(team=TeamFactory(name="Wijkteam Elders"))
    _decided(elsewhere, cost="777.77")
    _decided(household, status=Status.DRAFT, cost="555.55")
    _decided(household, status=Status.SUBMITTED, cost="444.44")
    _decided(household, status=Status.REJECTED, cost="333.33")
    other_scheme = _decided(household, cost="222.22")
    other_scheme.regulation_code = "bijzondere_bijstand"
    other_scheme.save(update_fields=["regulation_code"])
    client.force_login(organisation.users[Role.PROFESSIONAL])
    html = client.get(_url(household), GIFT).content.decode()
    assert "€\xa0333,33" in html and "Afgewezen" in html
    for amount in ("777,77", "555,55", "444,44", "222,22"):
        assert amount not in html, amount


def test_the_proposal_page_includes_the_slot(client, organisation, household):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    html = client.get(f"/doorbraken/nieuw/{household.pk}/").content.decode()
    assert f'hx-get="/doorbraken/hefbomen/{household.pk}/"' in html
    assert "js/levers.js" in html


@pytest.mark.parametrize(("stored", "shown"), [(4, 4), (5, 5), (6, 5)])
def test_at_most_five_precedents_per_lever_newest_first(
    client, organisation, household, stored, shown
):
    for month in range(1, stored + 1):
        item = _decided(household, cost=f"{month}00.00")
        item.decided_at = timezone.make_aware(datetime(2026, month, 10, 9))
        item.save(update_fields=["decided_at"])
    client.force_login(organisation.users[Role.PROFESSIONAL])
    html = client.get(_url(household), GIFT).content.decode()
    table = html[html.index("lever-precedents") :]
    table = table[: table.index("</table>")]
    months = [m for m in ("juni", "mei", "april", "maart", "februari", "januari") if m in table]
    assert len(months) == shown
    assert table.index(months[0]) < table.index(months[-1])  # newest first
    expected_newest = ["januari", "februari", "maart", "april", "mei", "juni"][stored - 1]
    assert months[0] == expected_newest
