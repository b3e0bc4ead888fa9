"""Health checks for the database and the Celery broker, used by /health/ and monitoring.

Domain apps add their own checks with ``register_health_check`` in ``AppConfig.ready()`` (core
imports no domain app). Such a check answers ``up`` or ``degraded``: degraded is reported, but the
service still answers (HTTP 200); only the database or the broker being down makes it 503.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.db import connection

from kombu import Connection


def check_database() -> dict[str, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"; the detail is for operators
        return {"status": "down", "detail": exc.__class__.__name__}
    return {"status": "up", "vendor": connection.vendor}


def check_broker() -> dict[str, str]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "up", "mode": "eager"}
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # kombu raises many kinds; all mean "unreachable"
        return {"status": "down", "detail": exc.__class__.__name__}
    return {"status": "up", "transport": settings.CELERY_BROKER_URL.split("://")[0]}


_EXTRA_CHECKS: dict[str, Callable[[], dict[str, object]]] = {}


def register_health_check(name: str, check: Callable[[], dict[str, object]]) -> None:
    _EXTRA_CHECKS[name] = check


def extra_checks() -> dict[str, dict[str, object]]:
    results = {}
    for name, check in _EXTRA_CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # a failing extra check degrades, it does not take the site down
            results[name] = {"status": "degraded", "detail": exc.__class__.__name__}
    return results


def is_internal(address: str | None) -> bool:
    """Whether a client address lies in one of HEALTH_DETAIL_NETWORKS (loopback by default)."""
    if not address:
        return False
    ip = ipaddress.ip_address(address)
    return any(
        ip in ipaddress.ip_network(network, strict=False)
        for network in settings.HEALTH_DETAIL_NETWORKS
    )
