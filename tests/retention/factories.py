"""Factories of the retention models (destruction lists, their items, the verklaring, the
municipality's decisions on terms)."""

from __future__ import annotations

import hashlib
import json

from django.test import Client
from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from casework.constants import HouseholdStatus
from retention.constants import RecordType, TermSource
from retention.models import (
    DestructionCertificate,
    DestructionList,
    DestructionListItem,
    RetentionTermDecision,
)
from tests.casework.factories import HouseholdFactory
from tests.core.factories import MunicipalityFactory, UserFactory


def logged_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def closed_household(team, closed_on):
    """A household of `team` closed on `closed_on`: its retention term counts from that day."""
    return HouseholdFactory(team=team, status=HouseholdStatus.CLOSED, closed_on=closed_on)


class DestructionListFactory(DjangoModelFactory[DestructionList]):
    class Meta:
        model = DestructionList

    municipality = factory.SubFactory(MunicipalityFactory)
    reference_date = factory.LazyFunction(timezone.localdate)


class DestructionListItemFactory(DjangoModelFactory[DestructionListItem]):
    class Meta:
        model = DestructionListItem

    destruction_list = factory.SubFactory(DestructionListFactory)
    record_type = RecordType.HOUSEHOLD_DOSSIER
    household_id = factory.Sequence(lambda n: 100000 + n)
    team_name = "Wijkteam Noord"
    term_started_on = factory.LazyFunction(lambda: timezone.localdate().replace(year=2015))
    due_on = factory.LazyFunction(timezone.localdate)
    term_years = 10
    term_source = TermSource.DEFAULT


class DestructionCertificateFactory(DjangoModelFactory[DestructionCertificate]):
    class Meta:
        model = DestructionCertificate

    destruction_list = factory.SubFactory(DestructionListFactory)
    number = factory.Sequence(lambda n: f"VV-TEST-{n:06d}")
    content = factory.LazyAttribute(lambda o: {"nummer": o.number, "categorieen": []})
    sha256 = factory.LazyAttribute(
        lambda o: hashlib.sha256(
            json.dumps(o.content, sort_keys=True, separators=(",", ":")).encode()
        ).hexdigest()
    )


class RetentionTermDecisionFactory(DjangoModelFactory[RetentionTermDecision]):
    class Meta:
        model = RetentionTermDecision

    municipality = factory.SubFactory(MunicipalityFactory)
    record_type = RecordType.HOUSEHOLD_DOSSIER
    years = 15
    decision_reference = factory.Sequence(lambda n: f"Collegebesluit 12-11-2026, nr. 2026/{n:04d}")
    effective_from = factory.LazyFunction(timezone.localdate)
    entered_by = factory.SubFactory(UserFactory)
