from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

SESSION_STARTED_KEY = "doorbraak_session_started"


class SessionLifetimeMiddleware:
    """Ends a session after its absolute lifetime, whatever the activity.

    The idle timeout is Django's own (SESSION_COOKIE_AGE renewed on every request); this adds the
    upper bound that BIO asks for, so a stolen but busy session does not live forever.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and hasattr(request, "session"):
            started = request.session.get(SESSION_STARTED_KEY)
            now = time.time()
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_LIFETIME_SECONDS:
                logout(request)
                messages.info(request, _("Uw sessie is verlopen. Log opnieuw in."))
                return redirect(settings.LOGIN_URL)
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
