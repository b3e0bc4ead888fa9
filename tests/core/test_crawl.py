"""Every page reachable from the navigation, as every demo role, on both databases we run on.

The embedded default (`make run`: the dev settings, SQLite, eager Celery, DEBUG off) runs in a
subprocess with its own temporary database, exactly the commands `make run` runs; PostgreSQL runs
in-process on the test database. Both fail on any 5xx and on developer language in the text.
"""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from django.core.management import CommandError, call_command

import pytest

from breakthroughs import selectors as breakthrough_selectors
from core.crawl import crawl_demo_roles, text_problems
from core.demo import DEMO_USERS

DEMO_HOUSEHOLDS = "8"

# Django's test client as a user of another team, on the embedded default: the Dutch pages.
ERROR_PAGES_SCRIPT = """
from django.test import Client
from casework.models import Household
from core.models import User

client = Client(HTTP_HOST="localhost", raise_request_exception=False)
client.force_login(
    User.objects.get(username="professional2"), backend="django.contrib.auth.backends.ModelBackend"
)
other_team = Household.objects.filter(team__name="Wijkteam Centrum").first()
for url in ("/bestaat-niet/", f"/huishoudens/{other_team.pk}/"):
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 404, (url, response.status_code)
    assert "Pagina niet gevonden" in page, url
    assert "Traceback" not in page and "URLconf" not in page, url
# DEBUG is off, so Django answers an error with the project's handlers, never its debug page.
from django.conf import settings
from django.test import RequestFactory
from core.errors import server_error

assert settings.DEBUG is False
error = server_error(RequestFactory().get("/"))
assert error.status_code == 500 and "Er ging iets mis" in error.content.decode()
css = client.get("/static/css/app.css")
assert css.status_code == 200, css.status_code
print("foutpagina's in orde")
"""


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_make_run_settings_on_sqlite_serve_every_page_to_every_role(tmp_path):
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "CELERY_"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }
    # The steps of `make run`, with fewer households.
    for step in (
        ("migrate", "--noinput"),
        ("load_regulations",),
        ("seed_demo", "--households", DEMO_HOUSEHOLDS, "--if-empty"),
        ("seed_breakthroughs",),
        ("crawl_pages",),
        ("shell", "-c", ERROR_PAGES_SCRIPT),
    ):
        done = _manage(*step, env=env)
        assert done.returncode == 0, f"{step}:\n{done.stdout}\n{done.stderr}"
        if step == ("crawl_pages",):
            assert "Alle pagina's in orde." in done.stdout
    assert "foutpagina's in orde" in done.stdout


@pytest.fixture
def demo_data(db):
    call_command("load_regulations", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("seed_demo", households=int(DEMO_HOUSEHOLDS), stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("seed_breakthroughs", stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_every_page_as_every_demo_role_on_postgresql(demo_data):
    result = crawl_demo_roles()
    assert result.ok, "\n".join(map(str, result.findings))
    assert set(result.visited) == {username for username, *_rest in DEMO_USERS}
    # The professional reaches the case pages, the team lead the dashboard, the auditor the log.
    assert any(url.startswith("/huishoudens/") for url in result.visited["professional"])
    assert "/doorbraken/dashboard/" in result.visited["teamleider"]
    assert "/audit/" in result.visited["auditor"]


def test_the_crawl_fails_on_a_server_error(demo_data, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(breakthrough_selectors, "median_working_days", broken)
    with pytest.raises(CommandError):
        call_command("crawl_pages", stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w"))  # noqa: SIM115
    result = crawl_demo_roles()
    assert [str(f) for f in result.findings if "/doorbraken/dashboard/" in f.url] == [
        "teamleider /doorbraken/dashboard/: antwoord 500",
        "teamleider2 /doorbraken/dashboard/: antwoord 500",
    ]


@pytest.mark.parametrize(
    ("html", "problems"),
    [
        ("<p>Inkomen per maand</p>", []),
        ("<p>geschat_voor m701</p>", ["veldnaam of code in de tekst: 'geschat_voor'"]),
        ("<p>De regeling <code>bijzondere_bijstand</code></p>", []),
        ("<script>let by_theme = 1;</script><p>Per thema</p>", []),
        ("<p>€ 476.70</p>", ["bedrag met decimale punt: '€ 476.70'"]),
        ("<p>€\xa0476,70 en € 1.234,56</p>", []),
        ("<p>€ 1.234</p>", []),
    ],
)
def test_the_text_check_flags_field_names_and_decimal_points(html, problems):
    assert text_problems(html) == problems
