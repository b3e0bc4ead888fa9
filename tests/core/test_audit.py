from django.db import DatabaseError, connection, transaction
from django.urls import reverse

import pytest

from core.audit import audit_record
from core.models import AuditLog


@pytest.fixture
def entry(professional):
    return audit_record(actor=professional, action="household.read", household_id=7, purpose="test")


def test_audit_record_stores_who_what_when_and_purpose(entry, professional):
    stored = AuditLog.objects.get(pk=entry.pk)
    assert stored.actor_id == professional.pk
    assert stored.actor_username == professional.username
    assert stored.action == "household.read"
    assert stored.household_id == 7
    assert stored.purpose == "test"
    assert stored.timestamp is not None


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditlog SET action = 'tampered' WHERE id = %s",
        "DELETE FROM core_auditlog WHERE id = %s",
    ],
)
def test_database_trigger_refuses_update_and_delete(entry, sql):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    assert AuditLog.objects.get(pk=entry.pk).action == "household.read"


def test_orm_refuses_update_and_delete(entry):
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(pk=entry.pk).update(action="tampered")
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(pk=entry.pk).delete()
    with pytest.raises(PermissionError):
        entry.delete()
    entry.action = "tampered"
    with pytest.raises(PermissionError):
        entry.save()
    assert AuditLog.objects.get(pk=entry.pk).action == "household.read"


def test_audit_row_rolls_back_with_the_change_it_records(professional):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=professional, action="household.update")
        raise RuntimeError("the change failed")
    assert not AuditLog.objects.filter(action="household.update").exists()


def test_auditor_page_lists_and_filters(client, auditor, professional, entry):
    audit_record(actor=auditor, action="breakthrough.approve")
    client.force_login(auditor)
    response = client.get(reverse("core:audit-log"), {"action": "household."})
    assert response.status_code == 200
    content = response.content.decode()
    assert "household.read" in content
    assert "breakthrough.approve" not in content
    # Reading the log is itself logged.
    assert AuditLog.objects.filter(action="audit_log.read", actor=auditor).exists()


def test_auditor_page_rejects_an_inverted_date_range(client, auditor):
    client.force_login(auditor)
    response = client.get(
        reverse("core:audit-log"), {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert "De einddatum ligt voor de begindatum." in response.content.decode()


@pytest.mark.parametrize(
    "role", ["professional", "team_lead", "policy_officer", "functional_admin"]
)
def test_audit_page_is_for_auditors_only(client, organisation, role):
    client.force_login(organisation.users[role])
    assert client.get(reverse("core:audit-log")).status_code == 403


def test_auditor_sees_only_the_events_of_their_own_municipality(client, organisation, auditor):
    from core.models import Role
    from tests.core.factories import MembershipFactory, MunicipalityFactory, TeamFactory

    own = organisation.municipality
    elsewhere = MunicipalityFactory()
    stranger = MembershipFactory(
        municipality=elsewhere, team=TeamFactory(municipality=elsewhere), role=Role.PROFESSIONAL
    ).user
    colleague = organisation.users[Role.PROFESSIONAL]
    audit_record(actor=colleague, action="household.read", municipality_code=own.cbs_code)
    audit_record(actor=colleague, action="household.list")  # no municipality: by the actor
    audit_record(actor=stranger, action="household.export", municipality_code=elsewhere.cbs_code)
    audit_record(actor=stranger, action="household.search_bsn")
    client.force_login(auditor)
    content = client.get(reverse("core:audit-log")).content.decode()
    assert "household.read" in content
    assert "household.list" in content
    assert "household.export" not in content
    assert "household.search_bsn" not in content
    assert stranger.username not in content


def test_auditor_page_shows_actions_and_purposes_in_dutch_with_the_code_second(
    client, auditor, professional
):
    # The oldest row first: the page once left it off when reading the log was recorded late.
    audit_record(actor=professional, action="income.delete")  # built from a model name
    audit_record(actor=professional, action="screening.read", purpose="casusregie")
    audit_record(actor=professional, action="breakthrough.escalate")  # a workflow step
    audit_record(actor=professional, action="member.reveal_bsn")
    audit_record(actor=professional, action="x.unheard_of", purpose="schuldhulpverlening:intake")
    client.force_login(auditor)
    content = client.get(reverse("core:audit-log")).content.decode()
    assert (
        'Toets op regelingen: ingezien <code class="code-secondary">screening.read</code>'
        in content
    )
    assert 'Casusregie <code class="code-secondary">casusregie</code>' in content
    assert "Inkomen: verwijderd" in content
    assert "Doorbraak: doorgezet naar het doorbraakteam" in content
    assert "BSN van gezinslid getoond" in content
    assert "Schuldhulpverlening (intake)" in content
    # A code nobody labelled is shown once, as itself.
    assert content.count("x.unheard_of") == 1
    assert "<code>x.unheard_of</code>" not in content
