"""Fixtures of the signal tests: the policy officer, a second municipality, and a signal maker."""

from __future__ import annotations

import pytest

from breakthroughs.constants import KnelpuntType, Theme
from core.models import Role
from signals.constants import SignalRoute
from signals.services import signal_create
from tests.core.factories import MembershipFactory, MunicipalityFactory, TeamFactory, UserFactory


@pytest.fixture
def officer(organisation):
    return organisation.users[Role.POLICY_OFFICER]


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def other_municipality():
    municipality = MunicipalityFactory(cbs_code="GM0999", name="Andersdorp")
    team = TeamFactory(municipality=municipality)
    officer = UserFactory(username="beleid_anders")
    MembershipFactory(user=officer, municipality=municipality, team=None, role=Role.POLICY_OFFICER)
    return municipality, team, officer


@pytest.fixture
def make_signal():
    """make_signal(organisation, officer, **fields): a signal created through the service."""

    def make(organisation, officer, **extra):
        data = {
            "title": "Samenloop bijstand en toeslagen",
            "regulation_code": "bijstand",
            "article": "art. 35",
            "body": "Gemeente",
            "knelpunt_type": KnelpuntType.CONCURRENCE,
            "theme": Theme.DEBTS,
            "description": "De regel sluit een noodzakelijke tegemoetkoming uit.",
            "route": SignalRoute.VNG,
            **extra,
        }
        return signal_create(actor=officer, municipality=organisation.municipality, data=data)

    return make
