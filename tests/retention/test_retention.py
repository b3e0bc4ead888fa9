"""Retention and destruction (AVG art. 5(1)(e), Archiefwet) through the beat task, the pages and
the execution task on a real Celery worker.

A dossier is due when its closure date plus the term is today or earlier: pinned a day before,
on and a day after. Four eyes: the proposer cannot approve (page, service and CHECK constraint).
After execution the dossier is a shell, its doorbraken are pseudonymised, the audit rows past
their term have no personal data, and the signal figures and the report already sent are equal.
"""

from __future__ import annotations

import hashlib
import json
import time
from datetime import timedelta

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

import pytest

from breakthroughs.constants import Status
from breakthroughs.models import Breakthrough, BreakthroughTransition
from casework.constants import HouseholdStatus
from casework.models import AssessmentScore, Household, JournalEntry, Member
from core.audit import audit_record
from core.models import AuditLog, Role
from retention.models import DestructionCertificate, DestructionList, ItemOutcome, ListStatus
from retention.services import (
    audit_cutoff,
    canonical_json,
    destruction_list_approve,
    destruction_list_draft,
    destruction_list_propose,
    years_before,
)
from retention.tasks import draft_destruction_lists, execute_destruction_list
from signals.models import Signal, SignalReport
from signals.periods import parse_period
from signals.selectors import signal_figures
from signals.services import breakthrough_facts, report_generate
from tests.breakthroughs.factories import EvaluationFactory
from tests.casework.factories import (
    AssessmentScoreFactory,
    DebtFactory,
    HouseholdFactory,
    JournalEntryFactory,
    MemberFactory,
    valid_bsn,
)
from tests.core.factories import MembershipFactory, MunicipalityFactory, UserFactory
from tests.retention.factories import RetentionTermDecisionFactory, logged_in_client
from tests.signals.factories import FAMILY, SignalLinkFactory, approved_breakthroughs

TERM = 10  # the default dossier and audit term in years


def _due_day():
    return years_before(timezone.localdate(), TERM)


def _closed_household(team, closed_on, **kwargs):
    household = HouseholdFactory(
        team=team, status=HouseholdStatus.CLOSED, closed_on=closed_on, **kwargs
    )
    MemberFactory(household=household, bsn=valid_bsn(), family_name="Zwartewaterkloof")
    DebtFactory(household=household)
    JournalEntryFactory(household=household, text="Gesprek over de schulden van mevrouw.")
    AssessmentScoreFactory(assessment__household=household, domain="middelengebruik", value=1)
    return household


