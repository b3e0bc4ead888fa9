"""Chart geometry for the SVG chart templates in `core/templates/core/charts/`.

The SVG itself is written in templates (presentation attributes only: the CSP forbids inline
styles and scripts); Python only computes positions. Every page that shows a chart also shows the
same figures as a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def bar_chart(
    *, chart_id: str, title: str, rows: Sequence[tuple[str, int | None, str]]
) -> dict[str, Any]:
    """Geometry of a horizontal bar chart; rows are (label, value or None, text shown).

    A None value (a suppressed cell) gets no bar, only its text, so the chart never suggests a
    figure that was not published.
    """
    label_width, bar_max, row_height, top = 230, 330, 28, 8
    maximum = max([value for _label, value, _text in rows if value] or [1])
    bars = []
    for index, (label, value, text) in enumerate(rows):
        y = top + index * row_height
        width = round(bar_max * (value or 0) / maximum) if value else 0
        bars.append(
            {
                "label": label,
                "text": text,
                "y": y,
                "text_y": y + 15,
                "width": width,
                "value_x": label_width + width + 6,
                "suppressed": value is None,
            }
        )
    return {
        "id": chart_id,
        "title": title,
        "bars": bars,
        "label_x": label_width - 8,
        "bar_x": label_width,
        "width": label_width + bar_max + 90,
        "height": top * 2 + len(rows) * row_height,
    }
