"""The policy officer's what-if journey in the Debian Chromium, with axe on every page: define a
reform in the browser, run it over the open caseload on a real worker (progress by htmx), attach
it to a signal as the costed proposal and see it in the quarter's signal report."""

from __future__ import annotations

import re

from django.core.management import call_command

import pytest
from playwright.sync_api import Page, expect

from core.models import Role
from signals.constants import SignalStatus
from signals.services import signal_move
from tests.browser import (
    DESKTOP,
    MOBILE,
    assert_accessible,
    assert_finished_look,
    assert_no_horizontal_scroll,
    login,
)
from tests.conftest import PASSWORD
from tests.signals.factories import approved_breakthroughs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(transactional_db):
    call_command("load_regulations", verbosity=0)


def test_define_run_attach_and_report_a_reform(
    page: Page, live_server, organisation, catalogue, celery_worker, singles_without_income
):
    municipality = organisation.municipality
    singles_without_income(organisation.team, 12)
    approved_breakthroughs(municipality, organisation.team, n=12)
    officer = organisation.users[Role.POLICY_OFFICER]
    from signals.services import signal_create

    signal = signal_create(
        actor=officer,
        municipality=municipality,
        data={
            "title": "Bijstandsnorm te laag voor vaste lasten",
            "regulation_code": "bijstand",
            "article": "art. 21",
            "body": "Rijk",
            "knelpunt_type": "samenloop",
            "theme": "schulden",
            "description": "De norm dekt de vaste lasten niet; gezinnen lopen schulden op.",
            "route": "vng",
        },
    )
    signal_move(actor=officer, signal=signal, to_status=SignalStatus.REVIEWED)
    login(page, live_server.url, officer.username, PASSWORD)

    # Define the reform.
    page.get_by_role("link", name="Hervormingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hervormingen doorrekenen")
    assert_accessible(page)
    page.get_by_role("link", name="Nieuwe hervorming").click()
    assert_accessible(page)
    _looks_finished_on_desktop_and_mobile(page)
    page.get_by_label("Naam").fill("Normen bijstand +10%")
    page.get_by_label("Geldig vanaf").fill("2026-07-01")
    page.get_by_label("Wijziging 1: parameter").select_option("bijstand.norm.*")
    page.get_by_label("Wijziging 1: factor of waarde").fill("1,1O")  # a typo first
    page.get_by_role("button", name="Hervorming vastleggen").click()
    expect(page.locator("#id_override_1_amount_error")).to_contain_text("geen geldig getal")
    assert_accessible(page)
    page.get_by_label("Wijziging 1: factor of waarde").fill("1,10")
    page.get_by_role("button", name="Hervorming vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Normen bijstand +10%")
    expect(page.get_by_test_id("reform-changes")).to_contain_text("vermenigvuldigd met 1.10")
    assert_accessible(page)

    # Run it: the real worker computes, htmx shows the progress and then the figures. The 12
    # households of the breakthroughs are open too; only the 12 singles gain.
    page.get_by_role("button", name="Doorrekenen over de open huishoudens").click()
    expect(page.get_by_test_id("simulation-total")).to_contain_text("€ 20.440,80", timeout=60000)
    expect(page.get_by_test_id("simulation-progress")).to_contain_text("24 van 24 huishoudens")
    expect(
        page.get_by_role("img", name=re.compile("^Huishoudens naar verandering"))
    ).to_be_visible()
    expect(page.get_by_test_id("simulation-winners")).to_contain_text("12")
    assert_accessible(page)
    _looks_finished_on_desktop_and_mobile(page)

    # Attach it to the signal as the costed proposal.
    page.goto(f"{live_server.url}/signalen/{signal.public_id}/")
    page.get_by_label("Doorrekening als voorgestelde oplossing").select_option(
        label="Normen bijstand +10% (01-07-2026)"
    )
    page.get_by_role("button", name="Kostenraming opslaan").click()
    expect(page.get_by_test_id("signal-proposal")).to_contain_text("€ 20.440,80")
    assert_accessible(page)

    # The quarter's report carries it (version 2).
    page.goto(f"{live_server.url}/signalen/rapportages/")
    page.get_by_role("button", name="Opstellen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2026Q3")
    proposals = page.get_by_test_id("report-costed-proposals")
    expect(proposals).to_contain_text("Normen bijstand +10%")
    expect(proposals).to_contain_text("€ 20.440,80")
    assert_accessible(page)


def _looks_finished_on_desktop_and_mobile(page: Page) -> None:
    assert_finished_look(page)
    page.set_viewport_size(MOBILE)
    assert_no_horizontal_scroll(page)
    page.set_viewport_size(DESKTOP)
