"""Re-screen a household after every committed change to its inputs (casework's signal)."""

from __future__ import annotations

import logging
from typing import Any

from regulations.tasks import rescreen_for_parameters, rescreen_household

logger = logging.getLogger(__name__)


def on_household_changed(sender: Any, *, household_id: int, **kwargs: Any) -> None:
    """Runs after the commit. A broker outage must not turn a saved change into an error page:
    the re-screen is logged as missed and the nightly/parameter re-screen catches up."""
    try:
        rescreen_household.delay(household_id=household_id)
    except Exception:  # kombu raises many kinds when Redis is away; the change itself is saved
        logger.exception("re-screen of household %s not queued: broker unavailable", household_id)


def on_parameters_changed(
    sender: Any, *, keys: list[str], reason: str, actor_id: int | None, **kwargs: Any
) -> None:
    """Runs after the commit of new or corrected parameter values: re-screen what used them."""
    try:
        rescreen_for_parameters(keys=keys, reason=reason, started_by_id=actor_id)
    except Exception:  # as above: the values are saved; the monitoring still shows what is due
        logger.exception("re-screen after a parameter change not queued: broker unavailable")
