"""Probe finding 5: the app's database role cannot empty, rewrite or bypass the append-only
tables, and every status history has a trigger.

The suite runs as the postgres superuser; these tests create the restricted app role inside
their own transaction (rolled back afterwards) and act as it with SET ROLE.
"""

from __future__ import annotations

import uuid
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

import pytest
import yaml
from psycopg import sql

from breakthroughs.constants import KnelpuntType, Theme
from breakthroughs.models import BreakthroughTransition
from core.audit import audit_record
from core.models import Role
from signals.constants import SignalRoute, SignalStatus
from signals.models import SignalStatusChange
from signals.services import signal_create, signal_move
from tests.breakthroughs.factories import BreakthroughFactory
from tests.casework.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def app_role(db) -> str:
    name = f"doorbraak_test_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
    call_command("db_grant_app_role", name, stdout=StringIO())
    return name


def _as(role: str, statement: str, params: list | None = None) -> None:
    """Run one statement as `role` in a savepoint; the role ends with the savepoint."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(role)))
        cursor.execute(statement, params)
        cursor.execute("RESET ROLE")


@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE core_auditlog",
        "TRUNCATE casework_journalentry",
        "TRUNCATE breakthroughs_breakthroughtransition",
        "UPDATE core_auditlog SET actor_username = 'forged'",
        "DELETE FROM core_auditlog",
        "UPDATE casework_journalentry SET text = 'forged'",
        "DELETE FROM casework_journalentry",
        "DELETE FROM breakthroughs_breakthroughtransition",
        "UPDATE breakthroughs_signalstatuschange SET note = 'forged'",
        "TRUNCATE breakthroughs_signalstatuschange",
        "ALTER TABLE core_auditlog DISABLE TRIGGER ALL",
        "ALTER TABLE casework_journalentry DISABLE TRIGGER ALL",
        "SET session_replication_role = replica",
        "DROP TRIGGER core_auditlog_no_update_delete ON core_auditlog",
    ],
)
def test_the_app_role_cannot_tamper_with_append_only_tables(app_role, statement):
    with pytest.raises(DatabaseError, match=r"permission denied|must be owner"):
        _as(app_role, statement)


def test_the_app_role_can_do_its_normal_work(app_role, organisation):
    household = HouseholdFactory(team=organisation.team)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(app_role)))
        audit_record(actor=None, action="test.append")
        cursor.execute(
            "UPDATE casework_household SET house_number = 99 WHERE id = %s", [household.pk]
        )
        cursor.execute("SELECT count(*) FROM core_auditlog WHERE action = 'test.append'")
        assert cursor.fetchone()[0] == 1
        cursor.execute("RESET ROLE")


def test_the_app_role_owns_no_tables(app_role):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE tableowner = %s", [app_role])
        assert cursor.fetchone()[0] == 0


def test_the_command_refuses_a_superuser_as_app_role(db):
    with pytest.raises(CommandError, match="superuser"):
        call_command("db_grant_app_role", "postgres", stdout=StringIO())


def test_the_breakthrough_history_refuses_update_and_delete_in_the_database(organisation):
    breakthrough = BreakthroughFactory(household=HouseholdFactory(team=organisation.team))
    step = BreakthroughTransition.objects.create(
        breakthrough=breakthrough,
        transition="submit",
        from_status="draft",
        to_status="submitted",
        motivation="Ingediend.",
    )
    for statement in (
        "UPDATE breakthroughs_breakthroughtransition SET motivation = 'x' WHERE id = %s",
        "DELETE FROM breakthroughs_breakthroughtransition WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [step.pk])
    with pytest.raises(PermissionError):
        BreakthroughTransition.objects.filter(pk=step.pk).update(motivation="x")
    with pytest.raises(PermissionError):
        BreakthroughTransition.objects.filter(pk=step.pk).delete()


def test_compose_runs_the_app_as_its_own_role_and_migrations_as_the_owner():
    root = Path(__file__).resolve().parents[2]
    services = yaml.safe_load((root / "docker-compose.yml").read_text())["services"]
    for name in ("web", "worker", "beat"):
        url = services[name]["environment"]["DATABASE_URL"]
        assert url.startswith("postgres://doorbraak_app:"), (name, url)
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
    migrate = services["migrate"]
    assert migrate["environment"]["DATABASE_URL"].startswith("postgres://doorbraak_owner:")
    assert "db_grant_app_role doorbraak_app" in " ".join(migrate["command"])
    init = (root / "bin/db-init/10-roles.sh").read_text()
    assert "CREATE ROLE doorbraak_app" in init and "NOSUPERUSER" in init


def test_the_signal_status_history_refuses_update_and_delete_in_the_database(organisation):
    officer = organisation.users[Role.POLICY_OFFICER]
    signal = signal_create(
        actor=officer,
        municipality=organisation.municipality,
        data={
            "title": "Samenloop",
            "regulation_code": "bijstand",
            "article": "art. 35",
            "body": "Gemeente",
            "knelpunt_type": KnelpuntType.CONCURRENCE,
            "theme": Theme.DEBTS,
            "description": "De regel sluit een noodzakelijke tegemoetkoming uit.",
            "route": SignalRoute.VNG,
        },
    )
    signal_move(actor=officer, signal=signal, to_status=SignalStatus.REVIEWED)
    step = SignalStatusChange.objects.filter(signal=signal).latest("id")
    for statement in (
        "UPDATE breakthroughs_signalstatuschange SET note = 'x' WHERE id = %s",
        "DELETE FROM breakthroughs_signalstatuschange WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [step.pk])
    with pytest.raises(PermissionError):
        SignalStatusChange.objects.filter(pk=step.pk).update(note="x")
    with pytest.raises(PermissionError):
        SignalStatusChange.objects.filter(pk=step.pk).delete()
