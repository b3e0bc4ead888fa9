"""Two-step login: enrolment with the first code, the second step after the password, recovery
codes (once each), the lockout, resets by the user and by an admin, and who must use it."""

from __future__ import annotations

import importlib
import re
import time

from django.apps import apps
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import mfa
from core.models import AuditLog, AuditResult, Role
from tests.conftest import PASSWORD
from tests.core.factories import MembershipFactory, MunicipalityFactory, UserFactory

LOGIN = "/inloggen/"
VERIFY = "/inloggen/verificatie/"
SETUP = "/account/tweestapsverificatie/"
CODE_PATTERN = re.compile(r'<code class="recovery-code">([a-z0-9]{5}-[a-z0-9]{5})</code>')


@pytest.fixture(autouse=True)
def _enforced(settings):
    settings.MFA_REQUIRED = True
    settings.OIDC_ENABLED = False


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The app's code now (or a step later: a code is accepted once, and one step of drift)."""
    return f"{totp(device.bin_key, t0=device.t0, step=device.step, drift=steps_ahead):06d}"


def password_login(client, user) -> None:
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def enrol(client, user, used: list[str] | None = None) -> list[str]:
    """Log in with the password, set up the app, return the recovery codes shown once (and put
    the app code it used in `used`)."""
    password_login(client, user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    code = code_for(device)
    if used is not None:
        used.append(code)
    response = client.post(SETUP, {"code": code})
    assert response.status_code == 200, response.content.decode()
    return CODE_PATTERN.findall(response.content.decode())


def test_after_the_password_a_user_without_an_app_must_set_one_up(client, organisation):
    user = organisation.users[Role.PROFESSIONAL]
    password_login(client, user)

    response = client.get(reverse("casework:list"))
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fhuishoudens%2F"
    # The API with this session is closed too, as problem details.
    api = client.get("/api/v1/me/")
    assert api.status_code == 403
    assert api["Content-Type"] == "application/problem+json"
    assert api.json()["title"] == "Tweestapsverificatie vereist"
    # The setup page shows the QR code inline (no image request) and the key to type over.
    page = client.get(SETUP).content.decode()
    assert "<svg" in page and 'id="totp-secret"' in page
    assert not AuditLog.objects.filter(action="household.list").exists()


def test_enrolment_confirms_the_app_and_shows_ten_recovery_codes_once(client, organisation):
    user = organisation.users[Role.PROFESSIONAL]
    codes = enrol(client, user)

    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=user).confirmed
    assert StaticToken.objects.filter(device__user=user).count() == 10
    # The session passed the second step with the first code.
    assert client.get(reverse("casework:list")).status_code == 200
    # The codes are not shown again: the setup page now manages the app.
    page = client.get(SETUP).content.decode()
    assert CODE_PATTERN.findall(page) == []
    assert "Nieuwe herstelcodes maken" in page
    row = AuditLog.objects.get(action="mfa.enrol")
    assert row.result == AuditResult.SUCCESS and row.processing_activity == "beheer"


def test_a_wrong_first_code_keeps_the_app_unconfirmed(client, organisation):
    user = organisation.users[Role.PROFESSIONAL]
    password_login(client, user)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "123"})
    assert response.status_code == 422
    assert "De code heeft 6 cijfers." in response.content.decode()
    device = TOTPDevice.objects.get(user=user)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(SETUP, {"code": wrong})
    assert response.status_code == 422
    assert "Deze code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.get(user=user).confirmed
    assert AuditLog.objects.get(action="mfa.enrol").result == AuditResult.FAILURE


def test_the_second_login_step_takes_the_code_from_the_app(client, organisation):
    user = organisation.users[Role.TEAM_LEAD]
    used: list[str] = []
    enrol(client, user, used)
    client.post(reverse("logout"))
    device = TOTPDevice.objects.get(user=user)

    password_login(client, user)
    response = client.get(reverse("casework:list"))
    assert response["Location"] == f"{VERIFY}?next=%2Fhuishoudens%2F"
    # The code just used for the enrolment is refused (one use per code).
    response = client.post(VERIFY, {"code": used[0], "next": "/huishoudens/"})
    assert response.status_code == 422
    assert "Deze code klopt niet of is al gebruikt" in response.content.decode()
    time.sleep(1.1)  # django-otp's wait after one failure
    response = client.post(
        VERIFY, {"code": code_for(device, steps_ahead=1), "next": "/huishoudens/"}
    )
    assert response.status_code == 302 and response["Location"] == "/huishoudens/"
    assert client.get(reverse("casework:list")).status_code == 200

    actions = list(
        AuditLog.objects.filter(action__startswith="auth.")
        .order_by("id")
        .values_list("action", "result")
    )
    assert actions[-3:] == [
        ("auth.login", AuditResult.SUCCESS),
        ("auth.mfa_failed", AuditResult.FAILURE),
        ("auth.mfa_verified", AuditResult.SUCCESS),
    ]


