"""The case page does not move while its plugged sections (Regelingen, Financieel vangnet,
Doorbraken) load: Cumulative Layout Shift in the Debian Chromium, on a full dossier, at desktop
width and on a phone. CASE_PAGE_CLS=1 prints the figures and each section's placeholder height
against its loaded height."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect

from core.models import Role
from tests.browser import DESKTOP, MOBILE, assert_accessible, login, wait_for_htmx
from tests.casework.test_browser_case_page import full_dossier
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Core Web Vitals: a CLS below 0.1 is "good".
GOOD_CLS = 0.1

# Where a reader lands on the case page: at the top; on Regelingen (the summary's links); on the
# ZRM and the timeline below the plugged sections (back from a new measurement or a note).
ENTRIES = ("", "#regelingen", "#financieel-vangnet", "#zrm", "#tijdlijn")

# Every layout shift since the page started (buffered), without those right after input.
_CLS = """() => new Promise((resolve) => {
  let cls = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) cls += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  // The buffered entries arrive in the observer's first callback, within a frame or two.
  setTimeout(() => resolve(cls), 300);
})"""

_PLUGGED_HEIGHTS = """() => Object.fromEntries([...document.querySelectorAll('.plugged-content')]
  .map((el) => [el.parentElement.id, Math.round(el.getBoundingClientRect().height)]))"""


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "phone"])
def test_case_page_does_not_move_while_its_sections_load(
    page: Page, live_server, organisation, complete_household, viewport
):
    household = full_dossier(organisation, complete_household)
    user = organisation.users[Role.PROFESSIONAL]
    login(page, live_server.url, user.username, PASSWORD)
    page.set_viewport_size(viewport)
    url = f"{live_server.url}/huishoudens/{household.pk}/"
    # A first visit puts the fonts and stylesheets in the cache (as for a reader who worked on the
    # case before), so the figures below are the sections' shifts, not a font swap.
    page.goto(url)
    wait_for_htmx(page)
    verbose = bool(os.environ.get("CASE_PAGE_CLS"))
    if verbose:
        # The placeholders as the page draws them, before htmx replaces them.
        page.route("**/vendor/htmx/**", lambda route: route.abort())
        page.goto(url)
        before = page.evaluate(_PLUGGED_HEIGHTS)
        page.unroute("**/vendor/htmx/**")
        page.goto(url)
        wait_for_htmx(page)
        print(
            f"\n{viewport['width']} px, placeholder -> loaded:",
            before,
            page.evaluate(_PLUGGED_HEIGHTS),
        )

    shifts = {}
    for entry in ENTRIES:
        # A new document each time: the same URL with another fragment would only scroll.
        page.goto(f"{live_server.url}/huishoudens/")
        page.goto(url + entry)
        wait_for_htmx(page)
        shifts[entry or "top"] = round(page.evaluate(_CLS), 4)
    if verbose:
        print(f"{viewport['width']} px, CLS:", shifts)
    assert all(cls < GOOD_CLS for cls in shifts.values()), shifts


def test_the_room_kept_for_the_sections_is_for_the_eye_only(
    page: Page, live_server, organisation, complete_household
):
    household = full_dossier(organisation, complete_household)
    user = organisation.users[Role.PROFESSIONAL]
    login(page, live_server.url, user.username, PASSWORD)
    # The page as it is before the sections arrive (or without JavaScript): the links to the
    # sections, the placeholders hidden from screen readers and out of the tab order.
    page.route("**/vendor/htmx/**", lambda route: route.abort())
    page.goto(f"{live_server.url}/huishoudens/{household.pk}/")
    for key in ("regelingen", "financieel-vangnet", "doorbraken"):
        section = page.locator(f"section#{key}")
        expect(section.locator(".plugged-placeholder")).to_have_attribute("aria-hidden", "true")
        expect(section.get_by_role("link", name="bekijken")).to_be_visible()
    assert_accessible(page)


def test_a_section_that_fails_to_load_says_so_and_loads_on_retry(
    page: Page, live_server, organisation, complete_household
):
    household = full_dossier(organisation, complete_household)
    user = organisation.users[Role.PROFESSIONAL]
    login(page, live_server.url, user.username, PASSWORD)
    section_url = f"**/regelingen/huishouden/{household.pk}/"
    page.route(section_url, lambda route: route.fulfill(status=500, body="fout"))
    page.goto(f"{live_server.url}/huishoudens/{household.pk}/")
    wait_for_htmx(page)
    section = page.locator("section#regelingen")
    # No grey bars left standing for a section that will not come: the message, the retry
    # button and the link to the section instead.
    expect(section.get_by_text("Dit onderdeel kon niet worden geladen.")).to_be_visible()
    expect(section.locator(".plugged-placeholder")).to_have_count(0)
    expect(section.get_by_role("link", name="Regelingen bekijken")).to_be_visible()
    # The other sections loaded as usual and show no message.
    expect(page.locator("section#doorbraken [data-load-error]")).to_have_count(0)
    assert_accessible(page)

    page.unroute(section_url)
    section.get_by_role("button", name="Opnieuw laden").click()
    wait_for_htmx(page)
    expect(section.get_by_text("Per regeling")).to_be_visible()
    expect(section.get_by_text("Dit onderdeel kon niet worden geladen.")).to_have_count(0)
