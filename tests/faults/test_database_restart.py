"""A PostgreSQL restart under traffic: requests fail cleanly (503, Retry-After) and the site
recovers by itself. Gunicorn and the database are private to the test (tests/faults/conftest.py);
the shared PostgreSQL is never restarted."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

from django.utils import timezone

import psycopg
import pytest
import requests

from core.models import ApiToken, Role
from tests.casework.factories import HouseholdFactory
from tests.faults.conftest import ROOT, free_port, session_database_url, wait_for

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]

API = "/api/v1/households/"


@dataclass
class Answer:
    started: float
    ended: float
    path: str
    status: int | None  # None: no HTTP answer at all (refused, reset, timed out)
    retry_after: str | None
    body: str


def _copy_database(cluster, name: str) -> str:
    """This test's committed rows, schema and all, into a database of the private cluster."""
    subprocess.run(  # noqa: S603
        [str(cluster.bin / "psql"), cluster.url(), "-qc", f'CREATE DATABASE "{name}"'],
        check=True,
        capture_output=True,
        timeout=30,
    )
    dump = subprocess.run(  # noqa: S603
        [str(cluster.bin / "pg_dump"), "--no-owner", "--no-privileges", session_database_url()],
        check=True,
        capture_output=True,
        timeout=60,
    )
    subprocess.run(  # noqa: S603
        [str(cluster.bin / "psql"), "-q", "-v", "ON_ERROR_STOP=1", cluster.url(name)],
        input=dump.stdout,
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cluster.url(name)


def _start_gunicorn(database_url: str, log_path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        # Not the xdist worker's name: the test settings would move this explicit broker URL
        # to the worker's own Redis database.
        **{key: value for key, value in os.environ.items() if key != "PYTEST_XDIST_WORKER"},
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        # No broker at all: a save's re-screen waits in the outbox.
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{free_port()}/0",
        "LOG_LEVEL": "WARNING",
    }
    with open(log_path, "wb") as log:
        process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--timeout",
                "30",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return requests.get(f"{base}/inloggen/", timeout=10).status_code == 200
        except requests.RequestException:
            return False

    try:
        wait_for(up, timeout=30, what="gunicorn bereikbaar")
    except BaseException:
        process.terminate()
        process.wait(timeout=20)
        raise
    return process, base


def test_a_database_restart_under_traffic_fails_requests_cleanly_and_recovers(
    organisation, private_postgres, tmp_path
):
    professional = organisation.users[Role.PROFESSIONAL]
    households = [HouseholdFactory(team=organisation.team) for _ in range(3)]
    token, key = ApiToken.create_for(user=professional, name="storing", days=1)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    database_url = _copy_database(private_postgres, "doorbraak_storing")
    server, base = _start_gunicorn(database_url, tmp_path / "gunicorn.log")
    try:
        _restart_under_traffic(base, key, professional, households, private_postgres, database_url)
    finally:
        server.terminate()
        server.wait(timeout=20)


def _restart_under_traffic(base, key, professional, households, cluster, database_url) -> None:
    headers = {"Authorization": f"Token {key}"}
    browser = requests.Session()
    login = browser.get(f"{base}/inloggen/", timeout=5)
    csrf = login.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    signed_in = browser.post(
        f"{base}/inloggen/",
        data={
            "username": professional.username,
            "password": "geheim-wachtwoord-123",
            "csrfmiddlewaretoken": csrf,
        },
        headers={"Referer": f"{base}/inloggen/"},
        timeout=5,
    )
    assert signed_in.status_code == 200 and "/inloggen/" not in signed_in.url

    answers: list[Answer] = []
    stop = threading.Event()

    def traffic(path: str, session: requests.Session, extra: dict[str, str]) -> None:
        while not stop.is_set():
            started = time.monotonic()
            try:
                response = session.get(f"{base}{path}", headers=extra, timeout=10)
                status, retry, body = (
                    response.status_code,
                    response.headers.get("Retry-After"),
                    response.text[:300],
                )
            except requests.RequestException as exc:
                status, retry, body = None, None, exc.__class__.__name__
            answers.append(Answer(started, time.monotonic(), path, status, retry, body))
            time.sleep(0.05)

    api_session = requests.Session()
    threads = [
        threading.Thread(target=traffic, args=(API, api_session, headers)),
        threading.Thread(target=traffic, args=("/huishoudens/", browser, {})),
    ]
    try:
        for thread in threads:
            thread.start()
        # Enough answers in each phase, however slow the machine is today (bounded waits).
        wait_for(lambda: len(answers) >= 4, timeout=30, what="verkeer voor de herstart")
        stopping = time.monotonic()
        cluster.stop()
        stopped = time.monotonic()
        wait_for(
            lambda: sum(a.started > stopped for a in answers) >= 4,
            timeout=30,
            what="verkeer tijdens de storing",
        )

        # A save during the outage fails as a whole: 503, nothing written.
        during = requests.patch(
            f"{base}{API}{households[0].pk}/",
            json={"house_number": 99, "version": 1},
            headers=headers,
            timeout=10,
        )
        assert during.status_code == 503
        assert during.headers["Content-Type"].startswith("application/problem+json")
        assert during.json()["code"] == "unavailable"
        assert during.headers["Retry-After"] == "5"

        starting = time.monotonic()
        cluster.start()
        started = time.monotonic()
        wait_for(
            lambda: sum(a.started > started for a in answers) >= 4,
            timeout=30,
            what="verkeer na de herstart",
        )
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=15)

    # After the restart a save works again, without restarting the web server.
    after = requests.patch(
        f"{base}{API}{households[0].pk}/",
        json={"house_number": 98, "version": 1},
        headers=headers,
        timeout=10,
    )
    assert after.status_code == 200, after.text
    assert after.json()["version"] == 2

    before = [a for a in answers if a.ended < stopping]
    down = [a for a in answers if a.started > stopped and a.ended < starting]
    recovered = [a for a in answers if a.started > started]
    assert len(before) >= 4 and len(down) >= 4 and len(recovered) >= 4, (
        len(before),
        len(down),
        len(recovered),
    )
    assert {a.status for a in before} == {200}
    # Every request got an HTTP answer, quickly: 503 with a retry hint, never a 500 or a hang.
    assert all(a.status is not None for a in answers), [a.body for a in answers if not a.status]
    assert {a.status for a in down} == {503}
    assert {a.retry_after for a in down} == {"5"}
    assert all(a.ended - a.started < 5 for a in answers)
    assert all("Tijdelijk niet beschikbaar" in a.body for a in down if a.path == "/huishoudens/")
    assert all('"unavailable"' in a.body for a in down if a.path == API)
    assert {a.status for a in recovered} == {200}
    # The save's re-screen was recorded with it and waits for a broker (there is none here);
    # the refused save during the outage recorded nothing.
    with psycopg.connect(database_url) as conn:
        pending = conn.execute(
            "SELECT dedupe_key FROM core_outboxmessage WHERE dispatched_at IS NULL"
        ).fetchall()
    assert pending == [(f"rescreen-household:{households[0].pk}",)]
