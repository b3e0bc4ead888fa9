"""The status history of a doorbraak whose dossier was destroyed loses its reasoning text.

The append-only trigger (0006) now lets one UPDATE through: a change of `motivation` alone, on a
transition of a doorbraak whose household is a destroyed shell (`anonymised_at` set). Every other
column must stay equal; DELETE stays refused. The app's database role has no UPDATE on the table
(db_grant_app_role), so it goes through the SECURITY DEFINER function
`breakthroughs_transition_pseudonymise(household, marker)`.

SQLite, the embedded default, has no plpgsql; the model and queryset guards still apply there.
"""

from django.db import migrations

CREATE_SQL = """
CREATE OR REPLACE FUNCTION breakthroughs_transition_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND NEW.id = OLD.id
        AND NEW.breakthrough_id = OLD.breakthrough_id
        AND NEW.transition = OLD.transition
        AND NEW.from_status = OLD.from_status
        AND NEW.to_status = OLD.to_status
        AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
        AND NEW.at = OLD.at
        AND NEW.data = OLD.data
        AND EXISTS (
            SELECT 1 FROM breakthroughs_breakthrough b
              JOIN casework_household h ON h.id = b.household_id
             WHERE b.id = NEW.breakthrough_id AND h.anonymised_at IS NOT NULL
        )
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'breakthroughs_breakthroughtransition is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION breakthroughs_transition_pseudonymise(target bigint, marker text)
    RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    changed integer;
BEGIN
    UPDATE breakthroughs_breakthroughtransition t
       SET motivation = marker
      FROM breakthroughs_breakthrough b
     WHERE b.id = t.breakthrough_id AND b.household_id = target AND t.motivation <> marker;
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed;
END;
$$;
"""

DROP_SQL = """
DROP FUNCTION IF EXISTS breakthroughs_transition_pseudonymise(bigint, text);
CREATE OR REPLACE FUNCTION breakthroughs_transition_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'breakthroughs_breakthroughtransition is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def create_functions(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SQL, params=None)


def drop_functions(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("breakthroughs", "0008_hub_feed_copy_optional_times"),
        ("casework", "0013_household_retention"),
    ]
    operations = [migrations.RunPython(create_functions, drop_functions)]
