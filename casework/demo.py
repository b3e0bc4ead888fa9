"""Synthetic but realistic households for demos and benchmarks (bulk inserts, no audit rows).

Reference points (DOMAIN.md section 5): incomes around and below the sociaal minimum, debts for most
households (often with government creditors), ZRM scores skewed low, many involved organisations.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from faker import Faker

from casework.constants import (
    ZRM_VERSION,
    AssetKind,
    CreditorKind,
    DebtStage,
    FixedCostKind,
    GoalStatus,
    IncomeKind,
    JournalKind,
    LandlordKind,
    OrganisationKind,
    Period,
    Relation,
    SchemeCode,
    Tenure,
    ZrmDomain,
)
from casework.models import (
    Assessment,
    AssessmentScore,
    Asset,
    BenefitReceived,
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
)
from core.bsn import encrypt_bsn, hash_bsn
from core.demo import DemoOrganisation
from core.models import Role

BATCH = 500
DEMO_ZRM_REASON = "Besproken in het keukentafelgesprek."
ORGANISATIONS = [
    ("Wijkteam", OrganisationKind.WIJKTEAM, 4200),
    ("Kredietbank", OrganisationKind.SCHULDHULP, 3500),
    ("GGZ-instelling", OrganisationKind.GGZ, 9800),
    ("Jeugdbescherming", OrganisationKind.JEUGDZORG, 14500),
    ("Woningcorporatie", OrganisationKind.HOUSING_CORPORATION, 1800),
    ("Beschermingsbewind", OrganisationKind.BEWIND, 1600),
    ("Reclassering", OrganisationKind.RECLASSERING, 6400),
    ("UWV", OrganisationKind.UWV, 900),
]
GOALS = [
    "Rust in de schulden: alle schuldeisers in beeld",
    "Een vaste baan of dagbesteding",
    "Het huis behouden",
    "Kinderen kunnen meedoen met sport",
    "Zelf de administratie bijhouden",
]
WISHES = [
    "We willen weer slapen zonder zorgen over de post.",
    "Ik wil gewoon mijn huur kunnen betalen en werk vinden dat bij me past.",
    "Dat de kinderen niet merken dat er geen geld is.",
    "Eén plek waar ik terecht kan in plaats van tien loketten.",
]


def random_bsn(rng: random.Random) -> str:
    """A random nine-digit number that passes the 11-proef."""
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10 and (digits[0] or digits[1]):
            return "".join(map(str, digits)) + str(check)


def _unused_bsn(rng: random.Random, code: str, used_hashes: set[str]) -> tuple[str, str]:
    while True:
        bsn = random_bsn(rng)
        bsn_hash = hash_bsn(bsn, municipality_code=code)
        if bsn_hash not in used_hashes:
            used_hashes.add(bsn_hash)
            return bsn, bsn_hash


def _birth(rng: random.Random, today: date, min_age: int, max_age: int) -> date:
    return today - timedelta(days=rng.randint(min_age * 365 + 1, max_age * 365 - 1))


def seed_households(
    *, organisation: DemoOrganisation, count: int, seed: int, if_empty: bool
) -> int:
    if if_empty and Household.objects.filter(municipality=organisation.municipality).exists():
        return 0
    rng = random.Random(seed)
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    professionals = {
        team.pk: [
            m.user
            for m in team.memberships.filter(
                role__in=[Role.PROFESSIONAL, Role.TEAM_LEAD]
            ).select_related("user")
        ]
        for team in organisation.teams
    }
    author = organisation.users[0]
    # A BSN is unique within the municipality; random ones collide now and then, also with the
    # households seeded before.
    used_hashes = set(
        Member.objects.filter(household__municipality=organisation.municipality)
        .exclude(bsn_hash="")
        .values_list("bsn_hash", flat=True)
    )
    created = 0
    while created < count:
        size = min(BATCH, count - created)
        with transaction.atomic():
            _seed_batch(rng, fake, organisation, professionals, author, size, used_hashes)
        created += size
    return created


def _seed_batch(rng, fake, organisation, professionals, author, size, used_hashes) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    code = organisation.municipality.cbs_code
    households = []
    for _ in range(size):
        team = rng.choice(organisation.teams)
        households.append(
            Household(
                municipality=organisation.municipality,
                team=team,
                postcode=f"{rng.randint(1500, 1509)} {rng.choice('ABCDEGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEGHJKLMNPRSTVWXZ')}",
                house_number=rng.randint(1, 250),
                start_date=today - timedelta(days=rng.randint(1, 900)),
                assigned_professional=rng.choice(professionals[team.pk] or [None]),
                status="open" if rng.random() < 0.85 else "closed",
            )
        )
    Household.objects.bulk_create(households)

    members, incomes_for, housings, plans, goals, orgs, debts, assets, benefits, journal = (
        [],
        [],
        [],
        [],
        [],
        [],
        [],
        [],
        [],
        [],
    )
    assessments_for = []
    for household in households:
        family = fake.last_name()
        household.display_name = family
        applicant_age = rng.randint(19, 70)
        applicant = Member(
            household=household,
            relation=Relation.APPLICANT,
            given_name=fake.first_name(),
            family_name=family,
            birth_date=_birth(rng, today, applicant_age, applicant_age + 1),
            health_insured=rng.random() < 0.95,
        )
        group = [applicant]
        if rng.random() < 0.4:
            group.append(
                Member(
                    household=household,
                    relation=Relation.PARTNER,
                    given_name=fake.first_name(),
                    family_name=fake.last_name() if rng.random() < 0.5 else family,
                    birth_date=_birth(rng, today, max(18, applicant_age - 5), applicant_age + 5),
                    health_insured=True,
                )
            )
        if applicant_age < 55:
            for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
                child_age = rng.randint(0, max(0, min(17, applicant_age - 18)))
                group.append(
                    Member(
                        household=household,
                        relation=Relation.CHILD,
                        given_name=fake.first_name(),
                        family_name=family,
                        birth_date=_birth(rng, today, child_age, child_age + 1),
                    )
                )
        if rng.random() < 0.1:
            group.append(
                Member(
                    household=household,
                    relation=Relation.HOUSEMATE,
                    given_name=fake.first_name(),
                    family_name=fake.last_name(),
                    birth_date=_birth(rng, today, 21, 60),
                )
            )
        for member in group:
            if member.relation != Relation.CHILD or rng.random() < 0.5:
                bsn, bsn_hash = _unused_bsn(rng, code, used_hashes)
                member.bsn_encrypted = encrypt_bsn(bsn)
                member.bsn_hash = bsn_hash
                member.bsn_last4 = bsn[-4:]
        members.extend(group)
        incomes_for.append((applicant, group))
        tenure = rng.choices(
            [
                Tenure.SOCIAL_RENT,
                Tenure.PRIVATE_RENT,
                Tenure.OWNER,
                Tenure.LIVING_IN,
                Tenure.HOMELESS,
            ],
            weights=[60, 20, 8, 8, 4],
        )[0]
        rent = (
            Decimal(rng.randint(450, 1100))
            if tenure in (Tenure.SOCIAL_RENT, Tenure.PRIVATE_RENT)
            else None
        )
        housings.append(
            Housing(
                household=household,
                tenure=tenure,
                basic_rent=rent,
                service_costs=Decimal(rng.randint(0, 60)) if rent else None,
                landlord_kind=LandlordKind.CORPORATION
                if tenure == Tenure.SOCIAL_RENT
                else (LandlordKind.PRIVATE if tenure == Tenure.PRIVATE_RENT else ""),
            )
        )
        plans.append(PerspectivePlan(household=household, own_words=rng.choice(WISHES)))
        for description in rng.sample(GOALS, rng.randint(1, 3)):
            goals.append(
                PlanGoal(
                    household=household,
                    description=description,
                    status=rng.choice(list(GoalStatus.values)),
                )
            )
        for name, kind, cost in rng.sample(ORGANISATIONS, rng.randint(1, 6)):
            orgs.append(
                InvolvedOrganisation(
                    household=household,
                    name=name,
                    kind=kind,
                    yearly_cost=Decimal(int(cost * rng.uniform(0.5, 1.8))),
                )
            )
        if rng.random() < 0.8:
            for _ in range(rng.randint(1, 8)):
                debts.append(
                    Debt(
                        household=household,
                        creditor_kind=rng.choice(list(CreditorKind.values)),
                        amount=Decimal(rng.randint(50, 12000)),
                        arrears_months=rng.randint(0, 24),
                        in_collection=rng.random() < 0.4,
                        bkr_registered=rng.random() < 0.2,
                    )
                )
        if rng.random() < 0.5:
            assets.append(
                Asset(household=household, kind=AssetKind.BANK, value=Decimal(rng.randint(0, 9000)))
            )
        for scheme in rng.sample(
            [
                SchemeCode.ZORGTOESLAG,
                SchemeCode.HUURTOESLAG,
                SchemeCode.KINDERBIJSLAG,
                SchemeCode.BIJSTAND,
            ],
            rng.randint(0, 2),
        ):
            benefits.append(
                BenefitReceived(
                    household=household,
                    scheme_code=scheme,
                    amount_monthly=Decimal(rng.randint(50, 400)),
                )
            )
        journal.append(
            JournalEntry(
                household=household,
                author=author,
                kind=JournalKind.STATUS,
                occurred_on=household.start_date,
                text="Huishouden aangemeld.",
            )
        )
        assessments_for.append(household)

    Member.objects.bulk_create(members)
    incomes = []
    for applicant, group in incomes_for:
        kind = rng.choices(
            [
                IncomeKind.PARTICIPATIEWET,
                IncomeKind.WAGES,
                IncomeKind.WW,
                IncomeKind.WIA_WAJONG,
                IncomeKind.AOW,
            ],
            weights=[45, 30, 8, 10, 7],
        )[0]
        net = Decimal(rng.randint(900, 2100))
        incomes.append(
            Income(
                member=applicant,
                kind=kind,
                net_amount=net,
                gross_amount=(net * Decimal("1.18")).quantize(Decimal("1")),
                period=Period.MONTH,
                is_stable=rng.random() < 0.7,
            )
        )
        for member in group:
            if member.relation == Relation.PARTNER and rng.random() < 0.5:
                incomes.append(
                    Income(
                        member=member,
                        kind=IncomeKind.WAGES,
                        net_amount=Decimal(rng.randint(200, 1200)),
                        period=Period.MONTH,
                        is_stable=False,
                    )
                )
    for income in incomes:
        income.normalise()
    Income.objects.bulk_create(incomes)
    Housing.objects.bulk_create(housings)
    PerspectivePlan.objects.bulk_create(plans)
    PlanGoal.objects.bulk_create(goals)
    InvolvedOrganisation.objects.bulk_create(orgs)
    Debt.objects.bulk_create(debts)
    _seed_safety_net(households, housings, debts)
    Asset.objects.bulk_create(assets)
    BenefitReceived.objects.bulk_create(benefits)
    JournalEntry.objects.bulk_create(journal)

    assessments = []
    for household in assessments_for:
        for months_ago in sorted(rng.sample([1, 4, 8, 12], rng.randint(1, 3)), reverse=True):
            assessments.append(
                Assessment(
                    household=household,
                    assessed_by=author,
                    version=ZRM_VERSION,
                    assessed_on=max(household.start_date, today - timedelta(days=30 * months_ago)),
                )
            )
    Assessment.objects.bulk_create(assessments)
    scores = []
    latest: dict[int, Assessment] = {}
    for assessment in assessments:
        for domain in ZrmDomain.values:
            scores.append(
                AssessmentScore.for_domain(
                    assessment,
                    domain,
                    rng.choices([1, 2, 3, 4, 5], weights=[15, 30, 30, 18, 7])[0],
                    DEMO_ZRM_REASON,
                )
            )
        latest[assessment.household_id] = assessment
    AssessmentScore.objects.bulk_create(scores)
    for household in households:
        household.latest_assessment = latest.get(household.pk)
    Household.objects.bulk_update(households, ["display_name", "latest_assessment"])


def _seed_safety_net(households, housings, debts) -> None:  # type: ignore[no-untyped-def]
    """Fixed costs and collection stages for the budget and the beslagvrije voet.

    A generator of its own, seeded per household: the other demo data stay as they were.
    """
    costs = []
    for household, housing in zip(households, housings, strict=True):
        side = random.Random(household.pk)
        if housing.basic_rent is not None:
            rent = housing.basic_rent + (housing.service_costs or Decimal(0))
            costs.append(FixedCost(household=household, kind=FixedCostKind.RENT, monthly=rent))
        for kind, low, high in (
            (FixedCostKind.ENERGY, 90, 240),
            (FixedCostKind.WATER, 15, 35),
            (FixedCostKind.HEALTH_INSURANCE, 140, 175),
            (FixedCostKind.PHONE_INTERNET, 25, 70),
        ):
            costs.append(
                FixedCost(household=household, kind=kind, monthly=Decimal(side.randint(low, high)))
            )
    FixedCost.objects.bulk_create(costs)
    staged = []
    for debt in debts:
        if not debt.in_collection:
            continue
        side = random.Random(debt.pk)
        debt.stage = side.choice([DebtStage.INCASSO, DebtStage.DEURWAARDER, DebtStage.BESLAG])
        if debt.stage == DebtStage.BESLAG:
            debt.collection_monthly = Decimal(side.randint(50, 400))
        staged.append(debt)
    Debt.objects.bulk_update(staged, ["stage", "collection_monthly"])
