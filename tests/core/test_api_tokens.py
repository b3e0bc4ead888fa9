"""Probe finding 10: API tokens are stored hashed, expire, go idle and are revocable per user."""

from __future__ import annotations

import importlib
from datetime import timedelta
from io import StringIO

from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

import pytest
from rest_framework.test import APIClient

from core.models import ApiToken, AuditLog

pytestmark = pytest.mark.django_db


def _issue(user, *args: str) -> str:
    out = StringIO()
    call_command("api_token", "issue", "--user", user.username, *args, stdout=out)
    return out.getvalue().strip()


def _me(key: str):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/me/")


def test_the_token_is_shown_once_and_stored_only_as_a_hash(professional):
    key = _issue(professional, "--name", "rapportage-script")
    assert _me(key).status_code == 200
    token = ApiToken.objects.get(user=professional)
    assert token.key_sha256 != key and len(token.key_sha256) == 64
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM core_apitoken")
        assert key not in str(cursor.fetchall())
    assert AuditLog.objects.get(action="api_token.issue").data["user_id"] == professional.pk


def test_an_expired_token_is_refused(professional):
    key = _issue(professional, "--days", "1")
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _me(key)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")


def test_a_token_just_before_expiry_still_works(professional):
    key = _issue(professional, "--days", "1")
    ApiToken.objects.update(expires_at=timezone.now() + timedelta(seconds=30))
    assert _me(key).status_code == 200


def test_an_idle_token_stops_working(professional, settings):
    key = _issue(professional)
    idle = timedelta(days=settings.API_TOKEN_IDLE_DAYS)
    ApiToken.objects.update(last_used_at=timezone.now() - idle + timedelta(minutes=5))
    assert _me(key).status_code == 200  # just inside the idle limit (and used again now)
    ApiToken.objects.update(last_used_at=timezone.now() - idle - timedelta(minutes=1))
    assert _me(key).status_code == 401


def test_revoking_stops_every_token_of_the_user(professional, team_lead):
    first, second = _issue(professional), _issue(professional)
    other = _issue(team_lead)
    call_command("api_token", "revoke", "--user", professional.username, stdout=StringIO())
    assert _me(first).status_code == 401 and _me(second).status_code == 401
    assert _me(other).status_code == 200
    revoke = AuditLog.objects.get(action="api_token.revoke")
    assert len(revoke.data["token_ids"]) == 2


@pytest.mark.parametrize(("days", "ok"), [(0, False), (1, True), (365, True), (366, False)])
def test_lifetime_bounds(professional, days, ok):
    if ok:
        assert _issue(professional, "--days", str(days))
    else:
        with pytest.raises(CommandError):
            _issue(professional, "--days", str(days))


def test_an_inactive_users_token_is_refused(professional):
    key = _issue(professional)
    professional.is_active = False
    professional.save()
    assert _me(key).status_code == 401


def test_existing_plaintext_tokens_are_carried_over_hashed_and_dropped(professional):
    migration = importlib.import_module("core.migrations.0003_api_token")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id bigint, "
            "created timestamptz)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, now())", ["a" * 40, professional.pk]
        )
    with connection.schema_editor() as editor:
        migration.hash_plaintext_tokens(apps, editor)
    assert "authtoken_token" not in connection.introspection.table_names()
    assert _me("a" * 40).status_code == 200  # still works, now by its hash
    assert ApiToken.objects.get(user=professional).key_sha256 == ApiToken.hash("a" * 40)
