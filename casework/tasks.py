"""Celery tasks of the dossier: thin, idempotent, ids and dates only (no personal data)."""

from __future__ import annotations

from datetime import date

from django.db import OperationalError

from celery import shared_task

from casework.services.wgs import wgs_process_deadlines


@shared_task(name="casework.tasks.process_wgs_deadlines", autoretry_for=(OperationalError,))
def process_wgs_deadlines(*, today: str | None = None) -> dict[str, int]:
    """Beat: Wgs reminders and escalations (idempotent). `today` (ISO) only for a re-run."""
    return wgs_process_deadlines(today=date.fromisoformat(today) if today else None)