def test_a_recovery_code_works_once(client, organisation):
    user = organisation.users[Role.AUDITOR]
    codes = enrol(client, user)
    client.post(reverse("logout"))

    password_login(client, user)
    response = client.post(VERIFY, {"code": codes[3].upper().replace("-", " ")})
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="auth.mfa_verified").last().data == {"kind": "recovery"}
    # The session names the hashing device, and django-otp's middleware finds it again.
    assert client.session["otp_device_id"].startswith("core.recoverycodedevice/")
    assert client.get(reverse("core:dashboard")).status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9
    client.post(reverse("logout"))

    password_login(client, user)
    time.sleep(1.1)  # not django-otp's wait: the code itself is gone
    assert client.post(VERIFY, {"code": codes[3]}).status_code == 422


def _stored(user) -> set[str]:
    return set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


def _assert_no_plain_code(stored: set[str], codes: list[str]) -> None:
    assert len(stored) == 10 and all(re.fullmatch(r"[0-9a-f]{16}", token) for token in stored)
    typed = {mfa.normalise_code(code) for code in codes} | set(codes)
    assert not any(code in token for code in typed for token in stored)


def test_the_table_holds_keyed_hashes_of_the_recovery_codes_never_the_codes(client, organisation):
    user = organisation.users[Role.PROFESSIONAL]
    codes = enrol(client, user)
    first = _stored(user)
    _assert_no_plain_code(first, codes)

    response = client.post(reverse("core:mfa-recovery-codes"))
    new = CODE_PATTERN.findall(response.content.decode())
    renewed = _stored(user)
    _assert_no_plain_code(renewed, new)
    assert not renewed & first


def test_recovery_codes_survive_a_secret_key_rotation_with_the_old_key_as_fallback(
    client, organisation, settings
):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0  # no wait after the refused attempt
    settings.SECRET_KEY = "de-oude-sleutel-van-voor-de-rotatie"
    user = organisation.users[Role.TEAM_LEAD]
    codes = enrol(client, user)
    client.post(reverse("logout"))

    settings.SECRET_KEY = "de-nieuwe-sleutel-na-de-rotatie"
    settings.SECRET_KEY_FALLBACKS = []
    password_login(client, user)
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 422  # the hash needs the key
    settings.SECRET_KEY_FALLBACKS = ["de-oude-sleutel-van-voor-de-rotatie"]
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 302
    assert len(_stored(user)) == 9


@pytest.mark.django_db(transaction=True)
def test_the_migration_hashes_plaintext_codes_in_place_and_a_printed_code_still_logs_in(
    client, organisation, settings
):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    user = organisation.users[Role.AUDITOR]
    TOTPDevice.objects.create(user=user, name=mfa.TOTP_NAME, confirmed=True)
    executor = MigrationExecutor(connection)
    executor.migrate([("core", "0006_auditlog_retention")])
    try:
        # What the old code stored: the codes as typed, on django-otp's own static device.
        device = StaticDevice.objects.create(user=user, name=mfa.RECOVERY_NAME, confirmed=True)
        StaticToken.objects.create(device=device, token="abcde23456")
        StaticToken.objects.create(device=device, token="fghjk78923")
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([("core", "0007_recovery_code_hashes")])
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    stored = _stored(user)
    assert len(stored) == 2 and not stored & {"abcde23456", "fghjk78923"}
    # Run again, it leaves the hashes alone (no double hashing).
    migration = importlib.import_module("core.migrations.0007_recovery_code_hashes")
    migration.hash_plaintext_codes(apps, None)
    assert _stored(user) == stored

    password_login(client, user)
    assert client.post(VERIFY, {"code": "abcde-23456"}).status_code == 302
    assert client.session["otp_device_id"] == f"core.recoverycodedevice/{device.pk}"
    client.post(reverse("logout"))
    password_login(client, user)
    assert client.post(VERIFY, {"code": "abcde-23456"}).status_code == 422  # once only
    assert client.post(VERIFY, {"code": "fghjk-78923"}).status_code == 302


