"""Each line of a destruction list, and the verklaring, name what set its term.

The nightly draft records per line the basis of the term in force on the draft day: the
municipality's decision (reference and effective date), the installation's setting
(RETENTION_TERM_YEARS) or the default. A decision effective tomorrow is not the basis today. The
list page names the basis per line in a fixed number of queries; the verklaring names it per
record type without naming who entered the decision. Lines drafted before the basis was kept get
it from the migration, reconstructed from the append-only decisions.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

import pytest

from core.audit import audit_record
from core.models import Role
from retention.constants import RULES
from retention.models import DestructionCertificate, DestructionList, DestructionListItem
from retention.services import (
    audit_cutoff,
    canonical_json,
    destruction_list_approve,
    destruction_list_propose,
    years_before,
)
from retention.tasks import draft_destruction_lists, execute_destruction_list
from tests.core.factories import MunicipalityFactory, UserFactory
from tests.retention.factories import (
    DestructionListFactory,
    DestructionListItemFactory,
    RetentionTermDecisionFactory,
    closed_household,
    logged_in_client,
)

DOSSIER, AUDIT = "household_dossier", "audit_log"
REFERENCE = "Collegebesluit 12-11-2026, nr. 2026/1234"


def _old_audit_row(municipality, timestamp):
    """An audit row of the municipality, back-dated as the owner role may (the app cannot)."""
    row = audit_record(actor=None, action="household.read", municipality_code=municipality.cbs_code)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE core_auditlog DISABLE TRIGGER core_auditlog_no_update_delete")
        cursor.execute("UPDATE core_auditlog SET timestamp = %s WHERE id = %s", [timestamp, row.pk])
        cursor.execute("ALTER TABLE core_auditlog ENABLE TRIGGER core_auditlog_no_update_delete")
    return row


def _detail(user, destruction_list) -> str:
    response = logged_in_client(user).get(reverse("retention:detail", args=[destruction_list.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_decision_in_force_is_the_basis_of_its_lines_and_the_page_names_it(organisation):
    today = timezone.localdate()
    municipality = organisation.municipality
    effective = today - timedelta(days=30)
    decision = RetentionTermDecisionFactory(
        municipality=municipality, years=15, decision_reference=REFERENCE, effective_from=effective
    )
    household = closed_household(organisation.team, years_before(today, 15))
    _old_audit_row(municipality, audit_cutoff(today, 10) - timedelta(days=1))

    assert draft_destruction_lists.apply().get() == 1

    destruction_list = DestructionList.objects.get(municipality=municipality)
    dossier = destruction_list.items.get(record_type=DOSSIER)
    assert (dossier.household_id, dossier.term_years) == (household.pk, 15)
    assert (dossier.term_source, dossier.term_decision) == ("besluit", decision)
    audit_line = destruction_list.items.get(record_type=AUDIT)  # no decision on audit rows
    assert (audit_line.term_years, audit_line.term_source) == (10, "standaard")
    assert audit_line.term_decision is None

    page = _detail(organisation.users[Role.AUDITOR], destruction_list)
    assert f"15 jaar: besluit {REFERENCE} (geldt vanaf {effective:%d-%m-%Y})" in page
    assert f"Bewaartermijn 10 jaar; grondslag: standaardtermijn ({RULES[AUDIT].source})." in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("configured", "years", "source", "shown"),
    [
        (None, 10, "standaard", f"10 jaar: standaardtermijn ({RULES[DOSSIER].source})"),
        ({DOSSIER: 12}, 12, "omgeving", "12 jaar: instelling van de installatie"),
    ],
)
def test_a_decision_effective_tomorrow_is_not_the_basis_today(
    organisation, configured, years, source, shown
):
    today = timezone.localdate()
    municipality = organisation.municipality
    RetentionTermDecisionFactory(
        municipality=municipality,
        years=15,
        decision_reference=REFERENCE,
        effective_from=today + timedelta(days=1),
    )
    closed_household(organisation.team, years_before(today, 15))

    with override_settings(RETENTION_TERM_YEARS=configured or {}):
        assert draft_destruction_lists.apply().get() == 1

    item = DestructionList.objects.get(municipality=municipality).items.get()
    assert (item.term_years, item.term_source, item.term_decision) == (years, source, None)
    page = _detail(organisation.users[Role.FUNCTIONAL_ADMIN], item.destruction_list)
    assert shown in page
    assert REFERENCE not in page


@pytest.mark.django_db
def test_the_verklaring_names_the_decision_but_not_who_entered_it(organisation, admins):
    today = timezone.localdate()
    municipality = organisation.municipality
    proposer, approver = admins
    clerk = UserFactory(username="griffier_besluiten", first_name="Gerda", last_name="Griffioen")
    effective = today - timedelta(days=30)
    RetentionTermDecisionFactory(
        municipality=municipality,
        years=15,
        decision_reference=REFERENCE,
        effective_from=effective,
        entered_by=clerk,
    )
    closed_household(organisation.team, years_before(today, 15))
    _old_audit_row(municipality, audit_cutoff(today, 10) - timedelta(days=1))
    assert draft_destruction_lists.apply().get() == 1
    destruction_list = DestructionList.objects.get(municipality=municipality)
    destruction_list_propose(actor=proposer, destruction_list=destruction_list)
    destruction_list_approve(actor=approver, destruction_list=destruction_list)

    number = execute_destruction_list.apply(args=[destruction_list.pk]).get()

    certificate = DestructionCertificate.objects.get(number=number)
    basis = {c["soort"]: c["grondslag_termijn"] for c in certificate.content["categorieen"]}
    assert basis == {
        DOSSIER: {"soort": "besluit", "besluit": REFERENCE, "geldt_vanaf": effective.isoformat()},
        AUDIT: {"soort": "standaard", "besluit": None, "geldt_vanaf": None},
    }
    text = canonical_json(certificate.content)
    assert hashlib.sha256(text.encode()).hexdigest() == certificate.sha256
    for personal in ("griffier_besluiten", "Gerda", "Griffioen"):
        assert personal not in text
    page = logged_in_client(approver).get(
        reverse("retention:certificate", args=[destruction_list.pk])
    )
    assert page.status_code == 200
    assert f"besluit {REFERENCE} (geldt vanaf {effective.isoformat()})" in page.content.decode()


@pytest.mark.django_db
def test_the_database_refuses_a_basis_without_its_decision_or_a_decision_without_basis(
    organisation,
):
    decision = RetentionTermDecisionFactory(municipality=organisation.municipality)
    for fields in (
        {"term_source": "besluit", "term_decision": None},
        {"term_source": "standaard", "term_decision": decision},
        {"term_source": "omgeving", "term_decision": decision},
        {"term_source": "onbekend", "term_decision": None},
    ):
        with pytest.raises(IntegrityError, match="destruction_item_term"), transaction.atomic():
            DestructionListItemFactory(
                destruction_list__municipality=organisation.municipality, **fields
            )
    line = DestructionListItemFactory(
        destruction_list=DestructionListFactory(municipality=organisation.municipality),
        term_source="besluit",
        term_decision=decision,
    )
    assert DestructionListItem.objects.get(pk=line.pk).term_decision == decision


BEFORE = [("retention", "0002_term_decision")]
AFTER = [("retention", "0003_item_term_basis")]


@pytest.mark.django_db(transaction=True)
@override_settings(RETENTION_TERM_YEARS={})
def test_the_migration_gives_existing_lines_the_basis_in_force_when_they_were_drafted():
    today = timezone.localdate()
    decided, plain = MunicipalityFactory(), MunicipalityFactory()
    clerk = UserFactory()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        decision_model = old.get_model("retention", "RetentionTermDecision")
        list_model = old.get_model("retention", "DestructionList")
        item_model = old.get_model("retention", "DestructionListItem")
        in_force = decision_model.objects.create(
            municipality_id=decided.pk,
            record_type=DOSSIER,
            years=15,
            decision_reference=REFERENCE,
            effective_from=today - timedelta(days=100),
            entered_by_id=clerk.pk,
        )
        drafted = list_model.objects.create(municipality_id=decided.pk, reference_date=today)
        # Entered after the list was drafted, though effective before: not that list's basis.
        decision_model.objects.create(
            municipality_id=decided.pk,
            record_type=AUDIT,
            years=10,
            decision_reference="Later besluit",
            effective_from=today - timedelta(days=10),
            entered_by_id=clerk.pk,
        )
        lines = {
            "decided": {"destruction_list": drafted, "household_id": 1, "term_years": 15},
            "audit": {
                "destruction_list": drafted,
                "record_type": AUDIT,
                "cutoff": timezone.now(),
                "term_years": 10,
            },
            # Not the default and no decision: only the installation's setting gives 12 years.
            "installation": {
                "destruction_list": list_model.objects.create(
                    municipality_id=plain.pk, reference_date=today
                ),
                "household_id": 2,
                "term_years": 12,
            },
        }
        ids = {
            name: item_model.objects.create(
                **{
                    "record_type": DOSSIER,
                    "term_started_on": today,
                    "due_on": today,
                    **fields,
                }
            ).pk
            for name, fields in lines.items()
        }
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    basis = {
        name: DestructionListItem.objects.values_list("term_source", "term_decision_id").get(pk=pk)
        for name, pk in ids.items()
    }
    assert basis == {
        "decided": ("besluit", in_force.pk),
        "audit": ("standaard", None),
        "installation": ("omgeving", None),
    }
