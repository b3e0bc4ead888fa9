"""The regulations pages: the case section "Regelingen" (an htmx partial on casework's case page),
Werken loont, proactief toekennen, the catalogue and the bulk re-screen for functional admins.

Views parse input, call one selector or service and render. Households come from casework's
selectors (404 outside the user's teams); pages for other roles answer 403.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework.models import BenefitReceived, Household, Member
from casework.selectors import household_get
from core.audit import audit_record
from core.models import Role
from core.permissions import access_for
from core.presentation.labels import label_for
from core.presentation.money import euro_in_text
from regulations import selectors, services
from regulations.forms import (
    ParameterPackUploadForm,
    ProactiveGrantHandleForm,
    RescreenStartForm,
    WorkPaysForm,
)
from regulations.grant_routes import grant_route
from regulations.models import Screening
from regulations.prose import engine_prose
from regulations.schemes import catalogue
from regulations.schemes.engine import (
    household_net_income_monthly,
    sociaal_minimum_with_provisional,
)
from regulations.schemes.facts import InputError, parse_household
from regulations.schemes.params import ParameterMissing
from regulations.services.screening import explained_results
from regulations.tasks import start_rescreen

MINIMUM_LEVELS = (100, 110, 120, 130)
OUTCOME_TONES = {"eligible": "ok", "not_eligible": "info", "insufficient_data": "warn"}
# Every input the engine can report as missing, with its Dutch label and the casework form field
# that fills it. Member paths are written after "members[i]." with "[]" for an income's position.
# ("member", field): the member form; ("income", field): the edit form of that income. The test
# of the whole map scans the engine for every path it reports.
MEMBER_PATHS: dict[str, tuple[Any, tuple[str, str]]] = {
    "incomes": (gettext_lazy("inkomen"), ("member", "has_no_income")),
    "incomes[].net_monthly": (
        gettext_lazy("netto bedrag van het inkomen"),
        ("income", "net_amount"),
    ),
    "incomes[].gross_monthly": (
        gettext_lazy("bruto bedrag van het inkomen"),
        ("income", "gross_amount"),
    ),
    "assessed_income_yearly": (
        gettext_lazy("toetsingsinkomen per jaar"),
        ("member", "assessed_income_yearly"),
    ),
    "health_insured": (gettext_lazy("zorgverzekerd"), ("member", "health_insured")),
    "birth_date": (gettext_lazy("geboortedatum"), ("member", "birth_date")),
    "works_or_studies": (gettext_lazy("werkt of studeert"), ("member", "works_or_studies")),
    "childcare": (gettext_lazy("kinderopvang"), ("member", "childcare")),
    "childcare.hours_monthly": (
        gettext_lazy("uren kinderopvang per maand"),
        ("member", "childcare_hours_monthly"),
    ),
    "childcare.hourly_rate": (
        gettext_lazy("uurprijs kinderopvang"),
        ("member", "childcare_hourly_rate"),
    ),
}
# Household-level paths: label, casework URL name with extra args, and the field's id on that form.
HOUSEHOLD_PATHS: dict[str, tuple[Any, str, tuple[str, ...], str]] = {
    "housing": (gettext_lazy("woonsituatie"), "casework:housing", (), "tenure"),
    "housing.tenure": (gettext_lazy("woonsituatie"), "casework:housing", (), "tenure"),
    "housing.basic_rent": (gettext_lazy("kale huur"), "casework:housing", (), "basic_rent"),
    "housing.service_costs": (
        gettext_lazy("servicekosten"),
        "casework:housing",
        (),
        "service_costs",
    ),
    "assets_total": (gettext_lazy("vermogen"), "casework:item-add", ("vermogen",), "value"),
    # The safety net's own inputs (regulations/schemes/safety_net): the household's fixed costs
    # and its members.
    "fixed_costs": (gettext_lazy("vaste lasten"), "casework:item-add", ("vaste-lasten",), "kind"),
    "members": (gettext_lazy("gezinsleden"), "casework:member-add", (), "given_name"),
    "debts": (gettext_lazy("schulden"), "casework:item-add", ("schulden",), "creditor_kind"),
    "benefits_received": (
        gettext_lazy("ontvangen regelingen"),
        "casework:item-add",
        ("regelingen",),
        "scheme_code",
    ),
    "low_income_since": (
        gettext_lazy("sinds wanneer een laag inkomen"),
        "casework:edit",
        (),
        "low_income_since",
    ),
    "municipal_tax_yearly": (
        gettext_lazy("gemeentelijke belastingen per jaar"),
        "casework:edit",
        (),
        "municipal_tax_yearly",
    ),
}
_MEMBER_PATH = re.compile(r"^members\[(\d+)\]\.(.+)$")
_POSITION = re.compile(r"\[(\d+)\]")


def _url(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _require_roles(request: HttpRequest, *roles: str) -> None:
    if not access_for(request).has_role(*roles):
        raise PermissionDenied


def _require_national_admin(request: HttpRequest) -> None:
    """A re-screen runs over the open households of every municipality of the installation (a run
    has no municipality), so it is the national admin's: a functional admin with the national
    parameter permission."""
    _require_roles(request, Role.FUNCTIONAL_ADMIN)
    if not services.may_manage_national_parameters(request.user):  # type: ignore[arg-type]
        raise PermissionDenied


# --- the case section -----------------------------------------------------------------------


def missing_items(
    paths: list[str],
    *,
    household_id: int,
    inputs: dict[str, Any],
    names: dict[int, str],
    income_ids: dict[int, list[int]] | None = None,
) -> list[dict[str, Any]]:
    """Each missing input as a Dutch label, with a link to the casework form field that fills it.

    `income_ids` lists each member's income ids in the order the screening input has them (by id),
    so "incomes[1].gross_monthly" opens that income's form.
    """
    members = inputs.get("members", [])
    items = []
    for path in paths:
        label: Any = path
        url = None
        match = _MEMBER_PATH.match(path)
        if match:
            index, rest = int(match.group(1)), match.group(2)
            ref = members[index]["ref"] if index < len(members) else ""
            member_id = int(ref[1:]) if ref.startswith("m") and ref[1:].isdigit() else None
            field_label, (form, field) = MEMBER_PATHS.get(
                _POSITION.sub("[]", rest), (rest.replace("_", " "), ("", ""))
            )
            who = names.get(member_id or 0, _("gezinslid %(n)s") % {"n": index + 1})
            label = _("%(field)s van %(who)s") % {"field": field_label, "who": who}
            if member_id and form == "member":
                url = _field_url("casework:member-edit", field, household_id, member_id)
            elif member_id and form == "income":
                position = int(_POSITION.search(rest).group(1))  # type: ignore[union-attr]
                ids = (income_ids or {}).get(member_id, [])
                if position < len(ids):
                    url = _field_url(
                        "casework:item-edit", field, household_id, "inkomens", ids[position]
                    )
        elif path.startswith("parameter:"):
            # The parameter's name is the engine's: shown as code, never as prose.
            label = format_html(
                _("parameterwaarde {key} (niet bekend voor de peildatum)"),
                key=format_html("<code>{}</code>", path.split(":", 1)[1]),
            )
        elif path in HOUSEHOLD_PATHS:
            label, url_name, extra, field = HOUSEHOLD_PATHS[path]
            url = _field_url(url_name, field, household_id, *extra)
        items.append({"path": path, "label": str(label), "url": url})
    return items


def _field_url(name: str, field: str, *args: Any) -> str | None:
    url = _url(name, *args)
    return f"{url}#id_{field}" if url else None


# Numbers and names in the engine's explanation values, as the engine writes them.
ENGINE_DECIMAL = re.compile(r"^-?\d+\.\d+$")
ENGINE_NAME = re.compile(r"^[a-z][a-z0-9]*(?:[._][a-z0-9]+)+$")


MEMBER_REF = re.compile(r"^m(\d+)$")


def _format_value(value: Any, *, names: dict[int, str] | None = None) -> SafeString:
    """An explanation value for people: Dutch numbers, members by name, engine names as code."""
    names = names or {}
    if isinstance(value, dict):
        return mark_safe(  # the keys and values are escaped by the calls below
            "; ".join(
                format_html(
                    "{}: {}", _format_value(key, names=names), _format_value(item, names=names)
                )
                for key, item in value.items()
            )
        )
    if isinstance(value, list):
        return mark_safe(", ".join(_format_value(item, names=names) for item in value))
    if isinstance(value, bool):
        return conditional_escape(_("ja") if value else _("nee"))
    if value is None:
        return conditional_escape(_("onbekend"))
    text = str(value)
    member = MEMBER_REF.match(text)
    if member and int(member.group(1)) in names:
        # The engine refers to household members as "m<id>".
        return conditional_escape(names[int(member.group(1))])
    if ENGINE_NAME.match(text):
        return format_html("<code>{}</code>", text)
    if text.startswith(("https://", "http://")):
        # A source is a link named by its publication (or host), not an address to read.
        return format_html(
            '<a class="utrecht-link" href="{}">{}</a>', text, catalogue.source_label(text)
        )
    if isinstance(value, (Decimal, float)) or ENGINE_DECIMAL.match(text):
        text = text.replace(".", ",")
    return conditional_escape(euro_in_text(text))


def _money(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _monthly(result: dict[str, Any]) -> Decimal | None:
    return selectors.result_monthly(result)


def _cards(
    screening: Screening,
    *,
    household_id: int,
    names: dict[int, str],
    scheme_names: dict[str, str],
    income_ids: dict[int, list[int]],
) -> list[dict[str, Any]]:
    cards = []
    # A bulk re-screen stores no steps: they are written now, from the stored inputs.
    for result in explained_results(screening):
        label = label_for("scheme_outcome", result["outcome"])
        tone = OUTCOME_TONES.get(result["outcome"], "info")
        cards.append(
            {
                "code": result["scheme"],
                "name": scheme_names.get(result["scheme"], result["scheme"]),
                "outcome": result["outcome"],
                "outcome_label": label,
                "tone": tone,
                "amount_monthly": _money(result.get("amount_monthly")),
                "amount_yearly": _money(result.get("amount_yearly")),
                "received": result.get("received", False),
                "non_take_up": result.get("non_take_up", False),
                # Snapshots from before provisional values have no such field: nothing carried.
                "provisional": [
                    {
                        "key": item["key"],
                        "used_valid_from": date.fromisoformat(item["used_valid_from"]),
                        "expired_on": date.fromisoformat(item["expired_on"]),
                    }
                    for item in result.get("provisional", [])
                ],
                "route": grant_route(result["scheme"]),
                "missing": missing_items(
                    result.get("missing", []),
                    household_id=household_id,
                    inputs=screening.inputs,
                    names=names,
                    income_ids=income_ids,
                ),
                "steps": [
                    {
                        **step,
                        # The engine writes amounts as "€ 1550.45"; pages show € 1.550,45.
                        "rule": engine_prose(step.get("rule", "")),
                        "result": euro_in_text(step.get("result", "")),
                        "values": [
                            # A plain word stays prose; an engine name is shown as code.
                            (_format_value(k), _format_value(v, names=names))
                            for k, v in step["values"].items()
                        ],
                    }
                    for step in result.get("explanation", [])
                ],
            }
        )
    return cards


def _summary(
    screening: Screening, *, municipality_code: str, benefits: list[BenefitReceived]
) -> dict[str, Any]:
    entitled = received = not_used = Decimal("0")
    for result in screening.results:
        monthly = _monthly(result) if result["outcome"] == "eligible" else None
        if monthly is None:
            continue
        entitled += monthly
        if result.get("received"):
            received += monthly
        if result.get("non_take_up"):
            not_used += monthly
    recorded = sum((b.amount_monthly or Decimal("0") for b in benefits), Decimal("0"))
    net_income = minimum = None
    minimum_provisional: tuple[str, ...] = ()
    try:
        facts = parse_household(screening.inputs)
        net_income = household_net_income_monthly(facts)
        parameters = services.parameters_for(
            reference_date=screening.reference_date, municipality_code=municipality_code
        )
        minimum, minimum_provisional = sociaal_minimum_with_provisional(facts, parameters)
    except (InputError, ParameterMissing):
        pass
    levels = []
    if minimum is not None:
        levels = [
            {"percent": p, "amount": (minimum * p / 100).quantize(Decimal("0.01"))}
            for p in MINIMUM_LEVELS
        ]
    position = None
    if net_income is not None and minimum:
        position = int((net_income * 100 / minimum).to_integral_value())
    return {
        "entitled": entitled,
        "received": received,
        "not_used": not_used,
        "recorded": recorded,
        "net_income": net_income,
        "minimum": minimum,
        "levels": levels,
        "percentage_of_minimum": position,
        "minimum_provisional": list(minimum_provisional),
    }


def _members_for_choice(household: Household) -> tuple[list[tuple[int, str]], dict[int, str]]:
    members = list(
        Member.objects.filter(household=household).order_by("relation", "birth_date", "id")
    )
    names = {m.pk: m.full_name for m in members}
    # Applicant first, then partner and other adults: those who might earn more.
    order = {"applicant": 0, "partner": 1, "housemate": 2, "child": 3}
    choices = [
        (m.pk, f"{m.full_name} ({m.get_relation_display().lower()})")
        for m in sorted(members, key=lambda m: (order.get(m.relation, 9), m.pk))
        if m.lives_in
    ]
    return choices, names


def _section_context(request: HttpRequest, household: Household) -> dict[str, Any]:
    screening = services.latest_screening(household_id=household.pk)
    if screening is None:
        screening = services.screening_run_and_store(
            household_id=household.pk, trigger=Screening.Trigger.MANUAL, actor=request.user
        )
    services.record_read(
        actor=request.user,
        action="screening.read",
        household=household,
        obj=screening,
        request=request,
    )
    choices, names = _members_for_choice(household)
    benefits = list(BenefitReceived.objects.filter(household=household))
    scheme_names = selectors.regulation_name_map(r["scheme"] for r in screening.results)
    cards = _cards(
        screening,
        household_id=household.pk,
        names=names,
        scheme_names=scheme_names,
        income_ids=selectors.income_ids_by_member(household_id=household.pk),
    )
    return {
        "household": household,
        "screening": screening,
        "cards": cards,
        "cards_by_outcome": {
            "eligible": sum(1 for c in cards if c["outcome"] == "eligible"),
            "insufficient_data": sum(1 for c in cards if c["outcome"] == "insufficient_data"),
            "not_eligible": sum(1 for c in cards if c["outcome"] == "not_eligible"),
            "non_take_up": sum(1 for c in cards if c["non_take_up"]),
        },
        "summary": _summary(
            screening, municipality_code=household.municipality.cbs_code, benefits=benefits
        ),
        "work_pays_form": WorkPaysForm(
            members=choices, prefix="wl", initial={"member": choices[0][0]}
        )
        if choices
        else None,
        "detail_url": _url("casework:detail", household.pk),
    }


@login_required
@never_cache
@require_GET
def case_section_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The "Regelingen" section: a fragment for htmx, a whole page without JavaScript."""
    household = household_get(user=request.user, household_id=pk)
    context = _section_context(request, household)
    template = (
        "regulations/case_section.html"
        if getattr(request, "htmx", False)
        else "regulations/case_section_page.html"
    )
    return render(request, template, context)


