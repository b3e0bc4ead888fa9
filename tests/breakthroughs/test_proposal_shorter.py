"""The shorter proposal: the live comparison, the classification derived from the category, and
each legal route explained with its basis."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

import pytest

from breakthroughs.constants import LEGAL_ROUTE_HELP, Pillar, Theme
from breakthroughs.models import Breakthrough
from core.legal_references import article_group
from core.models import Role
from tests.breakthroughs.factories import BudgetPotFactory
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
    start = content.index('hx-include="', content.index('id="vergelijking"'))
    include = content[start : content.index('"', start + len('hx-include="'))]
    assert "amount" in include and "need" not in include and "blocking" not in include
    for _text, basis in LEGAL_ROUTE_HELP.values():
        assert str(basis) in content


def test_theme_and_pillar_follow_the_category_when_left_empty(proposal_post, pro, household, pot):
    post = proposal_post(pot, category="woonruimte", theme="", pillar="")
    response = pro.post(reverse("breakthroughs:propose", args=[household.pk]), post)
    assert response.status_code == 302
    breakthrough = Breakthrough.objects.get()
    assert (breakthrough.theme, breakthrough.pillar) == (Theme.HOUSING, Pillar.HOUSING_CARE)


def test_a_chosen_theme_wins_over_the_derived_one(proposal_post, pro, household, pot):
    post = proposal_post(pot, category="woonruimte", theme="schulden", pillar="")
    assert pro.post(reverse("breakthroughs:propose", args=[household.pk]), post).status_code == 302
    breakthrough = Breakthrough.objects.get()
    assert (breakthrough.theme, breakthrough.pillar) == (Theme.DEBTS, Pillar.HOUSING_CARE)
    assert breakthrough.total_cost > Decimal("0")


def _parts_post(proposal_post, pot, **parts):
    post = proposal_post(pot)
    post.pop("article")
    post.update({"article_number": "", "article_lid": "", "article_law": ""})
    post.update(parts)
    return post


def test_the_article_is_chosen_as_parts_and_written_one_way(proposal_post, pro, household, pot):
    post = _parts_post(
        proposal_post, pot, article_number="35", article_lid="1", article_law="Participatiewet"
    )
    assert pro.post(reverse("breakthroughs:propose", args=[household.pk]), post).status_code == 302
    assert Breakthrough.objects.get().article == "art. 35 lid 1 Participatiewet"


def test_the_article_s_onderdeel_is_a_part_too(proposal_post, pro, household, pot):
    post = _parts_post(
        proposal_post,
        pot,
        article_number="31",
        article_lid="2",
        article_sub="M",
        article_law="Pw",
    )
    assert pro.post(reverse("breakthroughs:propose", args=[household.pk]), post).status_code == 302
    assert Breakthrough.objects.get().article == "art. 31 lid 2 onderdeel m Pw"


def test_an_onderdeel_that_is_no_letter_or_number_is_refused_on_its_field(
    proposal_post, pro, household, pot
):
    post = _parts_post(proposal_post, pot, article_number="31", article_sub="m.", article_law="Pw")
    response = pro.post(reverse("breakthroughs:propose", args=[household.pk]), post)
    assert response.status_code == 400
    assert response.context["form"].errors["article_sub"]
    assert not Breakthrough.objects.exists()


def test_an_article_number_that_is_no_reference_is_refused_on_its_field(
    proposal_post, pro, household, pot
):
    post = _parts_post(proposal_post, pot, article_number="Jansen", article_law="Participatiewet")
    response = pro.post(reverse("breakthroughs:propose", args=[household.pk]), post)
    assert response.status_code == 400
    assert response.context["form"].errors["article_number"]
    assert not Breakthrough.objects.exists()


def test_empty_parts_mean_no_article(proposal_post, pro, household, pot):
    response = pro.post(
        reverse("breakthroughs:propose", args=[household.pk]), _parts_post(proposal_post, pot)
    )
    assert response.status_code == 302
    assert Breakthrough.objects.get().article == ""


def test_a_draft_opens_with_its_article_in_parts(proposal_post, pro, organisation, household, pot):
    post = _parts_post(
        proposal_post,
        pot,
        article_number="8:1",
        article_lid="2",
        article_law="Awb",
        _actie="concept",
    )
    assert pro.post(reverse("breakthroughs:propose", args=[household.pk]), post).status_code == 302
    draft = Breakthrough.objects.get()
    form = pro.get(reverse("breakthroughs:edit", args=[draft.pk])).context["form"]
    assert (form.initial["article_number"], form.initial["article_lid"]) == ("8:1", "2")
    assert form.initial["article_law"] == "Awb"


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("art. 35 Participatiewet", "art. 35 Participatiewet"),
        ("art. 35 lid 1 Participatiewet", "art. 35 Participatiewet"),
        ("Artikel  35 lid 2 participatiewet", "art. 35 Participatiewet"),
        ("art. 8:1 lid 2 sub b Awb", "art. 8:1 Awb"),
        ("art. 36 Participatiewet", "art. 36 Participatiewet"),
        ("art. 35", "art. 35"),
        ("geen artikel", "geen artikel"),
    ],
)
def test_article_group_drops_lid_and_sub_and_writes_one_way(text, group):
    assert article_group(text) == group
