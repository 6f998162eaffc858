"""Geometry of the horizontal bar chart (current vs desired per section). Pure: no Django.

The template `assessments/_chart.svg.html` draws what this computes, for the web page and the
PDF alike. Series differ by fill *and* pattern, so the chart reads in black and white.
"""

import textwrap
from dataclasses import dataclass, field

WIDTH = 720
LABEL_WIDTH = 250
RIGHT_PADDING = 40
TOP = 28
BAR_HEIGHT = 11
BAR_GAP = 3
ROW_PADDING = 12
LABEL_CHARS = 34


@dataclass(frozen=True)
class Series:
    """One kind of bar. Colours are SVG attributes (not CSS) so WeasyPrint draws them too.
    A bar with a `fill` of its own (white, or a light tint) gets a thick border in `colour`, so
    solid, white and tinted bars tell the series apart in black and white as well (a hatch
    pattern did the same but cost WeasyPrint a quarter of a second per chart)."""

    key: str
    label: str
    colour: str
    fill: str | None = None


@dataclass
class Bar:
    series: Series
    value: float
    x: float
    y: float
    width: float
    height: float

    @property
    def text_x(self) -> float:
        return self.x + self.width + 4

    @property
    def text_y(self) -> float:
        return self.y + self.height - 1


@dataclass
class Row:
    label_lines: list[str]
    y: float
    height: float
    bars: list[Bar] = field(default_factory=list)
    empty: bool = False

    @property
    def label_y(self) -> float:
        return self.y + self.height / 2 - (len(self.label_lines) - 1) * 7 + 4

    @property
    def middle_y(self) -> float:
        return self.y + self.height / 2 + 4


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Chart:
    width: int
    height: float
    plot_left: float
    plot_right: float
    top: float
    bottom: float
    rows: list[Row]
    ticks: list[Tick]
    series: list[Series]


def bar_chart(rows: list[tuple[str, dict]], *, series: list[Series], max_level: int) -> Chart:
    """`rows`: (label, {series key: value or None}) in display order."""
    plot_left = LABEL_WIDTH
    plot_right = WIDTH - RIGHT_PADDING
    scale = (plot_right - plot_left) / max_level
    row_height = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + 2 * ROW_PADDING
    chart_rows = []
    y = TOP
    for label, values in rows:
        lines = textwrap.wrap(label, LABEL_CHARS, max_lines=2, placeholder=" …") or [""]
        row = Row(label_lines=lines, y=y, height=row_height)
        bar_y = y + ROW_PADDING
        for serie in series:
            value = values.get(serie.key)
            if value is not None:
                row.bars.append(
                    Bar(serie, value, x=plot_left, y=bar_y, width=round(value * scale, 1), height=BAR_HEIGHT)
                )
            bar_y += BAR_HEIGHT + BAR_GAP
        row.empty = not row.bars
        chart_rows.append(row)
        y += row_height
    ticks = [Tick(x=round(plot_left + level * scale, 1), label=str(level)) for level in range(0, max_level + 1)]
    return Chart(
        width=WIDTH,
        height=y + 24,
        plot_left=plot_left,
        plot_right=plot_right,
        top=TOP,
        bottom=y,
        rows=chart_rows,
        ticks=ticks,
        series=series,
    )
