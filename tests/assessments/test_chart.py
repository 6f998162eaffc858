from assessments.chart import LABEL_WIDTH, WIDTH, Series, bar_chart

SERIES = [Series("current", "Nu", "#0b6e4f"), Series("desired", "Gewenst", "#1f6f54", outlined=True)]


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
