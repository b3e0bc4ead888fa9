"""The periodic signal report pages: list and generate, detail, approve, send, revise, export."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from signals.constants import ReportStatus
from signals.forms import ReportGenerateForm
from signals.models import SignalReport
from signals.reporting.builder import canonical_json, report_to_csv_tables
from signals.selectors import (
    is_newest_revision,
    officer_municipalities,
    officer_report,
    officer_reports,
    report_attempts,
    same_period,
)
from signals.services import (
    record_report_read,
    report_approve,
    report_generate,
    report_queue_delivery,
    report_revise,
)
from signals.views.report_tables import (
    costed_proposal_view_rows,
    report_charts,
    report_view_tables,
)
from signals.workflow import ReportStep, report_steps

# Every table of the report as a CSV download, named for people (the file keeps the table name).
CSV_TABLES = {
    "report": gettext_lazy("gegevens van het rapport"),
    "totals": gettext_lazy("totalen"),
    "by_theme": gettext_lazy("per thema"),
    "by_regulation": gettext_lazy("per regeling"),
    "by_knelpunt_type": gettext_lazy("per soort knelpunt"),
    "signals": gettext_lazy("signalen"),
    "non_take_up": gettext_lazy("niet-gebruik"),
    "escalation": gettext_lazy("escalatie en doorlooptijd"),
    "suppressed_cells": gettext_lazy("onderdrukte cellen"),
}
ATTEMPT_OUTCOMES = {
    "delivered": gettext_lazy("afgeleverd"),
    "retry": gettext_lazy("mislukt, wordt opnieuw geprobeerd"),
    "conflict": gettext_lazy("conflict: ander rapport met dit id"),
    "rejected": gettext_lazy("geweigerd door de ontvanger"),
    "gave_up": gettext_lazy("opgegeven na herhaalde pogingen"),
}
REPORT_STATUS_BADGE = {
    ReportStatus.GENERATED: "info",
    ReportStatus.APPROVED: "info",
    ReportStatus.SENDING: "warn",
    ReportStatus.SENT: "ok",
    ReportStatus.CONFLICT: "error",
    ReportStatus.FAILED: "error",
    ReportStatus.SUPERSEDED: "warn",
}


# --- reports -------------------------------------------------------------------------------


@login_required
def report_list_view(request: HttpRequest) -> HttpResponse:
    municipalities = officer_municipalities(request)
    municipality = municipalities[0]
    if request.method == "POST":
        form = ReportGenerateForm(request.POST)
        report = None
        if form.is_valid():
            try:
                report, created = report_generate(
                    municipality=municipality,
                    period=form.cleaned_data["period"],
                    actor=request.user,
                )
            except ValidationError as error:  # e.g. a signal text that fails the guard
                for message in error.messages:
                    form.add_error("period", message)
        if report is not None:
            if created:
                messages.success(
                    request,
                    _(
                        "Rapportage %(period)s (revisie %(rev)s) is opgesteld. Controleer en "
                        "keur haar goed."
                    )
                    % {"period": report.period_label, "rev": report.revision},
                )
            else:
                messages.info(
                    request,
                    _(
                        "Voor %(period)s bestond al een rapportage. Een correctie maakt u met "
                        "'Nieuwe revisie'."
                    )
                    % {"period": report.period_label},
                )
            return redirect("signals:report-detail", report_id=report.report_id)
        status = 400
    else:
        form = ReportGenerateForm()
        status = 200
    reports = officer_reports(municipalities=municipalities).order_by(
        "-period_start", "period_end", "-revision"
    )
    return render(
        request,
        "signals/report_list.html",
        {
            "form": form,
            "municipality": municipality,
            "reports": [
                {"report": report, "badge": REPORT_STATUS_BADGE.get(report.status, "info")}
                for report in reports
            ],
        },
        status=status,
    )


@login_required
def report_detail_view(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    report = officer_report(request, report_id)
    record_report_read(actor=request.user, report=report, request=request, what="page")
    steps = report_steps(report.status, newest=is_newest_revision(report=report))
    return render(
        request,
        "signals/report_detail.html",
        {
            "report": report,
            "content": report.content,
            "tables": report_view_tables(report.content),
            "proposals": costed_proposal_view_rows(report.content),
            "charts": report_charts(report.content),
            "badge": REPORT_STATUS_BADGE.get(report.status, "info"),
            "attempts": [
                {
                    "attempt": attempt,
                    "outcome": ATTEMPT_OUTCOMES.get(attempt.outcome, attempt.outcome),
                }
                for attempt in report_attempts(report=report)
            ],
            # The buttons follow the report workflow, as the services do.
            "can_approve": ReportStep.APPROVE in steps,
            "can_send": ReportStep.SEND in steps,
            "can_revise": ReportStep.REVISE in steps,
            "csv_tables": CSV_TABLES.items(),
            "revisions": same_period(report=report).order_by("revision"),
        },
    )


@login_required
@require_POST
def report_approve_view(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    report = officer_report(request, report_id)
    try:
        report_approve(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Rapportage goedgekeurd. U kunt haar nu versturen."))
    return redirect("signals:report-detail", report_id=report.report_id)


@login_required
@require_POST
def report_send_view(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    report = officer_report(request, report_id)
    try:
        report_queue_delivery(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("De rapportage wordt verstuurd. De afleverpogingen staan onderaan deze pagina."),
        )
    return redirect("signals:report-detail", report_id=report.report_id)


@login_required
@require_POST
def report_revise_view(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    report = officer_report(request, report_id)
    try:
        new = report_revise(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("signals:report-detail", report_id=report.report_id)
    messages.success(
        request,
        _("Revisie %(rev)s van %(period)s is opgesteld.")
        % {"rev": new.revision, "period": new.period_label},
    )
    return redirect("signals:report-detail", report_id=new.report_id)


def _filename(report: SignalReport, suffix: str) -> str:
    return f"signaalrapportage-{report.municipality.cbs_code}-{report.period_label}-r{report.revision}-{suffix}"


@login_required
def report_csv_view(request: HttpRequest, report_id: uuid.UUID, table: str) -> HttpResponse:
    report = officer_report(request, report_id)
    tables = report_to_csv_tables(report.content)
    if table not in tables:
        raise Http404
    record_report_read(actor=request.user, report=report, request=request, what=table)
    response = HttpResponse(tables[table], content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, table)}.csv"'
    return response


@login_required
def report_json_view(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    report = officer_report(request, report_id)
    record_report_read(actor=request.user, report=report, request=request, what="json")
    response = HttpResponse(canonical_json(report.content), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "rapport")}.json"'
    return response
