"""The audit IP address cannot be forged with an X-Forwarded-For header.

Without trusted proxies (AUDIT_TRUSTED_PROXY_HOPS = 0, the default) the header is ignored and
REMOTE_ADDR is recorded. With N trusted proxies the N-th entry from the right is recorded: the
address the outermost of our proxies saw; entries to its left were written by the client.
"""

from __future__ import annotations

from django.test import RequestFactory, override_settings
from django.urls import reverse

import pytest

from core.audit import client_ip
from core.models import AuditLog
from tests.casework.factories import HouseholdFactory

pytestmark = pytest.mark.django_db

FORGED = "6.6.6.6"


@pytest.fixture
def household(organisation):
    return HouseholdFactory(team=organisation.team)


def _read_case(client, professional, household, **headers) -> str | None:
    client.force_login(professional)
    response = client.get(reverse("casework:detail", args=[household.pk]), **headers)
    assert response.status_code == 200
    return AuditLog.objects.filter(action="household.read").latest("id").ip_address


def test_without_trusted_proxies_the_forwarded_header_is_ignored(client, professional, household):
    ip = _read_case(
        client, professional, household, HTTP_X_FORWARDED_FOR=FORGED, REMOTE_ADDR="10.0.0.7"
    )
    assert ip == "10.0.0.7"


@override_settings(AUDIT_TRUSTED_PROXY_HOPS=0)
def test_zero_hops_is_remote_addr(client, professional, household):
    assert _read_case(client, professional, household, HTTP_X_FORWARDED_FOR=FORGED) == "127.0.0.1"


@override_settings(AUDIT_TRUSTED_PROXY_HOPS=1)
def test_one_proxy_records_the_address_it_saw_not_the_forged_one(client, professional, household):
    # The client sent "X-Forwarded-For: 6.6.6.6"; our proxy appended the address it saw.
    ip = _read_case(
        client,
        professional,
        household,
        HTTP_X_FORWARDED_FOR=f"{FORGED}, 203.0.113.9",
        REMOTE_ADDR="10.0.0.2",
    )
    assert ip == "203.0.113.9"


@override_settings(AUDIT_TRUSTED_PROXY_HOPS=2)
def test_two_proxies_count_from_the_right(client, professional, household):
    # client -> outer proxy (appends the client) -> inner proxy (appends the outer) -> app
    ip = _read_case(
        client,
        professional,
        household,
        HTTP_X_FORWARDED_FOR=f"{FORGED}, 198.51.100.4, 10.0.0.1",
        REMOTE_ADDR="10.0.0.2",
    )
    assert ip == "198.51.100.4"


@override_settings(AUDIT_TRUSTED_PROXY_HOPS=1)
def test_api_requests_are_recorded_the_same_way(api_client_for, professional, household):
    api = api_client_for(professional)
    response = api.get(
        f"/api/v1/households/{household.pk}/",
        HTTP_X_FORWARDED_FOR=f"{FORGED}, 203.0.113.9",
        REMOTE_ADDR="10.0.0.2",
    )
    assert response.status_code == 200
    assert AuditLog.objects.filter(action="household.read").latest("id").ip_address == (
        "203.0.113.9"
    )


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (1, "", "10.0.0.2"),  # no header: the proxy was bypassed, REMOTE_ADDR is the client
        (2, "203.0.113.9", "10.0.0.2"),  # fewer entries than proxies
        (1, "203.0.113.9, not-an-ip", "10.0.0.2"),  # garbage never reaches the inet column
        (1, " 2001:db8::1 ", "2001:db8::1"),
        (3, "1.1.1.1, 2.2.2.2, 3.3.3.3, 4.4.4.4", "2.2.2.2"),
    ],
)
def test_client_ip_with_trusted_hops(settings, hops, forwarded, expected):
    settings.AUDIT_TRUSTED_PROXY_HOPS = hops
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == expected
