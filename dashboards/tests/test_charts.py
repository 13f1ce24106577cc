"""The SVG charts: named images, hidden counts drawn without their value, text escaped, no style."""

import re

from dashboards import charts
from dashboards.suppression import suppress


def bars(svg: str) -> list[dict]:
    return [dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag)) for tag in re.findall(r"<rect [^>]*>", svg)]


def test_a_bar_chart_is_a_named_image_with_its_numbers_beside_it():
    grid = suppress([[12, 0, 30]])
    chart = charts.bar_chart(
        chart_id="c1", title="Đơn thư", labels=["01", "02", "03"], cells=grid.series, total=grid.total
    )
    svg = str(chart.svg)
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-label="Đơn thư"' in svg
    assert '<title id="c1-title">Đơn thư</title>' in svg and '<desc id="c1-desc">' in svg
    assert "style=" not in svg and "<script" not in svg and "http://www.w3.org/2000/svg" in svg
    assert ">12<" in svg and ">30<" in svg  # labels on the bars
    assert chart.rows == [["01", "12"], ["02", "0"], ["03", "30"]] and chart.footer[1] == "42"
    heights = sorted(float(bar["height"]) for bar in bars(svg) if bar.get("fill") == charts.PALETTE[0])
    assert heights[1] == 2.5 * heights[0]  # drawn to scale


def test_hidden_counts_are_hatched_bars_of_one_fixed_height_whatever_their_value():
    small = suppress([[1, 40]], totals=False).series
    larger = suppress([[4, 40]], totals=False).series
    drawn = []
    for cells in (small, larger):
        svg = str(charts.bar_chart(chart_id="c2", title="t", labels=["a", "b"], cells=cells).svg)
        hatched = [bar for bar in bars(svg) if bar.get("fill") == "url(#c2-hatch)"]
        assert len(hatched) == 1 and float(hatched[0]["height"]) == charts.HIDDEN_PX
        assert "&lt; 5" in svg and ">1<" not in svg and ">4<" not in svg
        drawn.append(svg)
    assert drawn[0] == drawn[1]  # nothing in the picture tells 1 from 4


def test_labels_are_escaped():
    cells = suppress([[7]]).series
    svg = str(charts.hbar_chart(chart_id="c3", title='<script>"x"</script>', labels=["<b>&</b>"], cells=cells).svg)
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "&lt;b&gt;&amp;&lt;/b&gt;" in svg


def test_stacked_bars_lines_donuts_gauges_and_progress_draw_every_part():
    grid = suppress([[6, 0], [8, 9]])
    stacked = charts.stacked_bar_chart(
        chart_id="s",
        title="t",
        labels=["03", "04"],
        series=[("A", [grid.cells[0][0], grid.cells[1][0]]), ("B", [grid.cells[0][1], grid.cells[1][1]])],
        totals=grid.row_totals,
        series_totals=grid.column_totals,
        total=grid.total,
    )
    assert stacked.rows == [["03", "6", "0", "6"], ["04", "8", "9", "17"]] and stacked.footer[1:] == ["14", "9", "23"]
    line = charts.line_chart(chart_id="l", title="t", labels=["03", "04"], series=[("A", grid.column_totals)])
    assert str(line.svg).count("<circle") == 2
    donut = charts.donut_chart(chart_id="d", title="t", labels=["A", "B"], cells=grid.column_totals, total=grid.total)
    assert str(donut.svg).count("<path") == 2 and ">23<" in str(donut.svg)
    gauge = charts.gauge(chart_id="g", title="t", value=0.75, rows=[("A", grid.total)])
    assert ">75%<" in str(gauge.svg)
    hidden = charts.gauge(chart_id="h", title="t", value=None, rows=[("A", suppress([[3]]).total)])
    assert ">—<" in str(hidden.svg) and not hidden.empty
    progress = charts.progress_chart(
        chart_id="p", title="t", labels=["Đợt 1"], series=[("A", [3]), ("B", [1])], late=[2]
    )
    assert progress.rows == [["Đợt 1", "3", "1", "2"]]
    for chart in (stacked, line, donut, gauge, hidden, progress):
        assert "style=" not in str(chart.svg) and 'role="img"' in str(chart.svg)


def test_a_chart_with_nothing_at_all_says_so():
    zeros = suppress([[0, 0]])
    assert charts.bar_chart(chart_id="z", title="t", labels=["a", "b"], cells=zeros.series).empty
    assert not charts.bar_chart(chart_id="z", title="t", labels=["a", "b"], cells=suppress([[0, 2]]).series).empty
