"""The signal status history is append-only in the database too: a trigger refuses any UPDATE or
DELETE, whatever the client (probe F5). A signal with history cannot be deleted anyway (PROTECT).
The table keeps its name from before the move to this app.

SQLite, the embedded default, has no plpgsql; the model and queryset guards still apply there.
"""

from django.db import migrations

CREATE_SQL = """
CREATE OR REPLACE FUNCTION signals_status_history_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the signal status history is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER signals_status_history_no_update_delete
    BEFORE UPDATE OR DELETE ON breakthroughs_signalstatuschange
    FOR EACH ROW EXECUTE FUNCTION signals_status_history_append_only();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS signals_status_history_no_update_delete ON breakthroughs_signalstatuschange;
DROP FUNCTION IF EXISTS signals_status_history_append_only();
"""


def create_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SQL, params=None)


def drop_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("signals", "0001_initial")]
    operations = [migrations.RunPython(create_trigger, drop_trigger)]