def _wait_for(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("the worker did not finish in time")


@pytest.mark.django_db(transaction=True)
def test_beat_task_on_a_worker_proposes_dossiers_on_and_after_their_term_not_before(
    organisation, celery_worker
):
    due = _due_day()
    day_before = _closed_household(organisation.team, due + timedelta(days=1))
    on_the_day = _closed_household(organisation.team, due)
    day_after = _closed_household(organisation.team, due - timedelta(days=1))
    HouseholdFactory(team=organisation.team)  # open: never due

    assert draft_destruction_lists.delay().get(timeout=30) == 1
    destruction_list = DestructionList.objects.get(municipality=organisation.municipality)
    assert destruction_list.status == ListStatus.DRAFT
    listed = set(destruction_list.items.values_list("household_id", flat=True))
    assert listed == {on_the_day.pk, day_after.pk}
    assert day_before.pk not in listed
    item = destruction_list.items.get(household_id=on_the_day.pk)
    assert item.due_on == timezone.localdate()
    # Idempotent: while this list is open no second one is drafted.
    assert draft_destruction_lists.delay().get(timeout=30) == 0


@pytest.mark.django_db(transaction=True)
def test_four_eyes_flow_destroys_pseudonymises_strips_and_keeps_the_signal_figures(
    organisation, admins, celery_worker
):
    municipality, team = organisation.municipality, organisation.team
    proposer, approver = admins
    # Ten approved doorbraken in 2026Q3 (enough for the report's disclosure threshold), a signal
    # linking them, and the report of that quarter already generated (and so fixed).
    breakthroughs = approved_breakthroughs(municipality, team, n=10)
    for breakthrough in breakthroughs:
        EvaluationFactory(breakthrough=breakthrough, notes="Mevrouw Zwartewaterkloof is blij.")
        BreakthroughTransition.objects.create(
            breakthrough=breakthrough,
            transition="approve",
            from_status=Status.SUBMITTED,
            to_status=Status.APPROVED,
            motivation="Mevrouw Zwartewaterkloof dreigt uit huis gezet te worden.",
        )
    signal = SignalLinkFactory(
        signal__municipality=municipality, breakthrough=breakthroughs[0]
    ).signal
    for breakthrough in breakthroughs[1:]:
        SignalLinkFactory(signal=signal, breakthrough=breakthrough)
    period = parse_period("2026Q3")
    report, _ = report_generate(municipality=municipality, period=period)
    report_before = (report.content, report.content_sha256)
    figures_before = signal_figures(Signal.objects.filter(pk=signal.pk)).values(
        "n_breakthroughs", "n_households", "bridging_cost", "avoided_cost"
    )[0]
    facts_before = breakthrough_facts(municipality=municipality, period=period)
    # Half the households closed past their term; the others stay open.
    due = _due_day()
    closed = [b.household_id for b in breakthroughs[:5]]
    Household.objects.filter(pk__in=closed).update(
        status=HouseholdStatus.CLOSED, closed_on=due - timedelta(days=30)
    )
    for household_id in closed:
        JournalEntryFactory(
            household=Household.objects.get(pk=household_id),
            text="Afspraak bij de woningcorporatie.",
        )
    kept = breakthroughs[5].household_id
    # Audit rows: one past its term, one just inside it.
    cutoff = audit_cutoff(timezone.localdate(), TERM)
    old = audit_record(
        actor=proposer,
        action="household.read",
        household_id=closed[0],
        municipality_code=municipality.cbs_code,
        data={"x": 1},
    )
    recent = audit_record(
        actor=proposer,
        action="household.read",
        household_id=closed[0],
        municipality_code=municipality.cbs_code,
        data={"x": 1},
    )
    with connection.cursor() as cursor:  # back-date as the owner role may; the app cannot
        cursor.execute("ALTER TABLE core_auditlog DISABLE TRIGGER core_auditlog_no_update_delete")
        cursor.execute(
            "UPDATE core_auditlog SET timestamp = %s WHERE id = %s",
            [cutoff - timedelta(microseconds=1), old.pk],
        )
        cursor.execute("UPDATE core_auditlog SET timestamp = %s WHERE id = %s", [cutoff, recent.pk])
        cursor.execute("ALTER TABLE core_auditlog ENABLE TRIGGER core_auditlog_no_update_delete")

    assert draft_destruction_lists.delay().get(timeout=30) == 1
    destruction_list = DestructionList.objects.get(municipality=municipality)
    detail = reverse("retention:detail", args=[destruction_list.pk])
    first, second = logged_in_client(proposer), logged_in_client(approver)

    # A professional does not see it; the auditor sees it but cannot act.
    assert logged_in_client(organisation.users[Role.PROFESSIONAL]).get(detail).status_code == 404
    auditor = logged_in_client(organisation.users[Role.AUDITOR])
    assert auditor.get(detail).status_code == 200
    assert auditor.post(reverse("retention:propose", args=[destruction_list.pk])).status_code == 403

    assert first.post(reverse("retention:propose", args=[destruction_list.pk])).status_code == 302
    page = first.get(detail).content.decode()
    assert "Goedkeuren en uitvoeren" not in page  # the proposer gets no approve button
    refused = first.post(reverse("retention:approve", args=[destruction_list.pk]))
    assert refused.status_code == 422
    assert "Vier ogen" in refused.content.decode()
    destruction_list.refresh_from_db()
    assert destruction_list.status == ListStatus.PROPOSED
    denied = AuditLog.objects.filter(action="retention.list_approve", result="denied")
    assert list(denied.values_list("actor_id", flat=True)) == [proposer.pk]

    assert second.post(reverse("retention:approve", args=[destruction_list.pk])).status_code == 302
    _wait_for(
        lambda: DestructionCertificate.objects.filter(
            destruction_list_id=destruction_list.pk
        ).exists()
    )

    # The dossiers are shells: nothing personal left, and no case page.
    for household_id in closed:
        shell = Household.objects.get(pk=household_id)
        assert shell.anonymised_at is not None
        assert (shell.display_name, shell.postcode, shell.status_reason) == ("", "", "")
        assert not Member.objects.filter(household_id=household_id).exists()
        assert not JournalEntry.objects.filter(household_id=household_id).exists()
        assert not AssessmentScore.objects.filter(assessment__household_id=household_id).exists()
    assert Member.objects.filter(household_id=kept).exists()
    professional = logged_in_client(organisation.users[Role.PROFESSIONAL])
    assert professional.get(reverse("casework:detail", args=[closed[0]])).status_code == 404
    # The doorbraken stay as counted facts, without their text.
    for breakthrough in Breakthrough.objects.filter(household_id__in=closed):
        assert breakthrough.status == Status.APPROVED
        assert "dak boven het hoofd" not in breakthrough.need
        assert breakthrough.evaluation.notes == ""
        assert "Zwartewaterkloof" not in breakthrough.transitions.get().motivation
    kept_breakthrough = Breakthrough.objects.get(household_id=kept)
    assert "Zwartewaterkloof" in kept_breakthrough.evaluation.notes
    assert "Zwartewaterkloof" in kept_breakthrough.transitions.get().motivation
    # Aggregated figures and the report already made: unchanged.
    report.refresh_from_db()
    assert (report.content, report.content_sha256) == report_before
    assert SignalReport.objects.count() == 1
    assert (
        signal_figures(Signal.objects.filter(pk=signal.pk)).values(
            "n_breakthroughs", "n_households", "bridging_cost", "avoided_cost"
        )[0]
        == figures_before
    )
    assert breakthrough_facts(municipality=municipality, period=period) == facts_before
    # Audit rows: the old one lost its personal data and kept its event; the recent one is whole.
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.actor_id, old.actor_username, old.household_id, old.data) == (None, "", None, {})
    assert (old.action, old.municipality_code) == ("household.read", municipality.cbs_code)
    assert old.personal_data_removed_at is not None
    assert (recent.actor_id, recent.household_id) == (proposer.pk, closed[0])

    # The verklaring: counts, terms, who and when; no household, member, BSN or name.
    certificate = DestructionCertificate.objects.get(destruction_list_id=destruction_list.pk)
    totals = certificate.content["totalen"]
    assert totals == {
        "dossiers_vernietigd": 5,
        "dossiers_overgeslagen": 0,
        "doorbraken_gepseudonimiseerd": 5,
        "auditregels_zonder_persoonsgegevens": totals["auditregels_zonder_persoonsgegevens"],
        "inlogregels_zonder_persoonsgegevens": 0,  # no login row is six months old here
    }
    assert totals["auditregels_zonder_persoonsgegevens"] >= 1
    assert certificate.content["voorgesteld_door"].endswith(f"({proposer.username})")
    assert certificate.content["goedgekeurd_door"].endswith(f"({approver.username})")
    text = canonical_json(certificate.content)
    assert FAMILY not in text
    for household_id in closed:
        assert f'"{household_id}"' not in text
    page = second.get(reverse("retention:certificate", args=[destruction_list.pk]))
    assert page.status_code == 200 and certificate.number in page.content.decode()
    download = second.get(reverse("retention:certificate-download", args=[destruction_list.pk]))
    assert download["Content-Disposition"].endswith(f'{certificate.number}.json"')
    assert hashlib.sha256(download.content).hexdigest() == certificate.sha256
    assert json.loads(download.content) == certificate.content
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {
        "retention.list_draft",
        "retention.list_propose",
        "retention.list_approve",
        "retention.list_execute",
        "retention.certificate_download",
    } <= actions
    # Immutable.
    with pytest.raises(PermissionError):
        certificate.save()
    with pytest.raises(PermissionError):
        DestructionCertificate.objects.filter(pk=certificate.pk).update(sha256="x")
    # Running the task again changes nothing and returns the same verklaring.
    assert execute_destruction_list.delay(destruction_list.pk).get(timeout=30) == certificate.number


