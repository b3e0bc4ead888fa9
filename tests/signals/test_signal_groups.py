"""The groups on the signal workspace count each breakthrough once, however many signals it is in."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

import pytest

from breakthroughs.constants import KnelpuntType, Theme
from core.models import Role
from signals.models import Signal
from signals.selectors import group_breakthrough_ids, grouped_breakthroughs, signal_figures
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


def test_one_article_with_and_without_lid_is_one_group(client, organisation):
    """art. 35 and art. 35 lid 1 of the Participatiewet: one group, so it is suggested."""
    municipality, team = organisation.municipality, organisation.team
    approved_breakthroughs(municipality, team, n=1, article="art. 35 Participatiewet")
    approved_breakthroughs(municipality, team, n=1, article="artikel 35 lid 1 Participatiewet")
    approved_breakthroughs(municipality, team, n=1, article="art. 36 Participatiewet")
    groups = grouped_breakthroughs(municipality=municipality)
    by_article = {g["article"]: g for g in groups}
    assert set(by_article) == {"art. 35 Participatiewet", "art. 36 Participatiewet"}
    assert by_article["art. 35 Participatiewet"]["breakthroughs"] == 2
    assert by_article["art. 35 Participatiewet"]["suggested"]
    assert not by_article["art. 36 Participatiewet"]["suggested"]

    # The workspace offers it, and creating the signal from it links both breakthroughs.
    client.force_login(organisation.users[Role.POLICY_OFFICER])
    page = client.get(reverse("signals:workspace"))
    group = _groups(page)["bijstand art. 35 Participatiewet"]
    assert len(group["rows"]) == 2
    ids = group_breakthrough_ids(
        municipality=municipality,
        group=("bijstand", "art. 35 Participatiewet", KnelpuntType.CONCURRENCE, Theme.DEBTS),
    )
    assert len(ids) == 2
