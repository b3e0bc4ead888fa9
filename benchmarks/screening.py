"""Screening benchmarks.

    python benchmarks/screening.py engine [--households 100000] [--date 2026-03-01] [--seed 7]

(a) ``engine``: generates synthetic households (seeded, realistic: 1-6 members, incomes around and
below the sociaal minimum, rents, assets), then times the pure-Python engine over all 12 schemes in
one process and prints households per second and peak memory.
(b) ``bulk``: multiplies a realistic base of stored households to ``--households`` in PostgreSQL
(database ``doorbraak_bench_screening``), starts ``--workers`` real Celery worker processes on
Redis and times a full re-screen of every open household from queueing to the last commit.

    python benchmarks/screening.py bulk [--households 100000] [--workers 2]

(d) ``vector``: the vectorised bulk engine (``regulations.schemes.vector.screen_many``) over the
same synthetic households, grouped per municipality (one parameter set each). Prints households per
CPU second over all twelve schemes (building the columns from the facts included, and the rules
alone), the conversion to result objects (which builds the ``missing`` lists, read on demand),
and ``differences: K`` from the differential check against the scalar engine on
``--differential`` households drawn around the thresholds (goal 100,000 per CPU second, zero
differences).

    python benchmarks/screening.py vector [--households 100000] [--differential 10000]

(c) ``cli``: writes ``--households`` synthetic households to one JSON file and runs
``manage.py screen FILE`` as a separate process twice, with and without ``--no-explanation``, output
to /dev/null. It prints households per CPU second of that process (user + system time, start-up
included) and per wall-clock second. Targets: 2,000 with explanations, 5,000 without.

    python benchmarks/screening.py cli [--households 20000] [--date 2026-03-01]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from regulations.schemes.engine import SCHEME_CODES, screen
from regulations.schemes.facts import parse_household

MUNICIPALITIES = ["GM0363", "GM1731", "GM0299", "GM0344", None]


def synthetic_household(rng: random.Random, *, on: date) -> dict[str, Any]:
    """One plausible household; some fields are left out on purpose (unknown, not zero)."""
    year = on.year

    def birth(min_age: int, max_age: int) -> str:
        return f"{year - rng.randint(min_age, max_age) - 1}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    def incomes(low: int, high: int) -> list[dict[str, Any]]:
        if rng.random() < 0.25:
            return []
        net = rng.randint(low, high)
        kind = rng.choice(["wages", "wages", "bijstand", "ww", "wia", "aow"])
        return [{"kind": kind, "net_monthly": net, "gross_monthly": round(net * 1.15, 2)}]

    size = rng.choices([1, 2, 3, 4, 5, 6], weights=[35, 25, 15, 13, 8, 4])[0]
    members: list[dict[str, Any]] = [
        {
            "ref": "a",
            "relation": "applicant",
            "birth_date": birth(18, 85),
            "incomes": incomes(0, 1900),
            "health_insured": rng.random() < 0.97,
        }
    ]
    has_partner = size >= 2 and rng.random() < 0.6
    if has_partner:
        members.append(
            {
                "ref": "p",
                "relation": "partner",
                "birth_date": birth(18, 85),
                "incomes": incomes(0, 1500),
                "health_insured": True,
                "works_or_studies": rng.random() < 0.5,
            }
        )
    while len(members) < size:
        index = len(members)
        if rng.random() < 0.8:
            child: dict[str, Any] = {
                "ref": f"c{index}",
                "relation": "child",
                "birth_date": birth(0, 24),
            }
            if rng.random() < 0.3:
                child["childcare"] = {
                    "kind": rng.choice(["dagopvang", "bso", "gastouder", "none"]),
                    "hours_monthly": rng.randint(20, 200),
                    "hourly_rate": rng.randint(7, 12),
                }
            members.append(child)
        else:
            members.append(
                {
                    "ref": f"h{index}",
                    "relation": "housemate",
                    "birth_date": birth(18, 80),
                    "incomes": incomes(0, 2000),
                }
            )
    for member in members[:2]:
        if rng.random() < 0.5 and member.get("incomes"):
            member["assessed_income_yearly"] = round(
                sum(i["gross_monthly"] for i in member["incomes"]) * 12, 2
            )
    data: dict[str, Any] = {"reference_date": on.isoformat(), "members": members}
    code = rng.choice(MUNICIPALITIES)
    if code:
        data["municipality_code"] = code
    if rng.random() < 0.9:
        data["assets_total"] = rng.choice([0, rng.randint(0, 5000), rng.randint(0, 60000)])
    tenure = rng.choices(
        ["social_rent", "private_rent", "owner", "living_in", "room_rent"],
        weights=[55, 20, 15, 7, 3],
    )[0]
    data["housing"] = {"tenure": tenure}
    if tenure.endswith("rent"):
        data["housing"].update(basic_rent=rng.randint(350, 1300), service_costs=rng.randint(0, 80))
    if rng.random() < 0.8:
        data["benefits_received"] = rng.sample(list(SCHEME_CODES), k=rng.randint(0, 3))
    if rng.random() < 0.7:
        data["debts"] = [
            {
                "creditor_kind": rng.choice(["energie", "verhuurder", "zorgverzekeraar", "bnpl"]),
                "amount": rng.randint(50, 8000),
            }
            for _ in range(rng.randint(0, 3))
        ]
    if rng.random() < 0.6:
        data["low_income_since"] = f"{year - rng.randint(0, 8)}-01-01"
    if rng.random() < 0.5:
        data["municipal_tax_yearly"] = rng.randint(200, 900)
    return data


def run_engine(*, households: int, on: date, seed: int, trace_memory: bool) -> None:
    sys.path.append(str(Path(__file__).resolve().parent))
    from common import cpu_reference

    print(cpu_reference())
    rng = random.Random(seed)
    raw = [synthetic_household(rng, on=on) for _ in range(households)]

    started = time.perf_counter()
    facts = [parse_household(item) for item in raw]
    parse_seconds = time.perf_counter() - started

    screen(facts[0])  # warm-up: loads the YAML catalogue and resolves parameters once
    if trace_memory:
        tracemalloc.start()
    started = time.perf_counter()
    cpu_started = time.process_time()
    outcomes: dict[str, int] = {}
    for household in facts:
        for result in screen(household).results:
            outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
    screen_seconds = time.perf_counter() - started
    screen_cpu_seconds = time.process_time() - cpu_started
    traced_peak = tracemalloc.get_traced_memory()[1] if trace_memory else None
    if trace_memory:
        tracemalloc.stop()

    sample = facts[: min(len(facts), 20000)]
    started = time.perf_counter()
    for household in sample:
        screen(household).to_json()
    json_seconds = time.perf_counter() - started

    peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"households:                {households} (seed {seed}, reference date {on.isoformat()})")
    print(f"schemes per household:     {len(SCHEME_CODES)}")
    print(f"parse:                     {households / parse_seconds:,.0f} households/s")
    print(
        f"screen (engine only):      {households / screen_seconds:,.0f} households/s "
        f"({screen_seconds:.2f} s, {screen_seconds / households * 1e6:.0f} µs per household)"
    )
    print(
        f"screen per CPU second:     {households / screen_cpu_seconds:,.0f} households/s "
        "(CPU time of this process: the per-core figure, robust against other load)"
    )
    print(
        f"screen + to_json:          {len(sample) / json_seconds:,.0f} households/s "
        f"(first {len(sample)} households)"
    )
    print(f"outcomes:                  {dict(sorted(outcomes.items()))}")
    print(f"peak memory (max RSS):     {peak_rss_mib:,.1f} MiB (includes the generated input)")
    if traced_peak is not None:
        print(
            f"peak traced during screen: {traced_peak / 2**20:,.1f} MiB (tracemalloc; slows the run)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Doorbraak screening benchmarks")
    commands = parser.add_subparsers(dest="command", required=True)
    engine = commands.add_parser("engine", help="time the pure-Python engine in one process")
    engine.add_argument("--households", type=int, default=100_000)
    engine.add_argument("--date", type=date.fromisoformat, default=date(2026, 3, 1))
    engine.add_argument("--seed", type=int, default=7)
    engine.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations")
    bulk = commands.add_parser(
        "bulk", help="re-screen stored households on PostgreSQL through Celery workers"
    )
    bulk.add_argument("--households", type=int, default=100_000)
    bulk.add_argument("--workers", type=int, default=2, help="worker processes")
    bulk.add_argument("--base", type=int, default=1000, help="realistic households to multiply")
    cli = commands.add_parser("cli", help="time `manage.py screen` on a batch file, as a process")
    cli.add_argument("--households", type=int, default=20_000)
    cli.add_argument("--date", type=date.fromisoformat, default=date(2026, 3, 1))
    cli.add_argument("--seed", type=int, default=7)
    vector = commands.add_parser("vector", help="time the vectorised engine; differential check")
    vector.add_argument("--households", type=int, default=100_000)
    vector.add_argument("--differential", type=int, default=10_000, help="households to compare")
    vector.add_argument("--date", type=date.fromisoformat, default=date(2026, 3, 1))
    vector.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.command == "vector":
        run_vector(
            households=args.households, sample=args.differential, on=args.date, seed=args.seed
        )
    elif args.command == "cli":
        run_cli(households=args.households, on=args.date, seed=args.seed)
    elif args.command == "engine":
        run_engine(
            households=args.households, on=args.date, seed=args.seed, trace_memory=args.tracemalloc
        )
    elif args.command == "bulk":
        run_bulk(households=args.households, workers=args.workers, base=args.base)
    return 0


def run_vector(*, households: int, sample: int, on: date, seed: int) -> None:
    """(d) The vectorised engine: speed per CPU second, then the differential check."""
    import gc

    sys.path.append(str(Path(__file__).resolve().parent))
    from common import cpu_reference

    from regulations.schemes.catalogue import default_parameters
    from regulations.schemes.vector import screen_many
    from regulations.schemes.vector.columns import Columns
    from regulations.schemes.vector.differential import EdgeCases, differences, with_new_work

    print(cpu_reference())
    rng = random.Random(seed)
    facts = [parse_household(synthetic_household(rng, on=on)) for _ in range(households)]
    groups: dict[str | None, list[Any]] = {}
    for household in facts:
        groups.setdefault(household.municipality_code, []).append(household)
    parameters = {
        code: default_parameters(reference_date=on, municipality_code=code) for code in groups
    }
    screen_many(facts[:100], on, parameters[facts[0].municipality_code])  # warm-up
    gc.collect()
    gc.freeze()  # the generated input stays alive; keep the collector from rescanning it

    def cpu(function: Any) -> tuple[float, Any]:
        started = time.process_time()
        value = function()
        return time.process_time() - started, value

    columns_cpu, _ = cpu(lambda: [Columns(group, on) for group in groups.values()])
    engine_cpu, screenings = cpu(
        lambda: [screen_many(group, on, parameters[code]) for code, group in groups.items()]
    )
    results_cpu, _ = cpu(lambda: [screening.to_results() for screening in screenings])
    scalar_rows = sum(s.fallback_rows(code) for s in screenings for code in s.schemes)
    outcomes: dict[str, int] = {}
    for screening in screenings:
        for code in screening.schemes:
            for value, count in zip(
                *np.unique(screening.outcome(code), return_counts=True), strict=False
            ):
                name = ("eligible", "not_eligible", "insufficient_data")[int(value)]
                outcomes[name] = outcomes.get(name, 0) + int(count)
    print(f"households:                {households} (seed {seed}, reference date {on}, "
          f"{len(groups)} parameter sets)")  # fmt: skip
    print(f"schemes per household:     {len(SCHEME_CODES)}")
    print(
        f"vector engine:             {households / engine_cpu:,.0f} households per CPU second "
        f"(all twelve schemes, columns built from the facts included; {engine_cpu:.2f} s)"
    )
    print(
        "  (outcomes, amounts and parameter reads; the `missing` lists of insufficient rows are "
        "built when first read, in to_results/to_json below)"
    )
    rules_cpu = max(engine_cpu - columns_cpu, 1e-9)
    print(
        f"  of which the columns:    {columns_cpu:.2f} s; the rules alone "
        f"{households / rules_cpu:,.0f} households per CPU second"
    )
    print(
        f"  rows left to the scalar: {scalar_rows} of {households * len(SCHEME_CODES)} "
        "scheme results (ties after a division, new work, missing parameters, normhuur)"
    )
    print(
        f"to_results (objects):      {households / results_cpu:,.0f} households per CPU second "
        "(SchemeResult objects as the scalar engine returns them)"
    )
    print(f"outcomes:                  {dict(sorted(outcomes.items()))}")

    # The differential check: households drawn around the thresholds, on a current date, a date
    # with carried-forward (provisional) values and a pre-2026 date, per municipality default.
    found = 0
    compared = 0
    scalar_cpu = vector_cpu = 0.0
    dates = (on, date(on.year + 1, on.month, 1), date(on.year - 1, on.month, 1))
    for index, when in enumerate(dates):
        per_date = sample // len(dates) + (index < sample % len(dates))
        code = (None, "GM1731", "GM0363")[index % 3]
        diff_parameters = default_parameters(reference_date=when, municipality_code=code)
        diff_rng = random.Random(seed + index)
        generator = EdgeCases(diff_rng, diff_parameters)
        batch = [
            with_new_work(parse_household(generator.household()), diff_rng) for _ in range(per_date)
        ]
        elapsed, _ = cpu(lambda: screen_many(batch, when, diff_parameters).to_results())  # noqa: B023
        vector_cpu += elapsed
        started = time.process_time()
        found += len(differences(batch, when, diff_parameters))
        scalar_cpu += time.process_time() - started - elapsed  # differences runs both engines
        compared += len(batch)
    print(
        f"differential:              {compared} edge-case households on {len(dates)} dates, "
        f"12 schemes, every result field but the explanation"
    )
    print(f"differences: {found}")


CLI_TARGETS = {"met uitleg": 2000, "zonder uitleg (--no-explanation)": 5000}


def run_cli(*, households: int, on: date, seed: int) -> None:
    """(c) The command as other tools call it: one process per batch, CPU time of that process."""
    sys.path.append(str(Path(__file__).resolve().parent))
    from common import cpu_reference

    print(cpu_reference())
    root = Path(__file__).resolve().parent.parent
    rng = random.Random(seed)
    batch = [synthetic_household(rng, on=on) for _ in range(households)]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "huishoudens.json"
        path.write_text(json.dumps(batch), encoding="utf-8")
        print(f"households:                {households} (seed {seed}, reference date {on})")
        for label, flags in (
            ("met uitleg", []),
            ("zonder uitleg (--no-explanation)", ["--no-explanation"]),
        ):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            with open(os.devnull, "wb") as sink:
                subprocess.run(  # noqa: S603 - our own command, fixed arguments
                    [sys.executable, "manage.py", "screen", str(path), *flags],
                    cwd=root,
                    env=env,
                    stdout=sink,
                    check=True,
                )
            wall = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            target = CLI_TARGETS[label]
            verdict = "gehaald" if households / cpu >= target else "NIET gehaald"
            print(
                f"{label:33s} {households / cpu:,.0f} households per CPU second "
                f"({cpu:.2f} s CPU, {wall:.2f} s wall, {households / wall:,.0f}/s wall); "
                f"doel {target:,}: {verdict}"
            )


def run_bulk(*, households: int, workers: int, base: int) -> None:
    """(b) End to end: queue a re-screen of every open household, wait until the run is done.

    The workers are real `celery worker` processes (prefork, `--concurrency workers`) on the real
    Redis; the timing runs from queueing to the last chunk's commit.
    """
    import os
    import subprocess

    sys.path.append(str(Path(__file__).resolve().parent))
    from common import setup_django

    os.environ["CELERY_BROKER_URL"] = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/9")
    setup_django(database="doorbraak_bench_screening")
    from common import cpu_reference

    print(cpu_reference())
    from seeding import multiply_households

    from casework.demo import seed_households
    from casework.models import Household
    from config.celery import app
    from core.demo import create_demo_organisation
    from regulations.models import RescreenRun, Screening
    from regulations.services import catalogue_sync_from_files
    from regulations.tasks import start_rescreen

    catalogue_sync_from_files()
    organisation = create_demo_organisation()
    if Household.objects.count() < base:
        seed_households(organisation=organisation, count=base, seed=3, if_empty=False)
    total = multiply_households(target=households)
    Household.objects.update(status="open")
    Screening.objects.all().delete()
    app.control.purge()

    import tempfile

    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - lives as long as the worker
        "w", prefix="doorbraak-bench-worker-", suffix=".log", delete=False
    )
    worker = subprocess.Popen(  # noqa: S603 - our own command line
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=WARNING",
         f"--concurrency={workers}", "-P", "prefork", "-O", "fair"],
        cwd=Path(__file__).resolve().parent.parent,
        env=os.environ.copy(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        time.sleep(6)  # let the worker processes boot before the clock starts
        started = time.perf_counter()
        run = start_rescreen(reason="benchmark")
        last = -1
        while True:
            run.refresh_from_db()
            if run.status != RescreenRun.Status.RUNNING:
                break
            if worker.poll() is not None:
                raise SystemExit(f"the worker died; see {log.name}")
            if run.done // 10_000 != last:
                last = run.done // 10_000
                print(f"  {run.done}/{run.total} after {time.perf_counter() - started:.0f} s")
            time.sleep(0.5)
        elapsed = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    stored = Screening.objects.count()
    print(
        f"bulk re-screen: {run.done} of {total} households ({run.failed} failed, {stored} "
        f"snapshots) in {elapsed:.1f} s with {workers} worker processes = "
        f"{run.done / elapsed:,.0f} households/s"
    )


if __name__ == "__main__":
    raise SystemExit(main())
