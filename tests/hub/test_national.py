"""The hub's national view and open-data export over several municipalities and revisions."""

from __future__ import annotations

import csv
import io

from django.urls import reverse

import pytest

from breakthroughs.constants import KnelpuntType, Theme
from hub.models import ReceivedReport
from hub.services import receive
from hub.views import merged_table, period_label
from signals.periods import parse_period
from signals.reporting.builder import canonical_json
from signals.services import report_approve, report_generate
from tests.signals.factories import FAMILY, approved_breakthroughs

Q3 = "2026Q3"


def _send(municipality, officer, token_record, *, revise=False):
    report, _ = report_generate(municipality=municipality, period=parse_period(Q3), revise=revise)
    report = report_approve(actor=officer, report=report)
    receipt = receive(
        token=token_record,
        idempotency_key=str(report.report_id),
        body=canonical_json(report.content),
    )
    assert receipt.status == 201
    return report


@pytest.fixture
def three_municipalities(db, sending_municipality):
    result = []
    for code, name, debts, housing in (
        ("GM0101", "Aadorp", 12, 3),
        ("GM0102", "Beestad", 20, 11),
        ("GM0103", "Ceeveen", 15, 0),
    ):
        municipality, team, officer, token = sending_municipality(code, name)
        approved_breakthroughs(municipality, team, n=debts, theme=Theme.DEBTS)
        if housing:
            approved_breakthroughs(
                municipality, team, n=housing, theme=Theme.HOUSING, regulation="huurtoeslag",
                article="art. 7", knelpunt=KnelpuntType.CLIFF,
            )  # fmt: skip
        _send(municipality, officer, token)
        result.append((municipality, team, officer, token))
    return result


def _theme(table, key):
    (row,) = [row for row in table if row["key"] == key]
    return row


def _published(theme):
    """Published (non-null) cells of `theme` in the current reports, per municipality."""
    values = {}
    for report in ReceivedReport.objects.filter(current=True):
        (row,) = [r for r in report.content["by_theme"] if r["theme"] == theme]
        values[report.cbs_code] = row["breakthroughs"]
    return values


def test_national_sums_only_count_current_revisions(three_municipalities):
    table = merged_table("theme")
    for theme in ("schulden", "wonen"):
        cells = _published(theme)
        row = _theme(table, theme)
        assert row["municipalities"] == 3
        published = [value for value in cells.values() if value is not None]
        assert row["breakthroughs"] == (sum(published) if published else None)
        assert row["suppressed"] == sum(value is None for value in cells.values())
    assert _published("wonen")["GM0101"] is None  # 3 households: suppressed at the source

    # Ceeveen corrects its report with 12 more breakthroughs; only revision 2 counts.
    before = _theme(table, "schulden")["breakthroughs"]
    municipality, team, officer, token = three_municipalities[2]
    approved_breakthroughs(municipality, team, n=12, theme=Theme.DEBTS)
    _send(municipality, officer, token, revise=True)
    assert ReceivedReport.objects.filter(cbs_code="GM0103", current=True).get().revision == 2
    assert ReceivedReport.objects.filter(cbs_code="GM0103").count() == 2
    assert _published("schulden")["GM0103"] == 27
    debts = _theme(merged_table("theme"), "schulden")
    assert debts["municipalities"] == 3
    assert debts["breakthroughs"] == before + 12


def test_national_page_is_public_and_shows_charts_and_tables(client, three_municipalities):
    response = client.get(reverse("hub:national"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 3
    assert "2026Q3" in html and "Schulden" in html
    assert "onderdrukt" in html
    debts = _theme(merged_table("theme"), "schulden")["breakthroughs"]
    assert f">{debts} (+1 onderdrukt)<" in html or f">{debts}<" in html
    for name in ("Aadorp", "Beestad", "Ceeveen", FAMILY):
        assert name not in html  # no municipality-level cells, no names


def test_national_page_without_reports(client, db):
    response = client.get(reverse("hub:national"))
    assert response.status_code == 200
    assert "nog geen rapportages" in response.content.decode()


@pytest.mark.parametrize("table", ["theme", "regulation", "knelpunt"])
def test_export_csv_has_only_national_sums(client, three_municipalities, table):
    response = client.get(reverse("hub:export") + f"?table={table}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows
    assert set(rows[0]) == {
        "period", "period_start", "period_end", "key", "label", "municipalities_reporting",
        "breakthroughs", "households", "amount_eur", "suppressed_cells",
    }  # fmt: skip
    for row in rows:
        assert row["period"] == "2026Q3"
        # Every published national count is a sum of published cells: 0 or at least 10.
        for column in ("breakthroughs", "households"):
            assert row[column] == "" or int(row[column]) == 0 or int(row[column]) >= 10
        assert int(row["municipalities_reporting"]) <= 3
    text = response.content.decode()
    for name in ("Aadorp", "Beestad", "Ceeveen", "GM0101"):
        assert name not in text


def test_export_needs_a_known_table(client, db):
    assert client.get(reverse("hub:export")).status_code == 400
    assert client.get(reverse("hub:export") + "?table=gemeente").status_code == 400


def test_period_labels():
    from datetime import date

    assert period_label(date(2026, 7, 1), date(2026, 9, 30)) == "2026Q3"
    assert period_label(date(2026, 2, 1), date(2026, 2, 28)) == "2026-02"
    assert period_label(date(2025, 1, 1), date(2025, 12, 31)) == "2025"
    assert period_label(date(2026, 2, 1), date(2026, 4, 30)) == "2026-02-01/2026-04-30"
