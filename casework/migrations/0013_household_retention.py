"""Retention of household dossiers: the closure date the term counts from, and destruction.

- `closed_on` is filled for households closed before it existed: the date of the newest
  `household.close` audit row, else the date of the last change.
- `anonymised_at` marks a destroyed dossier (a shell without personal data).
- The journal's delete trigger (0007) now also lets the entries of a destroyed dossier go, and
  the SECURITY DEFINER function `casework_journal_destroy(household)` is the one way the app's
  database role (which has no DELETE on the journal, see db_grant_app_role) removes them: only
  for a household already marked destroyed.

SQLite, the embedded default, has no plpgsql; the model and queryset guards still apply there.
"""

from django.db import migrations, models
from django.utils import timezone

CREATE_SQL = """
CREATE OR REPLACE FUNCTION casework_journal_no_delete() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM casework_household WHERE id = OLD.household_id AND anonymised_at IS NULL
    ) THEN
        RAISE EXCEPTION 'casework_journalentry is append-only: % is not allowed', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION casework_journal_destroy(target bigint) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    removed integer;
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM casework_household WHERE id = target AND anonymised_at IS NOT NULL
    ) THEN
        RAISE EXCEPTION 'journal of household % can only go with its destroyed dossier', target
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    DELETE FROM casework_journalentry WHERE household_id = target;
    GET DIAGNOSTICS removed = ROW_COUNT;
    RETURN removed;
END;
$$;
"""

# Back to the function of 0007 (the trigger itself is unchanged).
DROP_SQL = """
DROP FUNCTION IF EXISTS casework_journal_destroy(bigint);
CREATE OR REPLACE FUNCTION casework_journal_no_delete() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM casework_household WHERE id = OLD.household_id) THEN
        RAISE EXCEPTION 'casework_journalentry is append-only: % is not allowed', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def backfill_closed_on(apps, schema_editor):  # type: ignore[no-untyped-def]
    household_model = apps.get_model("casework", "Household")
    audit_model = apps.get_model("core", "AuditLog")
    closed = list(household_model.objects.filter(status="closed", closed_on__isnull=True))
    newest: dict[int, object] = {}
    for household_id, timestamp in (
        audit_model.objects.filter(action="household.close", household_id__in=[h.pk for h in closed])
        .order_by("timestamp")
        .values_list("household_id", "timestamp")
    ):
        newest[household_id] = timestamp
    for household in closed:
        moment = newest.get(household.pk) or household.updated_at
        household.closed_on = timezone.localtime(moment).date()
    household_model.objects.bulk_update(closed, ["closed_on"], batch_size=1000)


def create_functions(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SQL, params=None)


def drop_functions(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0012_zrm_reasons'),
        ('core', '0003_api_token'),
    ]

    operations = [
        migrations.AddField(
            model_name='household',
            name='anonymised_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='vernietigd op'),
        ),
        migrations.AddField(
            model_name='household',
            name='closed_on',
            field=models.DateField(blank=True, null=True, verbose_name='afgesloten op'),
        ),
        migrations.RunPython(backfill_closed_on, migrations.RunPython.noop),
        migrations.RunPython(create_functions, drop_functions),
    ]
