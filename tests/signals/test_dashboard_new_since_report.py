"""The policy officer's home page: what is new since the last signal report (signals created,
doorbraken decided, and knelpunten no signal covers yet)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from signals.models import Signal
from tests.signals.factories import (
    SignalFactory,
    SignalLinkFactory,
    SignalReportFactory,
    approved_breakthroughs,
)

pytestmark = pytest.mark.django_db


def _home(client) -> str:
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def cutoff(organisation):
    """A report whose period closed ten days ago and that was made five days ago."""
    period_end = timezone.localdate() - timedelta(days=10)
    SignalReportFactory(
        municipality=organisation.municipality,
        period_start=period_end - timedelta(days=90),
        period_end=period_end,
        period_label="2026Q3",
        generated_at=timezone.now() - timedelta(days=5),
    )
    return timezone.make_aware(datetime.combine(period_end + timedelta(days=1), time.min))


def test_counts_what_came_after_the_period_end_of_the_last_report(
    officer_client, organisation, cutoff
):
    at_cutoff = SignalFactory(municipality=organisation.municipality, title="Precies op de grens")
    before = SignalFactory(municipality=organisation.municipality, title="Van voor het rapport")
    Signal.objects.filter(pk=at_cutoff.pk).update(created_at=cutoff)
    Signal.objects.filter(pk=before.pk).update(created_at=cutoff - timedelta(microseconds=1))
    approved_breakthroughs(
        organisation.municipality, organisation.team, n=1, decided_at=cutoff - timedelta(hours=1)
    )
    new = approved_breakthroughs(
        organisation.municipality,
        organisation.team,
        n=3,
        decided_at=cutoff,
        regulation="bijstand",
        article="art. 35 lid 1 Participatiewet",
    )
    # One of the new ones is already covered by a signal: it is no open knelpunt.
    SignalLinkFactory(
        signal=SignalFactory(municipality=organisation.municipality, title="Al gedekt"),
        breakthrough=new[0],
    )
    content = _home(officer_client)
    assert "Nieuw sinds het laatste rapport" in content
    assert "Het laatste rapport gaat over 2026Q3" in content
    assert "Precies op de grens" in content and "Al gedekt" in content
    assert "Van voor het rapport" not in content
    assert "<dt>Nieuwe signalen</dt><dd>2</dd>" in content
    assert "3 doorbraken, samen" in content  # the one decided before the cutoff is old
    assert "art. 35 Participatiewet: 2 nieuwe doorbraken" in content  # lid 1 groups with art. 35


def test_a_report_made_before_its_period_closed_stops_at_its_creation(officer_client, organisation):
    made = timezone.now() - timedelta(days=2)
    SignalReportFactory(
        municipality=organisation.municipality,
        period_end=timezone.localdate() + timedelta(days=20),
        generated_at=made,
    )
    approved_breakthroughs(organisation.municipality, organisation.team, n=1, decided_at=made)
    approved_breakthroughs(
        organisation.municipality,
        organisation.team,
        n=1,
        decided_at=made - timedelta(microseconds=1),
    )
    assert "1 doorbraak, samen" in _home(officer_client)


def test_without_a_report_everything_is_new_and_other_municipalities_stay_out(
    officer_client, organisation, other_municipality
):
    municipality, team, _officer = other_municipality
    SignalFactory(municipality=organisation.municipality, title="Eigen signaal")
    SignalFactory(municipality=municipality, title="Signaal van Andersdorp")
    approved_breakthroughs(municipality, team, n=2)
    content = _home(officer_client)
    assert "nog geen rapport gemaakt" in content
    assert "Eigen signaal" in content
    assert "Signaal van Andersdorp" not in content
    assert "0 doorbraken, samen" in content
    assert "Elke nieuwe doorbraak valt al onder een signaal." in content


def test_the_panel_is_only_for_policy_officers(client, organisation):
    client.force_login(organisation.users["professional"])
    assert "Nieuw sinds het laatste rapport" not in _home(client)


def test_the_panel_queries_do_not_grow_with_the_news(officer_client, organisation, cutoff):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            _home(officer_client)
        return len(queries)

    approved_breakthroughs(organisation.municipality, organisation.team, n=1, decided_at=cutoff)
    SignalFactory(municipality=organisation.municipality)
    few = count()
    approved_breakthroughs(
        organisation.municipality, organisation.team, n=6, decided_at=cutoff, article="art. 36"
    )
    SignalFactory.create_batch(7, municipality=organisation.municipality)
    assert count() == few
