"""Logboek export benchmark: the audit log of one municipality as Logboek Dataverwerkingen records.

    python benchmarks/logboek.py [--rows 200000] [--subjects 4]

Recreates the dedicated database `doorbraak_bench_logboek` (DATABASE_URL's server), inserts
`--rows` audit rows of one municipality, each naming `--subjects` data subjects (a household read),
and times `manage.py logboek_export` for that municipality with its output counted, not kept.
Prints rows and log records per second, the number of queries and the peak memory of the process,
which must not grow with the number of rows (the rows are streamed in chunks).
"""

from __future__ import annotations

import argparse
import io
import resource
import time

from common import cpu_reference, drop_database, setup_django

DATABASE = "doorbraak_bench_logboek"


class _CountingSink(io.TextIOBase):
    """Counts what the command writes instead of keeping it."""

    def __init__(self) -> None:
        self.lines = 0
        self.characters = 0

    def write(self, text: str) -> int:
        self.lines += text.count("\n")
        self.characters += len(text)
        return len(text)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--subjects", type=int, default=4)
    args = parser.parse_args()

    print(cpu_reference())
    drop_database(DATABASE)
    setup_django(database=DATABASE)
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.demo import create_demo_organisation

    organisation = create_demo_organisation()
    code = organisation.municipality.cbs_code
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Household reads as the app writes them: a trace, the request's span, an activity and
        # one pseudonym per member.
        cursor.execute(
            "INSERT INTO core_auditlog (timestamp, actor_username, action, object_type, "
            "object_id, household_id, municipality_code, result, purpose, request_id, data, "
            "trace_id, span_id, parent_span_id, processing_activity, data_subjects) "
            "SELECT now() - (n || ' seconds')::interval, 'professional', 'household.read', "
            "'casework.household', n::text, n, %s, 'success', 'hulpverlening', '', '{}'::jsonb, "
            "md5(n::text), substr(md5('s' || n), 1, 16), '', 'casework', "
            "(SELECT jsonb_agg('ds-' || md5(n || ':' || m)) FROM generate_series(1, %s) m) "
            "FROM generate_series(1, %s) n",
            [code, args.subjects, args.rows],
        )
    print(
        f"{args.rows} audit rows of {args.subjects} data subjects in {time.perf_counter() - started:.1f} s"
    )

    sink = _CountingSink()
    memory_before = _peak_mb()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        call_command("logboek_export", municipality=code, stdout=sink)
        seconds = time.perf_counter() - started
    print(
        f"logboek_export: {args.rows} rows -> {sink.lines} log records "
        f"({sink.characters / 1e6:.0f} MB of JSON Lines) in {seconds:.1f} s: "
        f"{args.rows / seconds:,.0f} rows/s, {sink.lines / seconds:,.0f} records/s"
    )
    print(
        f"queries: {len(queries)}; peak memory of the process {memory_before:.0f} MB before, "
        f"{_peak_mb():.0f} MB after"
    )


if __name__ == "__main__":
    main()
