"""The case journal refuses DELETE in the database too, not only UPDATE (migration 0002).

An entry may disappear only together with its household: deleting a whole dossier (for example
at the end of its retention period) deletes the household's rows in one transaction, and Django's
cascade deletes the journal entries before the household itself. So the check is a constraint
trigger deferred to the commit: it refuses the deletion of an entry whose household still exists
then. Nothing in the application deletes households today; the trigger keeps that possible.

Tests that run inside a transaction never commit; they use `SET CONSTRAINTS
casework_journal_no_delete IMMEDIATE` to see the refusal at the statement.

SQLite, the embedded default, has no plpgsql; the model and queryset guards still apply there.
"""

from django.db import migrations

CREATE_SQL = """
CREATE OR REPLACE FUNCTION casework_journal_no_delete() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM casework_household WHERE id = OLD.household_id) THEN
        RAISE EXCEPTION 'casework_journalentry is append-only: % is not allowed', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER casework_journal_no_delete
    AFTER DELETE ON casework_journalentry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION casework_journal_no_delete();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS casework_journal_no_delete ON casework_journalentry;
DROP FUNCTION IF EXISTS casework_journal_no_delete();
"""


def create_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SQL, params=None)


def drop_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("casework", "0006_name_search_trigram_indexes")]
    operations = [migrations.RunPython(create_trigger, drop_trigger)]
