"""Every kind of page, as the first demo role that reaches it, in the Debian Chromium: the theme's
fonts and components, no sideways scrolling at 390 px, and axe (WCAG 2.2 AA) at 0 violations."""

from __future__ import annotations

import os

from django.core.management import call_command

import pytest
from playwright.sync_api import Page

from core.crawl import crawl_demo_roles, page_kind
from core.demo import DEMO_PASSWORD
from tests.browser import (
    DESKTOP,
    MOBILE,
    assert_accessible,
    assert_finished_look,
    assert_no_horizontal_scroll,
    login,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    quiet = open(os.devnull, "w")  # noqa: SIM115
    call_command("load_regulations", stdout=quiet)
    call_command("seed_demo", households=6, stdout=quiet)
    call_command("seed_breakthroughs", stdout=quiet)


def _check(page: Page, failures: list[str]) -> None:
    page.set_viewport_size(DESKTOP)
    for check in (assert_finished_look, assert_accessible):
        try:
            check(page)
        except AssertionError as error:
            failures.append(f"{page.url}: {error}")
    page.set_viewport_size(MOBILE)
    try:
        assert_no_horizontal_scroll(page)
    except AssertionError as error:
        failures.append(str(error))


def test_every_page_in_the_theme_on_desktop_and_mobile(page: Page, live_server, demo):
    failures: list[str] = []
    page.goto(f"{live_server.url}/inloggen/")
    _check(page, failures)

    crawl = crawl_demo_roles(per_kind=1)
    assert crawl.ok, "\n".join(map(str, crawl.findings))
    # Each kind of page once, as the first role that reaches it.
    first: dict[str, tuple[str, str]] = {}
    for username, urls in crawl.pages.items():
        for url in urls:
            first.setdefault(page_kind(url), (username, url))
    by_user: dict[str, list[str]] = {}
    for username, url in first.values():
        by_user.setdefault(username, []).append(url)
    assert sum(map(len, by_user.values())) >= 40, by_user

    for username, urls in by_user.items():
        page.context.clear_cookies()
        page.set_viewport_size(DESKTOP)
        login(page, live_server.url, username, DEMO_PASSWORD)
        for url in urls:
            page.goto(f"{live_server.url}{url}")
            page.wait_for_load_state("networkidle")
            _check(page, failures)
    assert not failures, "\n".join(failures)
