"""The two-step login in the Debian Chromium: set up the app from the page, log out, log in with
a code from the app, and with a recovery code; axe on every step."""

from __future__ import annotations

import base64
import time

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from core.models import AuditLog, Role
from tests.browser import assert_accessible, assert_finished_look, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def app_code(secret: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key on the page (RFC 6238, 30 s, 6 digits)."""
    key = secret.replace(" ", "")
    key = base64.b32decode(key + "=" * (-len(key) % 8))
    return f"{totp(key, drift=steps_ahead):06d}"


def test_enrol_log_out_and_log_in_with_the_app_and_with_a_recovery_code(
    page: Page, live_server, organisation, settings
):
    settings.MFA_REQUIRED = True
    user = organisation.users[Role.PROFESSIONAL]

    # The password alone leads to the setup page.
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    expect(page.locator("figure.mfa-qr svg")).to_be_visible()
    assert_accessible(page)
    assert_finished_look(page)

    secret = page.locator("#totp-secret").inner_text()
    first = app_code(secret)
    page.get_by_label("Code uit de app").fill(first)
    page.get_by_role("button", name="App koppelen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw herstelcodes")
    codes = page.locator("code.recovery-code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page)
    page.get_by_role("link", name="Ik heb de codes bewaard").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")

    # Log out; log in again with the next code from the app (the first is used up).
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij Doorbraak")
    login(page, live_server.url, user.username, PASSWORD, otp_code=app_code(secret, steps_ahead=1))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")

    # And once more with a recovery code, as with a phone left at home.
    page.get_by_role("button", name="Uitloggen").click()
    login(page, live_server.url, user.username, PASSWORD, otp_code=codes[0])
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")

    # A recovery code works once.
    page.get_by_role("button", name="Uitloggen").click()
    login(page, live_server.url, user.username, PASSWORD, otp_code=codes[0])
    expect(page.get_by_role("alert")).to_contain_text("Deze code klopt niet of is al gebruikt")
    assert_accessible(page)

    deadline = time.monotonic() + 5
    while (
        time.monotonic() < deadline
        and not AuditLog.objects.filter(action="auth.mfa_failed").exists()
    ):
        time.sleep(0.1)
    verified = AuditLog.objects.filter(action="auth.mfa_verified").order_by("id")
    assert [row.data["kind"] for row in verified] == ["totp", "recovery"]
    assert AuditLog.objects.filter(action="mfa.enrol", actor=user).count() == 1
