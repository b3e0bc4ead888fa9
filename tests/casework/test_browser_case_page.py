"""The case page in the Debian Chromium: the summary at the top, the sticky in-page navigation to
Regelingen and Doorbraken, and the page length of a full dossier (measured in px)."""

from __future__ import annotations

import os
from datetime import date, timedelta
from decimal import Decimal

from django.core.management import call_command

import pytest
from playwright.sync_api import Page, expect

from casework.constants import CreditorKind, Relation, ZrmDomain
from casework.services import assessment_create, journal_add
from core.models import Role
from regulations.models import Screening
from regulations.services import screening_run_and_store
from tests.breakthroughs.factories import BreakthroughFactory
from tests.browser import assert_accessible, login, wait_for_htmx
from tests.casework.factories import (
    ZRM_REASONS,
    AssetFactory,
    DebtFactory,
    IncomeFactory,
    InvolvedOrganisationFactory,
    MemberFactory,
    PlanGoalFactory,
)
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# This dossier measured 7,874 px at 1280x900 before the summary and the folded tables; the page
# must be at most half of that (3,885 px with the folded scheme cards and safety net). CASE_PAGE_HEIGHT=1 prints the measured height.
HEIGHT_BEFORE = 7874


def full_dossier(organisation, complete_household):
    """A household as a wijkteam sees them: four members, debts, ZRM, plan, helpers, a journal."""
    call_command("load_regulations", verbosity=0)
    household = complete_household(organisation.team, children=2)
    user = organisation.users[Role.PROFESSIONAL]
    partner = MemberFactory(household=household, relation=Relation.PARTNER)
    IncomeFactory(member=partner, kind="other", net_amount=Decimal("310.00"))
    for kind, months in (
        (CreditorKind.ENERGY, 3),
        (CreditorKind.LANDLORD, 0),
        (CreditorKind.HEALTH_INSURER, 2),
        (CreditorKind.BNPL, 1),
        (CreditorKind.CJIB, 0),
        (CreditorKind.TELECOM, 4),
    ):
        DebtFactory(household=household, creditor_kind=kind, arrears_months=months)
    AssetFactory(household=household)
    for day in (date(2026, 1, 10), date(2026, 6, 10)):
        assessment_create(
            actor=user,
            household=household,
            assessed_on=day,
            scores={d.value: (1 if d == ZrmDomain.FINANCES else 3) for d in ZrmDomain},
            reasons=ZRM_REASONS,
        )
    for index in range(4):
        PlanGoalFactory(
            household=household,
            description=f"Doel {index + 1}",
            target_date=date.today() + timedelta(days=30 * (index + 1)),
        )
    InvolvedOrganisationFactory.create_batch(5, household=household)
    for index in range(10):
        journal_add(
            actor=user,
            household=household,
            kind="note",
            text=f"Gesprek {index + 1} met het huishouden over de schulden en de woning.",
            occurred_on=date(2026, 1, 1) + timedelta(days=index * 7),
        )
    screening_run_and_store(household_id=household.pk, trigger=Screening.Trigger.MANUAL, actor=user)
    BreakthroughFactory(household=household, proposer=user)
    return household


def _height(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_case_page_says_what_matters_at_the_top_and_is_half_as_long(
    page: Page, live_server, organisation, complete_household
):
    household = full_dossier(organisation, complete_household)
    user = organisation.users[Role.PROFESSIONAL]
    login(page, live_server.url, user.username, PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/huishoudens/{household.pk}/")
    # Both plugged sections have loaded before measuring.
    expect(
        page.locator("section#regelingen").get_by_role("heading", name="Per regeling")
    ).to_be_visible(timeout=15000)
    expect(page.locator("section#doorbraken table, section#doorbraken ul").first).to_be_visible(
        timeout=15000
    )
    expect(page.locator("section#financieel-vangnet").get_by_test_id("safety-net")).to_be_visible(
        timeout=15000
    )
    # Measure the settled page: every htmx load (the plugged sections, the sociaal minimum)
    # answered and swapped in.
    wait_for_htmx(page)
    height = _height(page)
    if os.environ.get("CASE_PAGE_HEIGHT"):
        print(f"case page height: {height} px")
        page.screenshot(path=os.environ["CASE_PAGE_HEIGHT"], full_page=True)
        for section in page.locator("main section[id], main > * > section, main > section").all():
            box = section.bounding_box()
            print(section.get_attribute("id"), box and (round(box["y"]), round(box["height"])))
    assert height <= HEIGHT_BEFORE / 2

    summary = page.locator("#in-een-oogopslag")
    expect(summary).to_be_in_viewport()
    expect(summary.get_by_text("Dreigende afsluiting van energie")).to_be_visible()
    expect(summary.get_by_text("Dreigende beëindiging van de zorgverzekering")).to_be_visible()
    expect(summary.get_by_text("Financiën (1)")).to_be_visible()
    expect(summary.get_by_text("Doel 1")).to_be_visible()
    expect(summary.get_by_text("Kinderbijslag")).to_be_visible()
    # Schemes without an amount stay named, on one line.
    expect(summary.get_by_text("Ook recht, bedrag onbekend:")).to_be_visible()
    # A folded scheme card still shows its outcome and amount on the summary line.
    card = page.locator("section#regelingen [data-scheme='kinderbijslag']")
    expect(card.locator("summary.regeling__summary")).to_contain_text("Niet-gebruik")
    expect(card.locator("summary.regeling__summary")).to_contain_text("per maand")
    expect(card.get_by_test_id("route")).to_be_hidden()
    assert_accessible(page)

    # Regelingen is one click away from anywhere on the page: the navigation stays in view.
    page.mouse.wheel(0, 2500)
    nav = page.get_by_role("navigation", name="Onderdelen van het dossier")
    expect(nav).to_be_in_viewport()
    nav.get_by_role("link", name="Regelingen").click()
    expect(page.locator("section#regelingen h2")).to_be_in_viewport()
    nav.get_by_role("link", name="Doorbraken").click()
    expect(page.locator("section#doorbraken h2")).to_be_in_viewport()
