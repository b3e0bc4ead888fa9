"""The signal pages and the hub's national page print money the one Dutch way (€ 1.234,56, NBSP
after the sign), like every other page (tests/core/test_money_format.py). The report's JSON and CSV
files are data for machines: they keep plain decimals and stay byte-identical."""

from __future__ import annotations

import re

from django.urls import reverse

import pytest

from hub.models import MunicipalityToken
from hub.services import receive
from signals.periods import parse_period
from signals.reporting.builder import canonical_json
from signals.services import report_approve, report_generate
from tests.signals.factories import approved_breakthroughs

pytestmark = pytest.mark.django_db

EURO_SIGN = re.compile(r"€(.{0,24})")
DUTCH_AFTER_SIGN = re.compile(r"\xa0-?\d{1,3}(?:\.\d{3})*(?:,\d{2})?(?!\d)")
FOREIGN = re.compile(r"(€\s?\d+\.\d{2}\b|€\s?\d{1,3}(?:,\d{3})+\.\d{2}|(?<![A-Za-z0-9])EUR\s?\d)")


def assert_dutch_money(html: str, page: str) -> None:
    signs = list(EURO_SIGN.finditer(html))
    assert signs, f"{page}: no amount"
    for match in signs:
        assert DUTCH_AFTER_SIGN.match(match.group(1)), (page, "€" + match.group(1))
    assert not FOREIGN.search(html), (page, FOREIGN.search(html))


@pytest.fixture
def report(organisation, officer):
    # Twelve approved doorbraken of € 850: € 10.200,00 bridging cost in the quarter.
    approved_breakthroughs(organisation.municipality, organisation.team, n=12)
    report, _created = report_generate(
        municipality=organisation.municipality, period=parse_period("2026Q3")
    )
    return report


def test_workspace_and_report_pages_print_dutch_money(officer_client, report):
    workspace = officer_client.get(reverse("signals:workspace")).content.decode()
    assert_dutch_money(workspace, "workspace")
    detail = officer_client.get(reverse("signals:report-detail", args=[report.report_id]))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert_dutch_money(html, "report detail")
    assert "€\xa010.200,00" in html


def test_the_hub_page_prints_dutch_money(client, organisation, officer, report):
    report = report_approve(actor=officer, report=report)
    municipality = organisation.municipality
    token, _secret = MunicipalityToken.issue(cbs_code=municipality.cbs_code, name=municipality.name)
    receipt = receive(
        token=token, idempotency_key=str(report.report_id), body=canonical_json(report.content)
    )
    assert receipt.status == 201
    html = client.get(reverse("hub:national")).content.decode()
    assert_dutch_money(html, "hub national")
