"""Charts: the SVG draws what the table says, labels are escaped, suppressed is never 0."""

from __future__ import annotations

from datetime import date

from growpath.entrypoints.web.charts import bar_chart, line_chart


def test_a_bar_chart_keeps_long_labels_whole_and_shows_suppressed_bars_as_such() -> None:
    label = "Giving and receiving feedback · Engineering mentoring 2026 <b>"
    chart = bar_chart("Growth", [(label, 1.5), ("Small team", None)])
    assert chart.rows == ((label, "1.5"), ("Small team", "suppressed"))
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
