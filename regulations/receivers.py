"""Re-screen a household after every committed change to its inputs (casework's signal)."""

from __future__ import annotations

from typing import Any


def on_household_changed(sender: Any, *, household_id: int, **kwargs: Any) -> None:
    from regulations.tasks import rescreen_household

    rescreen_household.delay(household_id=household_id)
