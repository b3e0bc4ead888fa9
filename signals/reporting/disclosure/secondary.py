"""Within-report secondary suppression: protect the unpublished rows of a table with a margin."""

from __future__ import annotations

from signals.reporting.disclosure.tables import DisclosureRow, TableSpec


def protect_table(*, spec: TableSpec, margin: DisclosureRow, min_cell: int) -> bool:
    """Suppress one more row (or the margin) if the table leaks; True when something changed."""
    unpublished = [row for row in spec.rows if row.hidden or row.status != "published"]
    if margin.status == "published":
        needs_protection = any(row.status != "published" for row in unpublished)
        if not needs_protection:
            return False
        covered = frozenset().union(*(row.units for row in unpublished))
        if len(unpublished) >= 2 and len(covered) >= min_cell:
            return False
    elif unpublished:
        return False  # margin and at least one row unknown: nothing is derivable

    candidates = [
        row
        for row in spec.rows
        if row.status == "published" and not row.hidden and row.households > 0
    ]
    if candidates:
        complement = min(
            candidates,
            key=lambda row: (row.households, row.values.get("breakthroughs") or 0, row.key),
        )
        complement.status = "secondary"
        return True
    if margin.status == "published":
        margin.status = "secondary"
        return True
    return False