@pytest.mark.django_db
def test_a_dossier_reopened_after_the_proposal_is_skipped(organisation, admins):
    from casework.services import household_reopen

    proposer, approver = admins
    household = _closed_household(organisation.team, _due_day())
    destruction_list = destruction_list_draft(
        municipality=organisation.municipality, today=timezone.localdate()
    )
    destruction_list_propose(actor=proposer, destruction_list=destruction_list)
    destruction_list_approve(actor=approver, destruction_list=destruction_list)
    household_reopen(
        actor=organisation.users[Role.PROFESSIONAL], household=household, reason="Nieuwe hulpvraag"
    )
    number = execute_destruction_list.apply(args=[destruction_list.pk]).get()
    household.refresh_from_db()
    assert household.anonymised_at is None and household.members.exists()
    assert destruction_list.items.get().outcome == ItemOutcome.SKIPPED
    content = DestructionCertificate.objects.get(number=number).content
    assert content["totalen"]["dossiers_overgeslagen"] == 1
    assert content["totalen"]["dossiers_vernietigd"] == 0


@pytest.mark.django_db
def test_the_database_refuses_a_list_decided_by_its_proposer(organisation, admins):
    proposer, _ = admins
    with pytest.raises(IntegrityError), transaction.atomic():
        DestructionList.objects.create(
            municipality=organisation.municipality,
            reference_date=timezone.localdate(),
            status=ListStatus.APPROVED,
            proposed_by=proposer,
            decided_by=proposer,
        )


