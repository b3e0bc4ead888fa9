"""Chart geometry for the SVG chart templates in `core/templates/core/charts/`.

The SVG itself is written in templates (presentation attributes only: the CSP forbids inline
styles and scripts); Python only computes positions. Every page that shows a chart also shows the
same figures as a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from core.presentation.money import euro


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


# Colours with a contrast of at least 4.5:1 on white (Rijkshuisstijl blues and the badge colours
# of app.css), so no bar depends on a light colour to be seen.
BLUE = "#01689b"  # 5.9:1
DARK_BLUE = "#154273"  # 10.6:1
GREEN = "#1e6b1e"  # 6.6:1
AMBER = "#8a4b00"  # 6.9:1
RED = "#a90000"  # 7.6:1
TEXT = "#222222"
GRID = "#767676"  # 4.5:1, for axis lines


def _n(value: float) -> str:
    """A coordinate with at most one decimal and no trailing zeros."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def horizontal_bars(
    *,
    chart_id: str,
    title: str,
    description: str,
    rows: Sequence[tuple[str, Decimal | int, str, str]],
    width: int = 560,
) -> dict[str, Any]:
    """Geometry of `horizontal_bars.html`: one bar per row (label, value, colour, text shown).

    The text defaults to the value; every bar has at least one pixel when its value is not zero.
    """
    row, label_width, value_width, top = 28, 190, 70, 8
    height = top * 2 + row * max(len(rows), 1)
    plot = width - label_width - value_width
    largest = max((Decimal(value) for _l, value, _c, _t in rows), default=Decimal(0)) or Decimal(1)
    bars = []
    for index, (label, value, colour, text) in enumerate(rows):
        y = top + index * row
        length = float(Decimal(value) / largest) * plot
        bars.append(
            {
                "label": label,
                "text": text or str(value),
                "colour": colour or BLUE,
                "text_y": _n(y + row / 2 + 4),
                "y": _n(y + 4),
                "width": _n(max(length, 1.0 if value else 0.0)),
                "value_x": _n(label_width + length + 6),
            }
        )
    return {
        "id": chart_id,
        "title": title,
        "description": description,
        "width": width,
        "height": height,
        "bars": bars,
        "bar_height": row - 8,
        "label_x": label_width - 8,
        "bar_x": label_width,
        "axis_top": top,
        "axis_bottom": height - top,
        "text_colour": TEXT,
        "grid_colour": GRID,
    }


def spend_against_budget(
    *,
    chart_id: str,
    title: str,
    description: str,
    months: Sequence[tuple[str, Decimal | int, Decimal | int]],
    budget: Decimal,
    legend: Sequence[str] = (),
    width: int = 640,
    height: int = 300,
) -> dict[str, Any]:
    """Geometry of `spend_against_budget.html`: bars per month (label, amount, cumulative), a
    line of the cumulative amount, a dashed line at the budget; amounts in whole euros on the
    axis. `legend` gives the three texts of bars, line and budget."""
    left, right, top, bottom = 78, 16, 16, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([budget, *(Decimal(cumulative) for _l, _a, cumulative in months)])
    peak = peak or Decimal(1)
    slot = plot_w / max(len(months), 1)

    def y_of(value: Decimal | int) -> float:
        return top + plot_h - float(Decimal(value) / peak) * plot_h

    grid = []
    for step in range(5):
        value = peak * step / 4
        y = y_of(value)
        grid.append(
            {
                "y": _n(y),
                "text_y": _n(y + 4),
                "stroke": "1" if step == 0 else "0.5",
                "label": euro(value, cents=False),
            }
        )
    bars, points = [], []
    for index, (label, amount, cumulative) in enumerate(months):
        x = left + index * slot
        y = y_of(amount)
        bars.append(
            {
                "label": label,
                "text": euro(amount, cents=False),
                "x": _n(x + slot * 0.15),
                "y": _n(y),
                "width": _n(slot * 0.7),
                "height": _n(top + plot_h - y),
                "label_x": _n(x + slot / 2),
            }
        )
        points.append(f"{_n(x + slot / 2)},{_n(y_of(cumulative))}")
    legend_y = height - 16
    legend_items = []
    x = left
    for kind, colour, text in zip(
        ("rect", "line", "dash"), (BLUE, DARK_BLUE, AMBER), legend, strict=False
    ):
        legend_items.append({"kind": kind, "colour": colour, "text": text, "x": x, "x2": x + 14})
        x += 28 + 7 * len(str(text))
    return {
        "id": chart_id,
        "title": title,
        "description": description,
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "label_x": left - 6,
        "month_label_y": top + plot_h + 16,
        "grid": grid,
        "bars": bars,
        "polyline": " ".join(points),
        "budget_y": _n(y_of(budget)) if budget > 0 else None,
        "legend": legend_items,
        "legend_y": legend_y,
        "legend_mark_y": legend_y - 9,
        "legend_line_y": legend_y - 4,
        "legend_text_dx": 20,
        "colours": {"bar": BLUE, "line": DARK_BLUE, "budget": AMBER},
        "text_colour": TEXT,
        "grid_colour": GRID,
    }


def stacked_bar(
    *,
    chart_id: str,
    title: str,
    segments: Sequence[tuple[Decimal | int, str]],
    total: Decimal | int,
    width: int = 240,
    height: int = 18,
) -> dict[str, Any]:
    """Geometry of `stacked_bar.html`: segments (value, colour) left to right in a frame of
    `total` (e.g. spent and committed of a budget pot; the rest of the frame is what remains)."""
    scale = Decimal(total) or Decimal(1)
    x = 1.0
    rects = []
    for value, colour in segments:
        w = float(Decimal(value) / scale) * (width - 2)
        if w > 0:
            rects.append({"x": _n(x), "width": _n(w), "colour": colour})
            x += w
    return {
        "id": chart_id,
        "title": title,
        "width": width,
        "height": height,
        "inner_width": width - 1,
        "inner_height": height - 1,
        "segment_height": height - 2,
        "segments": rects,
        "grid_colour": GRID,
    }
