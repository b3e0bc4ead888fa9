"""The retention pages in the Debian Chromium: the proposer proposes, the list waits for a
second functional admin; WCAG 2.2 AA (axe) on the overview and the list."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import Page, expect

from casework.constants import HouseholdStatus
from core.models import Role
from retention.models import DestructionList, ListStatus
from retention.services import destruction_list_draft, years_before
from tests.browser import (
    MOBILE,
    assert_accessible,
    assert_finished_look,
    assert_no_horizontal_scroll,
    login,
)
from tests.casework.factories import HouseholdFactory
from tests.conftest import PASSWORD
from tests.core.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_functional_admin_proposes_a_list_and_may_not_approve_it(
    page: Page, live_server, organisation
):
    HouseholdFactory(
        team=organisation.team,
        status=HouseholdStatus.CLOSED,
        closed_on=years_before(timezone.localdate(), 10) - timedelta(days=3),
    )
    destruction_list = destruction_list_draft(
        municipality=organisation.municipality, today=timezone.localdate()
    )
    login(page, live_server.url, "functional_admin", PASSWORD)
    page.get_by_role("link", name="Vernietiging").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vernietiging na bewaartermijn")
    expect(page.get_by_role("table").first).to_contain_text("Afgesloten huishoudensdossier")
    assert_accessible(page)
    page.get_by_role("link", name=str(destruction_list)).click()
    expect(page.get_by_text("1 afgesloten dossier")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Lijst voorstellen").click()
    expect(page.get_by_role("status")).to_contain_text("een tweede beheerder beslist")
    expect(page.get_by_text("vier ogen", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Goedkeuren en uitvoeren")).to_have_count(0)
    assert_accessible(page)
    destruction_list.refresh_from_db()
    assert destruction_list.status == ListStatus.PROPOSED
    assert DestructionList.objects.count() == 1

    # The second functional admin sees the decision forms, in the theme, also on a phone.
    second = UserFactory(username="beheerder_twee", password=PASSWORD)
    MembershipFactory(
        user=second,
        municipality=organisation.municipality,
        role=Role.FUNCTIONAL_ADMIN,
        team=None,
    )
    page.context.clear_cookies()
    login(page, live_server.url, "beheerder_twee", PASSWORD)
    page.set_viewport_size(MOBILE)
    page.goto(f"{live_server.url}/vernietiging/{destruction_list.pk}/")
    expect(page.get_by_role("button", name="Goedkeuren en uitvoeren")).to_be_visible()
    expect(page.get_by_label("Reden van afwijzing")).to_be_visible()
    assert_accessible(page)
    assert_finished_look(page)
    assert_no_horizontal_scroll(page)


def test_functional_admin_records_a_term_decision_on_the_terms_page(
    page: Page, live_server, organisation
):
    login(page, live_server.url, "functional_admin", PASSWORD)
    page.goto(f"{live_server.url}/vernietiging/")
    page.get_by_role("link", name="Bewaartermijnen van").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bewaartermijnen van")
    expect(page.get_by_text("Nog geen besluit").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Bewaartermijn in jaren").fill("101")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Vermeld het besluit")
    expect(page.get_by_role("alert")).to_contain_text("tussen 1 en 100 jaar")
    assert_accessible(page)
    page.get_by_label("Bewaartermijn in jaren").fill("15")
    page.get_by_role("textbox", name="Besluit").fill("Collegebesluit 12-11-2026, nr. 2026/1234")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Het besluit is vastgelegd")
    expect(page.get_by_test_id("term-household_dossier")).to_contain_text("2026/1234")
    assert_accessible(page)
    page.set_viewport_size(MOBILE)
    assert_finished_look(page)
    assert_no_horizontal_scroll(page)
