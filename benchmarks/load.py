"""Load: mixed journeys of concurrent professionals against gunicorn and PostgreSQL (locust).

    python benchmarks/load.py [--users 50] [--think 1 5] [--seconds 60] [--ramp 10]
                              [--households 1000] [--workers N] [--threads N]

Prepares the `doorbraak_load` database (demo organisation, households, regulations, one account
per simulated user), starts gunicorn on an ephemeral loopback port with production's
config/gunicorn.py, runs locust headless for a bounded time, prints p50/p95/p99 per journey and
overall with the error count, and stops everything itself. Goal: p95 under 200 ms, 0 errors.

The users start over `--ramp` seconds; what follows for `--seconds` is measured (the steady
state). Each user waits 1 to 5 seconds between two clicks by default (locust's own example
profile): a professional reads a list or a case page before the next click, so 50 such users are
a busy team (about 17 pages a second). `--think 0.5 1.5` is the stress profile: every user clicks
about once a second (about 45 pages a second).

The web server runs the test settings (DEBUG off, fast password hashing so the sign-ins measure
the application, not the hash) with production's persistent database connections and shared
Redis cache, against a real PostgreSQL; traffic goes to 127.0.0.1 only. Locust and gunicorn share
the machine's CPUs: figures compare only with the CPU reference printed first.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from common import ROOT, cpu_reference, setup_django

GOAL_P95_MS = 200
PASSWORD = "load-test-wachtwoord"  # noqa: S105 - accounts of the throw-away load database
DATABASE = "doorbraak_load"


def prepare(*, users: int, households: int) -> dict[str, object]:
    """Demo data, regulations and `users` professionals in the first demo team (idempotent)."""
    setup_django(database=DATABASE)
    from django.core.management import call_command

    from casework.demo import seed_households
    from casework.models import Household
    from core.demo import create_demo_organisation
    from core.models import Membership, Role, User

    organisation = create_demo_organisation()
    team = organisation.teams[0]
    have = Household.objects.filter(municipality=organisation.municipality).count()
    if have < households:
        started = time.perf_counter()
        seed_households(organisation=organisation, count=households - have, seed=7, if_empty=False)
        print(f"seeded {households - have} households in {time.perf_counter() - started:.1f} s")
    call_command("load_regulations", verbosity=0)
    call_command("seed_breakthroughs", verbosity=0)
    names = [f"last{number:03d}" for number in range(users)]
    for name in names:
        user, created = User.objects.get_or_create(username=name)
        if created:
            user.set_password(PASSWORD)
            user.save()
        Membership.objects.get_or_create(
            user=user, municipality=organisation.municipality, team=team, role=Role.PROFESSIONAL
        )
    ids = list(Household.objects.filter(team=team).order_by("pk").values_list("pk", flat=True))
    print(f"{Household.objects.count()} households, {len(ids)} in the users' team")
    return {"users": names, "password": PASSWORD, "households": ids}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout} s")


def report(stats_csv: Path) -> tuple[float, int]:
    """Print the percentiles per journey; return the overall p95 and the error count."""
    with open(stats_csv, newline="") as handle:
        rows = list(csv.DictReader(handle))
    print(f"\n{'journey':<28}{'requests':>9}{'errors':>8}{'p50':>8}{'p95':>8}{'p99':>8}  (ms)")
    overall_p95, errors = 0.0, 0
    for row in rows:
        name = row["Name"] if row["Type"] else "ALL"
        print(
            f"{name:<28}{row['Request Count']:>9}{row['Failure Count']:>8}"
            f"{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
        )
        if row["Name"] == "Aggregated":
            overall_p95, errors = float(row["95%"]), int(row["Failure Count"])
    return overall_p95, errors


def single_user_baseline(base: str, fixture: dict[str, object], repeat: int = 5) -> None:
    """Each journey alone, one after another: the application's own latency, before the load
    (on a shared machine the difference to the figures under load is the queueing)."""
    import statistics

    import requests

    session = requests.Session()
    form = session.get(f"{base}/inloggen/", timeout=30).text
    token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    users = fixture["users"]
    assert isinstance(users, list)
    session.post(
        f"{base}/inloggen/",
        data={"username": users[0], "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/inloggen/"},
        timeout=30,
    )
    households = fixture["households"]
    assert isinstance(households, list)
    household = households[len(households) // 2]
    paths = {
        "household list": "/huishoudens/",
        "case page": f"/huishoudens/{household}/",
        "API household list": "/api/v1/households/?page_size=25",
        "screening": f"/regelingen/huishouden/{household}/",
        "doorbraak list": "/doorbraken/",
    }
    print("\nsingle user, no load (median of", repeat, "after one warm-up):")
    for name, path in paths.items():
        session.get(f"{base}{path}", timeout=30)
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = session.get(f"{base}{path}", timeout=30)
            samples.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
        print(f"  {name:<26}{statistics.median(samples):8.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--ramp", type=int, default=10, help="seconds in which the users start (not measured)"
    )
    parser.add_argument("--households", type=int, default=1000)
    # gunicorn's own settings come from config/gunicorn.py, as in production; these override.
    parser.add_argument("--workers", type=int, default=0, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=0, help="threads per gunicorn worker")
    parser.add_argument("--worker-class", default="", help="gunicorn worker class")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=[1.0, 5.0],
        metavar=("MIN", "MAX"),
        help="seconds between two clicks of one user (default 1 5; 0.5 1.5 is the stress profile)",
    )
    args = parser.parse_args()

    print(cpu_reference())
    fixture = prepare(users=args.users, households=args.households)
    fixture["think"] = args.think
    work = Path(tempfile.mkdtemp(prefix="doorbraak-load-"))
    fixture_path = work / "fixture.json"
    fixture_path.write_text(json.dumps(fixture))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "LOG_LEVEL": "WARNING",
        "LOAD_FIXTURE": str(fixture_path),
        # As in production: persistent database connections and the shared Redis cache (the
        # suite's settings open a connection per request and keep a cache per process).
        "DATABASE_CONN_MAX_AGE": "60",
        "CACHE_URL": os.environ.get("LOAD_CACHE_URL", "redis://127.0.0.1:6379/9"),
    }
    bin_dir = Path(sys.executable).parent
    server = subprocess.Popen(  # noqa: S603
        [
            str(bin_dir / "gunicorn"),
            # Production's configuration (worker class, keep-alive, timeout); the options below
            # only override it when given.
            "-c",
            "config/gunicorn.py",
            "--bind",
            f"127.0.0.1:{port}",
            *(["--workers", str(args.workers)] if args.workers else []),
            *(["--worker-class", args.worker_class] if args.worker_class else []),
            *(["--threads", str(args.threads)] if args.threads else []),
            "--access-logfile",
            "/dev/null",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=open(work / "gunicorn.log", "wb"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(f"{base}/inloggen/")
        single_user_baseline(base, fixture)
        overridden = ", overridden" if args.workers or args.threads or args.worker_class else ""
        print(
            f"gunicorn (config/gunicorn.py{overridden}) on {base}; "
            f"locust: {args.users} users, started over {args.ramp} s, then measured for "
            f"{args.seconds} s, "
            f"{args.think[0]:g}-{args.think[1]:g} s between clicks"
        )
        subprocess.run(  # noqa: S603
            [
                str(bin_dir / "locust"),
                "-f",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
                "--host",
                base,
                "--users",
                str(args.users),
                # Users sign in over the ramp; its requests (the sign-ins and each worker's first
                # pages, which load templates and URL patterns) are not counted: the figures are
                # the steady state of `--seconds` after it.
                "--spawn-rate",
                f"{args.users / args.ramp:g}",
                "--reset-stats",
                "--run-time",
                f"{args.seconds + args.ramp}s",
                "--stop-timeout",
                "10",
                "--csv",
                str(work / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--exit-code-on-error",
                "0",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=args.seconds + args.ramp + 120,
            stdout=subprocess.DEVNULL,
            stderr=open(work / "locust.log", "wb"),  # noqa: SIM115 - closed with the process
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\nmachine load average (1/5/15 min) after the run: {load} on {os.cpu_count()} CPUs")
    p95, errors = report(work / "load_stats.csv")
    met = p95 < GOAL_P95_MS and errors == 0
    print(
        f"\noverall p95 {p95:.0f} ms (goal < {GOAL_P95_MS} ms), {errors} errors (goal 0): "
        f"{'met' if met else 'NOT met'}"
    )
    if errors:
        print(f"failures: {work / 'load_failures.csv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