@pytest.mark.django_db
def test_lists_of_another_municipality_are_404(organisation, admins):
    other = MunicipalityFactory()
    _closed_household(organisation.team, _due_day())
    destruction_list = destruction_list_draft(
        municipality=organisation.municipality, today=timezone.localdate()
    )
    outsider = UserFactory()
    MembershipFactory(user=outsider, municipality=other, role=Role.FUNCTIONAL_ADMIN, team=None)
    client = logged_in_client(outsider)
    assert client.get(reverse("retention:detail", args=[destruction_list.pk])).status_code == 404
    assert client.post(reverse("retention:propose", args=[destruction_list.pk])).status_code == 404
    assert client.get(reverse("retention:list")).status_code == 200


@pytest.mark.django_db
def test_the_audit_trigger_lets_through_only_the_removal_of_personal_data(organisation):
    row = audit_record(
        actor=organisation.users[Role.AUDITOR],
        action="household.read",
        household_id=1,
        data={"x": 1},
    )
    for statement in (
        "UPDATE core_auditlog SET action = 'forged' WHERE id = %s",
        # Clearing the personal data but also changing the event: refused.
        "UPDATE core_auditlog SET actor_id = NULL, actor_username = '', household_id = NULL, "
        "data = '{}', personal_data_removed_at = now(), action = 'x' WHERE id = %s",
        "DELETE FROM core_auditlog WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [row.pk])
    # The function leaves a row younger than the cutoff alone.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT core_auditlog_remove_personal_data(%s::bigint[], %s)",
            [[row.pk], row.timestamp],
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT core_auditlog_remove_personal_data(%s::bigint[], %s)",
            [[row.pk], row.timestamp + timedelta(seconds=1)],
        )
        assert cursor.fetchone()[0] == 1
    row.refresh_from_db()
    assert (row.actor_id, row.household_id, row.action) == (None, None, "household.read")


