"""Geometry for the dashboard's server-drawn SVG charts, from numbers already
aggregated. The templates draw the shapes; the colours come from the stylesheet."""

from dataclasses import dataclass

# The funnel: one row per stage, a label line over a bar.
FUNNEL_WIDTH = 320
FUNNEL_ROW = 40
FUNNEL_BAR = 14
# A sparkline's box, and its inner margin so the line's ends and dot are not clipped.
SPARK_WIDTH = 120
SPARK_HEIGHT = 28
SPARK_PAD = 3


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: int  # the label line's baseline
    bar_y: int
    width: float  # at least 2 px, so that a stage with a few ideas still shows
    is_exit: bool


def funnel_bars(rows) -> dict:
    """Bars for the funnel rows, scaled to the number submitted (the first row)."""
    largest = max((row.count for row in rows), default=0) or 1
    bars = []
    for n, row in enumerate(rows):
        top = n * FUNNEL_ROW
        share = "" if row.of_submitted is None else f" · {row.of_submitted}%"
        bars.append(
            Bar(
                label=row.label,
                value_text=f"{row.count}{share}",
                y=top + 14,
                bar_y=top + 20,
                width=round(max(2, FUNNEL_WIDTH * row.count / largest), 1),
                is_exit=row.is_exit,
            )
        )
    return {
        "bars": bars,
        "width": FUNNEL_WIDTH,
        "height": len(rows) * FUNNEL_ROW,
        "bar_height": FUNNEL_BAR,
    }


@dataclass(frozen=True)
class Sparkline:
    points: str  # "x,y x,y …" for a <polyline>
    last_x: float
    last_y: float
    width: int = SPARK_WIDTH
    height: int = SPARK_HEIGHT


def sparkline(values: list[int]) -> Sparkline:
    """A line through the values, left to right; 0 on the bottom edge, the largest
    value on the top one. A single value is a flat line across."""
    values = values or [0]
    if len(values) == 1:
        values = values * 2
    top = max(values) or 1
    inner_w, inner_h = SPARK_WIDTH - 2 * SPARK_PAD, SPARK_HEIGHT - 2 * SPARK_PAD
    step = inner_w / (len(values) - 1)
    coords = [
        (round(SPARK_PAD + n * step, 1), round(SPARK_PAD + inner_h * (1 - value / top), 1))
        for n, value in enumerate(values)
    ]
    return Sparkline(" ".join(f"{x:g},{y:g}" for x, y in coords), *coords[-1])
