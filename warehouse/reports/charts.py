"""Inline SVG charts for the bulletins, generated in Python so a report is one
self-contained HTML file (no JavaScript, no CDN, no web fonts): a horizontal bar chart of
one indicator by court with the reasonable-range band, the peer mean and 95 % intervals,
and a line chart of an indicator over quarters. Only drawing lives here; what to draw
comes from the report modules, how numbers are printed from `common` (`fmt_value`,
`fmt_tick`).
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass

from warehouse.reports.common import fmt_tick, fmt_value

FONT = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','WenQuanYi Micro Hei',sans-serif"
PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#555555"]
COLOR_WITHIN = "#3a78b5"
COLOR_OUTSIDE = "#e07b24"
COLOR_NEUTRAL = "#8aa6c1"
COLOR_BAND = "#dff0d8"
WIDTH = 1060


def _e(s) -> str:
    return html.escape(str(s), quote=True)


def text_width(s: str, size: float) -> float:
    """Approximate rendered width: CJK and full-width characters ≈ 1 em, others ≈ 0.6 em."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.6 for ch in s)


def nice_step(span: float, n: int = 5) -> float:
    if span <= 0:
        return 1.0
    raw = span / n
    exp = math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * 10 ** exp:
            return m * 10 ** exp
    return 10 ** (exp + 1)


def nice_ceiling(x: float) -> float:
    if x <= 0:
        return 1.0
    exp = math.floor(math.log10(x))
    for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if x <= m * 10 ** exp + 1e-12:
            return m * 10 ** exp
    return 10 ** (exp + 1)


def ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    step = nice_step(hi - lo, n)
    first = math.ceil(lo / step - 1e-9) * step
    out, t = [], first
    while t <= hi + 1e-9 * max(1.0, abs(hi)):
        out.append(round(t, 10))
        t += step
    return out


def value_label(v: float | None, kind: str) -> str:
    """A bar's or point's value: the reports' one number format (`common.fmt_value`)."""
    return fmt_value(v, kind, missing="无数据")


def _svg_open(width: float, height: float, title: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" role="img" aria-label="{_e(title)}" '
        f'style="font-family:{FONT};max-width:{width:.0f}px">',
        f"<title>{_e(title)}</title>",
    ]


# --- bars ---------------------------------------------------------------------------------

@dataclass
class Bar:
    label: str
    value: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    status: str | None = None  # range status: below / within / above / None


@dataclass
class BarGroup:
    label: str
    bars: list[Bar]
    mean: float | None = None


@dataclass
class _BarLayout:
    """Where a bar chart's parts go: value axis from x0 to x1 for 0 … dmax, the plot
    between plot_top and plot_bottom, and each group's rows."""
    x0: float
    x1: float
    dmax: float
    plot_top: float
    plot_bottom: float
    placed: list  # (group, head_y, [(bar, y_center)], y_start, y_end)

    def sx(self, v: float) -> float:
        return self.x0 + (self.x1 - self.x0) * max(0.0, min(v, self.dmax)) / self.dmax


BAR_FONT, BAR_ROW_H, BAR_H, BAR_HEAD_H, BAR_LEGEND_H, BAR_AXIS_H, BAR_GAP, BAR_VALUE_W = 13, 24, 14, 22, 30, 26, 6, 78


