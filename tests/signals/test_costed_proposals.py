"""Costed proposals: a finished simulation attached to a signal, carried by the signal report as
version 2 (suppressed below ten households), accepted by the hub next to version 1 and shown
nationally."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from breakthroughs.constants import Status, Theme
from hub.models import MunicipalityToken
from regulations.models import Simulation
from signals.constants import SignalStatus
from signals.periods import parse_period
from signals.reporting.builder import SCHEMA_ID, SCHEMA_ID_V2, validate_report
from signals.services import report_approve, report_generate, signal_move
from tests.breakthroughs.factories import BreakthroughFactory, BudgetPotFactory
from tests.casework.factories import HouseholdFactory
from tests.regulations.factories import ReformFactory, SimulationFactory

Q3 = "2026Q3"
DECIDED = datetime(2026, 8, 12, 10, 0, tzinfo=UTC)


def _figures(*, cost: str, changed: int, helped: int) -> dict:
    """The raw figures a finished simulation stores (regulations.simulation.aggregate)."""
    return {
        "households": 40,
        "cost_yearly": {"total": cost, "households_changed": changed, "by_scheme": []},
        "winners": {"households": helped, "gain_yearly": cost},
        "losers": {"households": 0, "loss_yearly": "0.00"},
        "distribution": [],
        "crossings": [],
        "unknown_position": 0,
    }


def _done_simulation(municipality, *, name="Normen bijstand +10%", **figures) -> Simulation:
    reform = ReformFactory(municipality=municipality, name=name)
    return SimulationFactory(
        municipality=municipality,
        reform=reform,
        status=Simulation.Status.DONE,
        total=40,
        done=40,
        figures=_figures(**figures),
        results={
            "cost_yearly": {"total": figures["cost"]},
            "winners": {"households": figures["helped"]},
        },
    )


def _breakthroughs(organisation, n: int) -> None:
    pot = BudgetPotFactory(
        municipality=organisation.municipality, team=organisation.team, amount=Decimal("900000")
    )
    for _ in range(n):
        BreakthroughFactory(
            household=HouseholdFactory(team=organisation.team),
            budget_pot=pot,
            status=Status.APPROVED,
            theme=Theme.DEBTS,
            regulation_code="bijstand",
            submitted_at=DECIDED - timedelta(days=3),
            decided_at=DECIDED,
            amount=Decimal("850.00"),
        )


@pytest.fixture
def reviewed_signal(organisation, officer, make_signal):
    _breakthroughs(organisation, 12)
    signal = make_signal(organisation, officer)
    signal_move(actor=officer, signal=signal, to_status=SignalStatus.REVIEWED)
    return signal


def _attach(officer_client, signal, simulation):
    return officer_client.post(
        f"/signalen/{signal.public_id}/kostenraming/",
        {"simulation": str(simulation.public_id) if simulation else ""},
    )


def test_a_finished_simulation_is_attached_on_the_signal_page(
    officer_client, reviewed_signal, organisation
):
    simulation = _done_simulation(organisation.municipality, cost="20440.80", changed=12, helped=12)
    response = _attach(officer_client, reviewed_signal, simulation)
    assert response.status_code == 302
    reviewed_signal.refresh_from_db()
    assert reviewed_signal.proposed_simulation == simulation
    page = officer_client.get(f"/signalen/{reviewed_signal.public_id}/").content.decode()
    assert "Normen bijstand +10%" in page
    assert "€\u00a020.440,80" in page


def test_a_running_or_foreign_simulation_cannot_be_attached(
    officer_client, reviewed_signal, organisation, other_municipality
):
    running = SimulationFactory(municipality=organisation.municipality, total=3)
    foreign = _done_simulation(other_municipality[0], cost="1.00", changed=10, helped=10)
    for simulation in (running, foreign):
        response = _attach(officer_client, reviewed_signal, simulation)
        assert response.status_code == 400
        reviewed_signal.refresh_from_db()
        assert reviewed_signal.proposed_simulation is None


@pytest.mark.parametrize(("helped", "published"), [(9, False), (10, True)])
def test_the_report_carries_the_costed_proposal_as_version_2(
    organisation, officer, officer_client, reviewed_signal, helped, published
):
    simulation = _done_simulation(
        organisation.municipality, cost="-1234.50", changed=helped, helped=helped
    )
    _attach(officer_client, reviewed_signal, simulation)
    report, _created = report_generate(
        municipality=organisation.municipality, period=parse_period(Q3)
    )
    content = report.content
    assert content["schema"] == SCHEMA_ID_V2
    assert validate_report(content) == []
    (row,) = content["costed_proposals"]
    assert row["signal_id"] == str(reviewed_signal.public_id)
    assert row["reform_name"] == "Normen bijstand +10%"
    cells = {
        (c["table"], c["row"], c["column"])
        for c in content["disclosure_control"]["suppressed_cells"]
    }
    key = str(reviewed_signal.public_id)
    if published:
        assert row["households_helped"] == 10
        assert row["cost_yearly_eur"] == "-1234.50"  # a saving
        assert ("costed_proposals", key, "households_helped") not in cells
    else:
        assert row["households_helped"] is None
        assert row["cost_yearly_eur"] is None
        assert ("costed_proposals", key, "households_helped") in cells
        assert ("costed_proposals", key, "cost_yearly_eur") in cells
    page = officer_client.get(f"/signalen/rapportages/{report.report_id}/").content.decode()
    assert "Kostenramingen van voorgestelde oplossingen" in page
    assert ("€\u00a0-1.234,50" in page) is published


def test_a_report_without_costed_proposals_stays_version_1(organisation, reviewed_signal):
    report, _created = report_generate(
        municipality=organisation.municipality, period=parse_period(Q3)
    )
    assert report.content["schema"] == SCHEMA_ID
    assert "costed_proposals" not in report.content


def _post(client, content, token):
    return client.post(
        "/hub/api/reports/",
        data=json.dumps(content),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY=content["report_id"],
    )


def test_the_hub_accepts_version_1_and_2_and_shows_costed_proposals_nationally(
    client, organisation, officer, officer_client, reviewed_signal, other_municipality, make_signal
):
    _record, token = MunicipalityToken.issue(
        cbs_code=organisation.municipality.cbs_code, name=organisation.municipality.name
    )
    # Version 1: the first quarter's report, before any proposal was attached.
    v1, _ = report_generate(municipality=organisation.municipality, period=parse_period("2026Q2"))
    v1 = report_approve(actor=officer, report=v1)
    assert v1.content["schema"] == SCHEMA_ID
    assert _post(client, v1.content, token).status_code == 201
    # Version 2: the next quarter carries the costed proposal.
    _attach(
        officer_client,
        reviewed_signal,
        _done_simulation(organisation.municipality, cost="20440.80", changed=12, helped=12),
    )
    v2, _ = report_generate(municipality=organisation.municipality, period=parse_period(Q3))
    v2 = report_approve(actor=officer, report=v2)
    assert v2.content["schema"] == SCHEMA_ID_V2
    assert _post(client, v2.content, token).status_code == 201
    page = client.get("/hub/").content.decode()
    assert "Kostenramingen: voorgestelde oplossingen per soort knelpunt" in page
    assert "€\u00a020.440,80" in page
    assert 'data-knelpunt="samenloop"' in page


def test_the_hub_refuses_a_version_2_report_below_the_threshold_or_without_its_section(
    client, organisation, officer, officer_client, reviewed_signal
):
    _record, token = MunicipalityToken.issue(
        cbs_code=organisation.municipality.cbs_code, name=organisation.municipality.name
    )
    _attach(
        officer_client,
        reviewed_signal,
        _done_simulation(organisation.municipality, cost="20440.80", changed=12, helped=12),
    )
    report, _ = report_generate(municipality=organisation.municipality, period=parse_period(Q3))
    report = report_approve(actor=officer, report=report)
    content = json.loads(json.dumps(report.content))
    content["costed_proposals"][0]["households_helped"] = 5
    response = _post(client, content, token)
    assert response.status_code == 422
    del content["costed_proposals"]
    response = _post(client, content, token)
    assert response.status_code == 400
    body = response.json()
    assert "doorbraak.signal-report/2" in body["detail"]
    assert any("costed_proposals" in p["reason"] for p in body["invalidParams"])


def test_the_hub_publishes_both_schema_versions(client, db):
    first = client.get("/hub/api/schema/signal-report-1.json")
    second = client.get("/hub/api/schema/signal-report-2.json")
    assert first.json()["properties"]["schema"] == {"const": SCHEMA_ID}
    assert second.json()["properties"]["schema"] == {"const": SCHEMA_ID_V2}
    assert "costed_proposals" in second.json()["required"]


def test_a_correction_keeps_a_suppressed_proposal_suppressed_and_hides_a_small_difference(
    organisation, officer, officer_client, reviewed_signal
):
    """R1: helped 9 in revision 1 (suppressed) stays suppressed in revision 2 at 40 households.
    R2: from 40 published to 45 in a later period, the difference of 5 is not published."""
    period = parse_period("2026Q2")
    _attach(
        officer_client,
        reviewed_signal,
        _done_simulation(organisation.municipality, cost="900.00", changed=9, helped=9),
    )
    first, _ = report_generate(municipality=organisation.municipality, period=period)
    report_approve(actor=officer, report=first)
    _attach(
        officer_client,
        reviewed_signal,
        _done_simulation(
            organisation.municipality, name="Ruimer", cost="4000.00", changed=40, helped=40
        ),
    )
    second, _ = report_generate(municipality=organisation.municipality, period=period, revise=True)
    (row,) = second.content["costed_proposals"]
    assert row["households_helped"] is None
    assert row["cost_yearly_eur"] is None
    assert validate_report(second.content) == []
    # A later period: 40 was never published, so 40 itself is; then 45 next to it is not.
    report_approve(actor=officer, report=second)
    q3, _ = report_generate(municipality=organisation.municipality, period=parse_period(Q3))
    assert q3.content["costed_proposals"][0]["households_helped"] == 40
    report_approve(actor=officer, report=q3)
    _attach(
        officer_client,
        reviewed_signal,
        _done_simulation(
            organisation.municipality, name="Nog ruimer", cost="4500.00", changed=45, helped=45
        ),
    )
    october, _ = report_generate(
        municipality=organisation.municipality, period=parse_period("2026-10")
    )
    assert october.content["costed_proposals"][0]["households_helped"] is None
