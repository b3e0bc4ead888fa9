"""A typical proposal in the Debian Chromium: how many fields it needs (aim: at most 12), the
comparison updating before saving, and the legal routes explained on the page."""

from __future__ import annotations

import os
from decimal import Decimal

from django.core.management import call_command

import pytest
from playwright.sync_api import Page, expect

from breakthroughs.constants import Pillar, Status, Theme
from breakthroughs.models import Breakthrough
from core.models import Role
from regulations.models import Screening
from regulations.services import screening_run_and_store
from tests.breakthroughs.factories import BudgetPotFactory
from tests.browser import assert_accessible, login
from tests.casework.factories import AssetFactory, InvolvedOrganisationFactory
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MAX_FIELDS = 12


def test_a_typical_proposal_needs_at_most_twelve_fields(
    page: Page, live_server, organisation, complete_household
):
    call_command("load_regulations", verbosity=0)
    household = complete_household(organisation.team)
    AssetFactory(household=household)
    InvolvedOrganisationFactory(household=household, yearly_cost=Decimal("6400.00"))
    BudgetPotFactory(municipality=organisation.municipality, team=organisation.team)
    user = organisation.users[Role.PROFESSIONAL]
    screening_run_and_store(household_id=household.pk, trigger=Screening.Trigger.MANUAL, actor=user)
    login(page, live_server.url, user.username, PASSWORD)
    page.goto(f"{live_server.url}/doorbraken/nieuw/{household.pk}/")
    assert_accessible(page)

    touched = 0

    def fill(label: str, value: str) -> None:
        nonlocal touched
        page.get_by_label(label).fill(value)
        touched += 1

    def select(label: str, value: str) -> None:
        nonlocal touched
        page.get_by_label(label).select_option(value)
        touched += 1

    fill("Wat is er nodig, in de woorden van het huishouden", "Een koelkast voor de insuline.")
    fill("Welk probleem blokkeert de oplossing", "Bijzondere bijstand wordt pas na weken betaald.")
    fill("De niet-gangbare stap", "Koelkast direct kopen uit het maatwerkbudget.")
    select("Categorie", "zorg")
    select("Juridische route", "budget")
    # The legal routes are explained on the page, with their basis.
    page.get_by_text("Welke juridische route past?").click()
    expect(page.get_by_text("art. 4:84 Algemene wet bestuursrecht")).to_be_visible()

    # The comparison follows the amount before anything is saved.
    fill("Bedrag in euro (per keer of per maand)", "450")
    expect(page.locator("#vergelijking [data-figure='cost']")).to_contain_text("450,00")

    # Pre-filled schemes are opt-in: keep the one that blocks, with its reason; the others stay
    # out without a click, and their reason is not asked.
    rows = page.locator("fieldset.rule-row")
    count = rows.count()
    assert count >= 2
    expect(rows.nth(1).get_by_label("Waarom past dit niet")).to_be_hidden()
    rows.nth(0).get_by_label("Meenemen: deze regeling blokkeert de oplossing").check()
    touched += 1
    rows.nth(0).get_by_label("Waarom past dit niet").fill("Geen recht: het inkomen is te hoog.")
    touched += 1
    if os.environ.get("PROPOSAL_FIELDS"):
        print(f"fields touched for a typical proposal: {touched} ({count} pre-filled schemes)")
    assert touched <= MAX_FIELDS

    page.get_by_role("button", name="Indienen bij de teamleider").click()
    expect(page.locator("h1 [data-status]")).to_have_text("Ingediend")
    breakthrough = Breakthrough.objects.get()
    assert breakthrough.status == Status.SUBMITTED
    assert (breakthrough.theme, breakthrough.pillar) == (Theme.CARE, Pillar.HOUSING_CARE)
    assert len(breakthrough.rules_checked) == 1
