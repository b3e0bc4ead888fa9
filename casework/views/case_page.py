"""The case page (dossier detail) and the AVG art. 15 export."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from casework import forms as cf
from casework.constants import CreditorKind, ZrmDomain, special_categories
from casework.export import build_dossier_export
from casework.models import Household
from casework.sections import case_summary, section_shapes, sections_for, slots_for
from casework.selectors import JOURNAL_ON_PAGE, household_dossier, money_summary, zrm_profile
from casework.services import record_read

# --- case page ----------------------------------------------------------------------------


def _member_money(household: Household) -> list[dict[str, Any]]:
    rows = []
    for member in household.members.all():
        incomes = list(member.incomes.all())
        rows.append(
            {
                "member": member,
                "incomes": incomes,
                "net_monthly": sum(
                    (i.net_monthly for i in incomes if i.net_monthly is not None), Decimal("0")
                ),
                "gross_monthly": sum(
                    (i.gross_monthly for i in incomes if i.gross_monthly is not None),
                    Decimal("0"),
                ),
            }
        )
    return rows


# Casework's own sections before and after the plugged ones (Regelingen, Doorbraken), so those
# follow the money section and stay close to the top.
CASE_SECTIONS = [
    ("overzicht", gettext_lazy("Overzicht")),
    ("geld", gettext_lazy("Geld")),
]
CASE_SECTIONS_AFTER = [
    ("zrm", gettext_lazy("Zelfredzaamheid (ZRM)")),
    ("perspectiefplan", gettext_lazy("Perspectiefplan")),
    ("organisaties", gettext_lazy("Betrokken organisaties")),
    ("tijdlijn", gettext_lazy("Tijdlijn")),
]


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def household_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_dossier(user=request.user, household_id=pk)
    zrm = zrm_profile(household)
    record_read(
        actor=request.user,
        household=household,
        request=request,
        special_categories=zrm.special_categories,
    )
    plugged = sections_for(household.pk)
    # The room each plugged section will take, so the page does not move when it arrives.
    shapes = section_shapes(
        keys=[str(s["key"]) for s in plugged], household=household, user=request.user
    )
    for section in plugged:
        section["shape"] = shapes.get(str(section["key"]))
    organisations = list(household.organisations.all())
    member_money = _member_money(household)
    return render(
        request,
        "casework/household_detail.html",
        {
            "household": household,
            "housing": getattr(household, "housing", None),
            "plan": getattr(household, "perspective_plan", None),
            "members": list(household.members.all()),
            "member_money": member_money,
            "income_count": sum(len(row["incomes"]) for row in member_money),
            "money": money_summary(household),
            "debts": list(household.debts.all()),
            "assets": list(household.assets.all()),
            "benefits": list(household.benefits.all()),
            "goals": list(household.goals.all()),
            "organisations": organisations,
            "organisations_total": sum((o.yearly_cost for o in organisations), Decimal("0")),
            "zrm": zrm,
            "journal": household.journal_entries,
            "journal_limit": JOURNAL_ON_PAGE,
            "journal_form": cf.JournalForm(),
            "sections": [
                *CASE_SECTIONS,
                *[(s["key"], s["label"]) for s in plugged],
                *CASE_SECTIONS_AFTER,
            ],
            "summary": case_summary(household=household, user=request.user),
            "plugged_sections": plugged,
            "slots": slots_for(household.pk),
            "creditor_kinds": CreditorKind,
        },
    )


# --- export (AVG art. 15) -----------------------------------------------------------------


def _export(request: HttpRequest, pk: int) -> tuple[Household, dict[str, Any]]:
    household = household_dossier(user=request.user, household_id=pk, journal_limit=None)
    data = build_dossier_export(household=household)
    # The export holds every ZRM reason: name the special categories among them in the audit.
    shown = {domain for a in data["assessments"] for domain in a["reasons"]}
    record_read(
        actor=request.user,
        household=household,
        what="household.export",
        request=request,
        special_categories=special_categories(shown),
    )
    return household, data


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def export_view(request: HttpRequest, pk: int) -> HttpResponse:
    household, data = _export(request, pk)
    # The print is for the person it is about: ZRM domains by name, not by their code.
    labels = dict(ZrmDomain.choices)
    assessments = [
        {
            **assessment,
            "scores": [
                (labels.get(domain, domain), score, assessment["reasons"].get(domain, ""))
                for domain, score in assessment["scores"].items()
            ],
        }
        for assessment in data["assessments"]
    ]
    response = render(
        request,
        "casework/export.html",
        {"household": household, "export": data, "assessments": assessments},
    )
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def export_json_view(request: HttpRequest, pk: int) -> HttpResponse:
    household, data = _export(request, pk)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="dossier-{household.pk}.json"'
    response["Cache-Control"] = "no-store, private"
    return response
