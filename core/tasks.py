from __future__ import annotations

from django.db import connection

from celery import shared_task


@shared_task(name="core.tasks.heartbeat")
def heartbeat() -> dict[str, str]:
    """Proves a worker can reach the database; scheduled by beat and used by the worker test."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok", "vendor": connection.vendor}


@shared_task(name="core.tasks.relay_outbox")
def relay_outbox() -> dict[str, int]:
    """Beat: send the tasks that waited in the outbox (the broker was away at their commit), and
    remove sent messages older than a week."""
    from core import outbox

    result = outbox.relay_all()
    return {
        "sent": result.sent,
        "pending": outbox.pending_count(),
        "purged": outbox.purge_dispatched(),
    }
