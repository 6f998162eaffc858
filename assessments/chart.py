"""Geometry of the horizontal bar chart (current vs desired per section). Pure: no Django.

The template `assessments/_chart.svg.html` draws what this computes, for the web page and the
PDF alike. Series differ by fill *and* pattern, so the chart reads in black and white.

Two layouts: the wide one (labels left of the bars, the PDF and screens from 768 px) and a
narrow one for phones (labels above the bars, 360 units wide). An SVG scales with its box, so
each layout's font sizes are chosen to stay at least 12 px as rendered where it is shown: the
wide one from 696 px of content (scale 0.97), the narrow one from 336 px (scale 0.93).
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
TEXT_SIZE = 13  # labels and legend; numbers and ticks one step smaller, still >= 12 px on screen
SMALL_SIZE = 12.5

NARROW_WIDTH = 360
NARROW_LABEL_CHARS = 40
NARROW_TEXT_SIZE = 14
NARROW_BAR_HEIGHT = 13
NARROW_LINE = 17


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
    label_y: float = 0  # baseline of the label's first line
    middle_y: float = 0  # baseline of "nog niets gescoord" where there are no bars


@dataclass
class LegendEntry:
    series: Series
    x: float
    y: float


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
    legend: list[LegendEntry] = field(default_factory=list)
    text_size: float = TEXT_SIZE
    small_size: float = SMALL_SIZE
    line_height: float = 14
    narrow: bool = False


LEGEND_COLUMNS = 4
LEGEND_LINE = 18


def bar_chart(rows: list[tuple[str, dict]], *, series: list[Series], max_level: int) -> Chart:
    """`rows`: (label, {series key: value or None}) in display order. More than four series put
    the legend on more lines (the growth page: a pair of series per round)."""
    plot_left = LABEL_WIDTH
    plot_right = WIDTH - RIGHT_PADDING
    scale = (plot_right - plot_left) / max_level
    row_height = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + 2 * ROW_PADDING
    chart_rows = []
    legend_lines = (len(series) - 1) // LEGEND_COLUMNS + 1 if series else 1
    top = TOP + (legend_lines - 1) * LEGEND_LINE
    y = top
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
        row.label_y = y + row_height / 2 - (len(lines) - 1) * 7 + 4
        row.middle_y = y + row_height / 2 + 4
        chart_rows.append(row)
        y += row_height
    ticks = [Tick(x=round(plot_left + level * scale, 1), label=str(level)) for level in range(0, max_level + 1)]
    legend = [
        LegendEntry(serie, x=(index % LEGEND_COLUMNS) * 170, y=4 + (index // LEGEND_COLUMNS) * LEGEND_LINE)
        for index, serie in enumerate(series)
    ]
    return Chart(
        width=WIDTH,
        height=y + 24,
        plot_left=plot_left,
        plot_right=plot_right,
        top=top,
        bottom=y,
        rows=chart_rows,
        ticks=ticks,
        series=series,
        legend=legend,
    )


def narrow_bar_chart(rows: list[tuple[str, dict]], *, series: list[Series], max_level: int) -> Chart:
    """The same chart for a phone: each label on its own line(s) above its bars, the legend stacked."""
    plot_left = 8  # room for the tick "0" centred on the axis
    plot_right = NARROW_WIDTH - 36  # room for the value after a full bar
    scale = (plot_right - plot_left) / max_level
    top = len(series) * (NARROW_LINE + 2) + 10
    chart_rows = []
    y = top
    for label, values in rows:
        lines = textwrap.wrap(label, NARROW_LABEL_CHARS, max_lines=2, placeholder=" …") or [""]
        label_height = len(lines) * NARROW_LINE
        bars_height = len(series) * (NARROW_BAR_HEIGHT + 4) - 4
        height = 10 + label_height + 4 + bars_height + 10
        row = Row(label_lines=lines, y=y, height=height, label_y=y + 10 + NARROW_TEXT_SIZE - 2)
        bar_y = y + 10 + label_height + 4
        row.middle_y = bar_y + NARROW_BAR_HEIGHT
        for serie in series:
            value = values.get(serie.key)
            if value is not None:
                width = round(value * scale, 1)
                row.bars.append(Bar(serie, value, x=plot_left, y=bar_y, width=width, height=NARROW_BAR_HEIGHT))
            bar_y += NARROW_BAR_HEIGHT + 4
        row.empty = not row.bars
        chart_rows.append(row)
        y += height
    ticks = [Tick(x=round(plot_left + level * scale, 1), label=str(level)) for level in range(0, max_level + 1)]
    return Chart(
        width=NARROW_WIDTH,
        height=y + 24,
        plot_left=plot_left,
        plot_right=plot_right,
        top=top,
        bottom=y,
        rows=chart_rows,
        ticks=ticks,
        series=series,
        legend=[LegendEntry(serie, x=0, y=4 + index * (NARROW_LINE + 2)) for index, serie in enumerate(series)],
        text_size=NARROW_TEXT_SIZE,
        small_size=NARROW_TEXT_SIZE - 0.5,
        line_height=NARROW_LINE,
        narrow=True,
    )
