"""Audit rows lose their personal data after their own retention term; the event stays.

The append-only trigger (0002) now lets exactly one UPDATE through: the one that clears the
personal fields (actor, username, IP address, household, request id, details, the Logboek's
data-subject pseudonyms) and sets
`personal_data_removed_at`, with every other column unchanged. DELETE stays refused. The app's
database role has no UPDATE on the table (db_grant_app_role), so it removes personal data through
the SECURITY DEFINER function `core_auditlog_remove_personal_data(ids, cutoff)`, which touches only
rows older than the cutoff that still hold personal data.

SQLite, the embedded default, has no plpgsql; the model and queryset guards still apply there.
"""

from django.db import migrations, models

CREATE_SQL = """
CREATE OR REPLACE FUNCTION core_auditlog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND OLD.personal_data_removed_at IS NULL
        AND NEW.personal_data_removed_at IS NOT NULL
        AND NEW.id = OLD.id
        AND NEW.timestamp = OLD.timestamp
        AND NEW.action = OLD.action
        AND NEW.object_type = OLD.object_type
        AND NEW.object_id = OLD.object_id
        AND NEW.municipality_code = OLD.municipality_code
        AND NEW.result = OLD.result
        AND NEW.purpose = OLD.purpose
        AND NEW.actor_id IS NULL
        AND NEW.actor_username = ''
        AND NEW.ip_address IS NULL
        AND NEW.household_id IS NULL
        AND NEW.request_id = ''
        AND NEW.data = '{}'::jsonb
        AND NEW.data_subjects = '[]'::jsonb
        AND NEW.trace_id = OLD.trace_id
        AND NEW.span_id = OLD.span_id
        AND NEW.parent_span_id = OLD.parent_span_id
        AND NEW.processing_activity = OLD.processing_activity
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'core_auditlog is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION core_auditlog_remove_personal_data(ids bigint[], cutoff timestamptz)
    RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    changed integer;
BEGIN
    UPDATE core_auditlog
       SET actor_id = NULL, actor_username = '', ip_address = NULL, household_id = NULL,
           request_id = '', data = '{}'::jsonb, data_subjects = '[]'::jsonb,
           personal_data_removed_at = now()
     WHERE id = ANY(ids) AND timestamp < cutoff AND personal_data_removed_at IS NULL;
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed;
END;
$$;
"""

DROP_SQL = """
DROP FUNCTION IF EXISTS core_auditlog_remove_personal_data(bigint[], timestamptz);
CREATE OR REPLACE FUNCTION core_auditlog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'core_auditlog is append-only: % is not allowed', TG_OP
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
        ('core', '0005_outbox'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditlog',
            name='personal_data_removed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='persoonsgegevens verwijderd op'),
        ),
        migrations.RunPython(create_functions, drop_functions),
    ]
