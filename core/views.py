from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import health, logboek, processing_register
from core.audit import audit_record, client_ip
from core.dashboard import panels_for
from core.forms import AuditFilterForm
from core.logboek import activity_uri
from core.models import AuditLog, Role
from core.permissions import access_for
from core.selectors import audit_log_list

# What each role can do, shown on the dashboard so every user sees where to start.
ROLE_TASKS: dict[str, list[str]] = {
    Role.PROFESSIONAL: [
        _("Huishoudens vastleggen en hun situatie bijhouden"),
        _("Toetsen op regelingen en niet-gebruik opsporen"),
        _("Een doorbraak voorstellen als de regels de oplossing blokkeren"),
    ],
    Role.TEAM_LEAD: [
        _("Doorbraken binnen uw mandaat beoordelen en besluiten"),
        _("Boven uw mandaat doorzetten naar het doorbraakteam"),
        _("Het maatwerkbudget van uw team bewaken"),
    ],
    Role.BOARD_MEMBER: [_("Doorgezette doorbraken boven het teammandaat besluiten")],
    Role.POLICY_OFFICER: [
        _("Knelpunten uit doorbraken bundelen tot signalen"),
        _("Signaalrapportages voor de VNG goedkeuren"),
    ],
    Role.FUNCTIONAL_ADMIN: [
        _("Teams, gebruikers en rollen beheren"),
        _("Parameters van regelingen en budgetten bijhouden"),
    ],
    Role.AUDITOR: [_("Het auditlog raadplegen"), _("Inzageverzoeken (AVG art. 15) afhandelen")],
}

# The purpose recorded when an auditor reads the audit log.
SUPERVISION_PURPOSE = "toezicht"
# `?formaat=logboek` on the audit page downloads the filtered rows as Logboek Dataverwerkingen
# log records (core.logboek).
LOGBOEK_FORMAT = "logboek"


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    roles = [
        {"code": role.value, "label": role.label, "tasks": ROLE_TASKS.get(role, [])}
        for role in Role
        if role in access.roles
    ]
    return render(
        request,
        "core/dashboard.html",
        {"roles": roles, "memberships": access.memberships, "panels": panels_for(request)},
    )


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    if not access.is_auditor:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    valid = form.is_bound and form.is_valid()
    filters = form.cleaned_data if valid else {}
    entries = audit_log_list(
        municipality_ids=access.municipality_ids([Role.AUDITOR]),
        **{key: value for key, value in filters.items() if value},
    )
    # Invalid filters show the page with their errors: no download of something not asked for.
    if valid and request.GET.get("formaat") == LOGBOEK_FORMAT:
        return _logboek_download(request, entries, filters)
    # Reading the log is itself an event worth recording. Recorded before the page is counted:
    # counting first and slicing at render time left the oldest row off a page that was not full.
    audit_record(
        actor=request.user,
        action="audit_log.read",
        request=request,
        purpose=SUPERVISION_PURPOSE,
        data={"filters": {k: str(v) for k, v in filters.items() if v}},
    )
    page = Paginator(entries.select_related(None), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("formaat", None)
    return render(
        request,
        "core/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode(), "logboek_format": LOGBOEK_FORMAT},
    )


def _logboek_download(
    request: HttpRequest, entries: QuerySet[AuditLog], filters: dict[str, Any]
) -> StreamingHttpResponse:
    """The filtered rows as JSON Lines, streamed: memory and queries do not grow with the log."""
    used = {key: str(value) for key, value in filters.items() if value}
    audit_record(
        actor=request.user,
        action="audit_log.export",
        request=request,
        purpose=SUPERVISION_PURPOSE,
        data={"filters": used, "format": LOGBOEK_FORMAT},
    )
    response = StreamingHttpResponse(
        logboek.logboek_lines(logboek.export_rows(entries)), content_type=logboek.CONTENT_TYPE
    )
    filename = f"logboek-dataverwerkingen-{timezone.localdate():%Y%m%d}.jsonl"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Who keeps and reads the register of processing activities: the privacy officer (auditor role)
# and the functional administrator.
REGISTER_ROLES = (Role.AUDITOR, Role.FUNCTIONAL_ADMIN)
REGISTER_FORMATS = {
    "csv": ("text/csv; charset=utf-8", processing_register.export_csv),
    "json": ("application/json; charset=utf-8", processing_register.export_json),
}


@login_required
@require_GET
def processing_register_view(request: HttpRequest) -> HttpResponse:
    """The register of processing activities; `?formaat=csv|json` downloads it (audited)."""
    if not access_for(request).has_role(*REGISTER_ROLES):
        raise PermissionDenied
    activities = processing_register.register().activities
    chosen = request.GET.get("formaat", "")
    if chosen in REGISTER_FORMATS:
        content_type, export = REGISTER_FORMATS[chosen]
        audit_record(
            actor=request.user,
            action="processing_register.export",
            request=request,
            purpose=SUPERVISION_PURPOSE,
            data={"format": chosen, "activities": len(activities)},
        )
        response = HttpResponse(export(activities), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="verwerkingsregister.{chosen}"'
        return response
    rows = [{"activity": activity, "uri": activity_uri(activity.code)} for activity in activities]
    return render(request, "core/processing_register.html", {"rows": rows})


@never_cache
@require_GET
def health_view(request: HttpRequest) -> JsonResponse:
    checks: dict[str, dict[str, object]] = {
        "database": health.check_database(),
        "broker": health.check_broker(),
    }
    healthy = all(check["status"] == "up" for check in checks.values())
    if healthy:
        checks.update(health.extra_checks())  # they may need the database
    status = "down"
    if healthy:
        degraded = any(check["status"] != "up" for check in checks.values())
        status = "degraded" if degraded else "up"
    body: dict[str, object] = {"status": status}
    # Which database and broker we run is a map for an attacker: only for signed-in users and
    # for monitoring from the networks named in HEALTH_DETAIL_NETWORKS.
    if request.user.is_authenticated or health.is_internal(client_ip(request)):
        body["checks"] = checks
    return JsonResponse(body, status=200 if healthy else 503)
