from __future__ import annotations

from django.db import connection

from celery import shared_task


@shared_task(name="core.tasks.heartbeat")
def heartbeat() -> dict[str, str]:
    """Proves a worker can reach the database; scheduled by beat and used by the worker test."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok", "vendor": connection.vendor}
