"""In the Debian Chromium: the professional picks a suggested legal lever and the proposal carries
its route and article (issue 14)."""

from __future__ import annotations

from decimal import Decimal

from django.core.management import call_command

import pytest
from playwright.sync_api import Page, expect

from breakthroughs.models import Breakthrough
from core.models import Role
from tests.breakthroughs.factories import BudgetPotFactory
from tests.browser import assert_accessible, login
from tests.casework.factories import HouseholdFactory
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_professional_picks_a_suggested_lever_and_the_proposal_carries_its_article(
    page: Page, live_server, organisation
):
    call_command("load_regulations", verbosity=0)
    call_command("load_legal_levers", verbosity=0)
    household = HouseholdFactory(team=organisation.team, display_name="Bakker")
    BudgetPotFactory(
        municipality=organisation.municipality,
        team=organisation.team,
        amount=Decimal("10000.00"),
        team_lead_limit=Decimal("2500.00"),
    )
    login(page, live_server.url, organisation.users[Role.PROFESSIONAL].username, PASSWORD)
    page.goto(f"{live_server.url}/doorbraken/nieuw/{household.pk}/")
    suggestions = page.locator("#hefboom-suggesties")
    expect(suggestions).to_contain_text("kies eerst de knellende regeling")

    page.get_by_label("Wat is er nodig, in de woorden van het huishouden").fill(
        "Rondkomen zonder korting op de bijstand."
    )
    page.get_by_label("Welk probleem blokkeert de oplossing").fill(
        "De bijstand wordt gekort omdat een gift van familie als inkomen telt."
    )
    page.get_by_label("Knellende regeling").select_option("bijstand")
    page.get_by_label("Soort knelpunt").select_option("samenloop")
    choose = page.get_by_role("button", name="Kies deze hefboom: Giftenvrijlating")
    expect(choose).to_be_visible()
    expect(suggestions).to_contain_text("Nog geen eerdere doorbraken in deze gemeente")
    assert_accessible(page)
    choose.click()

    expect(page.get_by_label("Juridische route")).to_have_value("beleidsruimte")
    # The article's parts, as the proposal asks them.
    expect(page.locator("#id_article_number")).to_have_value("31")
    expect(page.locator("#id_article_lid")).to_have_value("2")
    expect(page.locator("#id_article_sub")).to_have_value("m")
    expect(page.locator("#id_article_law")).to_have_value("Pw")
    expect(page.locator("#hefboom-status")).to_contain_text("Gekozen: Giftenvrijlating")

    page.get_by_label("Huisvesting").check()
    page.get_by_label("De niet-gangbare stap").fill("De gift vrijlaten en de korting herstellen.")
    page.get_by_label("Categorie").select_option("inkomensgat")
    page.get_by_label("Bedrag in euro (per keer of per maand)").fill("300")
    page.get_by_label("Verwachte vermeden kosten (euro)").fill("1000")
    page.get_by_role("button", name="Indienen bij de teamleider").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Doorbraak")
    breakthrough = Breakthrough.objects.get()
    assert breakthrough.article == "art. 31 lid 2 onderdeel m Pw"
    assert breakthrough.legal_route == "beleidsruimte"
    assert breakthrough.regulation_code == "bijstand"
