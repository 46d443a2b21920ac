"""Server-rendered bar charts: the geometry is worked out here and drawn by
templates/dashboards/includes/bar_chart.html as inline SVG (allowed by the CSP; colours
are SVG attributes, never style attributes). Each chart sits beside a table holding the
same numbers, so the chart itself is hidden from screen readers."""

from __future__ import annotations

from dataclasses import dataclass

# GOV.UK colour palette: blue and green are distinguishable without colour vision too,
# because the legend and the table carry the same numbers.
SERIES_COLOURS = ("#1d70b8", "#00703c", "#f47738")
WIDTH = 640
HEIGHT = 240
LEFT = 48  # room for the axis labels
BOTTOM = 32  # room for the category labels
TOP = 8


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    value: int


@dataclass(frozen=True)
class Category:
    label: str
    centre: float
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    baseline: float
    left: int
    categories: list[Category]
    ticks: list[tuple[float, int]]  # (y, value)
    legend: list[tuple[str, str]]  # (colour, name)


def _nice_max(value: int) -> int:
    """A round top for the axis: 1, 2, 5, 10, 20, 50..."""
    if value <= 0:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if value <= step * factor:
                return step * factor
        step *= 10


def bar_chart(*, title: str, labels: list[str], series: list[tuple[str, list[int]]]) -> Chart:
    """Grouped vertical bars: one group per label, one bar per series."""
    top_value = _nice_max(max((v for _name, values in series for v in values), default=0))
    plot_height = HEIGHT - BOTTOM - TOP
    plot_width = WIDTH - LEFT
    slot = plot_width / max(len(labels), 1)
    bar_width = slot * 0.8 / max(len(series), 1)
    baseline = HEIGHT - BOTTOM
    categories = []
    for index, label in enumerate(labels):
        start = LEFT + index * slot + slot * 0.1
        bars = []
        for number, (_name, values) in enumerate(series):
            value = values[index]
            height = plot_height * value / top_value
            bars.append(
                Bar(
                    x=round(start + number * bar_width, 1),
                    y=round(baseline - height, 1),
                    width=round(bar_width - 1, 1),
                    height=round(height, 1),
                    colour=SERIES_COLOURS[number % len(SERIES_COLOURS)],
                    value=value,
                )
            )
        categories.append(Category(label, round(LEFT + index * slot + slot / 2, 1), bars))
    # Gridlines at 0, half and the top, whole numbers only (no "0, 0, 1").
    tick_values = sorted({0, top_value // 2, top_value} if top_value > 1 else {0, 1})
    ticks = [(round(baseline - plot_height * v / top_value, 1), v) for v in tick_values]
    legend = [
        (SERIES_COLOURS[n % len(SERIES_COLOURS)], name) for n, (name, _values) in enumerate(series)
    ]
    return Chart(title, WIDTH, HEIGHT, baseline, LEFT, categories, ticks, legend)


@dataclass(frozen=True)
class Row:
    label: str
    y: float
    text_y: float
    width: float
    value: int
    value_x: float


@dataclass(frozen=True)
class HorizontalChart:
    title: str
    width: int
    height: int
    label_width: int
    bar_height: int
    rows: list[Row]
    colour: str


def horizontal_bar_chart(
    *, title: str, labels: list[str], values: list[int], label_width: int = 260
) -> HorizontalChart:
    """One bar per label, labels on the left: long state names stay readable."""
    row_height, bar_height, value_room = 36, 24, 48
    top_value = _nice_max(max(values, default=0))
    plot_width = WIDTH - label_width - value_room
    rows = [
        Row(
            label=label,
            y=index * row_height + (row_height - bar_height) / 2,
            text_y=index * row_height + row_height / 2,
            width=round(plot_width * value / top_value, 1),
            value=value,
            value_x=round(label_width + plot_width * value / top_value + 6, 1),
        )
        for index, (label, value) in enumerate(zip(labels, values, strict=True))
    ]
    return HorizontalChart(
        title, WIDTH, row_height * len(rows), label_width, bar_height, rows, SERIES_COLOURS[0]
    )
