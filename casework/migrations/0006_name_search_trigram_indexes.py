"""Trigram indexes for the household search on PostgreSQL.

The list searches names with `icontains`, which Django writes as `UPPER(column::text) LIKE
UPPER('%term%')`; a GIN trigram index on exactly that expression serves it for terms of three
characters or more, instead of a scan of every member. SQLite, the embedded default, scans.
pg_trgm is a trusted extension: the database owner may create it without superuser rights.
"""

from django.db import migrations

INDEXES = [
    ("casework_household", "hh_display_name_trgm", "display_name"),
    ("casework_member", "member_family_name_trgm", "family_name"),
    ("casework_member", "member_given_name_trgm", "given_name"),
]


def add_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, name, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, name, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("casework", "0005_order_children_by_column")]
    operations = [migrations.RunPython(add_indexes, drop_indexes)]
