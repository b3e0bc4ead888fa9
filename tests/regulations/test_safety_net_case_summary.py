"""The safety net at the top of the case page ("In één oogopslag"): beslagvrije-voet alerts, urgent
arrears and the open Wgs time limits, through the case view itself."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from casework.constants import CreditorKind, DebtStage, WgsThreat
from core.models import Role
from tests.casework.factories import (
    DebtFactory,
    FixedCostFactory,
    HouseholdFactory,
    IncomeFactory,
    WgsRequestFactory,
)

pytestmark = pytest.mark.django_db

ANCHOR = "#financieel-vangnet"


@pytest.fixture
def pro(client, organisation):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    return client


@pytest.fixture
def household(organisation):
    """A single adult on bijstand with € 1.000 net a month (beslagvrije voet 95%: € 950)."""
    household = HouseholdFactory(team=organisation.team)
    IncomeFactory(
        member=household.members.get(),
        kind="participatiewet",
        net_amount=Decimal("1000.00"),
        gross_amount=None,
    )
    return household


def _summary(client, household) -> dict:
    response = client.get(reverse("casework:detail", args=[household.pk]))
    assert response.status_code == 200
    return response.context["summary"]


def _safety_net_items(summary: dict, group: str) -> list[str]:
    return [str(item.text) for item in summary[group] if item.url == ANCHOR]


@pytest.mark.parametrize(
    ("collection", "alert"),
    [
        (Decimal("49.99"), False),  # 1000 - 49.99 = 950.01 left: one cent above the voet
        (Decimal("50.00"), False),  # exactly the beslagvrije voet left
        (Decimal("50.01"), True),  # one cent below it
    ],
)
def test_a_collection_below_the_beslagvrije_voet_is_urgent(pro, household, collection, alert):
    DebtFactory(
        household=household,
        creditor_kind=CreditorKind.CJIB,
        amount=Decimal("400.00"),
        arrears_months=0,
        collection_monthly=collection,
    )
    urgent = _safety_net_items(_summary(pro, household), "urgent")
    below = [text for text in urgent if "beslagvrije voet" in text]
    assert bool(below) is alert
    if alert:
        assert "€\u00a00,01 minder dan" in below[0]


def test_urgent_arrears_with_their_deadline_are_at_the_top(pro, household):
    deadline = timezone.localdate() + timedelta(days=12)
    DebtFactory(
        household=household,
        creditor_kind=CreditorKind.LANDLORD,
        amount=Decimal("1200.00"),
        stage=DebtStage.ONTRUIMING,
        deadline=deadline,
    )
    urgent = _safety_net_items(_summary(pro, household), "urgent")
    assert any(deadline.strftime("%d-%m-%Y") in text and "gaat voor" in text for text in urgent)


def test_wgs_limits_overdue_and_threatened_are_urgent_four_weeks_is_next(pro, household):
    today = timezone.localdate()
    WgsRequestFactory(
        household=household,
        requested_on=today - timedelta(days=10),
        threat=WgsThreat.EVICTION,
        due_on=today - timedelta(days=5),
    )
    WgsRequestFactory(
        household=household, requested_on=today, due_on=today + timedelta(weeks=4), threat=""
    )
    WgsRequestFactory(  # held: the first conversation took place, nothing to track
        household=household,
        requested_on=today - timedelta(days=20),
        due_on=today - timedelta(days=1),
        first_conversation_on=today - timedelta(days=2),
    )
    summary = _summary(pro, household)
    urgent = [t for t in _safety_net_items(summary, "urgent") if "Wgs" in t]
    nexts = [t for t in _safety_net_items(summary, "next") if "Wgs" in t]
    overdue = (today - timedelta(days=5)).strftime("%d-%m-%Y")
    assert urgent == [
        f"Termijn schuldhulpverlening verstreken: eerste gesprek uiterlijk {overdue} "
        "(art. 4 Wgs): dreigende huisuitzetting"
    ]
    ahead = (today + timedelta(weeks=4)).strftime("%d-%m-%Y")
    assert nexts == [f"Eerste gesprek schuldhulpverlening uiterlijk {ahead} (art. 4 Wgs)"]


def test_nothing_from_the_safety_net_without_collections_arrears_or_requests(pro, household):
    summary = _summary(pro, household)
    assert _safety_net_items(summary, "urgent") == []
    assert _safety_net_items(summary, "next") == []


def test_summary_queries_do_not_grow_with_debts_costs_or_requests(
    pro, household, django_assert_max_num_queries
):
    today = timezone.localdate()
    DebtFactory(household=household, creditor_kind=CreditorKind.CJIB, collection_monthly=300)
    FixedCostFactory(household=household)
    WgsRequestFactory(household=household, threat=WgsThreat.EVICTION, due_on=today)
    url = reverse("casework:detail", args=[household.pk])
    pro.get(url)
    with CaptureQueriesContext(connection) as baseline:
        pro.get(url)
    for kind in (CreditorKind.LANDLORD, CreditorKind.ENERGY, CreditorKind.HEALTH_INSURER):
        DebtFactory(
            household=household,
            creditor_kind=kind,
            stage=DebtStage.AFSLUITING,
            collection_monthly=Decimal("25.00"),
            deadline=today + timedelta(days=3),
        )
        FixedCostFactory(household=household, kind="energy", monthly=Decimal("90.00"))
        WgsRequestFactory(household=household, due_on=today + timedelta(days=3))
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        summary = _summary(pro, household)
    assert len(_safety_net_items(summary, "urgent")) >= 5  # the new arrears are there


def test_other_households_safety_net_stays_out(pro, organisation, household):
    other = HouseholdFactory(team=organisation.team)
    WgsRequestFactory(household=other, threat=WgsThreat.EVICTION)
    DebtFactory(household=other, creditor_kind=CreditorKind.LANDLORD, stage=DebtStage.ONTRUIMING)
    assert _safety_net_items(_summary(pro, household), "urgent") == []


def test_arrears_without_stage_or_deadline_are_left_to_the_casework_line(pro, household):
    DebtFactory(household=household, creditor_kind=CreditorKind.LANDLORD, arrears_months=2)
    summary = _summary(pro, household)
    assert _safety_net_items(summary, "urgent") == []
    assert len(summary["urgent"]) == 1  # casework's "Dreigende huisuitzetting: ..." only
