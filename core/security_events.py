"""Audit rows for authentication events and refused access (ASVS 7.1.3/7.2; BIO 12.4.1).

Connected in CoreConfig.ready and used by core.middleware.DeniedAccessAuditMiddleware. Nothing
personal is stored: a failed login names the account only when it exists (by id), never the
typed username or password, and a refused request is named by its route pattern, not its URL.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from core.audit import audit_record
from core.models import AuditResult, Membership, User


def _account(username: str | None) -> User | None:
    if not username:
        return None
    return User.objects.filter(username=username).first()


def _home_municipality(user: User | None) -> str:
    """The account's municipality, so that municipality's auditor sees events about it."""
    if user is None:
        return ""
    membership = (
        Membership.objects.filter(user=user).select_related("municipality").order_by("id").first()
    )
    return membership.municipality.cbs_code if membership else ""


def record_login(*, user: User, request: HttpRequest | None) -> None:
    audit_record(actor=user, action="auth.login", obj=user, request=request)


def record_logout(*, user: User | None, request: HttpRequest | None) -> None:
    if user is None:  # the session had already ended
        return
    audit_record(actor=user, action="auth.logout", obj=user, request=request)


def record_login_failure(*, username: str | None, request: HttpRequest | None) -> None:
    account = _account(username)
    audit_record(
        actor=None,
        action="auth.login_failed",
        obj=account,
        request=request,
        result=AuditResult.FAILURE,
        municipality_code=_home_municipality(account),
        data={"known_account": account is not None},
    )


def record_lockout(*, username: str | None, request: HttpRequest | None) -> None:
    account = _account(username)
    audit_record(
        actor=None,
        action="auth.lockout",
        obj=account,
        request=request,
        result=AuditResult.DENIED,
        municipality_code=_home_municipality(account),
        data={"known_account": account is not None},
    )


def record_denied_access(*, request: HttpRequest, response: HttpResponse) -> None:
    """A signed-in user was refused (403) or asked for an object outside their reach (404).

    Only requests that reached a view with object ids in the URL count as a 404 worth
    recording; a mistyped address is no access attempt.
    """
    match = request.resolver_match
    ids = {
        key: str(value)
        for key, value in ((match.kwargs if match else {}) or {}).items()
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit())
    }
    if response.status_code == 404 and not ids:
        return
    audit_record(
        actor=request.user,  # type: ignore[arg-type]
        action="access.denied",
        request=request,
        result=AuditResult.DENIED,
        data={
            "status": response.status_code,
            "method": request.method,
            "route": match.route if match else "",
            "view": match.view_name if match else "",
            "ids": ids,
        },
    )


# --- signal receivers (thin: the functions above do the work) ---------------------------------


def on_logged_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record_login(user=user, request=request)


def on_logged_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    record_logout(user=user, request=request)


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    record_login_failure(username=credentials.get("username"), request=request)


def on_locked_out(
    sender: Any, request: HttpRequest | None = None, username: str | None = None, **kwargs: Any
) -> None:
    record_lockout(username=username, request=request)
