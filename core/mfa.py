"""Two-step login (TOTP) for local accounts, with recovery codes (ASVS 2.7/2.8, BIO 5.17.01).

Every role sees personal data (the dossiers, the households behind breakthroughs and signals,
colleagues' accounts, the audit log), so every account with a role, and every staff account,
needs a second factor when it logs in with a password. Sessions from the municipality's OpenID
Connect provider are exempt: the identity provider does the second factor there. MFA_REQUIRED
switches enforcement off only outside production (the embedded demo says so on the login page).

The devices are django-otp's: one TOTP device (the authenticator app) and one static device whose
tokens are the recovery codes, stored as keyed hashes (core.models.RecoveryCodeDevice). Every step
is audited: enrolment, each verification, each failure, the lockout, new recovery codes and a
reset.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, logout
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import audit_record
from core.models import AuditResult, Membership, RecoveryCodeDevice, User
from core.services import administered_municipality_ids

OIDC_BACKEND = "core.oidc.NoRightsUntilGrantedBackend"
TOTP_NAME = "authenticator"
RECOVERY_NAME = "herstelcodes"
RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: a code is read from paper and typed.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
SESSION_FAILURES_KEY = "doorbraak_mfa_failures"


def needs_second_factor(user: User) -> bool:
    """Every account that can see personal data: one with a role, or a staff account."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or Membership.objects.filter(user=user).exists()


def enforced_for(request: HttpRequest) -> bool:
    """Whether this signed-in session must pass the second step before anything else."""
    user = request.user
    if not settings.MFA_REQUIRED or not user.is_authenticated:
        return False
    if request.session.get(BACKEND_SESSION_KEY) == OIDC_BACKEND:
        return False  # the identity provider did the second factor
    return needs_second_factor(user)  # type: ignore[arg-type]


def is_verified(request: HttpRequest) -> bool:
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


def totp_device(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-id").first()


def has_device(user: User) -> bool:
    return totp_device(user) is not None


def _recovery_code() -> str:
    return "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))


def format_recovery_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def normalise_code(value: str) -> str:
    return "".join(ch for ch in value.lower() if ch.isalnum())


# --- enrolment --------------------------------------------------------------------------------


def enrolment_device(user: User) -> TOTPDevice:
    """The unconfirmed device the user is setting up (one at a time; a fresh key each start)."""
    device = totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def _new_recovery_codes(user: User) -> list[str]:
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    device.add_codes(codes)  # only their hashes are stored; the user sees them once
    return [format_recovery_code(code) for code in codes]


@transaction.atomic
def confirm_enrolment(*, request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with its first code. Returns the recovery codes (shown once), or None."""
    user: User = request.user  # type: ignore[assignment]
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied
    if not device.verify_token(normalise_code(code)):
        audit_record(
            actor=user,
            action="mfa.enrol",
            obj=user,
            request=request,
            result=AuditResult.FAILURE,
            purpose="beheer",
        )
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    otp_login(request, device)
    request.session.pop(SESSION_FAILURES_KEY, None)
    audit_record(actor=user, action="mfa.enrol", obj=user, request=request, purpose="beheer")
    return codes


@transaction.atomic
def regenerate_recovery_codes(*, request: HttpRequest) -> list[str]:
    """New recovery codes; the old ones stop working. Only from a verified session."""
    user: User = request.user  # type: ignore[assignment]
    if not is_verified(request):
        raise PermissionDenied
    codes = _new_recovery_codes(user)
    audit_record(
        actor=user, action="mfa.recovery_codes", obj=user, request=request, purpose="beheer"
    )
    return codes


# --- the second login step --------------------------------------------------------------------


def verify(*, request: HttpRequest, code: str) -> str:
    """Check a code from the app or a recovery code. Returns "ok", "wrong" or "locked".

    Two limits apply: django-otp's per-device throttle (a growing wait after each failure,
    across sessions) and MFA_MAX_ATTEMPTS per session, after which the session is ended and
    the password has to be entered again.
    """
    user: User = request.user  # type: ignore[assignment]
    token = normalise_code(code)
    kind = "totp" if token.isdigit() and len(token) == 6 else "recovery"
    if kind == "totp":
        device = totp_device(user)
    else:
        device = RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()
    throttled = False
    if device is not None:
        throttled = not device.verify_is_allowed()[0]
        if not throttled and device.verify_token(token):
            otp_login(request, device)
            request.session.pop(SESSION_FAILURES_KEY, None)
            audit_record(
                actor=user, action="auth.mfa_verified", obj=user, request=request,
                data={"kind": kind},
            )  # fmt: skip
            return "ok"
    failures = int(request.session.get(SESSION_FAILURES_KEY, 0)) + 1
    request.session[SESSION_FAILURES_KEY] = failures
    audit_record(
        actor=user,
        action="auth.mfa_failed",
        obj=user,
        request=request,
        result=AuditResult.FAILURE,
        # A throttled attempt was not even checked (django-otp's growing wait); it still counts.
        data={"kind": kind, "attempt": failures, "throttled": throttled},
    )
    if failures >= settings.MFA_MAX_ATTEMPTS:
        audit_record(
            actor=user,
            action="auth.mfa_lockout",
            obj=user,
            request=request,
            result=AuditResult.DENIED,
            data={"attempts": failures},
        )
        logout(request)
        return "locked"
    return "wrong"


# --- reset ------------------------------------------------------------------------------------


@transaction.atomic
def reset(*, actor: User, user: User, request: HttpRequest | None = None) -> int:
    """Remove a user's app and recovery codes: they set up a new app at their next login.

    A user may reset their own from a verified session (a new phone); a functional admin of the
    user's municipality or a superuser may reset anyone else's (a lost phone). Returns the
    number of devices removed.
    """
    if actor.pk == user.pk:
        if request is None or not is_verified(request):
            raise PermissionDenied(_("Bevestig eerst uw inlog met een code."))
    elif not actor.is_superuser:
        ids = administered_municipality_ids(actor) or frozenset()
        if not Membership.objects.filter(user=user, municipality_id__in=ids).exists():
            raise PermissionDenied(_("U beheert deze gebruiker niet."))
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += RecoveryCodeDevice.objects.filter(user=user).delete()[0]
    audit_record(
        actor=actor,
        action="mfa.reset",
        obj=user,
        request=request,
        purpose="beheer",
        data={"user_id": user.pk, "self": actor.pk == user.pk},
    )
    return removed
