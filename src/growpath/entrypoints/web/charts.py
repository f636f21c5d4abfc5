"""Server-rendered SVG charts: a line over time and horizontal bars, each with its table."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from growpath.entrypoints.web.timefmt import day_text
from growpath.i18n import N_

WIDTH = 640
# Bar charts sit side by side in cards about 18–25rem wide: drawn at 320 units, their 12px
# labels stay between about 11 and 17px on screen (at 640 they shrank to 5px, unreadable).
BAR_WIDTH = 320
LINE_HEIGHT = 240
BAR_ROW = 42
BAR_THICK = 16
MARGIN = 40


@dataclass(frozen=True)
class Chart:
    """An SVG picture and the table it draws, so every chart can be read without seeing it."""

    title: str
    svg: Markup
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


SCALE_ROW = 24  # the axis under the bars: its line, tick labels and what it measures


def _number(value: float) -> str:
    # One decimal at most: "15.3333 days" reads as noise, not as precision.
    return f"{round(value, 1):g}" if abs(value) < 1e6 else f"{value:,.0f}"


def _tick_text(tick: float) -> str:
    # Steps may be finer than a tenth (0.05 levels); the float noise of adding them goes.
    return f"{round(tick, 6):g}"


def ticks(low: float, high: float) -> list[float]:
    """Return round tick values from low to at least high: steps of 1, 2 or 5 times 10ⁿ."""
    span = max(high - low, 1e-9)
    step = 10 ** math.floor(math.log10(span / 5))
    for multiple in (1, 2, 5, 10):
        if span / (step * multiple) <= 5:
            step *= multiple
            break
    first = math.floor(low / step) * step
    count = math.ceil((high - first) / step - 1e-9)
    return [first + i * step for i in range(max(count, 1) + 1)]


def line_chart(
    title: str,
    points: Sequence[tuple[date, float]],
    target: float | None = None,
    unit: str = "",
) -> Chart:
    """Draw measurements over time, with the target as a dashed line."""
    values = [v for _, v in points] + ([target] if target is not None else [])
    scale = ticks(min([0.0, *values]), max([1.0, *values]))
    low, high = scale[0], scale[-1]
    days = [d.toordinal() for d, _ in points] or [0]
    first, span = min(days), max(max(days) - min(days), 1)
    plot_w, plot_h = WIDTH - 2 * MARGIN, LINE_HEIGHT - 2 * MARGIN

    def x(day: date) -> float:
        return MARGIN + (day.toordinal() - first) / span * plot_w

    def y(value: float) -> float:
        return LINE_HEIGHT - MARGIN - (value - low) / (high - low) * plot_h

    parts = [
        f'<line class="axis" x1="{MARGIN}" y1="{LINE_HEIGHT - MARGIN}" '
        f'x2="{WIDTH - MARGIN}" y2="{LINE_HEIGHT - MARGIN}"/>',
        f'<line class="axis" x1="{MARGIN}" y1="{MARGIN}" x2="{MARGIN}" '
        f'y2="{LINE_HEIGHT - MARGIN}"/>',
    ]
    for tick in scale:
        parts.append(
            f'<line class="tick" x1="{MARGIN - 4}" y1="{y(tick):.1f}" x2="{MARGIN}" '
            f'y2="{y(tick):.1f}"/><text x="{MARGIN - 6}" y="{y(tick) + 4:.1f}" '
            f'text-anchor="end">{_tick_text(tick)}</text>'
        )
    if unit.strip():
        parts.append(f'<text x="{MARGIN}" y="{MARGIN - 12}">{escape(unit.strip())}</text>')
    if target is not None:
        parts.append(
            f'<line class="target" x1="{MARGIN}" y1="{y(target):.1f}" x2="{WIDTH - MARGIN}" '
            f'y2="{y(target):.1f}"/><text x="{WIDTH - MARGIN}" y="{y(target) - 6:.1f}" '
            f'text-anchor="end">target {_number(target)}</text>'
        )
    if points:
        path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points)
        parts.append(f'<polyline class="series" points="{path}"/>')
        parts += [
            f'<circle class="point" cx="{x(d):.1f}" cy="{y(v):.1f}" r="4"/>' for d, v in points
        ]
        parts.append(
            f'<text x="{MARGIN}" y="{LINE_HEIGHT - MARGIN + 18}">{day_text(points[0][0])}</text>'
        )
        parts.append(
            f'<text x="{WIDTH - MARGIN}" y="{LINE_HEIGHT - MARGIN + 18}" text-anchor="end">'
            f"{day_text(points[-1][0])}</text>"
        )
    rows = tuple((day_text(d), f"{_number(v)}{unit}") for d, v in points)
    return Chart(title, _svg(title, LINE_HEIGHT, parts), (N_("Date"), N_("Value")), rows)


HIDDEN = "hidden"


def _bar_text(value: float | str | None, unit: str) -> str:
    if value is None:
        return HIDDEN
    return f"{value}{unit}" if isinstance(value, str) else f"{_number(value)}{unit}"


def bar_chart(
    title: str,
    bars: Sequence[tuple[str, float | str | None]],
    unit: str = "",
    maximum: float = 0.0,
    scale_label: str = "",
) -> Chart:
    """Draw one horizontal bar per label over a scale; a bar without a value reads "hidden".

    A bar given as text (a report's band, "≥ 90") is drawn short and labelled with that text.
    scale_label says what the axis measures ("%", "levels"); the unit when not given.
    """
    numbers = [float(v) for _, v in bars if isinstance(v, float | int)]
    scale = ticks(0.0, max([maximum, *numbers, 1e-9]))
    top = scale[-1]
    # Each label sits on its own line above its bar, so long labels are never cut.
    bars_end = 8 + BAR_ROW * max(len(bars), 1)
    height = bars_end + SCALE_ROW
    plot_w = BAR_WIDTH - 80
    parts: list[str] = [
        f'<line class="axis" x1="0" y1="{bars_end}" x2="{plot_w}" y2="{bars_end}"/>'
    ]
    for tick in scale:
        tick_x = tick / top * plot_w
        anchor = "start" if tick == scale[0] else "end" if tick == top else "middle"
        parts.append(
            f'<line class="tick" x1="{tick_x:.1f}" y1="{bars_end}" x2="{tick_x:.1f}" '
            f'y2="{bars_end + 4}"/><text x="{tick_x:.1f}" y="{bars_end + 16}" '
            f'text-anchor="{anchor}">{_tick_text(tick)}</text>'
        )
    measured = (scale_label or unit).strip()
    if measured:
        parts.append(f'<text x="{plot_w + 8}" y="{bars_end + 16}">{escape(measured)}</text>')
    for index, (label, value) in enumerate(bars):
        top_y = 4 + index * BAR_ROW
        parts.append(f'<text x="0" y="{top_y + 14}">{escape(label)}</text>')
        bar_y = top_y + 20
        if value is None or isinstance(value, str):
            shown, kind = (HIDDEN, "suppressed") if value is None else (value + unit, "band")
            parts.append(
                f'<rect class="bar {kind}" x="0" y="{bar_y}" width="24" height="{BAR_THICK}"/>'
                f'<text x="30" y="{bar_y + 13}">{escape(shown)}</text>'
            )
            continue
        width = max(value, 0.0) / top * plot_w
        parts.append(
            f'<rect class="bar" x="0" y="{bar_y}" width="{width:.1f}" height="{BAR_THICK}"/>'
            f'<text x="{width + 6:.1f}" y="{bar_y + 13}">{_number(value)}{escape(unit)}</text>'
        )
    rows = tuple((label, _bar_text(value, unit)) for label, value in bars)
    return Chart(title, _svg(title, height, parts, BAR_WIDTH, "bars"), ("", N_("Value")), rows)


def _svg(
    title: str, height: float, parts: list[str], width: int = WIDTH, kind: str = "lines"
) -> Markup:
    # The picture is hidden from assistive technology: the table next to it says the same.
    return Markup(  # noqa: S704 - every interpolated label above is escaped
        f'<svg class="{kind}" viewBox="0 0 {width} {height:.0f}" aria-hidden="true" '
        f'focusable="false" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f"{''.join(parts)}</svg>"
    )


@dataclass(frozen=True)
class Series:
    """One line of a banded chart: its name, and per x the value drawn, its interval, and how
    the table says it (a band near a bound is drawn in the middle of its interval)."""

    name: str
    points: tuple[tuple[int, float, float, float, str], ...]  # x, value, low, high, text


def banded_lines_chart(
    title: str, series: Sequence[Series], x_label: str, unit: str = "%", maximum: float = 100.0
) -> Chart:
    """Draw lines over whole-number steps (months) with their intervals as shaded bands; the
    table beside the chart gives every value and interval as published."""
    xs = sorted({x for s in series for x, *_ in s.points}) or [0]
    lows = [low for s in series for _, _, low, _, _ in s.points]
    scale = ticks(math.floor(min([maximum, *lows]) / 10) * 10, maximum)
    low_tick, high_tick = scale[0], scale[-1]
    plot_w, plot_h = WIDTH - 2 * MARGIN, LINE_HEIGHT - 2 * MARGIN
    span = max(xs[-1] - xs[0], 1)

    def x_of(x: int) -> float:
        return MARGIN + (x - xs[0]) / span * plot_w

    def y_of(value: float) -> float:
        return LINE_HEIGHT - MARGIN - (value - low_tick) / (high_tick - low_tick) * plot_h

    parts = [
        f'<line class="axis" x1="{MARGIN}" y1="{LINE_HEIGHT - MARGIN}" '
        f'x2="{WIDTH - MARGIN}" y2="{LINE_HEIGHT - MARGIN}"/>',
        f'<line class="axis" x1="{MARGIN}" y1="{MARGIN}" x2="{MARGIN}" '
        f'y2="{LINE_HEIGHT - MARGIN}"/>',
        f'<text x="{MARGIN}" y="{MARGIN - 12}">{escape(unit)}</text>',
        f'<text x="{WIDTH - MARGIN}" y="{LINE_HEIGHT - 6}" text-anchor="end">'
        f"{escape(x_label)}</text>",
    ]
    for tick in scale:
        parts.append(
            f'<line class="tick" x1="{MARGIN - 4}" y1="{y_of(tick):.1f}" x2="{MARGIN}" '
            f'y2="{y_of(tick):.1f}"/><text x="{MARGIN - 6}" y="{y_of(tick) + 4:.1f}" '
            f'text-anchor="end">{_tick_text(tick)}</text>'
        )
    for x in xs:
        parts.append(
            f'<text x="{x_of(x):.1f}" y="{LINE_HEIGHT - MARGIN + 16}" '
            f'text-anchor="middle">{x}</text>'
        )
    for number, s in enumerate(series):
        if not s.points:
            continue
        upper = [f"{x_of(x):.1f},{y_of(high):.1f}" for x, _, _, high, _ in s.points]
        lower = [f"{x_of(x):.1f},{y_of(low):.1f}" for x, _, low, _, _ in reversed(s.points)]
        parts.append(
            f'<polygon class="interval series-{number}" points="{" ".join(upper + lower)}"/>'
        )
        middle = [(x, value) for x, value, *_ in s.points]
        line = " ".join(f"{x_of(x):.1f},{y_of(v):.1f}" for x, v in middle)
        parts.append(f'<polyline class="series series-{number}" points="{line}"/>')
        last_x, last_v = middle[-1]
        parts.append(
            f'<text class="series-{number}" x="{x_of(last_x) - 4:.1f}" '
            f'y="{y_of(last_v) + (14 if number else -8):.1f}" text-anchor="end">'
            f"{escape(s.name)}</text>"
        )

    by_x = {s.name: {x: text for x, *_, text in s.points} for s in series}
    rows = tuple(
        (str(x), *(by_x[s.name].get(x, "") for s in series))
        for x in xs
        if any(s.points for s in series)
    )
    return Chart(title, _svg(title, LINE_HEIGHT, parts), (x_label, *(s.name for s in series)), rows)
