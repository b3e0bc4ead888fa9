from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core import mfa, tracing
from core.security_events import record_denied_access

SESSION_STARTED_KEY = "doorbraak_session_started"
SESSION_SEEN_KEY = "doorbraak_session_seen"


class SessionLifetimeMiddleware:
    """Ends a session after 30 idle minutes and after its absolute lifetime, whatever the activity.

    The absolute bound is what BIO asks for, so a stolen but busy session does not live forever.
    The idle clock is a timestamp in the session, refreshed at most once a minute: renewing the
    session on every request would cost a database write per page.
    """

    REFRESH_SECONDS = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            started = request.session.get(SESSION_STARTED_KEY)
            seen = request.session.get(SESSION_SEEN_KEY, started)
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
                request.session[SESSION_SEEN_KEY] = now
            elif (
                now - started > settings.SESSION_ABSOLUTE_LIFETIME_SECONDS
                or now - (seen or now) > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
                messages.info(request, _("Uw sessie is verlopen. Log opnieuw in."))
                return redirect(settings.LOGIN_URL)
            elif seen is None or now - seen > self.REFRESH_SECONDS:
                # Marks the session modified: saved, and the cookie's expiry moves on.
                request.session[SESSION_SEEN_KEY] = now
        return self.get_response(request)


class TraceContextMiddleware:
    """Every request is one operation of a trace (W3C Trace Context), for the audit log.

    A caller's `traceparent` header makes this request a child of the caller's operation (the
    hub receiving a report continues the sender's trace); without one the request starts a trace.
    The trace id is not a secret and grants nothing: it only links log rows.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = tracing.continue_or_start(request.headers.get(tracing.HEADER))
        with tracing.use(context):
            return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """A password alone opens nothing: until the second step is passed, a session that needs one
    (core.mfa.enforced_for) reaches only the login, the second step, the app setup, logout and
    the language switch. Pages redirect there; the API answers 403 as problem details.

    After django_otp's OTPMiddleware, which tells whether the session passed the second step.
    """

    OPEN_URL_NAMES = (
        "login",
        "logout",
        "set_language",
        "health",
        "core:mfa-verify",
        "core:mfa-setup",
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._open_paths: frozenset[str] | None = None

    def _is_open(self, path: str) -> bool:
        if self._open_paths is None:
            self._open_paths = frozenset(reverse(name) for name in self.OPEN_URL_NAMES)
        return path in self._open_paths or path.startswith(settings.STATIC_URL)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Cheapest first: the setting, then the session's device, then the memberships.
        if (
            settings.MFA_REQUIRED
            and request.user.is_authenticated
            and not self._is_open(request.path)
            and not mfa.is_verified(request)
            and mfa.enforced_for(request)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "type": "about:blank",
                        "title": _("Tweestapsverificatie vereist"),
                        "status": 403,
                        "detail": _("Bevestig uw inlog eerst met een code uit uw app."),
                    },
                    status=403,
                    content_type="application/problem+json",
                )
            target = "core:mfa-verify" if mfa.has_device(request.user) else "core:mfa-setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class LanguageFromChoiceMiddleware:
    """Dutch unless the user chose otherwise (the language switch sets a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; many municipal laptops
    run an English browser while the work, the forms and the law are Dutch.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PrivateResponseMiddleware:
    """No browser or proxy keeps a copy of what a signed-in user was shown.

    Nearly every page and API answer after login carries personal data (names, addresses, debts,
    ZRM scores); a shared municipal computer's back button or a caching proxy must not bring it
    back. A view that sets its own Cache-Control keeps it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)  # DRF sets it here too, token or session
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            add_never_cache_headers(response)
        return response


class DeniedAccessAuditMiddleware:
    """Every 403, and every 404 on an object id, of a signed-in user leaves an audit row.

    Denied attempts are what an auditor looks for after a breach (ASVS 7.2.2, BIO 12.4.1); the
    views themselves only record what succeeded.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)  # DRF sets it here too, token or session
        if response.status_code in (403, 404) and user is not None and user.is_authenticated:
            record_denied_access(request=request, response=response)
        return response


def start_session_clocks(
    sender: object, request: HttpRequest, user: object, **kwargs: object
) -> None:
    """On login, start both session clocks, so later requests need not write the session."""
    if hasattr(request, "session"):
        now = time.time()
        request.session[SESSION_STARTED_KEY] = now
        request.session[SESSION_SEEN_KEY] = now
