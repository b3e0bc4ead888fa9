"""Factories for the regulations app: catalogue rows, parameters, screenings, grants, re-screens."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from regulations.models import (
    ParameterPack,
    ParameterValue,
    ProactiveGrant,
    Reform,
    Regulation,
    RescreenChunk,
    RescreenRun,
    Screening,
    Simulation,
)
from tests.casework.factories import HouseholdFactory
from tests.core.factories import MunicipalityFactory, UserFactory


class RegulationFactory(DjangoModelFactory[Regulation]):
    class Meta:
        model = Regulation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"regeling_{n}")
    name = factory.Sequence(lambda n: f"Regeling {n}")
    level = "gemeente"
    administering_body = "Gemeente"
    legal_basis = "Participatiewet"
    article = "art. 35"
    law_url = "https://wetten.overheid.nl/BWBR0015703"
    pillar = "inkomenszekerheid"
    theme = "schulden"


class ParameterValueFactory(DjangoModelFactory[ParameterValue]):
    class Meta:
        model = ParameterValue

    key = factory.Sequence(lambda n: f"test.parameter_{n}")
    value = "100.00"
    kind = "money"
    unit = "EUR/maand"
    valid_from = date(2025, 1, 1)
    source_url = "https://wetten.overheid.nl/"
    grade = "A"


PACK = """parameters:
  - key: test.pakket
    unit: EUR/maand
    values:
      - {valid_from: 2027-01-01, value: "100.00", grade: A, source_url: "https://wetten.overheid.nl/"}
"""


class ParameterPackFactory(DjangoModelFactory[ParameterPack]):
    """A pending pack as uploaded (one new value); the diff is what the upload computed."""

    class Meta:
        model = ParameterPack

    filename = "pakket.yaml"
    content = PACK
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content.encode()).hexdigest())
    diff = factory.LazyFunction(
        lambda: [
            {
                "key": "test.pakket",
                "changes": [
                    {
                        "change": "new",
                        "municipality_code": "",
                        "valid_from": "2027-01-01",
                        "before": None,
                        "after": {"value": "100.00", "unit": "EUR/maand", "valid_to": None},
                    }
                ],
            }
        ]
    )
    uploaded_by = factory.SubFactory(UserFactory)


class ScreeningFactory(DjangoModelFactory[Screening]):
    """A stored snapshot; `results` as the engine gives them (one eligible scheme by default)."""

    class Meta:
        model = Screening

    household = factory.SubFactory(HouseholdFactory)
    reference_date = factory.LazyFunction(date.today)
    inputs = factory.LazyFunction(lambda: {"reference_date": date.today().isoformat()})
    results = factory.LazyFunction(
        lambda: [
            {
                "scheme": "zorgtoeslag",
                "outcome": "eligible",
                "amount_monthly": "123.00",
                "amount_yearly": "1476.00",
            }
        ]
    )
    parameter_versions = factory.LazyFunction(lambda: {"zorgtoeslag.standaardpremie": "2025-01-01"})
    engine_version = "test"
    trigger = Screening.Trigger.MANUAL
    eligible_codes = factory.LazyFunction(lambda: ["zorgtoeslag"])
    non_take_up_codes = factory.LazyFunction(lambda: ["zorgtoeslag"])


class ProactiveGrantFactory(DjangoModelFactory[ProactiveGrant]):
    class Meta:
        model = ProactiveGrant

    household = factory.SubFactory(HouseholdFactory)
    team = factory.LazyAttribute(lambda o: o.household.team)
    scheme_code = "zorgtoeslag"
    amount_monthly = Decimal("123.00")
    screening = factory.SubFactory(ScreeningFactory, household=factory.SelfAttribute("..household"))


class RescreenRunFactory(DjangoModelFactory[RescreenRun]):
    class Meta:
        model = RescreenRun

    reason = "Nieuwe parameters per 1 januari."
    reference_date = factory.LazyFunction(date.today)
    started_by = factory.SubFactory(UserFactory)


class RescreenChunkFactory(DjangoModelFactory[RescreenChunk]):
    class Meta:
        model = RescreenChunk

    run = factory.SubFactory(RescreenRunFactory)
    index = factory.Sequence(lambda n: n)


class ReformFactory(DjangoModelFactory[Reform]):
    class Meta:
        model = Reform

    municipality = factory.SubFactory(MunicipalityFactory)
    name = "Normen bijstand +10%"
    valid_from = date(2026, 7, 1)
    spec = factory.LazyAttribute(
        lambda o: {
            "name": o.name,
            "description": "",
            "valid_from": o.valid_from.isoformat(),
            "valid_to": None,
            "overrides": [{"key": "bijstand.norm.*", "factor": "1.10"}],
            "switches": {},
        }
    )
    created_by = factory.SubFactory(UserFactory)


class SimulationFactory(DjangoModelFactory[Simulation]):
    class Meta:
        model = Simulation

    municipality = factory.SubFactory(MunicipalityFactory)
    reform = factory.SubFactory(ReformFactory, municipality=factory.SelfAttribute("..municipality"))
    reference_date = date(2026, 7, 1)
    inputs = factory.LazyAttribute(
        lambda o: {"reform": o.reform.spec, "reference_date": "2026-07-01"}
    )
    started_by = factory.SubFactory(UserFactory)
