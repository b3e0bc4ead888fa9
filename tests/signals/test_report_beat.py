"""The beat task that generates the quarterly signal reports: one bad row in one municipality
must not stop the reports of all the others, and its log line holds no row text."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

import signals.tasks as signal_tasks
from breakthroughs.constants import KnelpuntType, Status, Theme
from core.models import Role
from signals.constants import SignalRoute, SignalStatus
from signals.models import Signal, SignalReport
from signals.periods import parse_period
from signals.tasks import generate_signal_reports
from tests.breakthroughs.factories import BreakthroughFactory, BudgetPotFactory
from tests.casework.factories import HouseholdFactory
from tests.core.factories import MunicipalityFactory, TeamFactory

pytestmark = pytest.mark.django_db

DECIDED = datetime(2026, 8, 12, 10, 0, tzinfo=UTC)
ROW_TEXT = "Bel mevrouw Jansen op 1234 AB 7."


@pytest.fixture(autouse=True)
def _quarter(monkeypatch):
    monkeypatch.setattr(signal_tasks, "last_closed_quarter", lambda today: parse_period("2026Q3"))


def _approved(team, *, n: int, **extra) -> None:
    pot = BudgetPotFactory(municipality=team.municipality, team=team, amount=Decimal("900000"))
    for _ in range(n):
        BreakthroughFactory(
            household=HouseholdFactory(team=team),
            budget_pot=pot,
            status=Status.APPROVED,
            submitted_at=DECIDED - timedelta(days=3),
            decided_at=DECIDED,
            **extra,
        )


def test_a_stored_free_text_article_no_longer_blocks_the_run(organisation):
    """The reviewer's case: 'art. 3|4' made build_report raise for every municipality after it."""
    _approved(organisation.team, n=11, article="art. 3|4")
    other = MunicipalityFactory(cbs_code="GM9998", name="Zzzstad")
    _approved(TeamFactory(municipality=other), n=10)

    assert generate_signal_reports() == 2
    report = SignalReport.objects.get(municipality=organisation.municipality)
    assert {row["article"] for row in report.content["by_regulation"]} == {"-"}
    assert SignalReport.objects.filter(municipality=other).exists()


def test_one_failing_municipality_does_not_stop_the_others(organisation, caplog):
    # An old reviewed signal whose text holds a postcode: the builder refuses to publish it.
    failing = MunicipalityFactory(cbs_code="GM0001", name="Aaastad")
    Signal.objects.create(
        municipality=failing,
        title="Oud signaal",
        regulation_code="bijstand",
        body="Gemeente",
        knelpunt_type=KnelpuntType.CONCURRENCE,
        theme=Theme.DEBTS,
        description=ROW_TEXT,
        route=SignalRoute.VNG,
        status=SignalStatus.REVIEWED,
        created_by=organisation.users[Role.POLICY_OFFICER],
    )
    _approved(organisation.team, n=12)
    later = MunicipalityFactory(cbs_code="GM9999", name="Zzzstad")

    with caplog.at_level(logging.ERROR, logger="signals.tasks"):
        created = generate_signal_reports()

    assert created == 2
    assert set(SignalReport.objects.values_list("municipality__cbs_code", flat=True)) == {
        organisation.municipality.cbs_code,
        later.cbs_code,
    }
    (record,) = [r for r in caplog.records if r.name == "signals.tasks"]
    assert record.levelno == logging.ERROR
    message = record.getMessage()
    assert "GM0001" in message and "ValidationError" in message  # the guard, as a field error
    assert "1234 AB" not in caplog.text and "Jansen" not in caplog.text
    assert record.exc_info is None  # no traceback: its message could quote the row

    # The next run tries the failed municipality again and leaves the others as they are.
    Signal.objects.filter(municipality=failing).update(description="De regel sluit iets uit.")
    assert generate_signal_reports() == 1
    assert SignalReport.objects.filter(municipality=failing).exists()
