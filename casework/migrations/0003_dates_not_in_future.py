"""Dates that cannot lie in the future, as CHECK constraints on PostgreSQL.

'Today' is the Amsterdam date, so a birth date entered just after midnight is not refused because
the server clock is in UTC.
"""

from django.db import migrations

TODAY = "(now() AT TIME ZONE 'Europe/Amsterdam')::date"
CHECKS = [
    ("casework_household", "hh_start_not_future", f"start_date <= {TODAY}"),
    ("casework_member", "member_birth_not_future", f"birth_date <= {TODAY}"),
    ("casework_debt", "debt_registered_not_future", f"registered_on IS NULL OR registered_on <= {TODAY}"),
    ("casework_benefitreceived", "benefit_since_not_future", f"since IS NULL OR since <= {TODAY}"),
    ("casework_assessment", "assessment_not_future", f"assessed_on <= {TODAY}"),
    ("casework_journalentry", "journal_not_future", f"occurred_on <= {TODAY}"),
]


def add_checks(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, condition in CHECKS:
        schema_editor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({condition})")


def drop_checks(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, _condition in CHECKS:
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("casework", "0002_journal_append_only_trigger")]
    operations = [migrations.RunPython(add_checks, drop_checks)]
