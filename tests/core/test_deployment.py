"""The production shape: compose services point at real code, and check --deploy is clean."""

import importlib
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "a-long-random-production-like-secret-key-" + "x" * 30,
    "DJANGO_ALLOWED_HOSTS": "doorbraak.gemeente.example",
    "DATABASE_URL": "postgres://postgres:postgres@127.0.0.1:5432/doorbraak",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "BSN_ENCRYPTION_KEYS": "ZGV2LW9ubHktYnNuLWtleS0zMi1ieXRlcy1sb25nISE=",
    "BSN_HASH_KEY": "production-like-hash-key",
    "AUDIT_SUBJECT_KEY": "production-like-audit-subject-key",
    "PROCESSING_REGISTER_URI": "https://www.gemeente.example/privacy/verwerkingsregister",
}


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_production_services_with_healthchecks():
    services = _compose()["services"]
    assert {"db", "redis", "web", "worker", "beat"} <= set(services)
    assert "healthcheck" in services["db"]
    assert "healthcheck" in services["redis"]
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy"


def test_compose_commands_point_at_real_modules():
    services = _compose()["services"]
    web = services["web"]["command"]
    assert web[:3] == ["gunicorn", "-c", "config/gunicorn.py"]
    config = runpy.run_path(str(ROOT / web[2]))
    module_name, attribute = config["wsgi_app"].split(":")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    assert callable(getattr(importlib.import_module(module_name), attribute))
    # The image's own command starts the same configuration.
    assert '"gunicorn", "-c", "config/gunicorn.py"' in (ROOT / "Dockerfile").read_text()
    for name, subcommand in (("worker", "worker"), ("beat", "beat")):
        command = services[name]["command"]
        assert command[:2] == ["celery", "-A"]
        assert command[3] == subcommand
        app = importlib.import_module(command[2]).celery_app
        assert app.main == "doorbraak"


def test_simulations_have_their_own_queue_and_a_worker_that_may_start_processes():
    compose = _compose()
    assert compose["x-app"]["environment"]["SIMULATION_QUEUE"] == "simulations"
    command = compose["services"]["simulations"]["command"]
    assert command[:4] == ["celery", "-A", "config", "worker"]
    assert command[command.index("-Q") + 1] == "simulations"
    # A prefork child may not fork the simulation's worker processes; a thread may.
    assert command[command.index("--pool") + 1] == "threads"
    route = (
        "import django; django.setup(); from config.celery import app; "
        "print(app.amqp.router.route({}, 'regulations.tasks.run_simulation')['queue'].name, "
        "app.amqp.router.route({}, 'regulations.tasks.rescreen_household')['queue'].name)"
    )
    for queue, expected in (("simulations", "simulations celery"), ("", "celery celery")):
        result = subprocess.run(  # noqa: S603 - our own interpreter and code
            [sys.executable, "-c", route],
            cwd=ROOT,
            env={**PRODUCTION_ENV, "SIMULATION_QUEUE": queue, "PATH": os.environ["PATH"]},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert result.stdout.split()[-2:] == expected.split()


# Content, not configuration: parameter values that ran out (or soon will) warn on every check
# until the functional admin enters their successors; they must not block a deploy.
CONTENT_WARNINGS = {"regulations.W001", "regulations.W002"}


def test_production_settings_pass_check_deploy():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            **PRODUCTION_ENV,
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout + result.stderr
    issues = set(re.findall(r"\(([a-z_.]+\.[EW]\d{3})\)", output))
    assert issues <= CONTENT_WARNINGS, output
    assert "no issues" in output or issues


def test_check_deploy_warns_without_the_processing_register_uri():
    # The Logboek export would name activities by a relative path a central Logboek cannot use.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        **PRODUCTION_ENV,
        "PROCESSING_REGISTER_URI": "",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(core.W001) PROCESSING_REGISTER_URI" in result.stdout + result.stderr


def test_production_refuses_to_start_without_bsn_keys():
    env = {**os.environ, **PRODUCTION_ENV, "BSN_HASH_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "BSN_HASH_KEY" in result.stderr


def test_production_refuses_to_start_without_the_audit_subject_key():
    env = {**os.environ, **PRODUCTION_ENV, "AUDIT_SUBJECT_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "AUDIT_SUBJECT_KEY" in result.stderr


def test_production_enforces_the_second_factor_whatever_the_environment_says():
    env = {**os.environ, **PRODUCTION_ENV, "MFA_REQUIRED": "false"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.MFA_REQUIRED, 'django_otp.middleware.OTPMiddleware' in settings.MIDDLEWARE)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == "True True", result.stderr


def test_production_reads_sessions_from_the_shared_cache_and_keeps_them_in_the_database():
    """One query less per request, and only with a cache every worker shares (Redis): a
    per-process cache would serve a session that another worker has since changed or ended."""
    env = {**os.environ, **PRODUCTION_ENV}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.SESSION_ENGINE, settings.CACHES['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.split() == [
        "django.contrib.sessions.backends.cached_db",
        "django.core.cache.backends.redis.RedisCache",
    ], result.stderr
