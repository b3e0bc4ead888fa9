"""The regulations pages in the Debian Chromium, with axe (WCAG 2.1 A/AA) on every page visited."""

from __future__ import annotations

import re

from django.core.management import call_command

import pytest
from playwright.sync_api import Page, expect

from tests.browser import assert_accessible, login
from tests.conftest import PASSWORD
from tests.core.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(transactional_db):
    call_command("load_regulations", verbosity=0)


def test_professional_sees_regulations_and_uses_werken_loont(
    complete_household, page: Page, live_server, organisation, catalogue
):
    household = complete_household(organisation.team)
    user = organisation.users["professional"]
    login(page, live_server.url, user.username, PASSWORD)

    page.goto(f"{live_server.url}/huishoudens/{household.pk}/")
    section = page.locator("section#regelingen")
    expect(section.get_by_role("heading", name="Per regeling")).to_be_visible(timeout=15000)
    card = section.locator("[data-scheme='kinderbijslag']")
    expect(card.get_by_text("Recht", exact=True)).to_be_visible()
    expect(card.get_by_text("Niet-gebruik")).to_be_visible()
    assert_accessible(page)

    # The card is folded to its summary line; open it, then the explanation: rule text and the
    # article as a link to wetten.overheid.nl.
    expect(card.locator("details ol a").first).to_be_hidden()
    card.locator("summary.regeling__summary").click()
    card.locator(".regeling__uitleg summary").click()
    law_link = card.locator("details ol a").first
    expect(law_link).to_be_visible()
    expect(law_link).to_have_attribute("href", re.compile(r"^https://wetten\.overheid\.nl/"))
    assert_accessible(page)

    # Werken loont? (folded on the case page)
    section.locator("summary", has_text="Werken loont?").click()
    section.get_by_label("Tot hoeveel euro bruto per maand extra?").fill("1500")
    section.get_by_label("In stappen van (euro bruto per maand)").fill("250")
    section.get_by_role("button", name="Bereken").click()
    result = section.locator("#werken-loont-resultaat")
    expect(result.locator("table")).to_be_visible(timeout=15000)
    expect(result.locator("tbody tr")).to_have_count(7)
    expect(result.locator("svg[role='img']")).to_be_visible()
    assert_accessible(page)

    # "Opnieuw toetsen" swaps the section in place.
    section.get_by_role("button", name="Opnieuw toetsen").click()
    expect(section.get_by_text("De toets is opnieuw uitgevoerd.")).to_be_visible(timeout=15000)
    assert_accessible(page)

    # The team's proactive-grant list through the main navigation.
    page.get_by_role("link", name="Proactief toekennen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proactief toekennen")
    # Kinderbijslag is the SVB's: the team helps apply and records it; no "Toegekend" button.
    row = page.locator("tr", has_text="Kinderbijslag").first
    expect(row).to_be_visible()
    expect(row).to_contain_text("Aanvraag helpen indienen bij de SVB")
    expect(row.get_by_role("button", name="Toegekend")).to_have_count(0)
    assert_accessible(page)
    row.get_by_role("button", name="Aanvraag ingediend").click()
    expect(
        page.get_by_text("Vastgelegd dat de aanvraag is ingediend; van de lijst gehaald.")
    ).to_be_visible()
    assert_accessible(page)


def test_functional_admin_starts_a_rescreen(
    complete_household, page: Page, live_server, organisation, catalogue, celery_worker
):
    for _index in range(3):
        complete_household(organisation.team)
    user = organisation.users["functional_admin"]
    login(page, live_server.url, user.username, PASSWORD)

    page.get_by_role("link", name="Regelingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regelingen en parameters")
    assert_accessible(page)

    page.get_by_role("link", name="Herberekenen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Alle open huishoudens opnieuw toetsen"
    )
    assert_accessible(page)
    page.get_by_label("Aanleiding").fill("Normen 2027")
    page.get_by_role("button", name="Herberekening starten").click()
    expect(page.get_by_text("De herberekening van 3 open huishoudens is gestart.")).to_be_visible()
    # htmx polls the progress until the worker is done.
    expect(page.get_by_test_id("rescreen-progress")).to_contain_text(
        "3 van 3 huishoudens (100%)", timeout=30000
    )
    expect(page.get_by_test_id("rescreen-progress")).to_contain_text("Klaar")
    assert_accessible(page)


PACK = """parameters:
  - key: test.browser_norm
    unit: EUR/maand
    values:
      - {valid_from: 2030-01-01, value: "1500.00", grade: A, source_url: "https://www.rijksoverheid.nl/normen"}
"""


def test_functional_admins_import_a_pack_with_four_eyes(
    page: Page, live_server, organisation, catalogue, tmp_path, grant_national_parameters
):
    second = UserFactory(username="beheer2", password=PASSWORD)
    MembershipFactory(
        user=second, municipality=organisation.municipality, team=None, role="functional_admin"
    )
    grant_national_parameters(second)  # the pack's values are national
    path = tmp_path / "normen-2030.yaml"
    path.write_text(PACK, encoding="utf-8")
    login(page, live_server.url, organisation.users["functional_admin"].username, PASSWORD)

    page.get_by_role("link", name="Regelingen").click()
    expect(page.get_by_test_id("currency-summary")).to_contain_text("verlopen zonder opvolger")
    assert_accessible(page)
    page.get_by_label("Parameterpakket (YAML)").set_input_files(str(path))
    page.get_by_role("button", name="Controleren").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Parameterpakket normen-2030.yaml")
    expect(page.get_by_test_id("pack-counts")).to_contain_text("1 nieuwe waarden")
    expect(page.get_by_test_id("four-eyes")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, live_server.url, second.username, PASSWORD)
    page.goto(f"{live_server.url}/regelingen/catalogus/")
    page.get_by_role("link", name="normen-2030.yaml").click()
    page.get_by_role("button", name="Goedkeuren en toepassen").click()
    expect(page.get_by_text("Het pakket is toegepast")).to_be_visible()
    assert_accessible(page)
