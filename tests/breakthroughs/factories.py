from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from breakthroughs.constants import Category, CostKind, LegalRoute, Pillar, Status, Theme
from breakthroughs.models import Breakthrough, BudgetPot
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
