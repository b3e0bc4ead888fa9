"""In the Debian Chromium: a policy officer curates a signal from a suggested group, generates,
approves and sends the quarter's report, a real worker delivers it to the hub, and the hub's
national view shows it. Axe (WCAG 2.1 A/AA) on every page.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from core.models import Role
from hub.models import MunicipalityToken, ReceivedReport
from signals.constants import ReportStatus
from signals.models import Signal, SignalReport
from tests.browser import assert_accessible, login
from tests.conftest import PASSWORD
from tests.signals.factories import FAMILY, approved_breakthroughs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_curate_report_send_and_see_it_nationally(
    page: Page, live_server, organisation, settings, celery_worker
):
    municipality = organisation.municipality
    approved_breakthroughs(municipality, organisation.team, n=12)
    approved_breakthroughs(
        municipality, organisation.team, n=3, regulation="huurtoeslag", article="art. 7"
    )
    _record, token = MunicipalityToken.issue(cbs_code=municipality.cbs_code, name=municipality.name)
    settings.SIGNAL_RECEIVER_URL = f"{live_server.url}/hub/api/reports/"
    settings.SIGNAL_RECEIVER_TOKENS = {municipality.cbs_code: token}

    officer = organisation.users[Role.POLICY_OFFICER]
    login(page, live_server.url, officer.username, PASSWORD)

    # The workspace: pseudonymised, with the suggested groups.
    page.goto(f"{live_server.url}/signalen/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Signalen van")
    assert FAMILY not in page.content()
    page.get_by_text("Doorbraken in Algemene bijstand (Participatiewet)").click()  # open <details>
    expect(page.get_by_role("rowheader", name="D-0001")).to_be_visible()
    assert_accessible(page)
    page.get_by_role(
        "link", name=re.compile(r"Maak signaal van deze groep: Algemene bijstand")
    ).click()

    # Create the signal; first with a BSN in the text, which is refused on the field.
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw signaal")
    expect(page.get_by_label("Regeling (code)")).to_have_value("bijstand")
    page.get_by_label("Verantwoordelijke instantie").fill("Gemeente")
    page.get_by_label("Neutrale omschrijving").fill("Gezin met BSN 111222333 kreeg niets.")
    page.get_by_label("Route").select_option("vng")
    page.get_by_role("button", name="Signaal aanmaken").click()
    # The error is at the field (and linked from the summary above the form).
    expect(
        page.locator("#id_description_error").get_by_text("lijkt persoonsgegevens te bevatten")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Neutrale omschrijving").fill(
        "Samenloop van bijstand en toeslagen sluit noodzakelijke kosten uit."
    )
    page.get_by_label("Voorgestelde oplossing").fill("Een hardheidsclausule in de wet.")
    page.get_by_role("button", name="Signaal aanmaken").click()

    # The signal with live counts; move it to reviewed.
    expect(page.get_by_role("status")).to_contain_text("12 gekoppelde doorbraken")
    expect(page.locator("dl.figures")).to_contain_text("€ 10.200,00")
    assert_accessible(page)
    page.get_by_label("Nieuwe status").select_option("reviewed")
    page.get_by_label("Toelichting").fill("Beoordeeld in het beleidsoverleg.")
    page.get_by_role("button", name="Status wijzigen").click()
    expect(page.get_by_role("table", name="Statuswijzigingen (alleen-toevoegen)")).to_contain_text(
        "Beoordeeld in het beleidsoverleg."
    )
    assert Signal.objects.get().links.count() == 12
    assert_accessible(page)

    # Generate the quarter's report.
    page.goto(f"{live_server.url}/signalen/rapportages/")
    expect(page.get_by_label("Periode")).to_have_value("2026Q3")
    assert_accessible(page)
    page.get_by_role("button", name="Opstellen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2026Q3")
    expect(page.get_by_role("img", name=re.compile("^Doorbraken per thema"))).to_be_visible()
    expect(page.locator(".cell-suppressed").first).to_be_visible()
    assert_accessible(page)

    # Approve and send: the real worker delivers it to the hub on the live server.
    page.get_by_role("button", name="Goedkeuren").click()
    expect(page.get_by_role("status")).to_contain_text("goedgekeurd")
    assert_accessible(page)
    page.get_by_role("button", name="Versturen naar de VNG").click()
    expect(page.get_by_role("status")).to_contain_text("wordt verstuurd")
    report = SignalReport.objects.get()
    for _ in range(60):
        report.refresh_from_db()
        if report.status == ReportStatus.SENT:
            break
        page.wait_for_timeout(500)
    assert report.status == ReportStatus.SENT
    page.reload()
    attempts = page.get_by_role("table", name="Pogingen om de rapportage af te leveren bij de VNG")
    expect(attempts).to_contain_text("201")
    expect(attempts).to_contain_text("afgeleverd")
    assert_accessible(page)
    assert ReceivedReport.objects.get().report_id == report.report_id

    # The hub's national view shows it.
    page.goto(f"{live_server.url}/hub/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Landelijk beeld")
    expect(
        page.get_by_role("table", name="Aantal gemeenten met een rapportage per periode")
    ).to_contain_text("2026Q3")
    trend = page.get_by_role("table", name="Doorbraken per thema per periode")
    expect(trend).to_contain_text("Schulden")
    expect(
        page.get_by_role("img", name=re.compile("Doorbraken per thema per periode"))
    ).to_be_visible()
    assert municipality.name not in page.locator("main").inner_text()
    assert_accessible(page)