def bar_chart(title: str, groups: list[BarGroup], kind: str, range_low: float | None = None,
              range_high: float | None = None) -> str:
    """Horizontal bars by court, one block per peer group, with the reasonable-range band
    (shaded), each group's mean (dashed) and the 95 % interval of rates (whiskers)."""
    lay = _bar_layout(groups, kind, range_low, range_high)
    out = _svg_open(WIDTH, lay.plot_bottom + BAR_AXIS_H, title)
    has_range = range_low is not None or range_high is not None
    if has_range:
        bx0 = lay.sx(range_low if range_low is not None else 0.0)
        bx1 = lay.sx(range_high if range_high is not None else lay.dmax)
        out.append(f'<rect x="{bx0:.1f}" y="{lay.plot_top}" width="{max(bx1 - bx0, 0):.1f}" '
                   f'height="{lay.plot_bottom - lay.plot_top}" fill="{COLOR_BAND}"/>')
    out.extend(_bar_axis(lay, kind))
    any_ci = False
    for g, head_y, rows, start, end in lay.placed:
        if head_y is not None:
            out.append(f'<text x="4" y="{head_y}" font-size="12" font-weight="bold" fill="#333">{_e(g.label)}</text>')
        for b, yc in rows:
            any_ci = _bar_row(out, lay, b, yc, kind, has_range) or any_ci
        if g.mean is not None and rows:
            mx = lay.sx(g.mean)
            out.append(f'<line x1="{mx:.1f}" y1="{start + 2}" x2="{mx:.1f}" y2="{end - 2}" stroke="#333" '
                       f'stroke-width="1.5" stroke-dasharray="5 3"/>')
    items = []
    if has_range:
        items += [("rect", COLOR_BAND, "合理区间"), ("rect", COLOR_WITHIN, "区间内"), ("rect", COLOR_OUTSIDE, "区间外")]
    else:
        items += [("rect", COLOR_NEUTRAL, "指标值（未设合理区间）")]
    items.append(("dash", "#333", "组均值"))
    if any_ci:
        items.append(("ci", "#222", "95%置信区间"))
    out.extend(_legend(items, 4, 10))
    out.append("</svg>")
    return "\n".join(out)


def _bar_max(groups: list[BarGroup], kind: str, range_low: float | None, range_high: float | None) -> float:
    """The end of the value axis: 100 % for rates (or a closer ceiling when every value
    is small), 100 for scores, else a round number above every value, interval and bound."""
    values = [v for g in groups for b in g.bars for v in (b.value, b.ci_high) if v is not None]
    values += [g.mean for g in groups if g.mean is not None]
    values += [v for v in (range_low, range_high) if v is not None]
    if kind == "rate":  # 0 … 100 %, or a closer ceiling when every value is small
        return min(1.0, nice_ceiling(max(values + [0]) * 1.05)) if values else 1.0
    if kind == "score":
        return 100.0
    dmax = nice_ceiling(max(values + [0]) * 1.05) if values else 1.0
    return max(dmax, 1.2) if kind == "ratio" else dmax


def _bar_layout(groups: list[BarGroup], kind: str, range_low: float | None, range_high: float | None) -> _BarLayout:
    """Label column as wide as the longest court name; one row per bar, a heading per
    group when there are several, a gap between groups."""
    labels = [b.label for g in groups for b in g.bars]
    x0 = max([text_width(s, BAR_FONT) for s in labels] + [60]) + 14
    show_heads = len(groups) > 1
    y = BAR_LEGEND_H
    placed = []
    for g in groups:
        head_y = None
        if show_heads:
            head_y = y + 15
            y += BAR_HEAD_H
        start = y
        rows = []
        for b in g.bars:
            rows.append((b, y + BAR_ROW_H / 2))
            y += BAR_ROW_H
        placed.append((g, head_y, rows, start, y))
        y += BAR_GAP
    return _BarLayout(x0, WIDTH - BAR_VALUE_W, _bar_max(groups, kind, range_low, range_high),
                      BAR_LEGEND_H, y - BAR_GAP, placed)


def _bar_axis(lay: _BarLayout, kind: str) -> list[str]:
    """Vertical grid lines with their tick labels, and the value axis' zero line."""
    out = []
    for t in ticks(0.0, lay.dmax):
        x = lay.sx(t)
        out.append(f'<line x1="{x:.1f}" y1="{lay.plot_top}" x2="{x:.1f}" y2="{lay.plot_bottom}" stroke="#d9d9d9" '
                   'stroke-width="1"/>')
        out.append(f'<text x="{x:.1f}" y="{lay.plot_bottom + 17}" font-size="11" fill="#555" text-anchor="middle">'
                   f'{_e(fmt_tick(t, kind))}</text>')
    out.append(f'<line x1="{lay.x0}" y1="{lay.plot_top}" x2="{lay.x0}" y2="{lay.plot_bottom}" stroke="#888" '
               'stroke-width="1"/>')
    return out


