"""Probe findings 7, 8 and 14 (core part): rate limits, bounded input, production hardening.

Each test goes through the entry point the probe used and failed on the code before the fix.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from casework.models import Relation
from tests.casework.factories import HouseholdFactory, MemberFactory, valid_bsn
from tests.core.test_deployment import PRODUCTION_ENV

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def member(organisation):
    household = HouseholdFactory(team=organisation.team)
    return MemberFactory(household=household, relation=Relation.PARTNER, bsn=valid_bsn())


# --- F7: rate limits --------------------------------------------------------------------------


def test_reveal_bsn_is_throttled_at_its_own_rate(api_client_for, professional, member, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "reveal-bsn": "3/hour",
        },
    }
    client = api_client_for(professional)
    url = f"/api/v1/households/{member.household_id}/members/{member.pk}/reveal-bsn/"
    assert [client.post(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.post(url)
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("application/problem+json")
    assert int(refused["Retry-After"]) > 0
    # Other reads of the same user go on: the stricter scope is for reveal-bsn only.
    assert client.get(f"/api/v1/households/{member.household_id}/").status_code == 200


def test_web_reveal_shares_the_reveal_bsn_budget(
    client, api_client_for, professional, member, settings
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "reveal-bsn": "2/hour",
        },
    }
    api = api_client_for(professional)
    url = f"/api/v1/households/{member.household_id}/members/{member.pk}/reveal-bsn/"
    assert api.post(url).status_code == 200
    client.force_login(professional)
    web_url = f"/huishoudens/{member.household_id}/gezinsleden/{member.pk}/bsn/"
    shown = client.post(web_url)
    assert shown.status_code == 200
    refused = client.post(web_url)
    assert refused.status_code == 429
    assert member.reveal_bsn() not in refused.content.decode()


def test_default_user_rate_applies_to_every_api_view(api_client_for, professional, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "user": "5/min",
        },
    }
    client = api_client_for(professional)
    assert [client.get("/api/v1/me/").status_code for _ in range(5)] == [200] * 5
    assert client.get("/api/v1/me/").status_code == 429


# --- F8: bounded input ------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [33, 50_000])
def test_deeply_nested_json_is_a_400_problem(api_client_for, professional, member, depth):
    body = "[" * depth + "]" * depth
    response = api_client_for(professional).post(
        f"/api/v1/households/{member.household_id}/members/",
        data=body,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")


def test_json_nested_at_the_cap_is_parsed(api_client_for, professional, member):
    # 32 levels is allowed: the request is refused by validation (an array is no member), not
    # by the parser.
    body = "[" * 32 + "]" * 32
    response = api_client_for(professional).post(
        f"/api/v1/households/{member.household_id}/members/",
        data=body,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_brackets_inside_strings_do_not_count_as_nesting(api_client_for, professional, member):
    response = api_client_for(professional).post(
        "/api/v1/screenings/",
        data='{"note": "' + "[" * 100 + '"}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_screening_api_refuses_deep_nesting(api_client_for, professional, db):
    body = '{"members": ' + "[" * 5000 + "]" * 5000 + "}"
    response = api_client_for(professional).post(
        "/api/v1/screenings/", data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")


def test_oversized_body_is_a_413_problem(api_client_for, professional, member, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    url = f"/api/v1/households/{member.household_id}/members/"
    client = api_client_for(professional)
    at_limit = '{"x": "' + "a" * (1000 - 9) + '"}'
    assert len(at_limit) == 1000
    assert client.post(url, data=at_limit, content_type="application/json").status_code == 400
    over = '{"x": "' + "a" * (1001 - 9) + '"}'
    response = client.post(url, data=over, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "too_large"


def test_oversized_body_to_a_web_form_is_a_page_not_a_bare_400(client, professional, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(professional)
    response = client.post("/huishoudens/nieuw/", data={"x": "a" * 2000})
    assert response.status_code == 413
    assert "Verzoek te groot" in response.content.decode()


# --- F14: production hardening -----------------------------------------------------------------


def test_schema_and_docs_refuse_anonymous_users(api_client, db):
    assert api_client.get("/api/v1/schema/").status_code in (401, 403)
    assert api_client.get("/api/v1/docs/").status_code in (401, 403)


def test_swagger_ui_is_served_from_our_own_static_files(client, professional):
    client.force_login(professional)
    page = client.get("/api/v1/docs/").content.decode()
    assert "cdn.jsdelivr.net" not in page
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    # The initialiser is a separate script (CSP forbids inline script).
    assert "<script>" not in page.replace(" ", "")


def test_health_detail_only_for_signed_in_or_internal_callers(client, professional):
    anonymous = client.get("/health/", REMOTE_ADDR="203.0.113.9")
    assert anonymous.status_code == 200
    assert set(anonymous.json()) == {"status"}  # up or degraded, never which check
    internal = client.get("/health/", REMOTE_ADDR="127.0.0.1")
    assert internal.json()["checks"]["database"]["vendor"] == "postgresql"
    client.force_login(professional)
    signed_in = client.get("/health/", REMOTE_ADDR="203.0.113.9")
    assert "checks" in signed_in.json()


def test_health_ignores_a_forged_forwarded_for(client, db, settings):
    settings.AUDIT_TRUSTED_PROXY_HOPS = 0
    response = client.get("/health/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert "checks" not in response.json()


def _production_setting(name: str, **env: str) -> str:
    result = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            f"from django.conf import settings; print(repr(getattr(settings, {name!r}, None)))",
        ],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            **PRODUCTION_ENV,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_forwarded_proto_is_trusted_only_behind_a_trusted_proxy():
    assert _production_setting("SECURE_PROXY_SSL_HEADER", TRUSTED_PROXY_HOPS="0") == "None"
    assert _production_setting("SECURE_PROXY_SSL_HEADER", TRUSTED_PROXY_HOPS="1") == (
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


def test_compose_publishes_gunicorn_on_loopback_only():
    import yaml

    web = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"]
    assert all(str(port).startswith("127.0.0.1:") for port in web["ports"])