def test_the_fifth_wrong_code_ends_the_session(client, organisation, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0  # count the attempts, not django-otp's wait
    user = organisation.users[Role.BOARD_MEMBER]
    enrol(client, user)
    client.post(reverse("logout"))
    password_login(client, user)

    for attempt in range(1, 5):
        response = client.post(VERIFY, {"code": "aaaaa-bbbbb"})
        assert response.status_code == 422, attempt
    # Four wrong codes: still in the second step.
    assert client.get(VERIFY).status_code == 200
    response = client.post(VERIFY, {"code": "aaaaa-bbbbb"})
    assert response["Location"] == reverse("login")
    # The session is gone: the password is needed again.
    assert client.get(VERIFY)["Location"].startswith(reverse("login"))
    lockout = AuditLog.objects.get(action="auth.mfa_lockout")
    assert lockout.result == AuditResult.DENIED and lockout.data == {"attempts": 5}
    assert lockout.processing_activity == "beveiliging"
    assert AuditLog.objects.filter(action="auth.mfa_failed").count() == 5


def test_new_recovery_codes_replace_the_old_ones(client, organisation, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0  # no wait after the refused old code
    user = organisation.users[Role.FUNCTIONAL_ADMIN]
    old = enrol(client, user)
    response = client.post(reverse("core:mfa-recovery-codes"))
    new = CODE_PATTERN.findall(response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    client.post(reverse("logout"))
    password_login(client, user)
    assert client.post(VERIFY, {"code": old[0]}).status_code == 422
    assert client.post(VERIFY, {"code": new[0]}).status_code == 302
    assert AuditLog.objects.filter(action="mfa.recovery_codes").count() == 1


def test_a_user_unlinks_their_app_and_must_set_up_a_new_one(client, organisation):
    user = organisation.users[Role.POLICY_OFFICER]
    enrol(client, user)
    response = client.post(reverse("core:mfa-reset"))
    assert response["Location"] == SETUP
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.get(reverse("signals:workspace"))["Location"].startswith(SETUP)
    assert AuditLog.objects.get(action="mfa.reset").data == {"user_id": user.pk, "self": True}


def test_an_admin_resets_a_lost_phone_only_in_their_own_municipality(client, organisation):
    user = organisation.users[Role.PROFESSIONAL]
    enrol(client, user)
    admin = organisation.users[Role.FUNCTIONAL_ADMIN]
    elsewhere = UserFactory(username="beheer_elders")
    MembershipFactory(
        user=elsewhere,
        municipality=MunicipalityFactory(cbs_code="GM0998"),
        team=None,
        role=Role.FUNCTIONAL_ADMIN,
    )

    with pytest.raises(mfa.PermissionDenied):
        mfa.reset(actor=elsewhere, user=user)
    assert TOTPDevice.objects.filter(user=user).exists()

    assert mfa.reset(actor=admin, user=user) >= 2
    assert not TOTPDevice.objects.filter(user=user).exists()
    row = AuditLog.objects.get(action="mfa.reset")
    assert row.actor == admin and row.data == {"user_id": user.pk, "self": False}


def test_the_admin_action_resets_through_the_audited_service(client, db):
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    user = UserFactory(username="kwijt")
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client.force_login(superuser)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.create(
        user=superuser, name="authenticator", confirmed=True
    ).persistent_id
    session.save()

    response = client.post(
        "/beheer/core/user/",
        {"action": "reset_second_factor", "_selected_action": [user.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditLog.objects.get(action="mfa.reset").actor == superuser


def test_accounts_without_a_role_and_oidc_sessions_are_not_asked(client, organisation, settings):
    nobody = UserFactory(username="zonder_rol")
    client.force_login(nobody)
    assert client.get(reverse("core:dashboard")).status_code == 200

    oidc = "core.oidc.NoRightsUntilGrantedBackend"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, oidc]
    client.force_login(organisation.users[Role.PROFESSIONAL], backend=oidc)
    assert client.session[BACKEND_SESSION_KEY] == oidc
    assert client.get(reverse("casework:list")).status_code == 200


def test_staff_without_a_role_are_asked(client, db):
    staff = UserFactory(username="beheerder", is_staff=True)
    client.force_login(staff)
    assert client.get("/beheer/")["Location"].startswith(SETUP)


def test_a_verified_session_helper_lets_force_login_tests_pass_the_second_step(
    client, organisation, mfa_verified_login
):
    mfa_verified_login(client, organisation.users[Role.PROFESSIONAL])
    assert client.get(reverse("casework:list")).status_code == 200


def test_the_second_step_never_redirects_off_site(client, organisation):
    user = organisation.users[Role.PROFESSIONAL]
    codes = enrol(client, user)
    client.post(reverse("logout"))
    password_login(client, user)
    response = client.post(VERIFY, {"code": codes[0], "next": "https://kwaadwillend.example/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")
