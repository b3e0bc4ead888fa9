"""The policy officer's pages: signal workspace (knelpunten) and the periodic signal reports.

Access: policy officers only (403 for every other role); a signal or report of another
municipality answers 404. The officer sees breakthroughs only pseudonymised (`signal_forms`):
categories, regulation, article, knelpunt type, theme, amounts and the decision month, labelled
D-0001. Views parse input, call one service and render; writes are POST-redirect-GET.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from breakthroughs.constants import KnelpuntType, ReportStatus, SignalStatus, Theme
from breakthroughs.models import Breakthrough, Signal, SignalReport
from breakthroughs.report_services import (
    report_approve,
    report_generate,
    report_queue_delivery,
)
from breakthroughs.reporting.builder import canonical_json, report_to_csv_tables
from breakthroughs.signal_forms import (
    LinkForm,
    PseudonymisedRow,
    ReportGenerateForm,
    SignalForm,
    SignalMoveForm,
    pseudonymised_rows,
    resolve_refs,
)
from breakthroughs.signal_services import (
    DECIDED_POSITIVELY,
    grouped_breakthroughs,
    signal_create,
    signal_figures,
    signal_link,
    signal_move,
    signal_unlink,
    signal_update,
)
from core.models import Municipality, Role
from core.permissions import access_for
from regulations.models import Regulation

GROUP_ROWS_SHOWN = 100
DASH = "\u2013"  # shown for a value that is not known
CSV_TABLES = (
    "report",
    "totals",
    "by_theme",
    "by_regulation",
    "by_knelpunt_type",
    "signals",
    "non_take_up",
    "escalation",
    "suppressed_cells",
)
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


# --- access --------------------------------------------------------------------------------


def officer_municipalities(request_or_user: Any) -> list[Municipality]:
    """The municipalities in which the user is a policy officer; none: PermissionDenied."""
    ids = access_for(request_or_user).municipality_ids({Role.POLICY_OFFICER})
    if not ids:
        raise PermissionDenied
    return list(Municipality.objects.filter(pk__in=ids).order_by("pk"))


def officer_signal(request_or_user: Any, public_id: uuid.UUID) -> Signal:
    municipalities = officer_municipalities(request_or_user)
    return get_object_or_404(
        Signal.objects.select_related("municipality"),
        public_id=public_id,
        municipality__in=municipalities,
    )


def officer_report(request_or_user: Any, report_id: uuid.UUID) -> SignalReport:
    municipalities = officer_municipalities(request_or_user)
    return get_object_or_404(
        SignalReport.objects.select_related("municipality", "approved_by"),
        report_id=report_id,
        municipality__in=municipalities,
    )


# --- a service this feature needs (belongs in signal_services) ------------------------------


@transaction.atomic
# --- formatting and charts -----------------------------------------------------------------


def euro(value: Any) -> str:
    """Dutch money notation: € 1.234,50 (empty for None)."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value))
    text = f"{abs(amount):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {'-' if amount < 0 else ''}{text}"


def bar_chart(
    *, chart_id: str, title: str, rows: Sequence[tuple[str, int | None, str]]
) -> dict[str, Any]:
    """Geometry of a horizontal bar chart; rows are (label, value or None, text shown).

    A None value (a suppressed cell) gets no bar, only its text, so the chart never suggests a
    figure that was not published.
    """
    label_width, bar_max, row_height, top = 230, 330, 28, 8
    maximum = max([value for _label, value, _text in rows if value] or [1])
    bars = []
    for index, (label, value, text) in enumerate(rows):
        y = top + index * row_height
        width = round(bar_max * (value or 0) / maximum) if value else 0
        bars.append(
            {
                "label": label,
                "text": text,
                "y": y,
                "text_y": y + 15,
                "width": width,
                "value_x": label_width + width + 6,
                "suppressed": value is None,
            }
        )
    return {
        "id": chart_id,
        "title": title,
        "bars": bars,
        "label_x": label_width - 8,
        "bar_x": label_width,
        "width": label_width + bar_max + 90,
        "height": top * 2 + len(rows) * row_height,
    }


# --- workspace -----------------------------------------------------------------------------


def _municipality(request: HttpRequest) -> Municipality:
    return officer_municipalities(request)[0]


