"""The hub's receiving endpoint is rate limited (scope "hub"); too many requests get a 429 as
problem details."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

import pytest

from hub.models import MunicipalityToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiny_rate():
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "hub": "2/minute"}
    cache.clear()
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ):
        yield
    cache.clear()


def test_the_hub_rate_comes_from_the_settings():
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["hub"] == "120/minute"


def test_too_many_reports_get_429_problem_details(client, tiny_rate):
    _record, token = MunicipalityToken.issue(cbs_code="GM0101", name="Aadorp")
    url = reverse("hub:hub-receive-report")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_IDEMPOTENCY_KEY": "x"}
    for _ in range(2):
        response = client.post(url, "{}", content_type="application/json", **headers)
        assert response.status_code == 400  # not a valid report, but not throttled
    throttled = client.post(url, "{}", content_type="application/json", **headers)
    assert throttled.status_code == 429
    assert throttled["Content-Type"] == "application/problem+json"
    assert int(throttled["Retry-After"]) > 0
    body = throttled.json()
    assert body["status"] == 429
    assert body["code"] == "throttled"
    assert body["title"] == "Te veel verzoeken."
    assert body["type"] == "https://doorbraak.nl/problemen/throttled"
    assert body["instance"] == url
    wait = int(throttled["Retry-After"])
    assert body["detail"] == f"Te veel verzoeken. Probeer het over {wait} seconden opnieuw."

    # Unauthenticated requests count too: the limit is per client address.
    assert client.post(url, "{}", content_type="application/json").status_code == 429
    # Another address has its own allowance.
    other = client.post(url, "{}", content_type="application/json", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 401
