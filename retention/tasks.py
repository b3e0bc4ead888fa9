"""Celery tasks of retention: the daily draft of destruction lists and carrying one out.

Thin wrappers; the work and its rules are in `retention.services`.
"""

from __future__ import annotations

import logging

from django.utils import timezone

from celery import shared_task

from core.models import Municipality
from retention.services import destruction_list_draft, destruction_list_execute

logger = logging.getLogger(__name__)


@shared_task(name="retention.tasks.draft_destruction_lists")
def draft_destruction_lists() -> int:
    """Draft a list per municipality with something due; the number of lists drafted."""
    today = timezone.localdate()
    drafted = 0
    for municipality in Municipality.objects.order_by("cbs_code"):
        try:
            drafted += destruction_list_draft(municipality=municipality, today=today) is not None
        except Exception as exc:  # one municipality must not stop the others
            logger.error(
                "vernietigingslijst voor %s niet opgesteld: %s",
                municipality.cbs_code,
                type(exc).__name__,
            )
    return drafted


@shared_task(name="retention.tasks.execute_destruction_list")
def execute_destruction_list(list_id: int) -> str:
    """Carry out an approved list; safe to run twice (the second run returns the same number)."""
    return destruction_list_execute(list_id=list_id).number
