"""The household list: filters, BSN search and the paginated overview."""

from __future__ import annotations

import re
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import models
from django.db.models import DecimalField, Min, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from casework import forms as cf
from casework.models import AssessmentScore, Debt, Household
from casework.selectors import household_list, looks_like_bsn
from casework.services import household_search_bsn, record_list
from casework.views.common import case_teams, professional_choices, require_case_role
from core.presentation.form_errors import error_items

PAGE_SIZE = 25


# --- list ---------------------------------------------------------------------------------


def _with_list_columns(households: models.QuerySet[Household]) -> models.QuerySet[Household]:
    debts = (
        Debt.objects.filter(household=OuterRef("pk"))
        .order_by()
        .values("household")
        .annotate(total=Sum("amount"))
        .values("total")[:1]
    )
    lowest = (
        AssessmentScore.objects.filter(assessment_id=OuterRef("latest_assessment_id"))
        .order_by()
        .values("assessment")
        .annotate(low=Min("score"))
        .values("low")[:1]
    )
    money = DecimalField(max_digits=14, decimal_places=2)
    return households.annotate(
        debt_total=Coalesce(
            Subquery(debts, output_field=money), Value(Decimal("0")), output_field=money
        ),
        lowest_zrm=Subquery(lowest),
    )


STORED_SEARCH_KEY = "casework.list.search"
STORED_SEARCH_MARK = "zoekterm"


def _search_term_out_of_the_url(request: HttpRequest) -> HttpResponse:
    """A `?q=` typed or linked into the address: move it out before anything echoes it.

    The page would otherwise repeat it in the search box, in pagination links and in the
    language switch's `next`, so a BSN or name ends up in yet more URLs and logs. A name moves
    into the session like a posted search; a BSN is refused (the audited search is the form).
    """
    query = request.GET.copy()
    term = query.pop("q", [""])[-1].strip()
    query.pop(STORED_SEARCH_MARK, None)
    digits = re.sub(r"[\s.-]", "", term)
    if looks_like_bsn(term) or (digits.isdigit() and len(digits) in (8, 9)):
        request.session.pop(STORED_SEARCH_KEY, None)
        messages.warning(
            request, _("Zoek een BSN via het zoekveld: een BSN hoort niet in een webadres.")
        )
    elif term:
        request.session[STORED_SEARCH_KEY] = term
        query[STORED_SEARCH_MARK] = "1"
    target = reverse("casework:list")
    return redirect(f"{target}?{query.urlencode()}" if query else target)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def household_list_view(request: HttpRequest) -> HttpResponse:
    access = require_case_role(request)
    teams = case_teams(access)
    if request.method == "POST":
        # The search form posts, so a BSN typed into it never lands in a URL or access log.
        term = request.POST.get("q", "").strip()
        if looks_like_bsn(term):
            # Audited whatever the outcome: one row, with the number of matches, never the BSN.
            found = household_search_bsn(user=request.user, bsn=term, request=request)
            if len(found) == 1:
                return redirect("casework:detail", found[0].pk)
            if found:
                messages.info(
                    request,
                    _(
                        "Er zijn %(count)s huishoudens met dit BSN in uw teams. Zoek op naam of "
                        "postcode om het juiste te vinden."
                    )
                    % {"count": len(found)},
                )
                return redirect("casework:list")
            messages.info(request, _("Er is geen huishouden met dit BSN in uw teams."))
            return redirect("casework:list")
        # A name is personal data too: the term stays in the session and the URL only says
        # that there is one, so it reaches no access log, browser history or shared link.
        query = request.POST.copy()
        for key in ("csrfmiddlewaretoken", "page", "q", STORED_SEARCH_MARK):
            query.pop(key, None)
        cleaned = QueryDict(mutable=True)
        for key, values in query.lists():
            if any(values):
                cleaned.setlist(key, values)
        if term:
            request.session[STORED_SEARCH_KEY] = term
            cleaned[STORED_SEARCH_MARK] = "1"
        else:
            request.session.pop(STORED_SEARCH_KEY, None)
        target = reverse("casework:list")
        return redirect(f"{target}?{cleaned.urlencode()}" if cleaned else target)
    if "q" in request.GET:
        return _search_term_out_of_the_url(request)
    data = request.GET.copy()
    if data.pop(STORED_SEARCH_MARK, None):
        data["q"] = request.session.get(STORED_SEARCH_KEY, "")
    else:
        request.session.pop(STORED_SEARCH_KEY, None)  # kept no longer than the search is shown
    form = cf.HouseholdFilterForm(
        data or None,
        teams=[(team.pk, team.name) for team in teams],
        professionals=professional_choices((team.pk for team in teams), include_inactive=True),
    )
    filters = form.filters() if form.is_bound else {}
    households = _with_list_columns(household_list(user=request.user, **filters))
    page = Paginator(households, PAGE_SIZE).get_page(request.GET.get("page"))
    # Only the form's own fields: any other parameter name is the visitor's free text.
    record_list(
        actor=request.user,
        request=request,
        filters=sorted(k for k, v in (form.data or {}).items() if v and k in form.fields),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "casework/household_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": bool(filters) and any(v not in ("", None) for v in filters.values()),
            "errors": error_items((form, "")),
        },
    )
