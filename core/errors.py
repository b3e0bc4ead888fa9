"""Error pages: HTML for people, problem details for API clients."""

from __future__ import annotations

import sys

from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.api.problems import PROBLEM_CONTENT_TYPE, TITLES


def _wants_problem(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _problem(request: HttpRequest, status: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse(
        {
            "type": f"https://doorbraak.nl/problemen/{code}",
            "code": code,
            "title": TITLES.get(status, _("Er ging iets mis.")),
            "status": status,
            "detail": detail,
            "instance": request.path,
        },
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Django raises RequestDataTooBig while reading a body over DATA_UPLOAD_MAX_MEMORY_SIZE.
    too_big = isinstance(exception, RequestDataTooBig)
    status = 413 if too_big else 400
    if _wants_problem(request):
        if too_big:
            return _problem(request, 413, "too_large", _("Het verzoek is te groot."))
        return _problem(request, 400, "bad_request", _("Dit verzoek is ongeldig."))
    return render(request, "errors/400.html", {"too_big": too_big}, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_problem(request):
        return _problem(
            request, 404, "not_found", _("Dit bestaat niet of u heeft er geen toegang toe.")
        )
    return render(request, "errors/404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_problem(request):
        return _problem(request, 403, "permission_denied", _("U heeft hiervoor geen rechten."))
    return render(request, "errors/403.html", status=403)


# Seconds a client is asked to wait when the database is unreachable (a restart, a fail-over).
RETRY_AFTER_SECONDS = 5


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 with Retry-After while the database is unreachable: the request failed
    cleanly and may be repeated. The pages are rendered without the request's context: its
    processors may need the database that just failed."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        if _wants_problem(request):
            response: HttpResponse = _problem(
                request,
                503,
                "unavailable",
                _("De dienst is even niet bereikbaar. Probeer het over enkele seconden opnieuw."),
            )
        else:
            response = HttpResponse(render_to_string("errors/503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if _wants_problem(request):
        return _problem(request, 500, "server_error", _("Er ging iets mis aan onze kant."))
    return HttpResponse(render_to_string("errors/500.html"), status=500)
