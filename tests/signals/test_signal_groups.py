"""The groups on the signal workspace count each breakthrough once, however many signals it is in."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

import pytest

from breakthroughs.constants import KnelpuntType, Theme
from core.models import Role
from signals.models import Signal
from signals.selectors import grouped_breakthroughs, signal_figures
from signals.services import signal_link
from tests.signals.factories import approved_breakthroughs

pytestmark = pytest.mark.django_db


def _groups(page) -> dict[str, dict]:
    return {f"{g['regulation_code']} {g['article']}": g for g in page.context["groups"]}


def test_a_breakthrough_in_two_signals_is_counted_once(client, organisation, make_signal):
    officer = organisation.users[Role.POLICY_OFFICER]
    linked = approved_breakthroughs(organisation.municipality, organisation.team, n=3)
    approved_breakthroughs(
        organisation.municipality, organisation.team, n=2, regulation="huurtoeslag",
        article="art. 7", knelpunt=KnelpuntType.CLIFF, theme=Theme.HOUSING,
    )  # fmt: skip
    first = make_signal(organisation, officer)
    second = make_signal(organisation, officer, title="Tweede signaal over dezelfde regel")
    signal_link(actor=officer, signal=first, breakthrough_ids=[linked[0].pk])
    signal_link(actor=officer, signal=second, breakthrough_ids=[linked[0].pk, linked[1].pk])

    client.force_login(officer)
    groups = _groups(client.get(reverse("signals:workspace")))
    bijstand = groups["bijstand art. 35"]
    assert bijstand["breakthroughs"] == 3
    assert bijstand["households"] == 3
    assert bijstand["amount"] == Decimal("2550.00")  # 3 x 850, each once
    assert bijstand["avoided"] == Decimal("12000.00")  # 3 x 4000
    assert bijstand["linked"] == 2  # two signals
    assert not bijstand["suggested"]
    huur = groups["huurtoeslag art. 7"]
    assert (huur["breakthroughs"], huur["amount"], huur["linked"]) == (2, Decimal("1700.00"), 0)
    assert huur["suggested"]
    # The service gives the same figures, and the groups stay ordered by size.
    service = grouped_breakthroughs(municipality=organisation.municipality)
    assert [(g["breakthroughs"], g["linked"]) for g in service] == [(3, 2), (2, 0)]

    # The figures per signal count their own links only.
    figures = {
        s.title: (s.n_breakthroughs, s.bridging_cost)
        for s in signal_figures(Signal.objects.filter(municipality=organisation.municipality))
    }
    assert figures == {
        first.title: (1, Decimal("850.00")),
        second.title: (2, Decimal("1700.00")),
    }
