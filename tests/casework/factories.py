"""Factories for the household dossier. BSNs are generated to pass the 11-proef."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from casework.constants import (
    SPECIAL_CATEGORY_BY_DOMAIN,
    CreditorKind,
    FixedCostKind,
    HouseholdStatus,
    IncomeKind,
    JournalKind,
    Period,
    Relation,
    SchemeCode,
    Tenure,
    WgsPhase,
    ZrmDomain,
)
from casework.demo import random_bsn
from casework.models import (
    Assessment,
    AssessmentScore,
    Asset,
    BenefitReceived,
    BsnDuplicateTask,
    Debt,
    FixedCost,
    Household,
    Housing,
    Income,
    InvolvedOrganisation,
    JournalEntry,
    Member,
    PerspectivePlan,
    PlanGoal,
    WgsRequest,
)
from core.bsn import encrypt_bsn, encrypt_text, hash_bsn
from tests.core.factories import TeamFactory, UserFactory

_rng = random.Random(4711)


def valid_bsn() -> str:
    return random_bsn(_rng)


class HouseholdFactory(DjangoModelFactory[Household]):
    class Meta:
        model = Household
        skip_postgeneration_save = True

    team = factory.SubFactory(TeamFactory)
    municipality = factory.LazyAttribute(lambda o: o.team.municipality)
    postcode = factory.Sequence(lambda n: f"{1500 + n % 400} AB")
    house_number = factory.Sequence(lambda n: n + 1)
    start_date = factory.LazyFunction(lambda: date.today() - timedelta(days=30))
    display_name = "Jansen"
    # A closed household has its closure date (the retention term counts from it).
    closed_on = factory.LazyAttribute(
        lambda o: date.today() if getattr(o, "status", "open") == HouseholdStatus.CLOSED else None
    )
    perspective_plan = factory.RelatedFactory(
        "tests.casework.factories.PerspectivePlanFactory", factory_related_name="household"
    )
    applicant = factory.RelatedFactory(
        "tests.casework.factories.MemberFactory",
        factory_related_name="household",
        relation=Relation.APPLICANT,
        family_name="Jansen",
    )


class PerspectivePlanFactory(DjangoModelFactory[PerspectivePlan]):
    class Meta:
        model = PerspectivePlan

    household = factory.SubFactory(HouseholdFactory, perspective_plan=None)
    own_words = "We willen rust in de schulden."


class MemberFactory(DjangoModelFactory[Member]):
    class Meta:
        model = Member

    household = factory.SubFactory(HouseholdFactory, applicant=None)
    relation = Relation.CHILD
    given_name = factory.Faker("first_name", locale="nl_NL")
    family_name = factory.Faker("last_name", locale="nl_NL")
    birth_date = factory.LazyAttribute(
        lambda o: date(1985, 5, 1) if o.relation != Relation.CHILD else date(2015, 3, 3)
    )
    health_insured = True

    class Params:
        bsn = None

    @factory.lazy_attribute
    def bsn_encrypted(self) -> str:
        return encrypt_bsn(self.bsn) if self.bsn else ""

    @factory.lazy_attribute
    def bsn_hash(self) -> str:
        if not self.bsn:
            return ""
        return hash_bsn(self.bsn, municipality_code=self.household.municipality.cbs_code)

    @factory.lazy_attribute
    def bsn_last4(self) -> str:
        return self.bsn[-4:] if self.bsn else ""


class IncomeFactory(DjangoModelFactory[Income]):
    class Meta:
        model = Income

    member = factory.SubFactory(MemberFactory, relation=Relation.APPLICANT)
    kind = IncomeKind.WAGES
    net_amount = Decimal("1500.00")
    gross_amount = Decimal("1800.00")
    period = Period.MONTH

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        income = model_class(*args, **kwargs)
        income.normalise()
        income.save()
        return income


class HousingFactory(DjangoModelFactory[Housing]):
    class Meta:
        model = Housing

    household = factory.SubFactory(HouseholdFactory)
    tenure = Tenure.SOCIAL_RENT
    basic_rent = Decimal("650.00")
    service_costs = Decimal("40.00")


class DebtFactory(DjangoModelFactory[Debt]):
    class Meta:
        model = Debt

    household = factory.SubFactory(HouseholdFactory)
    creditor_kind = CreditorKind.TOESLAGEN
    amount = Decimal("1250.00")
    arrears_months = 3


class AssetFactory(DjangoModelFactory[Asset]):
    class Meta:
        model = Asset

    household = factory.SubFactory(HouseholdFactory)
    kind = "bank"
    value = Decimal("800.00")


class BenefitReceivedFactory(DjangoModelFactory[BenefitReceived]):
    class Meta:
        model = BenefitReceived

    household = factory.SubFactory(HouseholdFactory)
    # Unique per household: cycle through the schemes so several can be made for one household.
    scheme_code = factory.Iterator(SchemeCode.values)
    amount_monthly = Decimal("120.00")


class PlanGoalFactory(DjangoModelFactory[PlanGoal]):
    class Meta:
        model = PlanGoal

    household = factory.SubFactory(HouseholdFactory)
    description = "Rust in de schulden"


class InvolvedOrganisationFactory(DjangoModelFactory[InvolvedOrganisation]):
    class Meta:
        model = InvolvedOrganisation

    household = factory.SubFactory(HouseholdFactory)
    name = "Kredietbank"
    kind = "schuldhulp"
    yearly_cost = Decimal("3500.00")


class AssessmentFactory(DjangoModelFactory[Assessment]):
    """A ZRM assessment of the household; `scored=True` adds a score for every domain."""

    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    household = factory.SubFactory(HouseholdFactory)
    assessed_on = factory.LazyFunction(lambda: date.today() - timedelta(days=7))
    assessed_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def scored(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            for domain in ZrmDomain.values:
                AssessmentScoreFactory(assessment=obj, domain=domain, value=3)


class AssessmentScoreFactory(DjangoModelFactory[AssessmentScore]):
    class Meta:
        model = AssessmentScore

    class Params:
        value = 2
        reason_plain = factory.Faker("sentence", locale="nl_NL")

    assessment = factory.SubFactory(AssessmentFactory)
    domain = ZrmDomain.FINANCES
    # Health, addiction and justice scores and reasons are stored only encrypted (as the
    # service does); `value` is the score either way.
    score = factory.LazyAttribute(
        lambda o: None if o.domain in SPECIAL_CATEGORY_BY_DOMAIN else o.value
    )
    score_encrypted = factory.LazyAttribute(
        lambda o: encrypt_text(str(o.value)) if o.domain in SPECIAL_CATEGORY_BY_DOMAIN else ""
    )
    reason = factory.LazyAttribute(
        lambda o: "" if o.domain in SPECIAL_CATEGORY_BY_DOMAIN else o.reason_plain
    )
    reason_encrypted = factory.LazyAttribute(
        lambda o: encrypt_text(o.reason_plain) if o.domain in SPECIAL_CATEGORY_BY_DOMAIN else ""
    )


class JournalEntryFactory(DjangoModelFactory[JournalEntry]):
    class Meta:
        model = JournalEntry

    household = factory.SubFactory(HouseholdFactory)
    author = factory.SubFactory(UserFactory)
    kind = JournalKind.NOTE
    occurred_on = factory.LazyFunction(date.today)
    text = "Gesprek met de bewoner over de huurachterstand."


class BsnDuplicateTaskFactory(DjangoModelFactory[BsnDuplicateTask]):
    class Meta:
        model = BsnDuplicateTask

    household = factory.SubFactory(HouseholdFactory)
    team = factory.LazyAttribute(lambda o: o.household.team)
    other_team = factory.SubFactory(TeamFactory)
    member = factory.LazyAttribute(lambda o: o.household.members.first())


class FixedCostFactory(DjangoModelFactory[FixedCost]):
    class Meta:
        model = FixedCost

    household = factory.SubFactory(HouseholdFactory)
    kind = FixedCostKind.RENT
    monthly = Decimal("690.00")


class WgsRequestFactory(DjangoModelFactory[WgsRequest]):
    class Meta:
        model = WgsRequest

    household = factory.SubFactory(HouseholdFactory)
    requested_on = factory.LazyFunction(lambda: date.today() - timedelta(days=3))
    threat = ""
    phase = WgsPhase.TOEGANG
    due_on = factory.LazyAttribute(lambda o: o.requested_on + timedelta(weeks=4))


# A reason for every ZRM domain: the service needs one per scored domain (data minimisation).
ZRM_REASONS = dict.fromkeys(ZrmDomain.values, "Besproken met het huishouden.")
