"""Property test on the database: for random caseloads, revision 1 and a changed revision 2 of a
signal report never publish a small count, never let a suppressed value be recomputed (within a
report or by differencing the two revisions) and never contain an identifier.

The checker below is written independently of `signals.reporting.disclosure`: it only reads
the published JSON, as a reader would.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import transaction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breakthroughs.constants import Theme
from signals.constants import SignalStatus
from signals.models import Signal
from signals.periods import parse_period
from signals.services import report_approve, report_generate, signal_create, signal_move
from tests.signals.disclosure_checks import (
    KNELPUNTEN,
    PERIOD,
    REGULATIONS,
    World,
    check_all,
    check_between_revisions,
    check_within_report,
    spec,
)

group = st.fixed_dictionaries(
    {
        "theme": st.sampled_from(Theme.values),
        "regulation": st.sampled_from(REGULATIONS),
        "knelpunt": st.sampled_from(KNELPUNTEN),
        "n": st.integers(min_value=1, max_value=14),
        "share_households": st.booleans(),  # two breakthroughs per household
        "board": st.booleans(),  # decided by the board instead of the team
        "day": st.integers(min_value=0, max_value=80),
    }
)
caseload = st.lists(group, min_size=1, max_size=4)


# --- the property --------------------------------------------------------------------------


def _two_revisions(first, change, with_signal, *, group_differencing: bool) -> None:
    with transaction.atomic():
        world = World()
        ids = world.add(first, family=0)
        if with_signal:
            signal = signal_create(
                actor=world.officer,
                municipality=world.municipality,
                data={
                    "title": "Samenloop",
                    "regulation_code": "bijstand",
                    "body": "Gemeente",
                    "knelpunt_type": "samenloop",
                    "theme": "schulden",
                    "description": "De regel sluit een noodzakelijke uitgave uit.",
                    "route": "vng",
                },
                breakthrough_ids=ids[: max(1, len(ids) // 2)],
            )
            signal_move(actor=world.officer, signal=signal, to_status=SignalStatus.REVIEWED)
            Signal.objects.filter(pk=signal.pk).update(created_at=datetime(2026, 7, 1, tzinfo=UTC))
        period = parse_period(PERIOD)
        report1, _ = report_generate(municipality=world.municipality, period=period)
        report1 = report_approve(actor=world.officer, report=report1)
        check_all(report1.content, world)

        world.add(change, family=5)
        report2, created = report_generate(
            municipality=world.municipality, period=period, revise=True
        )
        assert created and report2.revision == 2
        check_all(report2.content, world)
        check_between_revisions(
            report1.content, report2.content, group_differencing=group_differencing
        )
        transaction.set_rollback(True)


SETTINGS = {
    "max_examples": 15,
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}


@pytest.mark.django_db
@settings(**SETTINGS)
@given(first=caseload, change=caseload, with_signal=st.booleans())
def test_reports_never_disclose_small_counts_or_identifiers(first, change, with_signal):
    _two_revisions(first, change, with_signal, group_differencing=False)


@pytest.mark.django_db
@settings(**SETTINGS)
@given(first=caseload, change=caseload, with_signal=st.booleans())
def test_suppressed_groups_cannot_be_differenced_across_revisions(first, change, with_signal):
    _two_revisions(first, change, with_signal, group_differencing=True)


def test_the_checker_catches_a_recomputable_cell():
    """The checker itself: a single suppressed theme next to a published total is caught."""
    report = {
        "totals": {"breakthroughs": 25, "households": 25},
        "by_theme": [
            {"theme": "schulden", "breakthroughs": 20, "households": 20, "amount_eur": "1.00"},
            {"theme": "wonen", "breakthroughs": None, "households": None, "amount_eur": None},
        ],
        "by_regulation": [],
        "by_knelpunt_type": [],
        "escalation": {"decided_in_team": 25, "escalated_to_board": 0},
    }
    with pytest.raises(AssertionError, match="unpublished rows sum 5"):
        check_within_report({**report, "by_regulation": [], "by_knelpunt_type": []})


@pytest.mark.django_db
def test_the_suppressed_group_cannot_be_differenced_between_revisions():
    """Revision 1: debts 12, housing 3 (primary) and care 11 (complementary). The correction adds
    10 debts and 1 care: the total moves by 11 and debts by 10 (both "safe" on their own), but
    a reader then knows that housing + care grew by exactly 1."""
    world = World()
    world.add([spec("schulden", 12), spec("wonen", 3), spec("zorg", 11)], family=0)
    period = parse_period(PERIOD)
    report1, _ = report_generate(municipality=world.municipality, period=period)
    report1 = report_approve(actor=world.officer, report=report1)
    world.add([spec("schulden", 10), spec("zorg", 1)], family=5)
    report2, _ = report_generate(municipality=world.municipality, period=period, revise=True)
    # Published: total 26 -> 37 and debts 12 -> 22, so housing + care went from 14 to 15.
    check_all(report2.content, world)
    check_between_revisions(report1.content, report2.content)
