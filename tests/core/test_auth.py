import time

from django.conf import settings
from django.utils import translation

from core.middleware import SESSION_SEEN_KEY, SESSION_STARTED_KEY
from core.models import Membership
from core.oidc import NoRightsUntilGrantedBackend


def test_session_idles_out_after_30_minutes(client, professional):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(professional)
    assert client.get("/").status_code == 200
    session = client.session
    session[SESSION_SEEN_KEY] = time.time() - settings.SESSION_COOKIE_AGE - 1
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


def test_activity_keeps_the_session_alive(client, professional):
    client.force_login(professional)
    client.get("/")
    session = client.session
    session[SESSION_SEEN_KEY] = time.time() - settings.SESSION_COOKIE_AGE + 120
    session.save()
    assert client.get("/").status_code == 200
    assert client.session[SESSION_SEEN_KEY] > time.time() - 5  # the idle clock moved on


def test_session_ends_after_its_absolute_lifetime(client, professional):
    client.force_login(professional)
    assert client.get("/").status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - settings.SESSION_ABSOLUTE_LIFETIME_SECONDS - 1
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")
    assert client.get("/").status_code == 302  # logged out for good


def test_responses_carry_security_headers(client, db):
    response = client.get("/inloggen/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_new_oidc_user_gets_no_rights(db, settings):
    settings.OIDC_RP_CLIENT_ID = "doorbraak"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://idp.gemeente.example/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://idp.gemeente.example/userinfo"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    backend = NoRightsUntilGrantedBackend()
    user = backend.create_user(
        {"email": "nieuw@gemeente.example", "given_name": "Nieuwe", "family_name": "Collega"}
    )
    assert user.first_name == "Nieuwe"
    assert not user.is_staff and not user.is_superuser
    assert not Membership.objects.filter(user=user).exists()


def test_dashboard_without_role_explains_how_to_get_access(client, db):
    from tests.core.factories import UserFactory

    client.force_login(UserFactory())
    content = client.get("/").content.decode()
    assert "U heeft nog geen rol in Doorbraak" in content


def test_english_catalogue_is_compiled():
    with translation.override("en"):
        assert translation.gettext("Uitloggen") == "Log out"
        assert translation.gettext("Inloggen bij Doorbraak") == "Log in to Doorbraak"
