"""The shorter proposal: the live comparison, the classification derived from the category, and
each legal route explained with its basis."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

import pytest

from breakthroughs.constants import LEGAL_ROUTE_HELP, Pillar, Theme
from breakthroughs.models import Breakthrough
from core.models import Role
from tests.breakthroughs.factories import BudgetPotFactory
from tests.breakthroughs.test_views import proposal_post
from tests.casework.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pro(client, organisation):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    return client


@pytest.fixture
def household(organisation):
    return HouseholdFactory(team=organisation.team)


@pytest.fixture
def pot(organisation):
    return BudgetPotFactory(municipality=organisation.municipality, team=organisation.team)


def _figures(content: str, name: str) -> str:
    """The figure without the euro sign and spaces, e.g. "-0,01" (whatever the sign's place)."""
    start = content.index(f'data-figure="{name}">') + len(f'data-figure="{name}">')
    cell = content[start : content.index("</td>", start)]
    return cell.replace("€", "").replace("\u00a0", "").replace(" ", "")


@pytest.mark.parametrize(
    ("avoided", "balance"),
    [("299.99", "-0,01"), ("300.00", "0,00"), ("300.01", "0,01")],
)
def test_live_comparison_computes_the_total_and_the_balance(pro, avoided, balance):
    response = pro.get(
        reverse("breakthroughs:comparison"),
        {
            "cost_kind": "monthly",
            "amount": "100.00",
            "duration_months": "3",
            "doormodderen_yearly_cost": "1200",
            "expected_avoided_cost": avoided,
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert _figures(content, "cost") == "300,00"
    assert _figures(content, "doormodderen") == "1.200,00"
    assert _figures(content, "balance") == balance


def test_live_comparison_without_an_amount_says_not_filled_in(pro):
    content = pro.get(reverse("breakthroughs:comparison"), {"amount": "abc"}).content.decode()
    assert "nog niet ingevuld" in content


def test_live_comparison_needs_a_login(client):
    assert client.get(reverse("breakthroughs:comparison")).status_code == 302


def test_the_form_sends_only_figures_for_the_comparison(pro, household, pot):
    content = pro.get(reverse("breakthroughs:propose", args=[household.pk])).content.decode()
    start = content.index('hx-include="')
    include = content[start : content.index('"', start + len('hx-include="'))]
    assert "amount" in include and "need" not in include and "blocking" not in include
    for _text, basis in LEGAL_ROUTE_HELP.values():
        assert str(basis) in content


def test_theme_and_pillar_follow_the_category_when_left_empty(pro, household, pot):
    post = proposal_post(pot, category="woonruimte", theme="", pillar="")
    response = pro.post(reverse("breakthroughs:propose", args=[household.pk]), post)
    assert response.status_code == 302
    breakthrough = Breakthrough.objects.get()
    assert (breakthrough.theme, breakthrough.pillar) == (Theme.HOUSING, Pillar.HOUSING_CARE)


def test_a_chosen_theme_wins_over_the_derived_one(pro, household, pot):
    post = proposal_post(pot, category="woonruimte", theme="schulden", pillar="")
    assert pro.post(reverse("breakthroughs:propose", args=[household.pk]), post).status_code == 302
    breakthrough = Breakthrough.objects.get()
    assert (breakthrough.theme, breakthrough.pillar) == (Theme.DEBTS, Pillar.HOUSING_CARE)
    assert breakthrough.total_cost > Decimal("0")
