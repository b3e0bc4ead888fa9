"""The breakthrough status history is append-only in the database too: a trigger refuses any
UPDATE or DELETE, whatever the client (probe F5). A breakthrough with history cannot be deleted
anyway (PROTECT), so no cascade needs to pass.

SQLite, the embedded default, has no plpgsql; the model and queryset guards still apply there.
"""

from django.db import migrations

CREATE_SQL = """
CREATE OR REPLACE FUNCTION breakthroughs_transition_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'breakthroughs_breakthroughtransition is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER breakthroughs_transition_no_update_delete
    BEFORE UPDATE OR DELETE ON breakthroughs_breakthroughtransition
    FOR EACH ROW EXECUTE FUNCTION breakthroughs_transition_append_only();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS breakthroughs_transition_no_update_delete
    ON breakthroughs_breakthroughtransition;
DROP FUNCTION IF EXISTS breakthroughs_transition_append_only();
"""


def create_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SQL, params=None)


def drop_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("breakthroughs", "0005_precedent_index")]
    operations = [migrations.RunPython(create_trigger, drop_trigger)]
