"""Shared fixtures: an organisation with one user per role, clients, and the real browser."""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

import pytest
from rest_framework.test import APIClient

from casework.constants import Relation
from core.models import ApiToken, Role
from tests.casework.factories import (
    BenefitReceivedFactory,
    HouseholdFactory,
    HousingFactory,
    IncomeFactory,
    MemberFactory,
)
from tests.core.factories import MembershipFactory, MunicipalityFactory, TeamFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the live server's database access
# is in other threads, so Django's async-safety guard would only get in the way here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "geheim-wachtwoord-123"


@dataclass
class Organisation:
    municipality: object
    team: object
    other_team: object
    users: dict[str, object]  # role -> user (team roles in `team`)
    other_team_users: dict[str, object]  # team roles in `other_team`


@pytest.fixture
def organisation(db) -> Organisation:
    municipality = MunicipalityFactory()
    team = TeamFactory(municipality=municipality, name="Wijkteam Noord")
    other_team = TeamFactory(municipality=municipality, name="Wijkteam Zuid")
    users, other_users = {}, {}
    for role in Role:
        user = UserFactory(username=f"{role.value}", password=PASSWORD)
        is_team_role = role in (Role.PROFESSIONAL, Role.TEAM_LEAD)
        MembershipFactory(
            user=user,
            municipality=municipality,
            team=team if is_team_role else None,
            role=role,
        )
        users[role.value] = user
        if is_team_role:
            other = UserFactory(username=f"{role.value}_zuid", password=PASSWORD)
            MembershipFactory(user=other, municipality=municipality, team=other_team, role=role)
            other_users[role.value] = other
    return Organisation(municipality, team, other_team, users, other_users)


@pytest.fixture
def professional(organisation):
    return organisation.users[Role.PROFESSIONAL]


@pytest.fixture
def team_lead(organisation):
    return organisation.users[Role.TEAM_LEAD]


@pytest.fixture
def auditor(organisation):
    return organisation.users[Role.AUDITOR]


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def api_client_for():
    """An API client authenticated with a real token for `user`."""

    def make(user) -> APIClient:
        client = APIClient()
        token, key = ApiToken.create_for(user=user, name="test", days=1)
        # As if used a moment ago: the first call then writes no last_used_at, so query counts
        # measure the endpoint, not the token.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # The Debian Chromium, never a downloaded browser; flags keep it off the (closed) network.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (in a thread) consuming from the real Redis broker.

    The queue is purged first: tasks queued by earlier tests (re-screens after commits) must not
    run against this test's data.
    """
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


@pytest.fixture(autouse=True)
def _fresh_lever_catalogue():
    """The suggestions keep the lever catalogue and the hub's feeds per process for a minute;
    each test starts from its own database."""
    from breakthroughs.selectors import clear_catalogue_cache

    clear_catalogue_cache()
    yield
    clear_catalogue_cache()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Throttle counters live in the cache; one test's requests must not count for the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _complete_household(team, *, benefits=(), children=1, wages=Decimal("1800.00")):
    """A single parent with low wages in social rent: entitled to several toeslagen today."""
    household = HouseholdFactory(team=team)
    applicant = household.members.get()
    applicant.assessed_income_yearly = wages * 12
    applicant.save()
    IncomeFactory(member=applicant, gross_amount=wages, net_amount=(wages * Decimal("0.84")))
    for _index in range(children):
        MemberFactory(household=household, relation=Relation.CHILD)
    HousingFactory(household=household)
    for code in benefits:
        BenefitReceivedFactory(household=household, scheme_code=code)
    return household


@pytest.fixture
def complete_household():
    """`complete_household(team, benefits=..., children=..., wages=...)`: see `_complete_household`."""
    return _complete_household


@pytest.fixture
def mfa_verified_login():
    """`mfa_verified_login(client, user)`: force_login plus a passed second step, for tests that
    run with MFA_REQUIRED on. The session holds a confirmed device, as django_otp.login leaves it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def login(client, user) -> None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        client.force_login(user)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()

    return login
