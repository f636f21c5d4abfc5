"""Charts: the SVG draws what the table says, labels are escaped, suppressed is never 0."""

from __future__ import annotations

from datetime import date

from growpath.entrypoints.web.charts import Series, banded_lines_chart, bar_chart, line_chart, ticks


def test_a_bar_chart_keeps_long_labels_whole_and_shows_suppressed_bars_as_such() -> None:
    label = "Giving and receiving feedback · Engineering mentoring 2026 <b>"
    chart = bar_chart("Growth", [(label, 1.5), ("Small team", None)])
    assert chart.rows == ((label, "1.5"), ("Small team", "hidden"))
    assert "Giving and receiving feedback · Engineering mentoring 2026 &lt;b&gt;" in chart.svg
    assert "<b>" not in chart.svg
    assert chart.svg.count('class="bar suppressed"') == 1
    assert 'aria-hidden="true"' in chart.svg  # the table says it for screen readers


def test_a_line_chart_has_one_point_per_measurement_and_its_target() -> None:
    points = [(date(2026, 1, 5), 1.0), (date(2026, 2, 5), 2.0), (date(2026, 3, 5), 4.0)]
    chart = line_chart("Reviews led", points, target=3)
    assert chart.rows == (("5 Jan 2026", "1"), ("5 Feb 2026", "2"), ("5 Mar 2026", "4"))
    assert chart.svg.count('class="point"') == 3
    assert "target 3" in chart.svg
    assert line_chart("Nothing yet", []).rows == ()


def test_tick_values_are_round_and_cover_the_range() -> None:
    assert ticks(0, 5) == [0, 1, 2, 3, 4, 5]
    assert ticks(0, 100) == [0, 20, 40, 60, 80, 100]
    assert ticks(0, 17) == [0, 5, 10, 15, 20]
    assert ticks(0, 0.8)[-1] >= 0.8 and len(ticks(0, 0.8)) <= 6
    assert ticks(-2, 3)[0] <= -2 and ticks(-2, 3)[-1] >= 3


def test_a_bar_chart_draws_its_scale_with_ticks_and_what_it_measures() -> None:
    chart = bar_chart("Match rate", [("Data", 80.0), ("Web", 17.0)], unit="%", maximum=100)
    for tick in ("0", "20", "40", "60", "80", "100"):
        assert f">{tick}</text>" in chart.svg
    assert chart.svg.count('class="tick"') == 6
    assert ">%</text>" in chart.svg
    # 80 of a 0–100 scale drawn on 240 units.
    assert 'width="192.0"' in chart.svg
    rating = bar_chart("Ratings", [("Feedback", 4.0)], maximum=5, scale_label="rating, 1 to 5")
    assert ">rating, 1 to 5</text>" in rating.svg


def test_figures_are_rounded_to_one_decimal_at_most() -> None:
    chart = bar_chart("Days", [("All", 15.3333)], unit=" days")
    assert chart.rows == (("All", "15.3 days"),)


def test_a_line_chart_has_a_scale_on_its_vertical_axis() -> None:
    points = [(date(2026, 1, 5), 1.0), (date(2026, 2, 5), 7.0)]
    chart = line_chart("Reviews led", points, unit=" reviews")
    assert chart.svg.count('class="tick"') == len(ticks(0, 7))
    assert ">reviews</text>" in chart.svg


def test_a_banded_chart_draws_each_series_over_its_interval_and_tables_what_was_published() -> None:
    ours = Series(
        "Participants <i>", ((0, 100.0, 100.0, 100.0, "100%"), (1, 97.5, 80.0, 100.0, "≥ 95%"))
    )
    theirs = Series("Comparison", ((0, 100.0, 100.0, 100.0, "100%"), (1, 90.0, 85.0, 94.0, "90%")))
    chart = banded_lines_chart("Still employed", [ours, theirs], "months")
    assert chart.columns == ("months", "Participants <i>", "Comparison")
    assert chart.rows == (("0", "100%", "100%"), ("1", "≥ 95%", "90%"))
    assert chart.svg.count('class="interval') == 2
    assert chart.svg.count("<polyline") == 2
    assert "Participants &lt;i&gt;" in chart.svg and "<i>" not in chart.svg
    assert 'aria-hidden="true"' in chart.svg
