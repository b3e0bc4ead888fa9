"""Proposing and deciding breakthroughs in the Debian Chromium, with axe on every page visited."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from breakthroughs.constants import Status
from breakthroughs.models import Breakthrough
from core.models import Role
from tests.breakthroughs.factories import BudgetPotFactory
from tests.browser import assert_accessible, login
from tests.casework.factories import HouseholdFactory, InvolvedOrganisationFactory
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case(organisation):
    household = HouseholdFactory(team=organisation.team, display_name="Bakker")
    InvolvedOrganisationFactory(household=household, yearly_cost=Decimal("6400.00"))
    pot = BudgetPotFactory(
        municipality=organisation.municipality,
        team=organisation.team,
        name="Maatwerkbudget Noord",
        amount=Decimal("10000.00"),
        team_lead_limit=Decimal("2500.00"),
    )
    return household, pot


def switch_user(page: Page, live_server_url: str, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server_url, username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")


def step_form(page: Page, step: str):
    return page.locator(f"form[data-step='{step}']")


def test_professional_proposes_and_team_lead_approves(page: Page, live_server, organisation, case):
    household, pot = case
    switch_user(page, live_server.url, organisation.users[Role.PROFESSIONAL].username)
    page.goto(f"{live_server.url}/doorbraken/nieuw/{household.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Doorbraak voorstellen")
    expect(page.get_by_label("Kosten van doormodderen per jaar (euro)")).to_have_value("6400.00")
    assert_accessible(page)

    page.get_by_label("Wat is er nodig, in de woorden van het huishouden").fill(
        "Een veilige plek voor de kinderen."
    )
    page.get_by_label("Welk probleem blokkeert de oplossing").fill(
        "De huurachterstand blokkeert de toewijzing van een woning."
    )
    page.get_by_label("Huisvesting").check()
    page.get_by_label("De niet-gangbare stap").fill("Huurachterstand aflossen uit het budget.")
    page.get_by_label("Categorie").select_option("schulden")
    page.get_by_label("Juridische route").select_option("budget")
    page.get_by_label("Bedrag in euro (per keer of per maand)").fill("1200")
    page.get_by_label("Verwachte vermeden kosten (euro)").fill("8000")
    page.get_by_role("button", name="Indienen bij de teamleider").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Doorbraak")
    expect(page.locator("[data-status]").first).to_have_text("Ingediend")
    assert_accessible(page)
    breakthrough = Breakthrough.objects.get()

    switch_user(page, live_server.url, organisation.users[Role.TEAM_LEAD].username)
    page.get_by_role("link", name="Beoordelen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beoordelen")
    assert_accessible(page)
    page.get_by_role("link", name=f"Doorbraak {breakthrough.pk}").click()
    expect(page.locator("[data-figure='pot-remaining']")).to_have_text("€ 10.000,00")
    assert_accessible(page)
    approve = step_form(page, "approve")
    approve.get_by_label("Motivering").fill("Binnen mandaat en budget; voorkomt ontruiming.")
    approve.get_by_role("button", name="Goedkeuren").click()

    expect(page.get_by_role("status")).to_contain_text("Goedkeuren")
    expect(page.locator("[data-figure='pot-remaining']")).to_have_text("€ 8.800,00")
    expect(page.locator("h1 [data-status]")).to_have_text("Goedgekeurd")
    assert_accessible(page)

    page.get_by_role("link", name="Budgetten").click()
    expect(page.locator(f"tr[data-pot='{pot.pk}'] [data-figure='remaining']")).to_have_text(
        "€ 8.800,00"
    )
    assert_accessible(page)
    page.goto(f"{live_server.url}/doorbraken/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dashboard doorbraken")
    assert_accessible(page)


def test_above_mandate_is_escalated_and_the_board_approves(
    make_submitted, page: Page, live_server, organisation, case
):
    household, pot = case
    breakthrough = make_submitted(organisation, household, pot, amount=Decimal("4000.00"))

    switch_user(page, live_server.url, organisation.users[Role.TEAM_LEAD].username)
    page.goto(f"{live_server.url}/doorbraken/beoordelen/")
    expect(page.locator("[data-flag='above-mandate']")).to_have_text("boven mandaat")
    assert_accessible(page)
    page.get_by_role("link", name=f"Doorbraak {breakthrough.pk}").click()
    # Approving above the mandate is refused with the service's message.
    approve = step_form(page, "approve")
    approve.get_by_label("Motivering").fill("Akkoord.")
    approve.get_by_role("button", name="Goedkeuren").click()
    expect(page.get_by_role("alert")).to_contain_text("boven uw mandaat")
    assert_accessible(page)
    escalate = step_form(page, "escalate")
    escalate.get_by_label("Motivering").fill("Boven mijn mandaat van € 2.500.")
    escalate.get_by_role("button", name="Doorzetten naar doorbraakteam").click()
    expect(page.locator("h1 [data-status]")).to_have_text("Doorgezet naar doorbraakteam")
    assert_accessible(page)

    switch_user(page, live_server.url, organisation.users[Role.BOARD_MEMBER].username)
    page.get_by_role("link", name="Beoordelen", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name=f"Doorbraak {breakthrough.pk}").click()
    assert_accessible(page)
    approve = step_form(page, "approve")
    approve.get_by_label("Motivering").fill("Voorkomt een uithuisplaatsing; ruim binnen budget.")
    approve.get_by_role("button", name="Goedkeuren").click()
    expect(page.locator("h1 [data-status]")).to_have_text("Goedgekeurd")
    expect(page.locator("[data-figure='pot-remaining']")).to_have_text("€ 6.000,00")
    expect(page.locator(".history")).to_contain_text(re.compile("Voorkomt een uithuisplaatsing"))
    assert_accessible(page)
    breakthrough.refresh_from_db()
    assert breakthrough.status == Status.APPROVED
