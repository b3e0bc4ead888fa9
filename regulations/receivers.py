"""Re-screen a household after every change to its inputs (casework's signal).

Both receivers run inside the transaction of the change and record the re-screen in the outbox
(core.outbox): it commits with the change and is sent once the broker can take it, so a broker
outage delays a re-screen but never loses it.
"""

from __future__ import annotations

from typing import Any

from core import outbox
from regulations.tasks import rescreen_for_parameters


def on_household_changed(sender: Any, *, household_id: int, **kwargs: Any) -> None:
    # One pending re-screen per household: two saves before the relay need one, of the newest data.
    outbox.enqueue(
        "regulations.tasks.rescreen_household",
        {"household_id": household_id},
        dedupe_key=f"rescreen-household:{household_id}",
    )


def on_parameters_changed(
    sender: Any, *, keys: list[str], reason: str, actor_id: int | None, **kwargs: Any
) -> None:
    """New or corrected parameter values: re-screen what used them (a run and its chunks)."""
    rescreen_for_parameters(keys=keys, reason=reason, started_by_id=actor_id)