def _bar_row(out: list[str], lay: _BarLayout, b: Bar, yc: float, kind: str, has_range: bool) -> bool:
    """One court's label, bar (colored by its range status), whiskers and value; True if
    it drew an interval."""
    x0 = lay.x0
    out.append(f'<text x="{x0 - 8:.1f}" y="{yc + 4.5:.1f}" font-size="{BAR_FONT}" fill="#222" '
               f'text-anchor="end">{_e(b.label)}</text>')
    if b.value is None:
        out.append(f'<text x="{x0 + 6:.1f}" y="{yc + 4.5:.1f}" font-size="12" fill="#999">无数据</text>')
        return False
    color = COLOR_NEUTRAL if not has_range or b.status is None else (
        COLOR_WITHIN if b.status == "within" else COLOR_OUTSIDE)
    w = max(lay.sx(b.value) - x0, 0.8)
    out.append(f'<rect x="{x0}" y="{yc - BAR_H / 2:.1f}" width="{w:.1f}" height="{BAR_H}" fill="{color}"/>')
    ci = b.ci_low is not None and b.ci_high is not None
    if ci:
        lx, hx = lay.sx(b.ci_low), lay.sx(b.ci_high)
        out.append(f'<line x1="{lx:.1f}" y1="{yc:.1f}" x2="{hx:.1f}" y2="{yc:.1f}" stroke="#222" stroke-width="1.3"/>')
        for cx in (lx, hx):
            out.append(f'<line x1="{cx:.1f}" y1="{yc - 5:.1f}" x2="{cx:.1f}" y2="{yc + 5:.1f}" '
                       f'stroke="#222" stroke-width="1.3"/>')
    out.append(f'<text x="{lay.x1 + 10:.1f}" y="{yc + 4.5:.1f}" font-size="12" fill="#222">'
               f'{_e(value_label(b.value, kind))}</text>')
    return ci


def _legend(items, x: float, y: float) -> list[str]:
    out = []
    for shape, color, label in items:
        if shape == "rect":
            out.append(f'<rect x="{x:.1f}" y="{y}" width="14" height="11" fill="{color}" stroke="#bbb" stroke-width="0.5"/>')
        elif shape == "dash":
            out.append(f'<line x1="{x:.1f}" y1="{y + 5.5}" x2="{x + 14:.1f}" y2="{y + 5.5}" stroke="{color}" '
                       f'stroke-width="1.5" stroke-dasharray="4 2"/>')
        else:
            out.append(f'<line x1="{x:.1f}" y1="{y + 5.5}" x2="{x + 14:.1f}" y2="{y + 5.5}" stroke="{color}" stroke-width="1.3"/>')
            out.append(f'<line x1="{x:.1f}" y1="{y + 1}" x2="{x:.1f}" y2="{y + 10}" stroke="{color}" stroke-width="1.3"/>')
            out.append(f'<line x1="{x + 14:.1f}" y1="{y + 1}" x2="{x + 14:.1f}" y2="{y + 10}" stroke="{color}" stroke-width="1.3"/>')
        out.append(f'<text x="{x + 19:.1f}" y="{y + 10}" font-size="12" fill="#333">{_e(label)}</text>')
        x += 19 + text_width(label, 12) + 18
    return out


# --- lines --------------------------------------------------------------------------------

@dataclass
class Series:
    label: str
    points: list[float | None]


