"""Authorisation matrix of the retention routes (destruction lists, certificates, terms), generated
from the URL configuration; the expectations are explained in tests/authorisation.py.

Who may do what (DOMAIN.md section 2, Archiefwet):
- the lists, certificates and retention terms of a municipality: its functional admins and auditors
  read them; every other role gets 404, the list page included (retention answers as if there were
  nothing: a role without a say does not even learn the page exists);
- proposing, deciding and recording a term: functional admins only; an auditor, who sees the list,
  gets 403;
- another municipality's list, certificate or terms: 404 to everyone.
"""

from __future__ import annotations

import pytest

from core.models import Role
from retention.models import (
    DestructionCertificate,
    DestructionList,
    ListStatus,
    RetentionTermDecision,
)
from tests.authorisation import Rule, assert_rules_match, check_route, routes
from tests.core.factories import MunicipalityFactory, UserFactory
from tests.retention.factories import (
    DestructionCertificateFactory,
    DestructionListFactory,
    DestructionListItemFactory,
)

READERS = frozenset({Role.FUNCTIONAL_ADMIN, Role.AUDITOR})
ADMIN = frozenset({Role.FUNCTIONAL_ADMIN})
ACT = Rule(ADMIN, "list", refused=404, refused_by={Role.AUDITOR: 403})
CERTIFICATE = Rule(READERS, "certified", refused=404)

RULES: dict[str, Rule] = {
    "retention:list": Rule(READERS, refused=404),
    "retention:detail": Rule(READERS, "list", refused=404),
    "retention:propose": ACT,
    "retention:approve": ACT,
    "retention:reject": ACT,
    "retention:certificate": CERTIFICATE,
    "retention:certificate-download": CERTIFICATE,
    "retention:terms": Rule(
        READERS,
        "municipality",
        refused=404,
        methods={"POST": Rule(ADMIN, "municipality", refused=404, refused_by={Role.AUDITOR: 403})},
    ),
}
MODELS = (DestructionList, DestructionCertificate, RetentionTermDecision)

ROUTES = routes(lambda name, module: module.startswith("retention."))


def test_every_route_has_a_rule():
    assert_rules_match(RULES, ROUTES, "retention")


def _objects(municipality):  # type: ignore[no-untyped-def]
    draft = DestructionListFactory(municipality=municipality)
    DestructionListItemFactory(destruction_list=draft)
    certificate = DestructionCertificateFactory(
        content={"gemeente": {"cbs_code": municipality.cbs_code}, "categorieen": []},
        destruction_list=DestructionListFactory(
            municipality=municipality,
            status=ListStatus.EXECUTED,
            proposed_by=UserFactory(),
            decided_by=UserFactory(),
        ),
    )
    return {
        "list": draft,
        "certified": certificate.destruction_list,
        "municipality": municipality,
    }


@pytest.fixture
def objects(organisation):  # type: ignore[no-untyped-def]
    own = _objects(organisation.municipality)
    elsewhere = _objects(MunicipalityFactory())
    return {scope: (own[scope], elsewhere[scope]) for scope in own}


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_every_role_gets_what_the_rule_says(route, organisation, objects):
    assert check_route(route, RULES[route.name], organisation, objects, MODELS) == []
