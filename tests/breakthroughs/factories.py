from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from breakthroughs.constants import (
    Category,
    CostKind,
    GoalReached,
    LegalRoute,
    MandateLevel,
    NotificationKind,
    Pillar,
    Status,
    Theme,
)
from breakthroughs.models import (
    Breakthrough,
    BreakthroughTransition,
    BudgetPot,
    Evaluation,
    HubFeed,
    HubFeedCopy,
    LegalLever,
    Notification,
)
from breakthroughs.models.lever import LeverGrade, LeverKind
from tests.casework.factories import HouseholdFactory
from tests.core.factories import UserFactory


class BudgetPotFactory(DjangoModelFactory[BudgetPot]):
    class Meta:
        model = BudgetPot

    team = None
    municipality = factory.SubFactory("tests.core.factories.MunicipalityFactory")
    name = factory.Sequence(lambda n: f"Maatwerkbudget {n}")
    year = factory.LazyFunction(lambda: date.today().year)
    amount = Decimal("10000.00")
    team_lead_limit = Decimal("2500.00")


class BreakthroughFactory(DjangoModelFactory[Breakthrough]):
    class Meta:
        model = Breakthrough

    household = factory.SubFactory(HouseholdFactory)
    team = factory.LazyAttribute(lambda o: o.household.team)
    municipality = factory.LazyAttribute(lambda o: o.household.municipality)
    proposer = factory.SubFactory(UserFactory)
    need = "Een dak boven het hoofd voor moeder en kind."
    blocking_problem = "Huurachterstand blokkeert een nieuwe woning."
    action = "Huurachterstand eenmalig aflossen uit het maatwerkbudget."
    category = Category.DEBTS
    legal_route = LegalRoute.BUDGET_ONLY
    regulation_code = "bijstand"
    article = "art. 35 Participatiewet"
    cost_kind = CostKind.ONE_OFF
    amount = Decimal("1200.00")
    duration_months = 1
    total_cost = factory.LazyAttribute(lambda o: o.amount)
    budget_pot = factory.SubFactory(
        BudgetPotFactory,
        municipality=factory.SelfAttribute("..household.municipality"),
        team=factory.SelfAttribute("..household.team"),
    )
    theme = Theme.DEBTS
    pillar = Pillar.INCOME
    status = Status.DRAFT


class BreakthroughTransitionFactory(DjangoModelFactory[BreakthroughTransition]):
    """A row of a breakthrough's history (the workflow writes these; a factory only for tests
    that need a history without walking the workflow)."""

    class Meta:
        model = BreakthroughTransition

    breakthrough = factory.SubFactory(BreakthroughFactory, status=Status.SUBMITTED)
    transition = "submit"
    from_status = Status.DRAFT
    to_status = Status.SUBMITTED
    actor = factory.SubFactory(UserFactory)
    motivation = "Ingediend na overleg met de bewoner."


class EvaluationFactory(DjangoModelFactory[Evaluation]):
    class Meta:
        model = Evaluation

    breakthrough = factory.SubFactory(BreakthroughFactory, status=Status.EVALUATED)
    goal_reached = GoalReached.YES
    evaluated_by = factory.SubFactory(UserFactory)
    doormodderen_after_yearly_cost = Decimal("1500.00")
    notes = "De huur wordt weer betaald."


class NotificationFactory(DjangoModelFactory[Notification]):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    breakthrough = factory.SubFactory(BreakthroughFactory, status=Status.SUBMITTED)
    kind = NotificationKind.SUBMITTED
    text = "Nieuw voorstel voor een doorbraak."


class LegalLeverFactory(DjangoModelFactory[LegalLever]):
    """A sourced lever version, shaped like an entry of the release's catalogue."""

    class Meta:
        model = LegalLever

    code = factory.Sequence(lambda n: f"pw-hardheid-{n}")
    valid_from = date(2025, 1, 1)
    title = "Dringende redenen"
    law = "Participatiewet"
    article = "art. 49"
    article_reference = "art. 49 Participatiewet"
    kind = LeverKind.HARDSHIP_CLAUSE
    legal_route = LegalRoute.HARDSHIP_CLAUSE
    summary = "Bij dringende redenen mag de gemeente toch bijstand geven."
    conditions = factory.LazyFunction(lambda: ["Er dreigt een onaanvaardbare situatie."])
    decider = "College van B&W"
    mandate_level = MandateLevel.BOARD
    risks = "Terugvordering als de dringende reden achteraf ontbrak."
    scheme_codes = factory.LazyFunction(lambda: ["bijstand"])
    knelpunt_types = factory.LazyFunction(lambda: ["geen_afwijkingsbevoegdheid"])
    keywords = factory.LazyFunction(lambda: ["dringend"])
    law_url = "https://wetten.overheid.nl/BWBR0015703/2026-01-01#Hoofdstuk3_Paragraaf3.4_Artikel49"
    source = "https://wetten.overheid.nl/BWBR0015703/2026-01-01"
    grade = LeverGrade.LAW


class HubFeedCopyFactory(DjangoModelFactory[HubFeedCopy]):
    class Meta:
        model = HubFeedCopy
        django_get_or_create = ("feed",)

    feed = HubFeed.PRECEDENTS
    etag = factory.Sequence(lambda n: f'"feed-{n}"')
    content = factory.LazyFunction(lambda: {"precedents": []})
    fetched_at = factory.LazyFunction(timezone.now)
    checked_at = factory.LazyFunction(timezone.now)