@pytest.mark.django_db
def test_the_journal_of_a_live_dossier_cannot_be_destroyed_through_the_function(organisation):
    household = _closed_household(organisation.team, _due_day())
    with (
        pytest.raises(DatabaseError, match="destroyed dossier"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT casework_journal_destroy(%s)", [household.pk])
    assert JournalEntry.objects.filter(household=household).exists()


@pytest.mark.django_db
def test_the_history_of_a_live_dossier_keeps_its_reasoning(organisation):
    from tests.breakthroughs.factories import BreakthroughFactory

    breakthrough = BreakthroughFactory(household=HouseholdFactory(team=organisation.team))
    step = BreakthroughTransition.objects.create(
        breakthrough=breakthrough,
        transition="submit",
        from_status=Status.DRAFT,
        to_status=Status.SUBMITTED,
        motivation="Ingediend.",
    )
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE breakthroughs_breakthroughtransition SET motivation = 'x' WHERE id = %s",
            [step.pk],
        )


@pytest.mark.django_db
@pytest.mark.parametrize("dossiers", [1, 25])
def test_the_list_page_reads_a_fixed_number_of_queries(
    organisation, admins, django_assert_max_num_queries, dossiers
):
    # Every line names the decision behind its term: read along, not per line.
    RetentionTermDecisionFactory(
        municipality=organisation.municipality,
        years=TERM,
        decision_reference="Besluit nr. 7",
        effective_from=timezone.localdate(),
    )
    for _ in range(dossiers):
        _closed_household(organisation.team, _due_day())
    destruction_list = destruction_list_draft(
        municipality=organisation.municipality, today=timezone.localdate()
    )
    assert destruction_list.items.filter(term_decision__isnull=False).count() == dossiers
    client = logged_in_client(admins[0])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("retention:detail", args=[destruction_list.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("besluit Besluit nr. 7 (geldt vanaf") == dossiers


@pytest.mark.django_db(transaction=True)
def test_the_migration_dates_closed_dossiers_from_their_close_audit_row(organisation):
    from django.db.migrations.executor import MigrationExecutor

    household = HouseholdFactory(team=organisation.team, status=HouseholdStatus.CLOSED)
    closed_at = timezone.now() - timedelta(days=400)
    row = audit_record(actor=None, action="household.close", household_id=household.pk)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE core_auditlog DISABLE TRIGGER core_auditlog_no_update_delete")
        cursor.execute("UPDATE core_auditlog SET timestamp = %s WHERE id = %s", [closed_at, row.pk])
        cursor.execute("ALTER TABLE core_auditlog ENABLE TRIGGER core_auditlog_no_update_delete")
    executor = MigrationExecutor(connection)
    executor.migrate([("casework", "0012_zrm_reasons")])
    try:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([("casework", "0013_household_retention")])
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    household.refresh_from_db()
    assert household.closed_on == timezone.localtime(closed_at).date()


@pytest.mark.django_db
def test_the_app_database_role_can_carry_out_a_list(organisation, admins):
    """Production runs as a role without UPDATE/DELETE on the append-only tables: the destruction
    goes through the database functions that allow exactly it."""
    import uuid
    from io import StringIO

    from django.core.management import call_command

    from psycopg import sql

    from retention.services import destruction_list_execute

    proposer, approver = admins
    household = _closed_household(organisation.team, _due_day())
    row = audit_record(actor=proposer, action="household.read", household_id=household.pk)
    role = f"doorbraak_test_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE core_auditlog DISABLE TRIGGER core_auditlog_no_update_delete")
        cursor.execute(
            "UPDATE core_auditlog SET timestamp = %s WHERE id = %s",
            [audit_cutoff(timezone.localdate(), TERM) - timedelta(days=1), row.pk],
        )
        cursor.execute("ALTER TABLE core_auditlog ENABLE TRIGGER core_auditlog_no_update_delete")
        cursor.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
    call_command("db_grant_app_role", role, stdout=StringIO())
    destruction_list = destruction_list_draft(
        municipality=organisation.municipality, today=timezone.localdate()
    )
    destruction_list_propose(actor=proposer, destruction_list=destruction_list)
    destruction_list_approve(actor=approver, destruction_list=destruction_list)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(role)))
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
            cursor.execute(
                "DELETE FROM casework_journalentry WHERE household_id = %s", [household.pk]
            )
        certificate = destruction_list_execute(list_id=destruction_list.pk)
        cursor.execute("SET CONSTRAINTS casework_journal_no_delete IMMEDIATE")
        # The verklaring is append-only for the app too.
        for statement in (
            "UPDATE retention_destructioncertificate SET sha256 = 'x'",
            "DELETE FROM retention_destructioncertificate",
        ):
            with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
                cursor.execute(statement)
        cursor.execute("RESET ROLE")
    assert certificate.content["totalen"]["dossiers_vernietigd"] == 1
    assert not JournalEntry.objects.filter(household_id=household.pk).exists()
    row.refresh_from_db()
    assert row.personal_data_removed_at is not None and row.actor_id is None