@login_required
@require_POST
def rescreen_household_view(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Opnieuw toetsen": store a new snapshot now and show it."""
    household = household_get(user=request.user, household_id=pk)
    services.screening_run_and_store(
        household_id=household.pk, trigger=Screening.Trigger.MANUAL, actor=request.user
    )
    if getattr(request, "htmx", False):
        context = _section_context(request, household)
        context["announce"] = _("De toets is opnieuw uitgevoerd.")
        return render(request, "regulations/case_section.html", context)
    messages.success(request, _("De toets is opnieuw uitgevoerd."))
    return redirect(reverse("regulations:case-section", args=[household.pk]))


@login_required
@never_cache
@require_GET
def work_pays_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_get(user=request.user, household_id=pk)
    choices, _names = _members_for_choice(household)
    form = WorkPaysForm(request.GET or None, members=choices, prefix="wl")
    steps: list[Any] = []
    error = None
    if form.is_bound and form.is_valid():
        try:
            steps, _on = selectors.work_pays_steps(
                household_id=household.pk,
                member_id=form.cleaned_data["member"],
                max_gross_monthly=form.cleaned_data["max"],
                step=form.cleaned_data["step"],
            )
        except (InputError, ParameterMissing, ValueError) as exc:
            error = str(exc)
    # The empty form already lists the members by name: every read is recorded.
    services.record_read(
        actor=request.user,
        action="workpays.read",
        household=household,
        request=request,
        data={"computed": bool(steps)},
    )
    context = {
        "household": household,
        "form": form,
        "steps": steps,
        "error": error,
        "member_name": dict(choices).get(form.cleaned_data.get("member"))
        if form.is_bound and form.is_valid()
        else None,
        "detail_url": _url("casework:detail", household.pk),
    }
    template = (
        "regulations/partials/work_pays_result.html"
        if getattr(request, "htmx", False)
        else "regulations/work_pays_page.html"
    )
    status = 422 if form.is_bound and not form.is_valid() else 200
    return render(request, template, context, status=status)


# --- proactief toekennen ----------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def proactive_list_view(request: HttpRequest) -> HttpResponse:
    if not access_for(request).can_see_cases:
        raise PermissionDenied
    grants = list(selectors.proactive_grant_list(user=request.user))
    names = selectors.regulation_name_map({g.scheme_code for g in grants})
    rows = [
        {
            "grant": grant,
            "scheme_name": names[grant.scheme_code],
            "route": grant_route(grant.scheme_code),
            "detail_url": _url("casework:detail", grant.household_id),
        }
        for grant in grants
    ]
    services.record_grant_list(actor=request.user, request=request)
    return render(request, "regulations/proactive_list.html", {"rows": rows})


@login_required
@require_POST
def proactive_handle_view(request: HttpRequest, grant_id: int) -> HttpResponse:
    if not access_for(request).can_see_cases:
        raise PermissionDenied
    grant = selectors.proactive_grant_get(user=request.user, grant_id=grant_id)
    form = ProactiveGrantHandleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies toegekend, aanvraag ingediend of niet van toepassing."))
        return redirect("regulations:proactive-list")
    try:
        services.proactive_grant_handle(
            grant=grant,
            actor=request.user,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = {
            "granted": _("Toegekend en van de lijst gehaald."),
            "applied": _("Vastgelegd dat de aanvraag is ingediend; van de lijst gehaald."),
        }
        messages.success(
            request,
            done.get(
                form.cleaned_data["status"], _("Als niet van toepassing van de lijst gehaald.")
            ),
        )
    return redirect("regulations:proactive-list")


# --- catalogue and re-screening (functional admin, policy officer) ----------------------------


CURRENCY_LABELS = {
    "ended": (gettext_lazy("Verlopen zonder opvolger"), "error"),
    "ending": (gettext_lazy("Verloopt binnen 60 dagen"), "warn"),
    "current": (gettext_lazy("Actueel"), "ok"),
    "final": (gettext_lazy("Beëindigd"), "info"),
}


def _catalogue_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    currency = [
        {
            "item": item,
            "status_label": CURRENCY_LABELS[item.status][0],
            "tone": CURRENCY_LABELS[item.status][1],
        }
        for item in services.parameter_currency_list()
    ]
    is_admin = access_for(request).has_role(Role.FUNCTIONAL_ADMIN)
    entries = selectors.regulation_catalogue()
    for entry in entries:
        for parameter in entry.parameters:
            # Values for people: Dutch numbers, the engine's names as code.
            parameter.value_text = _format_value(parameter.value)
    return {
        "entries": entries,
        "currency": currency,
        "ended_count": sum(1 for row in currency if row["item"].status == "ended"),
        "ending_count": sum(1 for row in currency if row["item"].status == "ending"),
        "is_functional_admin": is_admin,
        "packs": selectors.parameter_pack_list() if is_admin else [],
        "upload_form": ParameterPackUploadForm() if is_admin else None,
        **extra,
    }


@login_required
@require_http_methods(["GET", "HEAD"])
def catalogue_view(request: HttpRequest) -> HttpResponse:
    _require_roles(request, Role.FUNCTIONAL_ADMIN, Role.POLICY_OFFICER)
    return render(request, "regulations/catalogue.html", _catalogue_context(request))


@login_required
@require_POST
def pack_upload_view(request: HttpRequest) -> HttpResponse:
    """Upload a pack: validated first; an invalid pack shows its errors per row, stores nothing."""
    _require_roles(request, Role.FUNCTIONAL_ADMIN)
    form = ParameterPackUploadForm(request.POST, request.FILES)
    pack_errors: list[str] = []
    if form.is_valid():
        filename, content = form.cleaned_data["pack"]
        try:
            pack = services.pack_submit(
                content=content, filename=filename, actor=request.user, request=request
            )
        except ValidationError as exc:
            pack_errors = exc.messages
        else:
            messages.success(
                request,
                _("Het pakket is gecontroleerd. Een tweede functioneel beheerder keurt het goed."),
            )
            return redirect("regulations:pack-detail", pack_id=pack.pk)
    return render(
        request,
        "regulations/catalogue.html",
        _catalogue_context(request, upload_form=form, pack_errors=pack_errors),
        status=422,
    )


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def pack_detail_view(request: HttpRequest, pack_id: int) -> HttpResponse:
    """The diff of a pack (new, changed and ending values per key) and the four-eyes decision."""
    _require_roles(request, Role.FUNCTIONAL_ADMIN)
    pack = selectors.parameter_pack_get(pack_id=pack_id)
    return render(
        request,
        "regulations/pack_detail.html",
        {
            "pack": pack,
            "diff": pack.diff,
            "own_pack": pack.uploaded_by_id == request.user.pk,
            "counts": selectors.parameter_pack_counts(pack),
        },
    )


@login_required
@require_POST
def pack_decide_view(request: HttpRequest, pack_id: int) -> HttpResponse:
    _require_roles(request, Role.FUNCTIONAL_ADMIN)
    pack = selectors.parameter_pack_get(pack_id=pack_id)
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):
        messages.error(request, _("Kies goedkeuren of afwijzen."))
        return redirect("regulations:pack-detail", pack_id=pack.pk)
    decide = services.pack_approve if decision == "approve" else services.pack_reject
    try:
        decide(pack_id=pack.pk, actor=request.user, request=request)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("regulations:pack-detail", pack_id=pack.pk)
    messages.success(
        request,
        _("Het pakket is toegepast; de betrokken huishoudens worden opnieuw getoetst.")
        if decision == "approve"
        else _("Het pakket is afgewezen; er is niets gewijzigd."),
    )
    return redirect("regulations:catalogue")


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def rescreen_view(request: HttpRequest) -> HttpResponse:
    _require_national_admin(request)
    form = RescreenStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        run = start_rescreen(reason=form.cleaned_data["reason"], started_by_id=request.user.pk)
        audit_record(
            actor=request.user,
            action="rescreen.start",
            obj=run,
            request=request,
            purpose=services.PURPOSE,
            data={"total": run.total},
        )
        messages.success(
            request,
            _("De herberekening van %(n)s open huishoudens is gestart.") % {"n": run.total},
        )
        return redirect("regulations:rescreen")
    runs = selectors.rescreen_run_list()
    return render(
        request,
        "regulations/rescreen.html",
        {"form": form, "run": runs[0] if runs else None, "runs": runs},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@never_cache
@require_GET
def rescreen_progress_view(request: HttpRequest) -> HttpResponse:
    _require_national_admin(request)
    run = selectors.rescreen_run_latest()
    if run is None:
        raise Http404
    return render(request, "regulations/partials/rescreen_progress.html", {"run": run})


@login_required
@never_cache
@require_GET
def social_minimum_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The case page's money slot: household income against 100-130% of the sociaal minimum."""
    household = household_get(user=request.user, household_id=pk)
    screening = services.latest_screening(household_id=household.pk)
    services.record_read(
        actor=request.user, action="social_minimum.read", household=household, request=request
    )
    context: dict[str, Any] = {"household": household, "screening": screening}
    if screening is not None:
        benefits = list(BenefitReceived.objects.filter(household=household))
        context["summary"] = _summary(
            screening, municipality_code=household.municipality.cbs_code, benefits=benefits
        )
    return render(request, "regulations/partials/minimum_slot.html", context)
