"""Shared set-up for the benchmarks: a dedicated PostgreSQL database and timing helpers.

Benchmarks never run inside the test suite: they print figures for people (`make bench`).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _server() -> str:
    """DATABASE_URL without its database name: the server the benchmark databases live on."""
    base = os.environ.get("DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/doorbraak")
    return base.rpartition("/")[0]


def drop_database(database: str) -> None:
    """Drop a benchmark database, so the next `setup_django` starts from an empty one."""
    import psycopg

    with psycopg.connect(f"{_server()}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def setup_django(*, database: str = "doorbraak_bench") -> None:
    """Point Django at a dedicated benchmark database (created if missing) and migrate it."""
    import psycopg

    server = _server()
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')
    os.environ["DATABASE_URL"] = f"{server}/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # figures, not task logs
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def cpu_reference() -> str:
    """A fixed pure-Python loop, printed with the figures: this machine's speed varies (shared
    virtual CPUs), so figures from two runs compare only together with this reference."""
    import time as _time

    started = _time.perf_counter()
    total = 0
    for number in range(3_000_000):
        total += number
    return f"CPU reference: 3M-iteration Python loop in {(_time.perf_counter() - started) * 1000:.0f} ms"


def timed(fn: Callable[[], object], *, repeat: int) -> list[float]:
    """Wall-clock milliseconds of `repeat` calls."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def percentile(samples_ms: list[float], pct: int) -> float:
    """The nearest-rank percentile of the samples."""
    ordered = sorted(samples_ms)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def summary(name: str, samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p95 = percentile(ordered, 95)
    return (
        f"{name:<34} n={len(ordered):<5} median={statistics.median(ordered):7.1f} ms  "
        f"p95={p95:7.1f} ms  max={ordered[-1]:7.1f} ms"
    )
