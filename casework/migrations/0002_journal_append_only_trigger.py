"""The case journal is append-only in the database too (a trigger refuses UPDATE)."""

from django.db import migrations

CREATE_SQL = """
CREATE OR REPLACE FUNCTION casework_journal_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'casework_journalentry is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER casework_journal_no_update
    BEFORE UPDATE ON casework_journalentry
    FOR EACH ROW EXECUTE FUNCTION casework_journal_append_only();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS casework_journal_no_update ON casework_journalentry;
DROP FUNCTION IF EXISTS casework_journal_append_only();
"""


def create_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SQL, params=None)


def drop_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]
    operations = [migrations.RunPython(create_trigger, drop_trigger)]
