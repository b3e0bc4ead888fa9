"""Logging in through the real page in the Debian Chromium, with axe on every page visited."""

import pytest
from playwright.sync_api import Page, expect

from core.models import Role
from tests.browser import assert_accessible, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED_HEADING = {
    Role.PROFESSIONAL: "Professional",
    Role.TEAM_LEAD: "Teamleider",
    Role.BOARD_MEMBER: "Lid doorbraakteam",
    Role.POLICY_OFFICER: "Beleidsmedewerker",
    Role.FUNCTIONAL_ADMIN: "Functioneel beheerder",
    Role.AUDITOR: "Auditor / privacyfunctionaris",
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_logs_in_and_sees_its_dashboard(page: Page, live_server, organisation, role):
    user = organisation.users[role]
    login(page, live_server.url, user.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")
    card = page.locator(f"[data-role='{role.value}']")
    expect(card.get_by_role("heading", level=2)).to_have_text(EXPECTED_HEADING[role])
    # Every other role's card is absent: the dashboard is for this user only.
    assert page.locator("section[data-role]").count() == 1
    assert_accessible(page)
    if role == Role.AUDITOR:
        page.get_by_role("link", name="Auditlog").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Auditlog")
        assert_accessible(page)


def test_wrong_password_shows_a_dutch_error(page: Page, live_server, organisation):
    login(page, live_server.url, "professional", "fout-wachtwoord")
    expect(page.get_by_role("alert")).to_contain_text("Voer een juiste gebruikersnaam")
    assert_accessible(page)


def test_eleventh_failure_locks_the_account(page: Page, live_server, organisation):
    for _attempt in range(10):
        login(page, live_server.url, "team_lead", "fout-wachtwoord")
        expect(page.get_by_role("alert")).to_contain_text("Voer een juiste gebruikersnaam")
    login(page, live_server.url, "team_lead", "fout-wachtwoord")
    expect(page.get_by_role("heading", level=1)).to_have_text("Account tijdelijk geblokkeerd")
    assert_accessible(page)
    # Locked means locked: the right password no longer gets in.
    login(page, live_server.url, "team_lead", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Account tijdelijk geblokkeerd")
