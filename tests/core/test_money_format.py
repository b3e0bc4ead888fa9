"""Every page that shows money prints it one way: € 1.234,56 (NBSP after the sign, dots between
thousands, a comma before the cents), never € 1234.56 or EUR 1,234.56.

The pages are rendered through their views with factory data whose amounts are above a thousand,
so thousands grouping is exercised. (The signal report's pages and CSV files are checked with the
signals app.)"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django.core.management import call_command
from django.urls import reverse

import pytest

from breakthroughs.constants import Status
from casework.constants import Relation
from core.models import Role
from regulations.models import Screening
from regulations.services import screening_run_and_store
from tests.breakthroughs.factories import BreakthroughFactory, BudgetPotFactory, EvaluationFactory
from tests.casework.factories import (
    AssetFactory,
    BenefitReceivedFactory,
    DebtFactory,
    HouseholdFactory,
    HousingFactory,
    IncomeFactory,
    InvolvedOrganisationFactory,
    MemberFactory,
)
from tests.regulations.factories import ProactiveGrantFactory

DUTCH = re.compile(r"€\xa0-?\d{1,3}(?:\.\d{3})*,\d{2}(?!\d)")
# Any euro sign with what follows it: a Dutch whole amount (charts) or one with cents.
EURO_SIGN = re.compile(r"€(.{0,16})", re.DOTALL)
DUTCH_AFTER_SIGN = re.compile(r"^\xa0-?\d{1,3}(?:\.\d{3})*(?:,\d{2})?(?!\d|[.,]\d)")
FOREIGN = re.compile(r"(€\s?\d+\.\d{2}\b|€\s?\d{1,3}(?:,\d{3})+\.\d{2}|(?<![A-Za-z0-9])EUR\s?\d)")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def dossier(organisation):
    call_command("load_regulations", verbosity=0)
    household = HouseholdFactory(team=organisation.team, display_name="Yilmaz")
    applicant = household.members.get()
    applicant.assessed_income_yearly = Decimal("21000.00")
    applicant.save()
    IncomeFactory(member=applicant, gross_amount=Decimal("2345.67"), net_amount=Decimal("1987.65"))
    MemberFactory(household=household, relation=Relation.CHILD)
    HousingFactory(household=household, basic_rent=Decimal("1012.34"))
    DebtFactory(household=household, amount=Decimal("4321.09"))
    AssetFactory(household=household, value=Decimal("1500.50"))
    BenefitReceivedFactory(household=household, scheme_code="huurtoeslag")
    InvolvedOrganisationFactory(household=household, yearly_cost=Decimal("3500.00"))
    pot = BudgetPotFactory(
        municipality=organisation.municipality, team=organisation.team, amount=Decimal("25000")
    )
    professional = organisation.users[Role.PROFESSIONAL]
    submitted = BreakthroughFactory(
        household=household,
        budget_pot=pot,
        proposer=professional,
        amount=Decimal("1234.56"),
        total_cost=Decimal("1234.56"),
        doormodderen_yearly_cost=Decimal("11700.00"),
        expected_avoided_cost=Decimal("9000.00"),
        status=Status.SUBMITTED,
    )
    evaluated = BreakthroughFactory(
        household=household,
        budget_pot=pot,
        proposer=professional,
        amount=Decimal("2500.00"),
        total_cost=Decimal("2500.00"),
        status=Status.EVALUATED,
    )
    EvaluationFactory(breakthrough=evaluated, evaluated_by=organisation.users[Role.TEAM_LEAD])
    ProactiveGrantFactory(
        household=household, scheme_code="bijzondere_bijstand", amount_monthly=Decimal("1234.50")
    )
    # The stored screening that the regulations section and the sociaal-minimum slot read.
    screening_run_and_store(
        household_id=household.pk, trigger=Screening.Trigger.MANUAL, actor=professional
    )
    return {"household": household, "pot": pot, "submitted": submitted, "applicant": applicant}


PAGES = {
    # name: (role, url name, args from the dossier, query, htmx, an amount the page must show)
    "case page": (Role.PROFESSIONAL, "casework:detail", "household", {}, False, "2.345,67"),
    "household list": (Role.PROFESSIONAL, "casework:list", None, {}, False, "4.321,09"),
    "export": (Role.PROFESSIONAL, "casework:export", "household", {}, False, "1.012,34"),
    "regulations section": (
        Role.PROFESSIONAL, "regulations:case-section", "household", {}, True, None),
    "werken loont": (Role.PROFESSIONAL, "regulations:work-pays", "household",
                     {"wl-max": "1500", "wl-step": "500"}, True, "1.000,00"),
    "proactive list": (Role.PROFESSIONAL, "regulations:proactive-list", None, {}, False,
                       "1.234,50"),
    "breakthrough list": (Role.PROFESSIONAL, "breakthroughs:list", None, {}, False, "1.234,56"),
    "breakthrough detail": (
        Role.PROFESSIONAL, "breakthroughs:detail", "submitted", {}, False, "11.700,00"),
    "proposal form": (Role.PROFESSIONAL, "breakthroughs:propose", "household", {}, False,
                      "3.500,00"),
    "breakthrough case section": (
        Role.PROFESSIONAL, "breakthroughs:case-section", "household", {}, True, "1.234,56"),
    "queue": (Role.TEAM_LEAD, "breakthroughs:queue", None, {}, False, "1.234,56"),
    "pots": (Role.TEAM_LEAD, "breakthroughs:pots", None, {}, False, "25.000,00"),
    "dashboard": (Role.TEAM_LEAD, "breakthroughs:dashboard", None, {}, False, None),
    "pot form": (Role.FUNCTIONAL_ADMIN, "breakthroughs:pot-edit", "pot", {}, False, "0,00"),
}  # fmt: skip


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_amount_on_the_page_is_in_dutch_notation(client, organisation, dossier, page):
    role, name, arg, query, htmx, expected = PAGES[page]
    client.force_login(organisation.users[role])
    args = [dossier[arg].pk] if arg else []
    if name == "regulations:work-pays":
        query = {**query, "wl-member": dossier["applicant"].pk}
    response = client.get(reverse(name, args=args), query, **(HTMX if htmx else {}))
    assert response.status_code == 200, page
    html = response.content.decode()

    amounts = DUTCH.findall(html)
    assert amounts, f"{page}: no amount in Dutch notation"
    for match in EURO_SIGN.finditer(html):
        assert DUTCH_AFTER_SIGN.match(match.group(1)), (page, "€" + match.group(1))
    assert not FOREIGN.search(html), (page, FOREIGN.search(html))
    if expected:
        assert f"€\xa0{expected}" in html, (page, expected)


def test_the_dossier_export_json_keeps_machine_amounts(client, organisation, dossier):
    """The JSON export is for machines: amounts stay plain decimals, not formatted text."""
    client.force_login(organisation.users[Role.PROFESSIONAL])
    response = client.get(reverse("casework:export-json", args=[dossier["household"].pk]))
    assert response.status_code == 200
    assert "€" not in response.content.decode()
    assert date.today().isoformat()[:4] in response.content.decode()
