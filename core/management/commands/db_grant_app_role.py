"""Give the application's PostgreSQL role exactly the rights it needs, run as the owner role.

The tables belong to the owner role that runs the migrations. The app role (the one in the
running app's DATABASE_URL) gets SELECT, INSERT, UPDATE and DELETE on the tables, but only
SELECT and INSERT on the append-only ones (each app lists them as `append_only_models` on its
AppConfig), and never TRUNCATE, TRIGGER or ownership: so it cannot empty, disable or bypass the
guards of the audit log and the histories. Run it after every `migrate` (new tables get no
rights until then).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from psycopg import sql


def append_only_tables() -> list[str]:
    tables = []
    for config in apps.get_app_configs():
        for name in getattr(config, "append_only_models", ()):
            tables.append(config.get_model(name)._meta.db_table)
    return sorted(tables)


class Command(BaseCommand):
    help = (
        "Geeft de databaserol van de app (zonder eigenaarschap) de rechten die ze nodig heeft; "
        "op alleen-toevoegen-tabellen alleen SELECT en INSERT. Draai als eigenaarsrol na migrate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", help="de rol waarmee de app verbindt, bijv. doorbraak_app")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Alleen voor PostgreSQL.")
        role = options["role"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
            found = cursor.fetchone()
            if found is None:
                raise CommandError(f"De rol {role!r} bestaat niet.")
            if any(found):
                raise CommandError(
                    f"De rol {role!r} is superuser of omzeilt RLS: niet als app-rol."
                )
            cursor.execute("SELECT current_user")
            if cursor.fetchone()[0] == role:
                raise CommandError("Draai dit als de eigenaarsrol, niet als de app-rol zelf.")
            cursor.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = %s",
                [role],
            )
            if cursor.fetchone()[0]:
                raise CommandError(f"De rol {role!r} is eigenaar van tabellen; dat mag niet.")
        ident = sql.Identifier(role)
        statements = [
            sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(ident),
            sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(ident),
            sql.SQL(
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}"
            ).format(ident),
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(ident),
        ]
        tables = append_only_tables()
        statements += [
            sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(table), ident)
            for table in tables
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"Rechten gezet voor {role}; alleen-toevoegen: {', '.join(tables)}.")
