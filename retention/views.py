"""Pages of the destruction lists: overview, one list with its four-eyes actions, the verklaring;
and the page of a municipality's retention terms with their decisions.

Views parse input, call one selector or service, and render; the rules are in the services.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.audit import audit_record
from core.models import AuditResult, Municipality
from retention import services
from retention.constants import RecordType
from retention.forms import TermDecisionForm
from retention.models import DestructionCertificate, DestructionList, ListStatus
from retention.selectors import (
    destruction_list_get,
    destruction_list_items,
    destruction_lists_for,
    login_term_state,
    retention_terms,
    term_municipalities_for,
    term_municipality_get,
)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def list_view(request: HttpRequest) -> HttpResponse:
    lists = list(destruction_lists_for(user=request.user)[:100])
    if not lists and not services.may_view_any(request.user):
        raise Http404
    today = timezone.localdate()
    terms = [
        {
            "municipality": municipality,
            "states": retention_terms(municipality=municipality, on=today),
        }
        for municipality in term_municipalities_for(user=request.user)
    ]
    return render(
        request,
        "retention/list.html",
        {"lists": lists, "terms": terms, "login_term": login_term_state()},
    )


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, destruction_list_get(user=request.user, list_id=pk))


def _render_detail(
    request: HttpRequest, destruction_list: DestructionList, *, status_code: int = 200
) -> HttpResponse:
    items = destruction_list_items(destruction_list=destruction_list)
    dossiers = [i for i in items if i.record_type == RecordType.HOUSEHOLD_DOSSIER]
    audit_lines = [i for i in items if i.record_type == RecordType.AUDIT_LOG]
    login_lines = [i for i in items if i.record_type == RecordType.LOGIN_LOG]
    is_admin = services.is_functional_admin(request.user, destruction_list.municipality_id)
    status = destruction_list.status
    return render(
        request,
        "retention/detail.html",
        {
            "destruction_list": destruction_list,
            "dossiers": dossiers,
            "audit_lines": audit_lines,
            "login_lines": login_lines,
            "outcomes": Counter(i.outcome for i in dossiers),
            "may_propose": is_admin and status == ListStatus.DRAFT,
            "may_decide": is_admin
            and status == ListStatus.PROPOSED
            and destruction_list.proposed_by_id != request.user.pk,
            "own_proposal": status == ListStatus.PROPOSED
            and destruction_list.proposed_by_id == request.user.pk,
            "certificate": DestructionCertificate.objects.filter(
                destruction_list=destruction_list
            ).first(),
        },
        status=status_code,
    )


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    destruction_list = destruction_list_get(user=request.user, list_id=pk)
    try:
        if action == "propose":
            services.destruction_list_propose(
                actor=request.user, destruction_list=destruction_list, request=request
            )
            messages.success(request, _("De lijst is voorgesteld; een tweede beheerder beslist."))
        elif action == "approve":
            services.destruction_list_approve(
                actor=request.user, destruction_list=destruction_list, request=request
            )
            messages.success(request, _("De lijst is goedgekeurd en wordt uitgevoerd."))
        else:
            services.destruction_list_reject(
                actor=request.user,
                destruction_list=destruction_list,
                reason=request.POST.get("reason", ""),
                request=request,
            )
            messages.success(request, _("De lijst is afgewezen."))
    except PermissionError as exc:
        _audit_refusal(request, destruction_list, action)
        raise PermissionDenied(str(exc)) from exc
    except ValidationError as exc:
        _audit_refusal(request, destruction_list, action)
        for message in exc.messages:
            messages.error(request, message)
        destruction_list.refresh_from_db()
        return _render_detail(request, destruction_list, status_code=422)
    return redirect("retention:detail", pk=pk)


def _audit_refusal(request: HttpRequest, destruction_list: DestructionList, action: str) -> None:
    """A refused step (no right, or the proposer trying to decide) is itself an audit event."""
    audit_record(
        actor=request.user,
        action=f"retention.list_{action}",
        obj=destruction_list,
        request=request,
        result=AuditResult.DENIED,
        municipality_code=destruction_list.municipality.cbs_code,
        purpose=services.PURPOSE,
    )


@login_required
@require_POST
def propose_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "propose")


@login_required
@require_POST
def approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "approve")


@login_required
@require_POST
def reject_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "reject")


def _certificate(request: HttpRequest, pk: int) -> DestructionCertificate:
    destruction_list = destruction_list_get(user=request.user, list_id=pk)
    certificate = DestructionCertificate.objects.filter(destruction_list=destruction_list).first()
    if certificate is None:
        raise Http404
    return certificate


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def certificate_view(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _certificate(request, pk)
    return render(request, "retention/certificate.html", {"certificate": certificate})


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def certificate_download_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The verklaring as canonical JSON, whose SHA-256 the page shows: a copy can be checked."""
    certificate = _certificate(request, pk)
    audit_record(
        actor=request.user,
        action="retention.certificate_download",
        obj=certificate,
        request=request,
        municipality_code=certificate.content["gemeente"]["cbs_code"],
        purpose=services.PURPOSE,
    )
    response = HttpResponse(
        services.canonical_json(certificate.content), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.json"'
    return response


# --- retention terms ----------------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def terms_view(request: HttpRequest, municipality_id: int) -> HttpResponse:
    """The municipality's terms in force, their sources and history; its functional admins
    record a new decision here. Auditors read along; others get 404 (as for the lists)."""
    municipality = term_municipality_get(user=request.user, municipality_id=municipality_id)
    may_decide = services.is_functional_admin(request.user, municipality.pk)
    status = 200
    form = TermDecisionForm(initial={"effective_from": timezone.localdate()})
    if request.method == "POST":
        if not may_decide:
            _audit_term_refusal(request, municipality)
            raise PermissionDenied(_("Alleen een functioneel beheerder van deze gemeente mag dit."))
        form = TermDecisionForm(request.POST)
        if form.is_valid():
            try:
                decision = services.retention_term_decide(
                    actor=request.user,
                    municipality=municipality,
                    request=request,
                    **form.cleaned_data,
                )
            except PermissionError as exc:  # the membership went away meanwhile
                _audit_term_refusal(request, municipality)
                raise PermissionDenied(str(exc)) from exc
            except ValidationError as exc:
                for key, field_messages in exc.message_dict.items():
                    for message in field_messages:
                        form.add_error(key if key in form.fields else None, message)
            else:
                messages.success(
                    request,
                    _("Het besluit is vastgelegd: %(label)s %(years)s jaar vanaf %(date)s.")
                    % {
                        "label": decision.get_record_type_display().lower(),
                        "years": decision.years,
                        "date": decision.effective_from.strftime("%d-%m-%Y"),
                    },
                )
                return redirect("retention:terms", municipality_id=municipality.pk)
        status = 400
    return render(
        request,
        "retention/terms.html",
        {
            "municipality": municipality,
            "states": retention_terms(municipality=municipality, on=timezone.localdate()),
            "login_term": login_term_state(),
            "form": form if may_decide else None,
        },
        status=status,
    )


def _audit_term_refusal(request: HttpRequest, municipality: Municipality) -> None:
    audit_record(
        actor=request.user,
        action="retention.term_decided",
        request=request,
        result=AuditResult.DENIED,
        municipality_code=municipality.cbs_code,
        purpose=services.PURPOSE,
    )
