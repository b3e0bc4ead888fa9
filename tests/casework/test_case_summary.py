"""The summary at the top of the case page: what is urgent, money left on the table, what next.

Casework's own items come from the dossier; Regelingen and Doorbraken plug theirs in through the
summary registry, so this file drives all of them through the case page itself.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from breakthroughs.constants import Status
from casework import sections
from casework.constants import CreditorKind, GoalStatus, ZrmDomain
from casework.services import assessment_create
from core.models import Role
from regulations.models import Screening
from regulations.services import screening_run_and_store
from tests.breakthroughs.factories import BreakthroughFactory
from tests.casework.factories import (
    ZRM_REASONS,
    AssetFactory,
    DebtFactory,
    HouseholdFactory,
    PlanGoalFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pro(client, organisation):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    return client


@pytest.fixture
def household(organisation):
    return HouseholdFactory(team=organisation.team, display_name="Jansen")


def _summary(client, household):
    response = client.get(reverse("casework:detail", args=[household.pk]))
    assert response.status_code == 200
    return response.context["summary"]


def _texts(items) -> list[str]:
    return [str(item.text) for item in items]


@pytest.mark.parametrize(
    ("kind", "months", "in_collection", "urgent"),
    [
        (CreditorKind.ENERGY, 0, False, False),  # no arrears: no threat yet
        (CreditorKind.ENERGY, 1, False, True),  # one month: the vroegsignalering boundary
        (CreditorKind.ENERGY, 2, False, True),
        (CreditorKind.LANDLORD, 0, True, True),  # in collection, whatever the months
        (CreditorKind.HEALTH_INSURER, 1, False, True),
        (CreditorKind.BNPL, 6, True, False),  # a debt, but nothing basic at stake
    ],
)
def test_threatening_debts_are_urgent(pro, household, kind, months, in_collection, urgent):
    DebtFactory(
        household=household,
        creditor_kind=kind,
        arrears_months=months,
        in_collection=in_collection,
        amount=Decimal("250.00"),
    )
    texts = _texts(_summary(pro, household)["urgent"])
    assert any("€\u00a0250,00" in t for t in texts) is urgent


def test_threat_names_what_is_at_stake_and_links_to_the_debts(pro, household):
    DebtFactory(household=household, creditor_kind=CreditorKind.LANDLORD, arrears_months=2)
    (item,) = _summary(pro, household)["urgent"]
    assert str(item.text).startswith("Dreigende huisuitzetting")
    assert "2 maanden achterstand" in str(item.text)
    assert item.url == "#schulden"


@pytest.mark.parametrize(("score", "urgent"), [(1, True), (2, True), (3, False)])
def test_zrm_domains_at_one_or_two_are_urgent(pro, organisation, household, score, urgent):
    assessment_create(
        actor=organisation.users[Role.PROFESSIONAL],
        household=household,
        assessed_on=date(2026, 1, 1),
        scores={d.value: (score if d == ZrmDomain.HOUSING else 4) for d in ZrmDomain},
        reasons=ZRM_REASONS,
    )
    texts = _texts(_summary(pro, household)["urgent"])
    assert (f"ZRM: Huisvesting ({score})" in texts) is urgent
    assert not any("Financiën" in t for t in texts)


def test_open_goals_come_next_soonest_first_at_most_three(pro, household):
    today = timezone.localdate()
    PlanGoalFactory(household=household, description="Later", target_date=today + timedelta(90))
    PlanGoalFactory(household=household, description="Zonder datum")
    PlanGoalFactory(household=household, description="Eerst", target_date=today + timedelta(10))
    PlanGoalFactory(household=household, description="Bezig", status=GoalStatus.IN_PROGRESS)
    PlanGoalFactory(household=household, description="Klaar", status=GoalStatus.REACHED)
    texts = _texts(_summary(pro, household)["next"])
    assert texts[0].startswith("Eerst (uiterlijk ")
    assert texts[1].startswith("Later")
    assert len(texts) == 3
    assert not any("Klaar" in t for t in texts)


def test_money_left_on_the_table_from_the_latest_screening(pro, organisation, complete_household):
    call_command("load_regulations", verbosity=0)
    household = complete_household(organisation.team, benefits=["zorgtoeslag"])
    AssetFactory(household=household)
    screening = screening_run_and_store(
        household_id=household.pk,
        trigger=Screening.Trigger.MANUAL,
        actor=organisation.users[Role.PROFESSIONAL],
    )
    expected = {
        r["scheme"] for r in screening.results if r["outcome"] == "eligible" and r["non_take_up"]
    }
    assert "kinderbijslag" in expected
    assert "zorgtoeslag" not in expected  # received: not on the table
    summary = _summary(pro, household)
    assert len(summary["money"]) == len(expected)
    assert summary["money_total"] == sum(
        (i.amount_monthly for i in summary["money"] if i.amount_monthly), Decimal("0")
    )
    assert summary["money_total"] > 0
    content = pro.get(reverse("casework:detail", args=[household.pk])).content.decode()
    assert "Blijft liggen" in content
    assert "Kinderbijslag</a>" in content
    assert "Zorgtoeslag</a>" not in content


def test_no_screening_no_money_and_no_new_screening_on_the_page(pro, household):
    summary = _summary(pro, household)
    assert summary["money"] == [] and summary["money_total"] == 0
    assert not Screening.objects.filter(household=household).exists()


def test_open_doorbraken_show_their_deadline_drafts_and_approvals_come_next(
    pro, organisation, household
):
    user = organisation.users[Role.PROFESSIONAL]
    due = timezone.now() + timedelta(days=3)
    submitted = BreakthroughFactory(
        household=household, proposer=user, status=Status.SUBMITTED, due_at=due
    )
    late = BreakthroughFactory(
        household=household,
        proposer=user,
        status=Status.ESCALATED,
        due_at=timezone.now() - timedelta(days=1),
    )
    draft = BreakthroughFactory(household=household, proposer=user, status=Status.DRAFT)
    BreakthroughFactory(household=household, proposer=user, status=Status.REJECTED)
    summary = _summary(pro, household)
    urgent = {item.url: str(item.text) for item in summary["urgent"]}
    assert urgent[reverse("breakthroughs:detail", args=[late.pk])].endswith(
        "besluit was uiterlijk " + timezone.localtime(late.due_at).strftime("%d-%m-%Y")
    )
    assert "besluit uiterlijk" in urgent[reverse("breakthroughs:detail", args=[submitted.pk])]
    assert next(iter(urgent)) == reverse("breakthroughs:detail", args=[late.pk])  # earliest first
    nexts = {item.url for item in summary["next"]}
    assert reverse("breakthroughs:detail", args=[draft.pk]) in nexts
    assert len(urgent) == 2


def test_other_households_doorbraken_stay_out(pro, organisation, household):
    other = HouseholdFactory(team=organisation.team)
    BreakthroughFactory(household=other, status=Status.SUBMITTED, due_at=timezone.now())
    assert _summary(pro, household)["urgent"] == []


def test_a_registered_provider_is_shown_in_its_group(pro, household):
    def provider(*, household, user):
        yield sections.SummaryItem(kind=sections.SummaryKind.URGENT, text="Wgs-termijn morgen")

    sections.register_case_summary(key="test-wgs", provider=provider, order=1)
    try:
        summary = _summary(pro, household)
    finally:
        sections.unregister_case_summary("test-wgs")
    assert _texts(summary["urgent"])[0] == "Wgs-termijn morgen"


def test_summary_query_count_does_not_grow_with_doorbraken_or_debts(
    pro, organisation, household, django_assert_max_num_queries
):
    user = organisation.users[Role.PROFESSIONAL]
    BreakthroughFactory(household=household, proposer=user, status=Status.SUBMITTED)
    DebtFactory(household=household, creditor_kind=CreditorKind.ENERGY)
    url = reverse("casework:detail", args=[household.pk])
    pro.get(url)
    with CaptureQueriesContext(connection) as baseline:
        pro.get(url)
    for status in (Status.DRAFT, Status.APPROVED, Status.ESCALATED):
        BreakthroughFactory(household=household, proposer=user, status=status)
    DebtFactory.create_batch(4, household=household, creditor_kind=CreditorKind.LANDLORD)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        pro.get(url)
