"""The financial safety net in the Debian Chromium: fixed costs, a Wgs request, the case section."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from casework.models import FixedCost, WgsRequest
from tests.browser import assert_accessible, login
from tests.casework.factories import HouseholdFactory, IncomeFactory
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_professional_records_fixed_costs_and_a_wgs_request_and_sees_the_safety_net(
    page: Page, live_server, organisation
):
    household = HouseholdFactory(team=organisation.team)
    IncomeFactory(
        member=household.members.get(), kind="participatiewet", net_amount=Decimal("1000.00")
    )
    login(page, live_server.url, "professional", PASSWORD)
    page.goto(f"{live_server.url}/huishoudens/{household.pk}/")
    section = page.locator("#financieel-vangnet")
    # The section is pulled in by htmx from the regulations app.
    expect(section.get_by_test_id("bvv-amount")).to_have_text("€\u00a0950,00")
    expect(section.get_by_test_id("reference-note")).to_contain_text("gemeentelijke instelling")
    assert_accessible(page)

    section.get_by_role("link", name="Vaste last toevoegen").click()
    page.get_by_label("Soort").select_option("rent")
    page.get_by_label("Bedrag per maand").fill("-700")
    page.get_by_role("button", name="Opslaan").click()
    # A field-level Dutch error, and nothing saved.
    expect(page.locator("#id_monthly_error")).to_be_visible()
    assert not FixedCost.objects.exists()
    assert_accessible(page)
    page.get_by_label("Bedrag per maand").fill("700,00")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De vaste last is opgeslagen.")).to_be_visible()
    assert FixedCost.objects.get().monthly == Decimal("700.00")

    page.goto(f"{live_server.url}/huishoudens/{household.pk}/schuldhulp/nieuw/")
    page.get_by_label("Datum hulpvraag").fill("2026-04-24")
    page.get_by_label("Dreiging").select_option("eviction")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De hulpvraag is opgeslagen.")).to_be_visible()
    request = WgsRequest.objects.get()
    assert request.due_on.isoformat() == "2026-04-30"  # Koningsdag skipped

    page.goto(f"{live_server.url}/regelingen/huishouden/{household.pk}/financieel-vangnet/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Financieel vangnet")
    expect(page.get_by_test_id("fixed-costs")).to_contain_text("€\u00a0700,00")
    expect(page.get_by_test_id("balance")).to_have_text("€\u00a0300,00")
    expect(page.get_by_test_id("leefgeld")).to_have_text("€\u00a069,23")  # 300 x 12 / 52
    expect(page.get_by_test_id("wgs-deadlines")).to_contain_text("30 april 2026")
    expect(page.get_by_test_id("wgs-deadlines")).to_contain_text("Termijn verstreken")
    assert_accessible(page)
