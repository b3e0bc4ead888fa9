"""Fast benchmark data: a base of realistic households (the demo seeder), multiplied in SQL.

Seeding tens of thousands of households through the ORM takes minutes; copying a realistic base
with `INSERT ... SELECT` and shifted ids takes seconds and keeps the same shape of data (members,
incomes, debts, assessments, journal...). Copies get no BSN hash (the hash is unique).
"""

from __future__ import annotations

import time

from django.db import connection, transaction

# table -> {column: table whose id shift applies}; "id" shifts by the table's own id range.
TABLES: dict[str, dict[str, str]] = {
    "casework_household": {
        "id": "casework_household",
        "latest_assessment_id": "casework_assessment",
    },
    "casework_member": {"id": "casework_member", "household_id": "casework_household"},
    "casework_income": {"id": "casework_income", "member_id": "casework_member"},
    "casework_housing": {"id": "casework_housing", "household_id": "casework_household"},
    "casework_asset": {"id": "casework_asset", "household_id": "casework_household"},
    "casework_debt": {
        "id": "casework_debt",
        "household_id": "casework_household",
        "member_id": "casework_member",
    },
    "casework_benefitreceived": {
        "id": "casework_benefitreceived",
        "household_id": "casework_household",
    },
    "casework_perspectiveplan": {
        "id": "casework_perspectiveplan",
        "household_id": "casework_household",
    },
    "casework_plangoal": {"id": "casework_plangoal", "household_id": "casework_household"},
    "casework_involvedorganisation": {
        "id": "casework_involvedorganisation",
        "household_id": "casework_household",
    },
    "casework_journalentry": {"id": "casework_journalentry", "household_id": "casework_household"},
    "casework_assessment": {
        "id": "casework_assessment",
        "household_id": "casework_household",
        "member_id": "casework_member",
    },
    "casework_assessmentscore": {
        "id": "casework_assessmentscore",
        "assessment_id": "casework_assessment",
    },
}


def _columns(cursor, table: str) -> list[str]:  # type: ignore[no-untyped-def]
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def multiply_households(*, target: int) -> int:
    """Copy the existing households (with everything they hold) until there are at least
    `target`; returns the new count."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM casework_household")
        base = cursor.fetchone()[0]
        if base == 0 or base >= target:
            return base
        copies = -(-target // base) - 1  # ceil(target / base) - 1 extra copies
        started = time.perf_counter()
        with transaction.atomic():
            shifts = {}
            for table in TABLES:
                cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608 - fixed names
                shifts[table] = cursor.fetchone()[0]
            for table, mapping in TABLES.items():
                columns = _columns(cursor, table)
                select = []
                for column in columns:
                    if column in mapping:
                        shift = shifts[mapping[column]]
                        select.append(f"{column} + k * {shift}")
                    elif column == "bsn_hash":
                        select.append("''")
                    else:
                        select.append(column)
                # INSERT ... SELECT reads the table as it was before the statement: originals only.
                cursor.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - fixed names
                    f"SELECT {', '.join(select)} FROM {table} t "
                    f"CROSS JOIN generate_series(1, {copies}) AS k"
                )
            for table in TABLES:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {table}))"
                )
            cursor.execute("SELECT count(*) FROM casework_household")
            total = cursor.fetchone()[0]
        print(
            f"multiplied {base} households x{copies + 1} -> {total} in "
            f"{time.perf_counter() - started:.1f} s"
        )
        cursor.execute("ANALYZE")
        return total
