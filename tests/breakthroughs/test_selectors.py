"""Scoping and the dashboard figures, against a dataset whose answers are worked out by hand."""

from __future__ import annotations

import statistics
from datetime import datetime
from decimal import Decimal

from django.urls import reverse

import pytest

from breakthroughs import deadlines, selectors
from breakthroughs.constants import GoalReached, Status
from breakthroughs.models import Breakthrough, BreakthroughTransition, Evaluation
from core.models import Role
from tests.breakthroughs.factories import BreakthroughFactory, BudgetPotFactory
from tests.casework.factories import HouseholdFactory

pytestmark = pytest.mark.django_db

AMS = deadlines.AMSTERDAM
YEAR = 2025


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00").replace(tzinfo=AMS)


def decided(household, pot, *, status, submitted, decided_on, amount, created=None):
    item = BreakthroughFactory(household=household, budget_pot=pot, status=status, amount=amount)
    Breakthrough.objects.filter(pk=item.pk).update(
        submitted_at=at(submitted),
        decided_at=at(decided_on, 15),
        created_at=at(created or submitted, 9),
    )
    item.refresh_from_db()
    return item


@pytest.fixture
def dataset(organisation):
    household = HouseholdFactory(team=organisation.team)
    pot = BudgetPotFactory(
        municipality=organisation.municipality,
        team=organisation.team,
        year=YEAR,
        amount=Decimal("12000.00"),
    )
    items = {
        # Mon 3 March -> Wed 5 March: Tue and Wed, 2 working days.
        "a": decided(household, pot, status=Status.APPROVED, submitted="2025-03-03",
                     decided_on="2025-03-05", amount=Decimal("1000.00")),
        # Fri 7 March -> Mon 10 March: the weekend does not count, 1 working day.
        "b": decided(household, pot, status=Status.CARRIED_OUT, submitted="2025-03-07",
                     decided_on="2025-03-10", amount=Decimal("500.00")),
        # Thu 24 April -> Tue 29 April: Fri, Mon, Tue; 3 working days.
        "c": decided(household, pot, status=Status.EVALUATED, submitted="2025-04-24",
                     decided_on="2025-04-29", amount=Decimal("700.00")),
        # Mon 2 June -> Thu 12 June, Whit Monday (9 June) is a holiday: 7 working days.
        "d": decided(household, pot, status=Status.REJECTED, submitted="2025-06-02",
                     decided_on="2025-06-12", amount=Decimal("900.00")),
    }  # fmt: skip
    Evaluation.objects.create(
        breakthrough=items["c"],
        goal_reached=GoalReached.YES,
        evaluated_by=organisation.users[Role.PROFESSIONAL],
    )
    Evaluation.objects.filter(breakthrough=items["c"]).update(evaluated_at=at("2025-09-01"))
    # Noise: another team, another year, an open item.
    other = HouseholdFactory(team=organisation.other_team)
    decided(other, BudgetPotFactory(municipality=organisation.municipality, team=organisation.other_team, year=YEAR),
            status=Status.APPROVED, submitted="2025-03-03", decided_on="2025-03-20",
            amount=Decimal("7777.00"))  # fmt: skip
    decided(household, pot, status=Status.APPROVED, submitted="2024-12-02",
            decided_on="2024-12-04", amount=Decimal("333.00"))  # fmt: skip
    open_item = BreakthroughFactory(household=household, budget_pot=pot, status=Status.SUBMITTED)
    Breakthrough.objects.filter(pk=open_item.pk).update(created_at=at("2025-07-01"))
    return items


def test_working_days_of_the_dataset_match_the_python_count(dataset):
    days = {
        key: deadlines.working_days_between(item.submitted_at, item.decided_at)
        for key, item in dataset.items()
    }
    assert days == {"a": 2, "b": 1, "c": 3, "d": 7}


def test_dashboard_figures(organisation, dataset):
    board = selectors.dashboard_for(user=organisation.users[Role.TEAM_LEAD], year=YEAR)
    # Median of 1, 2, 3, 7 working days.
    assert board.median_working_days == Decimal("2.5")
    assert board.median_working_days == Decimal(str(statistics.median([1, 2, 3, 7])))
    assert board.decided == 4
    spend = {row["month"]: row["amount"] for row in board.spend_by_month}
    assert spend[3] == Decimal("1500.00")  # a + b; rejected d is not spend
    assert spend[4] == Decimal("700.00")
    assert spend[6] == Decimal("0")
    assert board.spend_by_month[-1]["cumulative"] == Decimal("2200.00")
    assert board.spend_total == Decimal("2200.00")
    assert board.budget_total == Decimal("12000.00")
    counts = {row["status"]: row["count"] for row in board.by_status}
    assert counts == {
        "draft": 0,
        "submitted": 1,
        "escalated": 0,
        "approved": 1,
        "rejected": 1,
        "withdrawn": 0,
        "carried_out": 1,
        "evaluated": 1,
    }
    assert board.total == 5
    assert {row["goal"]: row["count"] for row in board.outcomes} == {"yes": 1, "partly": 0, "no": 0}


