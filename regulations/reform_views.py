"""The policy officer's reform pages: define a reform (form or YAML), run it over the open caseload
(on the workers, with progress) and read the result (figures suppressed below ten households).

Views parse input, call one service and render; only policy officers of the reform's municipality
see anything (403 for other roles, 404 for another municipality's reform or simulation).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.presentation.charts import bar_chart
from core.presentation.labels import label_for
from core.presentation.numbers import count as count_text
from regulations.forms import ReformForm, ReformUploadForm, SimulationStartForm
from regulations.models import Reform, Simulation
from regulations.schemes.reforms import SWITCHES, ReformInvalid
from regulations.services import simulations as service

BAND_LABELS = {
    "verlies_meer_dan_100": gettext_lazy("Verlies meer dan € 100"),
    "verlies_tot_100": gettext_lazy("Verlies tot € 100"),
    "gelijk": gettext_lazy("Gelijk"),
    "winst_tot_25": gettext_lazy("Winst tot € 25"),
    "winst_25_50": gettext_lazy("Winst € 25 tot € 50"),
    "winst_50_100": gettext_lazy("Winst € 50 tot € 100"),
    "winst_100_200": gettext_lazy("Winst € 100 tot € 200"),
    "winst_meer_dan_200": gettext_lazy("Winst meer dan € 200"),
}


def _officer(request: HttpRequest) -> None:
    if not service.officer_municipality_ids(request.user):
        raise PermissionDenied


def _reform(request: HttpRequest, reform_id: int) -> Reform:
    return get_object_or_404(service.officer_reforms(request.user), pk=reform_id)


def _simulation(request: HttpRequest, public_id: uuid.UUID) -> Simulation:
    return get_object_or_404(service.officer_simulations(request.user), public_id=public_id)


@login_required
@never_cache
@require_GET
def reform_list_view(request: HttpRequest) -> HttpResponse:
    _officer(request)
    reforms = service.officer_reforms(request.user).order_by("-created_at", "-id")[:100]
    simulations = service.officer_simulations(request.user).order_by("-created_at", "-id")[:100]
    return render(
        request,
        "regulations/reforms/list.html",
        {"reforms": reforms, "simulations": simulations},
    )


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def reform_create_view(request: HttpRequest) -> HttpResponse:
    _officer(request)
    municipality = service.officer_municipalities(request.user)[0]
    keys = sorted(service.known_parameter_kinds())
    form = ReformForm(request.POST or None, keys=keys)
    upload = ReformUploadForm()
    if request.method == "POST" and form.is_valid():
        try:
            spec = service.reform_parse(form.reform_data())
        except ReformInvalid as invalid:
            form.add_reform_errors(invalid.errors)
        else:
            reform = service.reform_create(actor=request.user, municipality=municipality, spec=spec)  # type: ignore[arg-type]
            messages.success(request, _("De hervorming is vastgelegd."))
            return redirect("regulations:reform-detail", reform_id=reform.pk)
    return render(
        request,
        "regulations/reforms/form.html",
        {"form": form, "upload": upload, "switch_keys": list(SWITCHES)},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@never_cache
@require_POST
def reform_upload_view(request: HttpRequest) -> HttpResponse:
    _officer(request)
    municipality = service.officer_municipalities(request.user)[0]
    upload = ReformUploadForm(request.POST, request.FILES)
    if upload.is_valid():
        try:
            text = upload.cleaned_data["file"].read().decode("utf-8")
            spec = service.reform_parse_text(text, source=upload.cleaned_data["file"].name)
        except UnicodeDecodeError:
            upload.add_error("file", _("Het bestand is geen UTF-8-tekst."))
        except ReformInvalid as invalid:
            for path, message in invalid.errors:
                upload.add_error("file", f"{path or _('hervorming')}: {message}")
        else:
            reform = service.reform_create(actor=request.user, municipality=municipality, spec=spec)  # type: ignore[arg-type]
            messages.success(request, _("De hervorming is vastgelegd."))
            return redirect("regulations:reform-detail", reform_id=reform.pk)
    form = ReformForm(keys=sorted(service.known_parameter_kinds()))
    return render(
        request,
        "regulations/reforms/form.html",
        {"form": form, "upload": upload, "switch_keys": list(SWITCHES)},
        status=422,
    )


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def reform_detail_view(request: HttpRequest, reform_id: int) -> HttpResponse:
    _officer(request)
    reform = _reform(request, reform_id)
    form = SimulationStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            simulation = service.simulation_start(
                actor=request.user,  # type: ignore[arg-type]
                reform=reform,
                reference_date=form.cleaned_data["reference_date"],
            )
        except ReformInvalid as invalid:
            for _path, message in invalid.errors:
                form.add_error("reference_date", message)
        else:
            messages.success(
                request,
                _("De doorrekening over %(n)s open huishoudens is gestart.")
                % {"n": count_text(simulation.total)},
            )
            return redirect("regulations:simulation-detail", public_id=simulation.public_id)
    return render(
        request,
        "regulations/reforms/detail.html",
        {
            "reform": reform,
            "form": form,
            "simulations": reform.simulations.order_by("-created_at", "-id")[:50],
        },
        status=422 if form.is_bound and form.errors else 200,
    )


def _result_context(simulation: Simulation) -> dict[str, Any]:
    results = simulation.results
    if not results:
        return {}
    distribution = [
        {
            "label": str(BAND_LABELS[row["band"]]),
            "households": row["households"],
        }
        for row in results["distribution"]
    ]
    chart = bar_chart(
        chart_id="verdeling",
        title=_("Huishoudens naar verandering per maand"),
        rows=[
            (
                row["label"],
                row["households"],
                count_text(row["households"]) if row["households"] is not None else _("onderdrukt"),
            )
            for row in distribution
        ],
    )
    schemes = [
        {**row, "label": label_for("scheme", row["scheme"])}
        for row in results["cost_yearly"]["by_scheme"]
    ]
    return {
        "results": results,
        "schemes": schemes,
        "distribution": distribution,
        "chart": chart,
        "typical": results.get("typical", []),
    }


@login_required
@never_cache
@require_GET
def simulation_detail_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    _officer(request)
    simulation = _simulation(request, public_id)
    service.simulation_read(actor=request.user, simulation=simulation, request=request)  # type: ignore[arg-type]
    return render(
        request,
        "regulations/reforms/simulation.html",
        {"simulation": simulation, **_result_context(simulation)},
    )


@login_required
@never_cache
@require_GET
def simulation_progress_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    _officer(request)
    simulation = _simulation(request, public_id)
    response = render(
        request, "regulations/reforms/partials/progress.html", {"simulation": simulation}
    )
    if simulation.finished:
        # htmx: the figures are on the full page; load it once the run is finished.
        response["HX-Refresh"] = "true"
    return response
