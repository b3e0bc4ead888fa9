"""Synthetic households for demos and benchmarks (filled in by the casework models)."""

from __future__ import annotations

from core.demo import DemoOrganisation


def seed_households(
    *, organisation: DemoOrganisation, count: int, seed: int, if_empty: bool
) -> int:
    return 0
