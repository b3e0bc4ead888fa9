"""A finished simulation is immutable in the database too: a trigger refuses any UPDATE or DELETE
of a row whose status is done or failed, whatever the client. Queued and running rows still take
their progress.

SQLite, the embedded default, has no plpgsql; the service never updates a finished row there either.
"""

from django.db import migrations

CREATE_SQL = """
CREATE OR REPLACE FUNCTION regulations_simulation_immutable() RETURNS trigger AS $$
BEGIN
    IF OLD.status IN ('done', 'failed') THEN
        RAISE EXCEPTION 'a finished simulation is immutable: % is not allowed', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER regulations_simulation_no_change_when_finished
    BEFORE UPDATE OR DELETE ON regulations_simulation
    FOR EACH ROW EXECUTE FUNCTION regulations_simulation_immutable();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS regulations_simulation_no_change_when_finished ON regulations_simulation;
DROP FUNCTION IF EXISTS regulations_simulation_immutable();
"""


def create_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SQL, params=None)


def drop_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("regulations", "0005_reforms_and_simulations")]
    operations = [migrations.RunPython(create_trigger, drop_trigger)]