def test_dashboard_of_a_year_without_decisions(organisation, dataset):
    board = selectors.dashboard_for(user=organisation.users[Role.TEAM_LEAD], year=2023)
    assert board.median_working_days is None
    assert board.spend_total == 0


def test_dashboard_page_shows_figures_charts_and_tables(client, organisation, dataset):
    client.force_login(organisation.users[Role.TEAM_LEAD])
    response = client.get(reverse("breakthroughs:dashboard"), {"jaar": YEAR})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-figure="median">2,5 werkdagen' in content
    assert content.count('role="img"') >= 3
    for table in ("tabel-status", "tabel-besteding", "tabel-uitkomsten"):
        assert f'id="{table}"' in content
    assert "1.500,00" in content and "12.000,00" in content
    assert "<title" in content and "Budget van het jaar" in content


def test_dashboard_is_for_team_leads(client, organisation):
    for role in (Role.PROFESSIONAL, Role.BOARD_MEMBER, Role.POLICY_OFFICER):
        client.force_login(organisation.users[role])
        assert client.get(reverse("breakthroughs:dashboard")).status_code == 403


def test_dashboard_query_count_does_not_grow(
    client, organisation, dataset, django_assert_num_queries
):
    client.force_login(organisation.users[Role.TEAM_LEAD])
    url = reverse("breakthroughs:dashboard")
    client.get(url, {"jaar": YEAR})
    with django_assert_num_queries(8):
        client.get(url, {"jaar": YEAR})
    household = HouseholdFactory(team=organisation.team)
    pot = dataset["a"].budget_pot
    for day in range(10, 20):
        decided(household, pot, status=Status.APPROVED, submitted=f"2025-02-{day}",
                decided_on=f"2025-02-{day + 5}", amount=Decimal("10.00"))  # fmt: skip
    with django_assert_num_queries(8):
        response = client.get(url, {"jaar": YEAR})
    assert response.context["board"].decided == 14


# --- scoping ------------------------------------------------------------------------------------


def test_board_sees_escalated_items_and_what_they_decided(organisation):
    household = HouseholdFactory(team=organisation.team)
    escalated = BreakthroughFactory(household=household, status=Status.ESCALATED)
    decided_by_board = BreakthroughFactory(household=household, status=Status.APPROVED)
    BreakthroughTransition.objects.create(
        breakthrough=decided_by_board,
        transition="approve",
        from_status=Status.ESCALATED,
        to_status=Status.APPROVED,
        actor=organisation.users[Role.BOARD_MEMBER],
        motivation="Akkoord.",
    )
    decided_by_lead = BreakthroughFactory(household=household, status=Status.APPROVED)
    BreakthroughTransition.objects.create(
        breakthrough=decided_by_lead,
        transition="approve",
        from_status=Status.SUBMITTED,
        to_status=Status.APPROVED,
        actor=organisation.users[Role.TEAM_LEAD],
        motivation="Akkoord.",
    )
    visible = set(
        selectors.breakthroughs_visible_to(organisation.users[Role.BOARD_MEMBER]).values_list(
            "pk", flat=True
        )
    )
    assert visible == {escalated.pk, decided_by_board.pk}
    assert set(
        selectors.breakthroughs_visible_to(organisation.users[Role.TEAM_LEAD]).values_list(
            "pk", flat=True
        )
    ) == {escalated.pk, decided_by_board.pk, decided_by_lead.pk}
    for role in (Role.POLICY_OFFICER, Role.AUDITOR, Role.FUNCTIONAL_ADMIN):
        assert not selectors.breakthroughs_visible_to(organisation.users[role]).exists()


def test_pots_visible_to_each_role(organisation):
    own = BudgetPotFactory(municipality=organisation.municipality, team=organisation.team)
    other = BudgetPotFactory(municipality=organisation.municipality, team=organisation.other_team)
    board = BudgetPotFactory(municipality=organisation.municipality, team=None)
    elsewhere = BudgetPotFactory()

    def pots(role):
        return set(selectors.pots_visible_to(organisation.users[role]))

    assert pots(Role.TEAM_LEAD) == {own}
    assert pots(Role.FUNCTIONAL_ADMIN) == {own, other, board}
    assert elsewhere not in pots(Role.FUNCTIONAL_ADMIN)
    assert pots(Role.PROFESSIONAL) == set()


def test_steps_for_filters_by_role(organisation):
    item = BreakthroughFactory(
        household=HouseholdFactory(team=organisation.team), status=Status.SUBMITTED
    )
    from core.permissions import Access

    assert selectors.steps_for(
        access=Access(organisation.users[Role.PROFESSIONAL]), breakthrough=item
    ) == ["withdraw"]
    assert (
        selectors.steps_for(access=Access(organisation.users[Role.BOARD_MEMBER]), breakthrough=item)
        == []
    )
    assert (
        selectors.steps_for(
            access=Access(organisation.other_team_users[Role.TEAM_LEAD]), breakthrough=item
        )
        == []
    )
