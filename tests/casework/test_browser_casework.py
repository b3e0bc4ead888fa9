"""The casework pages in the Debian Chromium: the wizard, a debt, a ZRM assessment; axe everywhere."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from casework.models import Debt, Household, Member
from tests.browser import assert_accessible, login, wait_for_htmx
from tests.casework.factories import HouseholdFactory, valid_bsn
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("CASEWORK_SCREENSHOTS", "")


def _shot(page: Page, name: str) -> None:
    """Full-page screenshots for a human look, only when CASEWORK_SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def test_professional_creates_a_household_and_records_a_debt_and_zrm(
    page: Page, live_server, organisation
):
    HouseholdFactory(team=organisation.team)  # the list is not empty
    login(page, live_server.url, "professional", PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Huishoudens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Huishoudens")
    assert_accessible(page)
    _shot(page, "01-list")

    page.get_by_role("link", name="Huishouden aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Huishouden aanmelden")
    assert_accessible(page)
    page.get_by_label("Postcode").fill("1234ab")
    page.get_by_label("Huisnummer").fill("12")
    page.get_by_label("Startdatum").fill("2025-01-15")
    row1 = page.locator("#gezinslid-1")
    row1.get_by_label("Voornaam").fill("Fatima")
    row1.get_by_label("Achternaam").fill("El Amrani")
    row1.get_by_label("Geboortedatum").fill("1986-04-02")
    row1.get_by_label("BSN").fill(valid_bsn())
    row1.get_by_label("Soort inkomen").select_option("participatiewet")
    row1.get_by_label("Netto bedrag").fill("1250,50")

    # Adding a member row is a plain submit: the input so far comes back, plus an empty row.
    page.get_by_role("button", name="Gezinslid toevoegen").click()
    row2 = page.locator("#gezinslid-2")
    expect(row2).to_be_visible()
    expect(row1.get_by_label("Voornaam")).to_have_value("Fatima")
    expect(page.get_by_label("Postcode")).to_have_value("1234ab")
    assert_accessible(page)
    row2.get_by_label("Relatie").select_option("child")
    row2.get_by_label("Voornaam").fill("Noor")
    row2.get_by_label("Achternaam").fill("El Amrani")
    row2.get_by_label("Geboortedatum").fill("2014-09-01")
    page.get_by_label("Woonsituatie").select_option("social_rent")
    page.get_by_label("Kale huur per maand").fill("640")
    _shot(page, "02-wizard")
    page.get_by_role("button", name="Huishouden opslaan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Huishouden El Amrani")
    expect(page.get_by_role("status")).to_contain_text("Het huishouden is aangemeld.")
    expect(page.locator("#overzicht")).to_contain_text("Noor El Amrani")
    expect(page.locator("#geld")).to_contain_text("€\u00a01.250,50")
    assert_accessible(page)
    household = Household.objects.get(display_name="El Amrani")
    assert household.members.count() == 2

    # A debt.
    wait_for_htmx(page)
    page.get_by_role("link", name="Schuld toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schuld toevoegen")
    assert_accessible(page)
    page.get_by_label("Soort schuldeiser").select_option("cjib")
    page.get_by_label("Openstaand bedrag").fill("-5")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.locator("#id_amount_error")).to_contain_text("minstens 0")
    assert_accessible(page)
    page.get_by_label("Openstaand bedrag").fill("845,00")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De schuld is opgeslagen.")
    expect(page.locator("#geld")).to_contain_text("CJIB")
    expect(page.locator("#geld")).to_contain_text("€\u00a0845,00")
    assert Debt.objects.filter(household=household, amount=845).exists()

    # A ZRM assessment: 13 optional radio groups, operated by keyboard-reachable labels; only
    # the domains that matter are filled, each with its reason (data minimisation).
    wait_for_htmx(page)
    page.get_by_role("link", name="Nieuwe ZRM-meting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe ZRM-meting")
    assert_accessible(page)
    _shot(page, "04-zrm-form")
    groups = page.locator("fieldset.choice-group")
    expect(groups).to_have_count(13)
    groups.nth(0).get_by_label("2 \u2013", exact=False).check()  # Financiën
    page.get_by_role("group", name="Middelengebruik").get_by_label("3 \u2013", exact=False).check()
    page.get_by_label("Reden voor Financiën").fill("Huurachterstand en een CJIB-boete.")
    page.get_by_role("button", name="Meting opslaan").click()
    # The addiction domain has no reason yet: the error sits at that field.
    expect(page.locator("#id_reason_middelengebruik_error")).to_contain_text(
        "Geef aan waarom dit domein is ingevuld."
    )
    assert_accessible(page)
    page.get_by_label("Reden voor Middelengebruik").fill("Drinkt sinds het ontslag.")
    page.get_by_role("button", name="Meting opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De ZRM-meting is opgeslagen.")
    # The chart folds away on the case page (its domains at 1-2 are in the summary at the top).
    page.locator("#zrm-scores > summary").click()
    chart = page.get_by_role("img", name="ZRM-scores per domein")
    expect(chart).to_be_visible()
    expect(page.locator("#zrm")).to_contain_text("Financiën")
    assert_accessible(page)
    _shot(page, "03-case-page")


def test_wrong_bsn_in_the_wizard_shows_the_field_error(page: Page, live_server, organisation):
    login(page, live_server.url, "professional", PASSWORD)
    page.goto(f"{live_server.url}/huishoudens/nieuw/")
    page.get_by_label("Postcode").fill("1234 AB")
    page.get_by_label("Huisnummer").fill("3")
    page.get_by_label("Startdatum").fill("2025-02-01")
    page.get_by_label("Voornaam").fill("Piet")
    page.get_by_label("Achternaam").fill("Bakker")
    page.get_by_label("Geboortedatum").fill("1970-01-01")
    page.get_by_label("BSN").fill("123456780")
    page.get_by_role("button", name="Huishouden opslaan").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Dit is geen geldig BSN")
    bsn = page.locator("#id_members-0-bsn")
    expect(bsn).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_members-0-bsn_error")).to_contain_text("Dit is geen geldig BSN")
    summary.get_by_role("link", name="BSN").click()
    expect(bsn).to_be_focused()
    assert_accessible(page)
    _shot(page, "05-wizard-errors")
    assert not Household.objects.exists()
    assert not Member.objects.exists()