def line_chart(title: str, x_labels: list[str], series: list[Series], kind: str,
               range_low: float | None = None, range_high: float | None = None) -> str:
    """One line per court over the quarters, with the reasonable-range band."""
    left, right, top, plot_h = 64, 20, 14, 210
    x0, x1 = left, WIDTH - right
    lo, hi = _line_domain(series, kind)

    def sy(v: float) -> float:
        return top + plot_h * (hi - max(lo, min(v, hi))) / (hi - lo)

    n = len(x_labels)

    def sx(i: int) -> float:
        return (x0 + x1) / 2 if n == 1 else x0 + 20 + (x1 - x0 - 40) * i / (n - 1)

    positions, height = _line_legend_positions(series, x0, top + plot_h + 34)
    out = _svg_open(WIDTH, height, title)
    if range_low is not None or range_high is not None:
        b_hi = sy(range_high) if range_high is not None else top
        b_lo = sy(range_low) if range_low is not None else top + plot_h
        if b_lo > b_hi:
            out.append(f'<rect x="{x0}" y="{b_hi:.1f}" width="{x1 - x0}" height="{b_lo - b_hi:.1f}" fill="{COLOR_BAND}"/>')
    for t in ticks(lo, hi, 4):
        y = sy(t)
        out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x1}" y2="{y:.1f}" stroke="#e0e0e0" stroke-width="1"/>')
        out.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" font-size="11" fill="#555" text-anchor="end">'
                   f'{_e(fmt_tick(t, kind))}</text>')
    out.append(f'<line x1="{x0}" y1="{top + plot_h}" x2="{x1}" y2="{top + plot_h}" stroke="#888" stroke-width="1"/>')
    for i, lab in enumerate(x_labels):
        out.append(f'<text x="{sx(i):.1f}" y="{top + plot_h + 17}" font-size="11" fill="#555" '
                   f'text-anchor="middle">{_e(lab)}</text>')
    for k, s in enumerate(series):
        out.extend(_line_series(k, s, sx, sy, x_labels, kind, positions[k]))
    out.append("</svg>")
    return "\n".join(out)


def _line_domain(series: list[Series], kind: str) -> tuple[float, float]:
    """The value axis: the values' span padded by 12 %, kept within what the kind allows
    (rates 0 … 100 %, scores 0 … 100, no negative days or ratios), on round steps."""
    values = [v for s in series for v in s.points if v is not None]
    if values:
        lo, hi = min(values), max(values)
    else:
        lo, hi = 0.0, 1.0
    span = hi - lo
    pad = span * 0.12 if span > 0 else (abs(hi) * 0.1 or 1.0)
    lo, hi = lo - pad, hi + pad
    if kind in ("rate", "ratio", "days", "score"):
        lo = max(lo, 0.0)
    if kind == "rate":
        hi = min(hi, 1.0)
    if kind == "score":
        hi = min(hi, 100.0)
    step = nice_step(hi - lo, 4)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    if hi <= lo:
        hi = lo + step
    return lo, hi


def _line_legend_positions(series: list[Series], x0: float, legend_y: float) -> tuple[list[tuple[float, float]], float]:
    """Legend entries below the axis, wrapped to the chart's width; and the chart's height."""
    positions, lx, ly = [], x0, legend_y
    for s in series:
        w = 26 + text_width(s.label, 12) + 16
        if lx + w > WIDTH - 4 and lx > x0:
            lx, ly = x0, ly + 20
        positions.append((lx, ly))
        lx += w
    return positions, ly + 16


def _line_series(k: int, s: Series, sx, sy, x_labels: list[str], kind: str, position: tuple[float, float]) -> list[str]:
    """Series `k`: its line (broken where a quarter has no value), its points with their
    values as tooltips, and its legend entry."""
    color = PALETTE[k % len(PALETTE)]
    dash = ' stroke-dasharray="6 3"' if k >= len(PALETTE) else ""
    out = []
    segment: list[str] = []
    segments = []
    for i, v in enumerate(s.points):
        if v is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{sx(i):.1f},{sy(v):.1f}")
    if segment:
        segments.append(segment)
    for seg in segments:
        if len(seg) > 1:
            out.append(f'<polyline points="{" ".join(seg)}" fill="none" stroke="{color}" stroke-width="2"{dash}/>')
    for i, v in enumerate(s.points):
        if v is not None:
            out.append(f'<circle cx="{sx(i):.1f}" cy="{sy(v):.1f}" r="3" fill="{color}">'
                       f'<title>{_e(s.label)} {_e(x_labels[i])}: {_e(value_label(v, kind))}</title></circle>')
    px, py = position
    out.append(f'<line x1="{px:.1f}" y1="{py - 4}" x2="{px + 20:.1f}" y2="{py - 4}" stroke="{color}" '
               f'stroke-width="2.5"{dash}/>')
    out.append(f'<text x="{px + 25:.1f}" y="{py}" font-size="12" fill="#333">{_e(s.label)}</text>')
    return out
