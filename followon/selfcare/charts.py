"""Small server-rendered SVG charts (no JavaScript). Each chart is drawn beside a data table,
which is the accessible version; the SVG has a title and a description too."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.dateformat import format as date_format
from django.utils.translation import pgettext

WIDTH = 600
HEIGHT = 240
LEFT = 48
RIGHT = 16
TOP = 16
BOTTOM = 40


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    bars: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    points: list[dict] = field(default_factory=list)
    y_ticks: list[dict] = field(default_factory=list)
    x_labels: list[dict] = field(default_factory=list)
    baseline_y: float = HEIGHT - BOTTOM
    left: int = LEFT
    right_x: int = WIDTH - RIGHT


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    step = span / max(count, 1)
    return round(LEFT + step * index + step / 2, 1)


def _y(value: float, top_value: float) -> float:
    span = HEIGHT - TOP - BOTTOM
    return round(HEIGHT - BOTTOM - span * (value / top_value if top_value else 0), 1)


def _label_every(count: int) -> int:
    return max(1, -(-count // 8))


def goal_chart(progress_rows) -> Chart:
    """One bar per week: done = full, partly = half, not this week = a stub."""
    chart = Chart()
    count = len(progress_rows)
    bar_width = round(min(40.0, (WIDTH - LEFT - RIGHT) / max(count, 1) * 0.6), 1)
    for value, label in (
        (0, pgettext("chart axis: not this week", "Not")),
        (1, pgettext("chart axis", "Partly")),
        (2, pgettext("chart axis", "Done")),
    ):
        chart.y_ticks.append({"y": _y(value, 2), "label": label})
    every = _label_every(count)
    for i, row in enumerate(progress_rows):
        x = _x(i, count)
        top = _y(max(row.score, 0.08), 2)
        chart.bars.append(
            {
                "x": round(x - bar_width / 2, 1),
                "y": top,
                "width": bar_width,
                "height": round(chart.baseline_y - top, 1),
                "kind": row.outcome,
            }
        )
        if i % every == 0 or i == count - 1:
            chart.x_labels.append({"x": x, "label": date_format(row.week_start, "j M")})
    return chart


def pacing_chart(activity, logs) -> Chart:
    """Logged minutes (points joined by a line) against the planned build-up (a step line)."""
    chart = Chart()
    count = len(logs)
    planned = [activity.planned_minutes((log.done_on - activity.started_on).days // 7) for log in logs]
    top_value = max([log.minutes for log in logs] + planned + [activity.baseline_minutes, 1])
    top_value = _nice(top_value)
    for i in range(5):
        value = top_value * i / 4
        chart.y_ticks.append({"y": _y(value, top_value), "label": f"{value:g}"})
    every = _label_every(count)
    done_points = []
    plan_points = []
    for i, log in enumerate(logs):
        x = _x(i, count)
        y = _y(log.minutes, top_value)
        done_points.append(f"{x},{y}")
        plan_points.append(f"{x},{_y(planned[i], top_value)}")
        chart.points.append({"x": x, "y": y, "flare": log.flare})
        if i % every == 0 or i == count - 1:
            chart.x_labels.append({"x": x, "label": date_format(log.done_on, "j M")})
    if count:
        chart.lines.append({"kind": "planned", "points": " ".join(plan_points)})
        chart.lines.append({"kind": "done", "points": " ".join(done_points)})
    return chart


def _nice(value: float) -> int:
    for step in (5, 10, 20, 30, 60, 120, 240, 480, 960, 1440):
        if value <= step:
            return step
    return int(value)
