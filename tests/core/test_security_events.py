"""Probe findings 3 and 4: authentication and refused access are audited; lockout is per
account and client address, never by the proxy's address."""

from __future__ import annotations

import uuid

import pytest

from core.models import AuditLog, AuditResult
from tests.casework.factories import HouseholdFactory
from tests.conftest import PASSWORD

LOGIN = "/inloggen/"


def _login(client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


# --- F3: logins, failures, lockouts -----------------------------------------------------------


def test_login_and_logout_are_audited(client, professional, organisation):
    assert _login(client, "professional", PASSWORD).status_code == 302
    login = AuditLog.objects.get(action="auth.login")
    assert login.actor == professional and login.result == AuditResult.SUCCESS
    client.post("/uitloggen/")
    assert AuditLog.objects.get(action="auth.logout").actor == professional


def test_failed_login_is_audited_without_the_typed_secrets(client, professional, organisation):
    assert _login(client, "professional", "fout-wachtwoord").status_code == 200
    row = AuditLog.objects.get(action="auth.login_failed")
    assert row.result == AuditResult.FAILURE
    assert row.actor is None
    assert row.object_id == str(professional.pk)
    assert row.municipality_code == organisation.municipality.cbs_code
    assert "fout-wachtwoord" not in str(row.data)


def test_failed_login_for_an_unknown_name_stores_no_name(client, db):
    _login(client, "iemand-anders-123", "fout")
    row = AuditLog.objects.get(action="auth.login_failed")
    assert row.object_id == "" and row.data == {"known_account": False}
    assert "iemand-anders-123" not in row.actor_username + str(row.data)


def test_lockout_is_audited_and_visible_to_the_auditor(client, team_lead, auditor, organisation):
    for _ in range(10):
        assert _login(client, "team_lead", "fout").status_code == 200
    assert not AuditLog.objects.filter(action="auth.lockout").exists()
    assert _login(client, "team_lead", "fout").status_code == 429
    lockout = AuditLog.objects.get(action="auth.lockout")
    assert lockout.result == AuditResult.DENIED
    assert lockout.object_id == str(team_lead.pk)
    client.force_login(auditor)
    page = client.get("/audit/", {"result": "denied"}).content.decode()
    assert "auth.lockout" in page


# --- F3: refused access -----------------------------------------------------------------------


def test_api_404_outside_reach_is_audited(api_client_for, professional, organisation):
    foreign = HouseholdFactory(team=organisation.other_team)
    response = api_client_for(professional).get(f"/api/v1/households/{foreign.pk}/")
    assert response.status_code == 404
    row = AuditLog.objects.get(action="access.denied")
    assert row.actor == professional and row.result == AuditResult.DENIED
    assert row.data["status"] == 404 and row.data["ids"] == {"pk": str(foreign.pk)}


def test_web_403_is_audited(client, professional):
    client.force_login(professional)
    assert client.get("/audit/").status_code == 403
    row = AuditLog.objects.get(action="access.denied")
    assert row.data["status"] == 403 and row.data["view"] == "core:audit-log"


def test_web_404_outside_reach_is_audited(client, professional, organisation):
    foreign = HouseholdFactory(team=organisation.other_team)
    client.force_login(professional)
    assert client.get(f"/huishoudens/{foreign.pk}/").status_code == 404
    assert AuditLog.objects.filter(action="access.denied", result="denied").count() == 1


def test_a_mistyped_address_is_no_access_attempt(client, professional):
    client.force_login(professional)
    assert client.get("/bestaat-niet/").status_code == 404
    assert not AuditLog.objects.filter(action="access.denied").exists()


def test_allowed_access_writes_no_denied_row(client, professional, organisation):
    own = HouseholdFactory(team=organisation.team)
    client.force_login(professional)
    assert client.get(f"/huishoudens/{own.pk}/").status_code == 200
    assert not AuditLog.objects.filter(result=AuditResult.DENIED).exists()


# --- F4: lockout by account and address, behind a proxy ---------------------------------------


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    settings.AUDIT_TRUSTED_PROXY_HOPS = 1


def test_random_usernames_through_the_proxy_lock_out_nobody(
    client, professional, organisation, behind_one_proxy
):
    for attempt in range(11):
        _login(
            client,
            f"onbekend-{uuid.uuid4().hex[:8]}",
            "fout",
            REMOTE_ADDR="10.0.0.2",  # the proxy
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt + 1}",
        )
    response = _login(
        client,
        "professional",
        PASSWORD,
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 302


def test_one_client_failing_for_one_account_does_not_lock_it_elsewhere(
    client, professional, organisation, behind_one_proxy
):
    attacker = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for _ in range(10):
        assert _login(client, "professional", "fout", **attacker).status_code == 200
    assert _login(client, "professional", "fout", **attacker).status_code == 429
    # The same address stays locked for this account, even with the right password ...
    assert _login(client, "professional", PASSWORD, **attacker).status_code == 429
    # ... while the owner, behind the same proxy at another address, still gets in.
    owner = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    assert _login(client, "professional", PASSWORD, **owner).status_code == 302


def test_a_shared_address_does_not_lock_a_colleague(client, professional, team_lead, organisation):
    for _ in range(11):
        _login(client, "professional", "fout", REMOTE_ADDR="192.0.2.10")
    assert _login(client, "team_lead", PASSWORD, REMOTE_ADDR="192.0.2.10").status_code == 302