def _group_label(regulation: str, article: str) -> str:
    if not regulation:
        return _("(geen regeling)")
    return f"{regulation} {article}".strip()


@login_required
def workspace_view(request: HttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    rows = pseudonymised_rows(municipality=municipality)
    by_group: dict[tuple[str, str, str, str], list[PseudonymisedRow]] = {}
    for row in rows:
        by_group.setdefault(row.group_key, []).append(row)
    themes, knelpunten = dict(Theme.choices), dict(KnelpuntType.choices)
    groups = []
    for group in grouped_breakthroughs(municipality=municipality):
        key = (
            group["regulation_code"] or "",
            group["article"] or "",
            group["knelpunt_type"] or "",
            group["theme"],
        )
        members = by_group.get(key, [])
        groups.append(
            {
                **group,
                "label": _group_label(key[0], key[1]),
                "theme_label": themes.get(group["theme"], group["theme"]),
                "knelpunt_label": knelpunten.get(group["knelpunt_type"] or "", _("(onbekend)")),
                "amount_text": euro(group["amount"]),
                "avoided_text": euro(group["avoided"]),
                "create_url": reverse("signals:create")
                + "?"
                + urlencode(
                    {"regeling": key[0], "artikel": key[1], "knelpunt": key[2], "thema": key[3]}
                ),
                "rows": members[:GROUP_ROWS_SHOWN],
                "more": max(len(members) - GROUP_ROWS_SHOWN, 0),
            }
        )
    signals = signal_figures(Signal.objects.filter(municipality=municipality)).order_by(
        "-updated_at", "-id"
    )
    return render(
        request,
        "signals/workspace.html",
        {
            "municipality": municipality,
            "groups": groups,
            "suggested": [group for group in groups if group["suggested"]],
            "signals": [_signal_summary(signal) for signal in signals],
            "total": len(rows),
        },
    )


def _signal_summary(signal: Signal) -> dict[str, Any]:
    return {
        "signal": signal,
        "n_breakthroughs": signal.n_breakthroughs,
        "n_households": signal.n_households,
        "bridging": euro(signal.bridging_cost or 0),
        "avoided": euro(signal.avoided_cost or 0),
    }


def _group_from_query(request: HttpRequest) -> dict[str, str]:
    return {
        "regeling": request.GET.get("regeling", "")[:60],
        "artikel": request.GET.get("artikel", "")[:60],
        "knelpunt": request.GET.get("knelpunt", "")[:40],
        "thema": request.GET.get("thema", "")[:25],
    }


def _group_breakthrough_ids(
    municipality: Municipality, group: tuple[str, str, str, str]
) -> list[int]:
    regulation, article, knelpunt, theme = group
    return list(
        Breakthrough.objects.filter(
            municipality=municipality,
            status__in=DECIDED_POSITIVELY,
            regulation_code=regulation,
            article=article,
            knelpunt_type=knelpunt,
            theme=theme,
        ).values_list("pk", flat=True)
    )


@login_required
def signal_create_view(request: HttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    if request.method == "POST":
        form = SignalForm(request.POST)
        if form.is_valid():
            group = form.group()
            ids = _group_breakthrough_ids(municipality, group) if group else None
            try:
                signal = signal_create(
                    actor=request.user,
                    municipality=municipality,
                    data=form.signal_data(),
                    breakthrough_ids=ids,
                    request=request,
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    _("Signaal aangemaakt met %(n)s gekoppelde doorbraken.")
                    % {"n": len(ids or [])},
                )
                return redirect("signals:detail", public_id=signal.public_id)
        group_rows: list[PseudonymisedRow] = []
    else:
        group = _group_from_query(request)
        initial: dict[str, Any] = {}
        group_rows = []
        if group["regeling"] or group["thema"]:
            regulation = Regulation.objects.filter(code=group["regeling"]).first()
            initial = {
                "regulation_code": group["regeling"],
                "article": group["artikel"],
                "knelpunt_type": group["knelpunt"],
                "theme": group["thema"],
                "body": regulation.administering_body if regulation else "",
                "title": (
                    f"{regulation.name if regulation else group['regeling']} "
                    f"{group['artikel']}".strip()
                ),
                "group_regulation": group["regeling"],
                "group_article": group["artikel"],
                "group_knelpunt": group["knelpunt"],
                "group_theme": group["thema"],
            }
            key = (group["regeling"], group["artikel"], group["knelpunt"], group["thema"])
            group_rows = [
                row for row in pseudonymised_rows(municipality=municipality) if row.group_key == key
            ]
        form = SignalForm(initial=initial)
    return render(
        request,
        "signals/signal_form.html",
        {"form": form, "municipality": municipality, "group_rows": group_rows, "signal": None},
    )


@login_required
def signal_detail_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    signal = officer_signal(request, public_id)
    return render(request, "signals/signal_detail.html", _detail_context(request, signal))


def _detail_context(
    request: HttpRequest,
    signal: Signal,
    *,
    link_form: LinkForm | None = None,
    move_form: SignalMoveForm | None = None,
) -> dict[str, Any]:
    figures = signal_figures(Signal.objects.filter(pk=signal.pk)).get()
    rows = pseudonymised_rows(municipality=signal.municipality)
    linked_ids = set(signal.links.values_list("breakthrough_id", flat=True))
    linked = [row for row in rows if row.pk in linked_ids]
    unlinked = [row for row in rows if row.pk not in linked_ids]
    return {
        "signal": signal,
        "figures": _signal_summary(figures),
        "linked": linked,
        "unlinked": unlinked,
        "link_form": link_form or LinkForm(rows=unlinked),
        "unlink_form": LinkForm(rows=linked, prefix="ontkoppel"),
        "move_form": move_form or SignalMoveForm(signal=signal),
        "can_move": bool(SignalMoveForm(signal=signal).fields["to_status"].choices[1:]),
        "history": signal.history.select_related("actor").order_by("at", "id"),
    }


@login_required
def signal_edit_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    signal = officer_signal(request, public_id)
    if request.method == "POST":
        form = SignalForm(request.POST)
        if form.is_valid():
            try:
                signal_update(
                    actor=request.user, signal=signal, data=form.signal_data(), request=request
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Signaal opgeslagen."))
                return redirect("signals:detail", public_id=signal.public_id)
    else:
        form = SignalForm(initial=SignalForm.initial_for(signal))
    return render(
        request,
        "signals/signal_form.html",
        {"form": form, "municipality": signal.municipality, "group_rows": [], "signal": signal},
    )


@login_required
@require_POST
def signal_link_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    signal = officer_signal(request, public_id)
    rows = pseudonymised_rows(municipality=signal.municipality)
    form = LinkForm(request.POST, rows=rows)
    if form.is_valid():
        try:
            ids = resolve_refs(
                municipality=signal.municipality, refs=form.cleaned_data["breakthroughs"]
            )
            created = signal_link(
                actor=request.user, signal=signal, breakthrough_ids=ids, request=request
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, _("%(n)s doorbraken gekoppeld.") % {"n": created})
            return redirect(reverse("signals:detail", args=[signal.public_id]) + "#gekoppeld")
    context = _detail_context(request, signal, link_form=form)
    return render(request, "signals/signal_detail.html", context, status=400)


@login_required
@require_POST
def signal_unlink_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    signal = officer_signal(request, public_id)
    rows = pseudonymised_rows(municipality=signal.municipality)
    form = LinkForm(request.POST, rows=rows, prefix="ontkoppel")
    if form.is_valid():
        ids = resolve_refs(
            municipality=signal.municipality, refs=form.cleaned_data["breakthroughs"]
        )
        removed = signal_unlink(
            actor=request.user, signal=signal, breakthrough_ids=ids, request=request
        )
        messages.success(request, _("%(n)s doorbraken ontkoppeld.") % {"n": removed})
    else:
        messages.error(request, _("Kies ten minste één doorbraak om te ontkoppelen."))
    return redirect(reverse("signals:detail", args=[signal.public_id]) + "#gekoppeld")


@login_required
@require_POST
def signal_move_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    signal = officer_signal(request, public_id)
    form = SignalMoveForm(request.POST, signal=signal)
    if form.is_valid():
        data = form.cleaned_data
        try:
            moved = signal_move(
                actor=request.user,
                signal=signal,
                to_status=data["to_status"],
                note=data["note"],
                answer=data["answer"],
                route=data["route"],
                request=request,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("Status gewijzigd in: %(status)s.") % {"status": moved.get_status_display()},
            )
            return redirect(reverse("signals:detail", args=[signal.public_id]) + "#geschiedenis")
    context = _detail_context(request, signal, move_form=form)
    return render(request, "signals/signal_detail.html", context, status=400)


# --- reports -------------------------------------------------------------------------------


def _reports(municipalities: Sequence[Municipality]) -> QuerySet[SignalReport]:
    return SignalReport.objects.filter(municipality__in=municipalities).select_related(
        "municipality"
    )


@login_required
def report_list_view(request: HttpRequest) -> HttpResponse:
    municipalities = officer_municipalities(request)
    municipality = municipalities[0]
    if request.method == "POST":
        form = ReportGenerateForm(request.POST)
        if form.is_valid():
            period = form.cleaned_data["period"]
            report, created = report_generate(
                municipality=municipality, period=period, actor=request.user
            )
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
    reports = _reports(municipalities).order_by("-period_start", "period_end", "-revision")
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


def _suppression(content: dict[str, Any]) -> dict[tuple[str, str, str], str]:
    return {
        (cell["table"], cell["row"], cell["column"]): cell["reason"]
        for cell in content["disclosure_control"]["suppressed_cells"]
    }


COUNT_COLUMNS = frozenset({"breakthroughs", "households", "households_affected"})


def _cell(
    suppressed: dict[tuple[str, str, str], str],
    table: str,
    row: str,
    column: str,
    value: Any,
) -> dict[str, Any]:
    if value is not None:
        text = euro(value) if column.endswith("_eur") else str(value)
        return {"text": text, "state": "published"}
    reason = suppressed.get((table, row, column))
    if reason is None:
        return {"text": DASH, "state": "unknown", "note": _("niet bekend")}
    if reason == "primary" and column in COUNT_COLUMNS:
        return {"text": "< 10", "state": "suppressed", "note": _("onderdrukt")}
    return {"text": _("onderdrukt"), "state": "suppressed", "note": ""}


def report_view_tables(content: dict[str, Any]) -> dict[str, Any]:
    """The report's tables as display rows: published values, '< 10' or 'onderdrukt'."""
    suppressed = _suppression(content)
    themes, knelpunten = dict(Theme.choices), dict(KnelpuntType.choices)
    statuses = dict(SignalStatus.choices)

    def cells(table: str, row: str, item: dict[str, Any], columns: Sequence[str]) -> list[Any]:
        return [_cell(suppressed, table, row, column, item[column]) for column in columns]

    totals = content["totals"]
    money = ("breakthroughs", "households", "amount_eur", "avoided_cost_eur")
    escalation = content["escalation"]
    return {
        "totals": cells("totals", "totals", totals, money),
        "by_theme": [
            {
                "label": themes.get(item["theme"], item["theme"]),
                "cells": cells("by_theme", item["theme"], item, money),
            }
            for item in content["by_theme"]
        ],
        "by_regulation": [
            {
                "label": item["regulation_name"],
                "code": item["regulation_code"],
                "article": item["article"],
                "body": item["body"],
                "cells": cells(
                    "by_regulation",
                    f"{item['regulation_code']}|{item['article']}",
                    item,
                    money[:3],
                ),
            }
            for item in content["by_regulation"]
        ],
        "by_knelpunt_type": [
            {
                "label": knelpunten.get(item["knelpunt_type"], item["knelpunt_type"]),
                "cells": cells("by_knelpunt_type", item["knelpunt_type"], item, money[:2]),
            }
            for item in content["by_knelpunt_type"]
        ],
        "signals": [
            {
                **item,
                "theme_label": themes.get(item["theme"], item["theme"]),
                "knelpunt_label": knelpunten.get(item["knelpunt_type"], item["knelpunt_type"]),
                "status_label": statuses.get(item["status"], item["status"]),
                "cells": cells(
                    "signals",
                    item["signal_id"],
                    item,
                    ("households_affected", "bridging_cost_eur", "avoided_cost_eur"),
                ),
            }
            for item in content["signals"]
        ],
        "non_take_up": [
            {
                "code": item["regulation_code"],
                "cells": cells(
                    "non_take_up", item["regulation_code"], item, ("households", "est_monthly_eur")
                ),
            }
            for item in content["non_take_up"]
        ],
        "escalation": [
            (
                _("Besloten in het team"),
                _cell(
                    suppressed,
                    "escalation",
                    "escalation",
                    "decided_in_team",
                    escalation["decided_in_team"],
                ),
            ),
            (
                _("Doorgezet naar het doorbraakteam"),
                _cell(
                    suppressed,
                    "escalation",
                    "escalation",
                    "escalated_to_board",
                    escalation["escalated_to_board"],
                ),
            ),
            (
                _("Mediaan werkdagen tot besluit"),
                _cell(
                    suppressed,
                    "escalation",
                    "escalation",
                    "median_days_to_decision",
                    escalation["median_days_to_decision"],
                ),
            ),
        ],
        "suppressed_count": len(content["disclosure_control"]["suppressed_cells"]),
        "min_cell": content["disclosure_control"]["min_cell"],
    }


def report_charts(content: dict[str, Any]) -> list[dict[str, Any]]:
    themes, knelpunten = dict(Theme.choices), dict(KnelpuntType.choices)
    suppressed = _suppression(content)

    def row(table: str, key: str, label: str, value: int | None) -> tuple[str, int | None, str]:
        return (label, value, _cell(suppressed, table, key, "breakthroughs", value)["text"])

    return [
        bar_chart(
            chart_id="grafiek-thema",
            title=_("Doorbraken per thema"),
            rows=[
                row(
                    "by_theme",
                    item["theme"],
                    str(themes.get(item["theme"], item["theme"])),
                    item["breakthroughs"],
                )
                for item in content["by_theme"]
            ],
        ),
        bar_chart(
            chart_id="grafiek-knelpunt",
            title=_("Doorbraken per soort knelpunt"),
            rows=[
                row(
                    "by_knelpunt_type",
                    item["knelpunt_type"],
                    str(knelpunten.get(item["knelpunt_type"], item["knelpunt_type"])),
                    item["breakthroughs"],
                )
                for item in content["by_knelpunt_type"]
            ],
        ),
    ]


def _latest_revision(report: SignalReport) -> int:
    return (
        SignalReport.objects.filter(
            municipality=report.municipality,
            period_start=report.period_start,
            period_end=report.period_end,
        )
        .order_by("-revision")
        .values_list("revision", flat=True)
        .first()
        or report.revision
    )


@login_required
def report_detail_view(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    report = officer_report(request, report_id)
    is_latest = _latest_revision(report) == report.revision
    return render(
        request,
        "signals/report_detail.html",
        {
            "report": report,
            "content": report.content,
            "tables": report_view_tables(report.content),
            "charts": report_charts(report.content),
            "badge": REPORT_STATUS_BADGE.get(report.status, "info"),
            "attempts": [
                {
                    "attempt": attempt,
                    "outcome": ATTEMPT_OUTCOMES.get(attempt.outcome, attempt.outcome),
                }
                for attempt in report.attempts.order_by("attempted_at", "id")
            ],
            "can_approve": report.status == ReportStatus.GENERATED,
            "can_send": report.status in (ReportStatus.APPROVED, ReportStatus.FAILED),
            "can_revise": is_latest and report.status != ReportStatus.SENDING,
            "csv_tables": CSV_TABLES,
            "revisions": SignalReport.objects.filter(
                municipality=report.municipality,
                period_start=report.period_start,
                period_end=report.period_end,
            ).order_by("revision"),
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
    if _latest_revision(report) != report.revision or report.status == ReportStatus.SENDING:
        messages.error(
            request, _("Maak een correctie vanaf de nieuwste revisie die niet verstuurd wordt.")
        )
        return redirect("signals:report-detail", report_id=report.report_id)
    from breakthroughs.report_services import Period

    period = Period(label=report.period_label, start=report.period_start, end=report.period_end)
    new, _created = report_generate(
        municipality=report.municipality, period=period, revise=True, actor=request.user
    )
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
    response = HttpResponse(tables[table], content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, table)}.csv"'
    return response


@login_required
def report_json_view(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    report = officer_report(request, report_id)
    response = HttpResponse(canonical_json(report.content), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "rapport")}.json"'
    return response
