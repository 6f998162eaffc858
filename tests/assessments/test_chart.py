from assessments.chart import LABEL_WIDTH, WIDTH, Series, bar_chart

SERIES = [Series("current", "Nu", "#0b6e4f"), Series("desired", "Gewenst", "#1f6f54", fill="#ffffff")]


def test_bars_are_proportional_to_the_level():
    chart = bar_chart([("10.1 Grondhouding", {"current": 2, "desired": 4})], series=SERIES, max_level=4)
    current, desired = chart.rows[0].bars
    assert current.x == desired.x == LABEL_WIDTH
    assert desired.width == 2 * current.width
    assert LABEL_WIDTH + desired.width == chart.plot_right <= WIDTH
    assert [tick.label for tick in chart.ticks] == ["0", "1", "2", "3", "4"]


def test_a_row_without_ratings_has_no_bars_and_long_labels_wrap():
    label = "9.3 Vakontwikkeling, eigen ontwikkeling en positionering van de coördinator in de organisatie"
    chart = bar_chart([(label, {"current": None, "desired": None})], series=SERIES, max_level=4)
    row = chart.rows[0]
    assert row.empty and row.bars == []
    assert len(row.label_lines) == 2
    assert row.label_lines[1].endswith("…")


def test_rows_stack_downwards_and_the_chart_grows_with_them():
    one = bar_chart([("a", {"current": 1})], series=SERIES, max_level=4)
    three = bar_chart([("a", {"current": 1}), ("b", {}), ("c", {"desired": 3})], series=SERIES, max_level=4)
    assert three.rows[1].y == three.rows[0].y + three.rows[0].height
    assert three.height > one.height


def grey(colour: str) -> float:
    """Relative luminance (WCAG) of #rrggbb: what is left of a colour on a black-and-white print."""
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_self_desired_and_the_managers_bars_differ_in_black_and_white():
    from types import SimpleNamespace

    from assessments.workspace import pair_chart

    section = SimpleNamespace(code="10.1", title="Grondhouding")
    scores = SimpleNamespace(section=section, average_current=2, average_desired=3)
    workspace = SimpleNamespace(sections=[scores], max_level=4)
    series = pair_chart(workspace, workspace).series
    fills = sorted(grey(serie.fill or serie.colour) for serie in series)
    assert len(fills) == 3
    assert all(lighter - darker > 0.2 for darker, lighter in zip(fills, fills[1:], strict=False))


def test_the_narrow_layout_puts_labels_above_the_bars_and_keeps_text_large():
    from assessments.chart import NARROW_WIDTH, narrow_bar_chart

    label = "9.3 Vakontwikkeling, eigen ontwikkeling en positionering"
    rows = [(label, {"current": 2, "desired": 4}), ("8 Grondhouding", {})]
    chart = narrow_bar_chart(rows, series=SERIES, max_level=4)
    first, second = chart.rows
    assert chart.width == NARROW_WIDTH and chart.narrow
    assert first.label_y < first.bars[0].y  # the label stands above its bars
    assert first.bars[1].x + first.bars[1].width == chart.plot_right < chart.width
    assert second.empty and second.y == first.y + first.height
    # Shown from 336 px of content (a 360 px phone), the smallest text stays at 12 px or more.
    assert min(chart.text_size, chart.small_size) * 336 / NARROW_WIDTH >= 12
    wide = bar_chart([(label, {"current": 2})], series=SERIES, max_level=4)
    assert min(wide.text_size, wide.small_size) * 696 / WIDTH >= 12  # the wide one from 768 px
