"""The move of the signal models from breakthroughs to signals loses no row and changes no report.

The database is migrated back to the state before the move (breakthroughs.0002, no signals app),
rows are written into every moved table through the models of that state, and the signal report
of that data is computed. Then the database is migrated forward: every row must read back equal
through the new models, the content types (and the permissions on them) must have followed, and
the report of the same data must be byte-identical (canonical JSON and every CSV table).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import pytest

from core.models import Role
from signals.models import DeliveryAttempt, Signal, SignalLink, SignalReport, SignalStatusChange
from signals.periods import Period
from signals.reporting.builder import (
    PublishedLedger,
    build_report,
    canonical_json,
    report_to_csv_tables,
)
from signals.services import breakthrough_facts, non_take_up_facts, signal_facts
from tests.signals.factories import approved_breakthroughs

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("breakthroughs", "0002_alter_breakthrough_knelpunt_type_signal_signallink_and_more"),
    ("signals", None),
]
MOVED = {
    "Signal": Signal,
    "SignalLink": SignalLink,
    "SignalStatusChange": SignalStatusChange,
    "SignalReport": SignalReport,
    "DeliveryAttempt": DeliveryAttempt,
}
PERIOD = Period(label="2026Q3", start=date(2026, 7, 1), end=date(2026, 9, 30))
GENERATED_AT = datetime(2026, 10, 2, 2, 30, tzinfo=UTC)


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def _latest() -> None:
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _state_apps(node):
    return MigrationExecutor(connection).loader.project_state(node).apps


def _with_later_columns(models):
    """Columns that migrations after the move added to the moved tables, added for the time of a
    read (nullable, no constraints) so today's report code can read the old state's rows; they
    hold NULL, as the later migrations leave them on existing rows. Dropped on leaving."""

    class Later:
        def __enter__(self):
            self.added = []
            with connection.cursor() as cursor:
                for model in models:
                    table = model._meta.db_table
                    present = {
                        c.name
                        for c in connection.introspection.get_table_description(cursor, table)
                    }
                    for field in model._meta.concrete_fields:
                        if field.column not in present:
                            cursor.execute(
                                f'ALTER TABLE "{table}" ADD COLUMN "{field.column}" '
                                f"{field.db_type(connection)} NULL"
                            )
                            self.added.append((table, field.column))
            return self

        def __exit__(self, *exc):
            with connection.cursor() as cursor:
                for table, column in self.added:
                    cursor.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')

    return Later()


def _report_bytes(municipality) -> bytes:
    content = build_report(
        municipality_cbs_code=municipality.cbs_code,
        municipality_name=municipality.name,
        period_start=PERIOD.start,
        period_end=PERIOD.end,
        revision=1,
        generated_at=GENERATED_AT,
        breakthroughs=breakthrough_facts(municipality=municipality, period=PERIOD),
        signals=signal_facts(municipality=municipality, period=PERIOD),
        non_take_up=non_take_up_facts(municipality=municipality),
        ledger=PublishedLedger.from_reports([]),
    )
    tables = report_to_csv_tables(content)
    return canonical_json(content) + b"".join(
        name.encode() + b"\n" + tables[name].encode() for name in sorted(tables)
    )


def _rows(model) -> list[dict]:
    return list(model.objects.order_by("pk").values())


def _populate(old, organisation, officer) -> None:
    """One row or more in every moved table, written through the models of the old state."""
    items = approved_breakthroughs(organisation.municipality, organisation.team, n=12)
    signal_model = old.get_model("breakthroughs", "Signal")
    signal = signal_model.objects.create(
        municipality_id=organisation.municipality.pk,
        title="Samenloop bijstand en toeslagen",
        regulation_code="bijstand",
        article="art. 35",
        body="Gemeente",
        knelpunt_type="samenloop",
        theme="schulden",
        description="De regel sluit een noodzakelijke tegemoetkoming uit.",
        route="vng",
        status="reviewed",
        created_by_id=officer.pk,
    )
    old.get_model("breakthroughs", "SignalLink").objects.bulk_create(
        old.get_model("breakthroughs", "SignalLink")(
            signal_id=signal.pk, breakthrough_id=item.pk, added_by_id=officer.pk
        )
        for item in items[:7]
    )
    old.get_model("breakthroughs", "SignalStatusChange").objects.create(
        signal_id=signal.pk,
        from_status="draft",
        to_status="reviewed",
        route="vng",
        note="Beoordeeld in het beleidsoverleg.",
        actor_id=officer.pk,
    )
    content = {"report_id": "placeholder", "note": "stored as it was"}
    report = old.get_model("breakthroughs", "SignalReport").objects.create(
        report_id="6f1c2d3e-4b5a-5c6d-8e7f-0a1b2c3d4e5f",
        municipality_id=organisation.municipality.pk,
        period_label=PERIOD.label,
        period_start=PERIOD.start,
        period_end=PERIOD.end,
        revision=1,
        content=content,
        content_sha256=hashlib.sha256(canonical_json(content)).hexdigest(),
        status="sending",
        generated_at=GENERATED_AT,
        approved_at=GENERATED_AT,
        approved_by_id=officer.pk,
        next_attempt_at=GENERATED_AT,
    )
    old.get_model("breakthroughs", "DeliveryAttempt").objects.create(
        report_id=report.pk, status_code=503, outcome="retry", detail="Service Unavailable"
    )


def test_every_row_survives_the_move_and_the_report_hashes_identical(organisation):
    officer = organisation.users[Role.POLICY_OFFICER]
    signal_type = ContentType.objects.get_for_model(Signal)
    permission_ids = set(
        Permission.objects.filter(content_type=signal_type).values_list("pk", flat=True)
    )
    assert permission_ids  # the app's permissions exist before we go back
    try:
        _migrate(BEFORE)
        old = _state_apps(BEFORE[0])
        assert not old.all_models.get("signals")
        # Before the move, the content type is the breakthroughs app's (the same row).
        assert ContentType.objects.get(pk=signal_type.pk).app_label == "breakthroughs"
        _populate(old, organisation, officer)
        before_rows = {name: _rows(old.get_model("breakthroughs", name)) for name in MOVED}
        with _with_later_columns(MOVED.values()):
            before_report = _report_bytes(organisation.municipality)
    finally:
        _latest()

    for name, model in MOVED.items():
        assert before_rows[name], name  # every moved table held rows
        # Columns added by later migrations are not part of the move; compare what was there.
        columns = before_rows[name][0].keys()
        after = [{key: row[key] for key in columns} for row in _rows(model)]
        assert after == before_rows[name], name
    assert hashlib.sha256(_report_bytes(organisation.municipality)).hexdigest() == (
        hashlib.sha256(before_report).hexdigest()
    )
    # The report actually shows the moved signal with its linked breakthroughs.
    assert b"De regel sluit een noodzakelijke tegemoetkoming uit." in before_report
    moved_type = ContentType.objects.get(pk=signal_type.pk)
    assert (moved_type.app_label, moved_type.model) == ("signals", "signal")
    assert set(Permission.objects.filter(content_type=moved_type).values_list("pk", flat=True)) == (
        permission_ids
    )
    # New rows go on in the same tables and sequences.
    assert Signal.objects.create(
        municipality=organisation.municipality,
        title="Tweede signaal",
        regulation_code="bijstand",
        body="Gemeente",
        knelpunt_type="samenloop",
        theme="schulden",
        description="Nog een regel die knelt.",
        route="vng",
        created_by=officer,
    ).pk > max(row["id"] for row in before_rows["Signal"])
