"""Charts drawn on the server as inline SVG: nothing is loaded from anywhere, no script runs, and no
``style`` attribute is written (the CSP forbids them): colours are presentation attributes, fonts
and layout come from ``dashboards/static/dashboards/dashboards.css``.

Every chart is an image with a name (``role="img"``, ``aria-label``, ``<title>``, ``<desc>``) and
carries its numbers as a table beside it (``Chart.header``/``Chart.rows``). Bars are labelled with
their value. A hidden count (``suppression``) is drawn as a hatched grey bar of a fixed small height
that says nothing of its value, and labelled "< 5" (or "≥ 5").

Colours are the Okabe–Ito palette, told apart by people with the common colour-vision deficiencies.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dashboards.suppression import Cell

# Okabe & Ito (2008), "Color Universal Design": blue, orange, bluish green, vermillion, sky blue,
# reddish purple, yellow, black.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")
# Text on these is white; on the others black (contrast of 4.5:1 or more either way).
DARK = frozenset({"#0072B2", "#000000"})
INK = "#1F2933"
GRID = "#C9D1D9"
NEUTRAL = "#6B7280"
TRACK = "#E5E7EB"

WIDTH = 720  # a chart across the panel
HALF_WIDTH = 480  # a chart beside another
HIDDEN_PX = 10  # the height of a hidden count's bar, whatever the count
CHAR_PX = 6.6  # the width of a character of the 11px labels, for layout
HIDDEN_SLICE = 0.06  # the share of a donut given to a hidden count, whatever the count


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    svg: SafeString
    header: list[str]
    rows: list[list[str]]
    footer: list[str] = field(default_factory=list)
    kind: str = "bar"  # a CSS hook: bar, stacked, hbar, line, donut, gauge, progress
    empty: bool = False  # nothing at all in the window: the page says so instead of drawing


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def text_colour(fill: str) -> str:
    return "#FFFFFF" if fill in DARK else "#000000"


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _join(parts) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def _width(text: str) -> float:
    return len(text) * CHAR_PX


def _svg(chart_id: str, title: str, desc: str, width: float, height: float, body) -> SafeString:
    hatch = format_html(
        '<pattern id="{}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#FFFFFF"/><line x1="0" y1="0" x2="0" y2="6" stroke="{}" stroke-width="2"/>'
        "</pattern>",
        chart_id,
        NEUTRAL,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {} {}" role="img" '
        'aria-label="{}" aria-labelledby="{}-title {}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc><defs>{}</defs>{}</svg>',
        _n(width),
        _n(height),
        title,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        desc,
        hatch,
        body,
    )


def _rect(x, y, width, height, fill, tip: str, *, stroke: str = "") -> SafeString:
    if stroke:
        return format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" stroke-width="1">'
            "<title>{}</title></rect>",
            _n(x),
            _n(y),
            _n(width),
            _n(height),
            fill,
            stroke,
            tip,
        )
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
        _n(x),
        _n(y),
        _n(width),
        _n(height),
        fill,
        tip,
    )


def _text(x, y, text, css: str = "chart-label", *, anchor: str = "middle", fill: str = INK) -> SafeString:
    return format_html(
        '<text x="{}" y="{}" class="{}" text-anchor="{}" fill="{}">{}</text>', _n(x), _n(y), css, anchor, fill, text
    )


def _empty(cells) -> bool:
    return all(cell.shown and not cell.value for cell in cells)


def _bar(chart_id: str, x, base, width, height, cell: Cell, fill: str, tip: str, outline: str = NEUTRAL) -> SafeString:
    """A bar standing on ``base``: hatched, outlined in ``outline`` and of a fixed height when its
    count is hidden."""
    if not cell.shown:
        return _rect(x, base - HIDDEN_PX, width, HIDDEN_PX, f"url(#{chart_id}-hatch)", tip, stroke=outline)
    return _rect(x, base - height, width, height, fill, tip)


def _legend(names: Sequence[str], top: float, width: float = WIDTH) -> tuple[list[SafeString], float]:
    """Swatches and names in rows from ``top``; returns the parts and the height used."""
    parts, x, y = [], 12.0, top
    for index, name in enumerate(names):
        needed = 18 + _width(name) + 16
        if x + needed > width - 12 and x > 12:
            x, y = 12.0, y + 18
        parts.append(format_html('<rect x="{}" y="{}" width="12" height="12" fill="{}"/>', _n(x), _n(y), colour(index)))
        parts.append(_text(x + 17, y + 10, name, anchor="start"))
        x += needed
    return parts, (y - top + 22) if names else 0


def _x_labels(labels: Sequence[str], left: float, slot: float, y: float) -> list[SafeString]:
    longest = max((_width(label) for label in labels), default=0)
    every = max(1, math.ceil((longest + 8) / slot)) if slot else 1
    return [_text(left + slot * i + slot / 2, y, label) for i, label in enumerate(labels) if i % every == 0]


def _value_css(slot: float) -> str:
    return "chart-value" if slot >= 34 else "chart-value chart-small"


def _describe(labels: Sequence[str], cells: Sequence[Cell]) -> str:
    return "; ".join(f"{label}: {cell}" for label, cell in zip(labels, cells, strict=True))


def bar_chart(*, chart_id: str, title: str, labels: Sequence[str], cells: Sequence[Cell], total: Cell | None = None):
    """Vertical bars, one per label (e.g. per month), each labelled with its count."""
    height, top, bottom = 240.0, 20.0, 30.0
    plot_w, plot_h = WIDTH - 24, height - top - bottom
    slot = plot_w / max(len(labels), 1)
    bar_w = min(slot * 0.7, 56)
    base = height - bottom
    peak = max((cell.value for cell in cells if cell.shown), default=0)
    scale = (plot_h - 4) / peak if peak else 0
    parts = [format_html('<line x1="12" y1="{}" x2="{}" y2="{}" stroke="{}"/>', _n(base), WIDTH - 12, _n(base), GRID)]
    for i, (label, cell) in enumerate(zip(labels, cells, strict=True)):
        x = 12 + slot * i + (slot - bar_w) / 2
        if cell.shown and not cell.value:
            continue
        bar_h = cell.value * scale if cell.shown else HIDDEN_PX
        parts.append(_bar(chart_id, x, base, bar_w, bar_h, cell, colour(0), f"{label}: {cell}"))
        parts.append(_text(x + bar_w / 2, base - bar_h - 4, str(cell), _value_css(slot)))
    parts += _x_labels(labels, 12, slot, base + 16)
    desc = _describe(labels, cells)
    if total is not None:
        desc = f"{_('Total')}: {total}. {desc}"
    return Chart(
        id=chart_id,
        title=title,
        svg=_svg(chart_id, title, desc, WIDTH, height, _join(parts)),
        header=["", _("Count")],
        rows=[[label, str(cell)] for label, cell in zip(labels, cells, strict=True)],
        footer=[_("Total"), str(total)] if total is not None else [],
        empty=_empty(cells),
    )


def stacked_bar_chart(
    *,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Cell]]],
    totals: Sequence[Cell],
    series_totals: Sequence[Cell],
    total: Cell,
):
    """Vertical bars stacked by series (e.g. petitions per month by kind), the total above each."""
    names = [name for name, _cells in series]
    legend, legend_h = _legend(names, 8)
    top, bottom = 8 + legend_h + 18, 30.0
    height = top + 190 + bottom
    plot_w, plot_h = WIDTH - 24, height - top - bottom
    slot = plot_w / max(len(labels), 1)
    bar_w = min(slot * 0.7, 56)
    base = height - bottom
    scale = math.inf
    for i in range(len(labels)):
        visible = sum(cells[i].value for _name, cells in series if cells[i].shown)
        hidden = sum(1 for _name, cells in series if not cells[i].shown)
        if visible:
            scale = min(scale, (plot_h - 4 - hidden * HIDDEN_PX) / visible)
    scale = 0 if scale is math.inf else max(scale, 0)
    parts = [*legend]
    parts.append(
        format_html('<line x1="12" y1="{}" x2="{}" y2="{}" stroke="{}"/>', _n(base), WIDTH - 12, _n(base), GRID)
    )
    for i, label in enumerate(labels):
        x = 12 + slot * i + (slot - bar_w) / 2
        y = base
        for index, (name, cells) in enumerate(series):
            cell = cells[i]
            if cell.shown and not cell.value:
                continue
            seg_h = cell.value * scale if cell.shown else HIDDEN_PX
            fill = colour(index)
            parts.append(_bar(chart_id, x, y, bar_w, seg_h, cell, fill, f"{label}, {name}: {cell}", outline=fill))
            if cell.shown and seg_h >= 14 and bar_w >= _width(str(cell)):
                parts.append(_text(x + bar_w / 2, y - seg_h / 2 + 4, str(cell), "chart-value", fill=text_colour(fill)))
            y -= seg_h
        if not totals[i].shown or totals[i].value:
            parts.append(_text(x + bar_w / 2, y - 4, str(totals[i]), _value_css(slot)))
    parts += _x_labels(labels, 12, slot, base + 16)
    desc = f"{_('Total')}: {total}. " + _describe(names, series_totals)
    return Chart(
        id=chart_id,
        title=title,
        svg=_svg(chart_id, title, desc, WIDTH, height, _join(parts)),
        header=["", *names, _("Total")],
        rows=[[label, *(str(cells[i]) for _name, cells in series), str(totals[i])] for i, label in enumerate(labels)],
        footer=[_("Total"), *(str(cell) for cell in series_totals), str(total)],
        kind="stacked",
        empty=_empty([cell for _name, cells in series for cell in cells]),
    )


def hbar_chart(*, chart_id: str, title: str, labels: Sequence[str], cells: Sequence[Cell], total: Cell | None = None):
    """Horizontal bars, one per label (e.g. by subject), each labelled with its count."""
    label_w = min(max((_width(label) for label in labels), default=0) + 16, 240)
    row_h, top = 26.0, 8.0
    height = top + row_h * len(labels) + 8
    left, right = label_w, HALF_WIDTH - 50
    peak = max((cell.value for cell in cells if cell.shown), default=0)
    scale = (right - left) / peak if peak else 0
    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>', _n(left), _n(top), _n(left), _n(height - 8), GRID
        )
    ]
    for i, (label, cell) in enumerate(zip(labels, cells, strict=True)):
        y = top + row_h * i
        parts.append(_text(left - 8, y + 17, label, anchor="end"))
        bar_w = cell.value * scale if cell.shown else HIDDEN_PX
        tip = f"{label}: {cell}"
        if not cell.shown:
            parts.append(_rect(left, y + 5, HIDDEN_PX, 16, f"url(#{chart_id}-hatch)", tip, stroke=NEUTRAL))
        elif cell.value:
            parts.append(_rect(left, y + 5, bar_w, 16, colour(0), tip))
        parts.append(_text(left + bar_w + 6, y + 17, str(cell), "chart-value", anchor="start"))
    desc = _describe(labels, cells)
    if total is not None:
        desc = f"{_('Total')}: {total}. {desc}"
    return Chart(
        id=chart_id,
        title=title,
        svg=_svg(chart_id, title, desc, HALF_WIDTH, height, _join(parts)),
        header=["", _("Count")],
        rows=[[label, str(cell)] for label, cell in zip(labels, cells, strict=True)],
        footer=[_("Total"), str(total)] if total is not None else [],
        kind="hbar",
        empty=_empty(cells),
    )


def line_chart(
    *,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Cell]]],
    series_totals: Sequence[Cell] | None = None,
):
    """Lines over periods, one per series; a hidden count is a hollow grey point at a fixed small
    height, joined by dashes."""
    names = [name for name, _cells in series]
    legend, legend_h = _legend(names, 8) if len(series) > 1 else ([], 0)
    top, bottom = 8 + legend_h + 18, 30.0
    height = top + 180 + bottom
    plot_w, plot_h = WIDTH - 24, height - top - bottom
    slot = plot_w / max(len(labels), 1)
    base = height - bottom
    peak = max((cell.value for _name, cells in series for cell in cells if cell.shown), default=0)
    scale = (plot_h - 8) / peak if peak else 0
    parts = [*legend]
    parts.append(
        format_html('<line x1="12" y1="{}" x2="{}" y2="{}" stroke="{}"/>', _n(base), WIDTH - 12, _n(base), GRID)
    )
    value_labels: dict[int, list[tuple[float, str]]] = {}  # category -> (y of the point, text)
    for index, (name, cells) in enumerate(series):
        stroke = colour(index)
        points = [
            (12 + slot * i + slot / 2, base - (cell.value * scale if cell.shown else HIDDEN_PX), cell)
            for i, cell in enumerate(cells)
        ]
        for (x0, y0, c0), (x1, y1, c1) in zip(points, points[1:], strict=False):
            dashed = not (c0.shown and c1.shown)
            parts.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2"{}/>',
                    _n(x0),
                    _n(y0),
                    _n(x1),
                    _n(y1),
                    NEUTRAL if dashed else stroke,
                    format_html(' stroke-dasharray="{}"', "4 3") if dashed else "",
                )
            )
        for i, (x, y, cell) in enumerate(points):
            tip = f"{labels[i]}, {name}: {cell}"
            if cell.shown:
                parts.append(
                    format_html(
                        '<circle cx="{}" cy="{}" r="4" fill="{}"><title>{}</title></circle>', _n(x), _n(y), stroke, tip
                    )
                )
            else:
                parts.append(
                    format_html(
                        '<circle cx="{}" cy="{}" r="4" fill="#FFFFFF" stroke="{}" stroke-width="2">'
                        "<title>{}</title></circle>",
                        _n(x),
                        _n(y),
                        NEUTRAL,
                        tip,
                    )
                )
            if not cell.shown or cell.value:
                value_labels.setdefault(i, []).append((y, str(cell)))
    if len(labels) <= 16:
        # Above each point, the lowest point first; a label higher up never sits on the one below it.
        for i, points_here in value_labels.items():
            ceiling = math.inf
            for y, text in sorted(points_here, reverse=True):
                label_y = min(y - 8, ceiling - 12)
                ceiling = label_y
                parts.append(_text(12 + slot * i + slot / 2, label_y, text, _value_css(slot)))
    parts += _x_labels(labels, 12, slot, base + 16)
    desc = "; ".join(f"{name}: {_describe(labels, cells)}" for name, cells in series)
    return Chart(
        id=chart_id,
        title=title,
        svg=_svg(chart_id, title, desc, WIDTH, height, _join(parts)),
        header=["", *names],
        rows=[[label, *(str(cells[i]) for _name, cells in series)] for i, label in enumerate(labels)],
        footer=[_("Total"), *(str(cell) for cell in series_totals)] if series_totals is not None else [],
        kind="line",
        empty=_empty([cell for _name, cells in series for cell in cells]),
    )


def _arc(cx, cy, r, start: float, end: float) -> str:
    """An SVG path of the circle's arc from ``start`` to ``end`` (fractions of a turn, clockwise
    from the top)."""
    a0, a1 = 2 * math.pi * start, 2 * math.pi * end
    x0, y0 = cx + r * math.sin(a0), cy - r * math.cos(a0)
    x1, y1 = cx + r * math.sin(a1), cy - r * math.cos(a1)
    large = 1 if end - start > 0.5 else 0
    return f"M {_n(x0)} {_n(y0)} A {_n(r)} {_n(r)} 0 {large} 1 {_n(x1)} {_n(y1)}"


def donut_chart(*, chart_id: str, title: str, labels: Sequence[str], cells: Sequence[Cell], total: Cell):
    """Shares of a whole (e.g. decisions granted and refused), the total in the middle. A hidden
    count gets a hatched slice of a fixed size."""
    cx, cy, r, ring = 100.0, 100.0, 70.0, 30.0
    legend_x = 200.0
    height = max(200.0, 24 + 22 * len(labels))
    hidden = [i for i, cell in enumerate(cells) if not cell.shown]
    shown_sum = sum(cell.value for cell in cells if cell.shown)
    hidden_share = min(HIDDEN_SLICE * len(hidden), 0.5) if shown_sum else 1.0
    parts = [
        format_html(
            '<circle cx="{}" cy="{}" r="{}" fill="none" stroke="{}" stroke-width="{}"/>',
            _n(cx),
            _n(cy),
            _n(r),
            TRACK,
            _n(ring),
        )
    ]
    position = 0.0
    for i, (label, cell) in enumerate(zip(labels, cells, strict=True)):
        if cell.shown:
            share = cell.value / shown_sum * (1 - hidden_share) if shown_sum else 0
            stroke = colour(i)
        else:
            share = hidden_share / len(hidden)
            stroke = f"url(#{chart_id}-hatch)"
        tip = f"{label}: {cell}"
        if share >= 0.9999:
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="{}" fill="none" stroke="{}" stroke-width="{}">'
                    "<title>{}</title></circle>",
                    _n(cx),
                    _n(cy),
                    _n(r),
                    stroke,
                    _n(ring),
                    tip,
                )
            )
        elif share > 0:
            parts.append(
                format_html(
                    '<path d="{}" fill="none" stroke="{}" stroke-width="{}"><title>{}</title></path>',
                    _arc(cx, cy, r, position, position + share),
                    stroke,
                    _n(ring),
                    tip,
                )
            )
        position += share
        y = 24 + 22 * i
        swatch = colour(i) if cell.shown else f"url(#{chart_id}-hatch)"
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="14" height="14" fill="{}" stroke="{}" stroke-width="1"/>',
                _n(legend_x),
                _n(y - 11),
                swatch,
                NEUTRAL,
            )
        )
        parts.append(_text(legend_x + 22, y, f"{label}: {cell}", anchor="start"))
    parts.append(_text(cx, cy + 7, str(total), "chart-big"))
    desc = f"{_('Total')}: {total}. {_describe(labels, cells)}"
    width = (
        legend_x + 22 + max((_width(f"{label}: {cell}") for label, cell in zip(labels, cells, strict=True)), default=0)
    )
    return Chart(
        id=chart_id,
        title=title,
        svg=_svg(chart_id, title, desc, max(width + 12, 420), height, _join(parts)),
        header=["", _("Count")],
        rows=[[label, str(cell)] for label, cell in zip(labels, cells, strict=True)],
        footer=[_("Total"), str(total)],
        kind="donut",
        empty=_empty(cells),
    )


def gauge(*, chart_id: str, title: str, value: float | None, rows: Sequence[tuple[str, Cell]]):
    """A rate on a half dial (e.g. the share of matters concluded on time); ``value`` None when the
    counts behind it are too few to show, and the dial then stays empty."""
    cx, cy, r, ring = 120.0, 120.0, 90.0, 26.0
    text = format_percent(value) if value is not None else "—"
    parts = [
        format_html(
            '<path d="{}" fill="none" stroke="{}" stroke-width="{}"/>',
            _arc(cx, cy, r, 0.75, 1.25),
            TRACK if value is not None else f"url(#{chart_id}-hatch)",
            _n(ring),
        )
    ]
    if value:
        parts.append(
            format_html(
                '<path d="{}" fill="none" stroke="{}" stroke-width="{}"><title>{}</title></path>',
                _arc(cx, cy, r, 0.75, 0.75 + 0.5 * min(value, 1.0)),
                colour(0),
                _n(ring),
                text,
            )
        )
    parts.append(_text(cx, cy - 8, text, "chart-big"))
    parts.append(_text(cx - r, cy + 20, "0%"))
    parts.append(_text(cx + r, cy + 20, "100%"))
    details = "; ".join(f"{label}: {cell}" for label, cell in rows)
    desc = f"{text}. {details}" if value is not None else f"{_('Too few to show a rate')}. {details}"
    return Chart(
        id=chart_id,
        title=title,
        svg=_svg(chart_id, title, desc, 240, 150, _join(parts)),
        header=["", _("Count")],
        rows=[[label, str(cell)] for label, cell in rows],
        footer=[_("Rate"), text],
        kind="gauge",
        empty=_empty([cell for _label, cell in rows]),
    )


def format_percent(value: float) -> str:
    return f"{round(value * 100)}%"


def progress_chart(
    *,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    late: Sequence[int],
):
    """One horizontal bar per item (e.g. a reporting campaign) split by status, as shares of the
    item's whole; the count of each part is written on it. Units are counted, not people, so no
    count is hidden."""
    names = [name for name, _values in series]
    legend, legend_h = _legend(names, 8)
    shown = [label if len(label) <= 40 else f"{label[:39]}…" for label in labels]
    label_w = min(max((_width(label) for label in shown), default=0) + 16, 300)
    row_h, top = 30.0, 8 + legend_h + 6
    height = top + row_h * len(labels) + 8
    left, right = label_w, WIDTH - 90
    parts = [*legend]
    for i, label in enumerate(shown):
        y = top + row_h * i
        parts.append(_text(left - 8, y + 19, label, anchor="end"))
        whole = sum(values[i] for _name, values in series)
        x = left
        for index, (name, values) in enumerate(series):
            value = values[i]
            if not value:
                continue
            width = (right - left) * value / whole
            fill = colour(index)
            parts.append(_rect(x, y + 6, width, 18, fill, f"{labels[i]}, {name}: {value}"))
            if width >= _width(str(value)) + 4:
                parts.append(_text(x + width / 2, y + 19, str(value), "chart-value", fill=text_colour(fill)))
            x += width
        parts.append(_text(right + 8, y + 19, _("late: %(count)d") % {"count": late[i]}, "chart-value", anchor="start"))
    late_word = pgettext("dashboard", "late")
    desc = "; ".join(
        f"{label}: " + ", ".join(f"{name} {values[i]}" for name, values in series) + f", {late_word} {late[i]}"
        for i, label in enumerate(labels)
    )
    return Chart(
        id=chart_id,
        title=title,
        svg=_svg(chart_id, title, desc, WIDTH, height, _join(parts)),
        header=["", *names, pgettext("dashboard", "Late")],
        rows=[[label, *(str(values[i]) for _name, values in series), str(late[i])] for i, label in enumerate(labels)],
        kind="progress",
    )
