"""A single signal: create, detail, edit, link and unlink breakthroughs, move status."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.legal_references import article_group
from regulations.models import Simulation
from signals.forms import LinkForm, ProposalForm, SignalForm, SignalMoveForm
from signals.models import Signal
from signals.selectors import (
    PseudonymisedRow,
    group_breakthrough_ids,
    officer_municipality,
    officer_signal,
    pseudonymised_rows,
    regulation_named,
    resolve_refs,
    signal_with_figures,
)
from signals.services import (
    record_breakthroughs_shown,
    signal_create,
    signal_link,
    signal_move,
    signal_propose_simulation,
    signal_unlink,
    signal_update,
)
from signals.views.common import national_counterparts, signal_summary


def _group_from_query(request: HttpRequest) -> dict[str, str]:
    return {
        "regeling": request.GET.get("regeling", "")[:60],
        "artikel": request.GET.get("artikel", "")[:60],
        "knelpunt": request.GET.get("knelpunt", "")[:40],
        "thema": request.GET.get("thema", "")[:25],
    }


@login_required
def signal_create_view(request: HttpRequest) -> HttpResponse:
    municipality = officer_municipality(request)
    if request.method == "POST":
        form = SignalForm(request.POST)
        if form.is_valid():
            group = form.group()
            ids = group_breakthrough_ids(municipality=municipality, group=group) if group else None
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
                    ngettext(
                        "Signaal aangemaakt met %(n)s gekoppelde doorbraak.",
                        "Signaal aangemaakt met %(n)s gekoppelde doorbraken.",
                        len(ids or []),
                    )
                    % {"n": len(ids or [])},
                )
                return redirect("signals:detail", public_id=signal.public_id)
        group_rows: list[PseudonymisedRow] = []
    else:
        group = _group_from_query(request)
        initial: dict[str, Any] = {}
        group_rows = []
        if group["regeling"] or group["thema"]:
            regulation = regulation_named(code=group["regeling"])
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
            key = (
                group["regeling"],
                article_group(group["artikel"]),
                group["knelpunt"],
                group["thema"],
            )
            group_rows = [
                row for row in pseudonymised_rows(municipality=municipality) if row.group_key == key
            ]
        form = SignalForm(initial=initial)
        if group_rows:
            record_breakthroughs_shown(
                actor=request.user,
                municipality=municipality,
                rows=group_rows,
                request=request,
                page="signal_create",
            )
    return render(
        request,
        "signals/signal_form.html",
        {"form": form, "municipality": municipality, "group_rows": group_rows, "signal": None},
    )


@login_required
def signal_detail_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    signal = officer_signal(request, public_id)
    context = _detail_context(request, signal)
    record_breakthroughs_shown(
        actor=request.user,
        municipality=signal.municipality,
        rows=[*context["linked"], *context["unlinked"]],
        request=request,
        page="signal",
        signal=signal,
    )
    return render(request, "signals/signal_detail.html", context)


def _detail_context(
    request: HttpRequest,
    signal: Signal,
    *,
    link_form: LinkForm | None = None,
    move_form: SignalMoveForm | None = None,
    proposal_form: ProposalForm | None = None,
) -> dict[str, Any]:
    figures = signal_with_figures(signal=signal)
    rows = pseudonymised_rows(municipality=signal.municipality)
    linked_ids = set(signal.links.values_list("breakthrough_id", flat=True))
    linked = [row for row in rows if row.pk in linked_ids]
    unlinked = [row for row in rows if row.pk not in linked_ids]
    return {
        "signal": signal,
        "national": national_counterparts([signal]).get(signal.pk),
        "figures": signal_summary(figures),
        "linked": linked,
        "unlinked": unlinked,
        "link_form": link_form or LinkForm(rows=unlinked),
        "proposal_form": proposal_form
        or ProposalForm(
            simulations=_finished_simulations(signal),
            initial={
                "simulation": str(signal.proposed_simulation.public_id)
                if signal.proposed_simulation
                else ""
            },
        ),
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


def _finished_simulations(signal: Signal) -> list[Simulation]:
    return list(
        Simulation.objects.filter(
            municipality_id=signal.municipality_id, status=Simulation.Status.DONE
        )
        .select_related("reform")
        .order_by("-created_at", "-id")[:100]
    )


@login_required
@require_POST
def signal_propose_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Attach (or detach) a finished simulation as the signal's costed proposal."""
    signal = officer_signal(request, public_id)
    simulations = _finished_simulations(signal)
    form = ProposalForm(request.POST, simulations=simulations)
    if form.is_valid():
        chosen = form.cleaned_data["simulation"]
        simulation = next((s for s in simulations if str(s.public_id) == chosen), None)
        try:
            signal_propose_simulation(
                actor=request.user, signal=signal, simulation=simulation, request=request
            )
        except ValidationError as error:
            form.add_error("simulation", error.messages[0])
        else:
            messages.success(request, _("Kostenraming opgeslagen."))
            return redirect(reverse("signals:detail", args=[signal.public_id]) + "#kostenraming")
    context = _detail_context(request, signal, proposal_form=form)
    return render(request, "signals/signal_detail.html", context, status=400)
