"""Charts as inline SVG text (no scripts, no fonts or images from elsewhere).

Each function returns a :class:`Chart`: the ``<svg>`` element without a namespace declaration
(HTML5 puts inline SVG in the SVG namespace itself) plus its size; :meth:`Chart.standalone`
gives a file-ready SVG document for renderers that need one. Labels are estimated with an
average glyph width, so no font metrics are needed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from annotator.domain.codebook_colors import CHART_SERIES as SERIES
from annotator.domain.codebook_colors import GRADE_COLORS
from annotator.domain.codebook_colors import GRID_LINE as GRID
from annotator.domain.codebook_colors import INK as TEXT
from annotator.domain.codebook_colors import MUTED_INK as MUTED

FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif"


@dataclass(frozen=True, slots=True)
class Chart:
    svg: str
    width: int
    height: int
    title: str

    def standalone(self) -> str:
        """The chart as an SVG document (with the namespace), e.g. for QSvgRenderer."""
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                + self.svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def series_color(i: int) -> str:
    return SERIES[i % len(SERIES)]


def text_width(text: str, size: float) -> float:
    """Rough rendered width of ``text`` at font ``size`` (px) in a sans-serif face."""
    return len(text) * size * 0.56


def _t(x: float, y: float, text: str, *, size: float = 11, anchor: str = "start",
       color: str = TEXT, weight: str = "normal", extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{color}" '
            f'text-anchor="{anchor}" font-weight="{weight}"{extra}>{escape(text)}</text>')


def _clip(text: str, size: float, width: float) -> str:
    if text_width(text, size) <= width:
        return text
    keep = max(1, int(width / (size * 0.56)) - 1)
    return text[:keep] + "…"


def _open(width: int, height: int, title: str, desc: str = "") -> str:
    d = f"<desc>{escape(desc)}</desc>" if desc else ""
    return (f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'role="img" aria-label="{escape(title)}" style="{FONT}">'
            f"<title>{escape(title)}</title>{d}")


def nice_ticks(value: float, most: int = 6, *, whole: bool = False) -> list[float]:
    """Round tick values from 0 to at least ``value`` (steps of 1, 2, 2.5 or 5 x 10^k;
    ``whole``: steps of at least 1, for counts)."""
    if value <= 0:
        return [0.0, 1.0]
    raw = value / (most - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if whole:
        step = max(1, math.ceil(step))
    n = math.ceil(value / step - 1e-9)
    return [k * step for k in range(n + 1)]


def grouped_bars(labels: Sequence[str], series: Sequence[str],
                 values: Sequence[Sequence[float]], *, title: str,
                 tooltips: Sequence[str] | None = None, width: int = 530,
                 bar: int = 8) -> Chart:
    """Horizontal bars, one group per label and one bar per series (e.g. codes x coders)."""
    size = 11
    label_w = min(max((text_width(s, size) for s in labels), default=40) + 12, width * 0.38)
    legend_h = 22
    top, bottom = 26 + legend_h, 26
    group_h = bar * len(series) + 10
    height = int(top + bottom + group_h * max(1, len(labels)))
    x0, x1 = label_w + 8, width - 48
    ticks = nice_ticks(max((v for row in values for v in row), default=0),
                       whole=all(float(v).is_integer() for row in values for v in row))
    vmax = ticks[-1]
    parts = [_open(width, height, title), _t(4, 15, title, size=13, weight="600")]
    lx = 4.0
    for k, name in enumerate(series):
        parts.append(f'<rect x="{lx:.1f}" y="{26}" width="10" height="10" '
                     f'fill="{series_color(k)}"/>')
        parts.append(_t(lx + 14, 35, name, size=size))
        lx += 14 + text_width(name, size) + 16
    for v in ticks:
        x = x0 + (x1 - x0) * v / vmax
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - bottom}" '
                     f'stroke="{GRID}" stroke-width="1"/>')
        parts.append(_t(x, height - bottom + 14, f"{v:,.0f}" if v == int(v) else f"{v:g}",
                        size=10, anchor="middle", color=MUTED))
    for i, label in enumerate(labels):
        gy = top + i * group_h
        tip = tooltips[i] if tooltips else label
        parts.append(f"<g><title>{escape(tip)}</title>")
        parts.append(_t(x0 - 8, gy + group_h / 2 + 3, _clip(label, size, label_w - 8),
                        size=size, anchor="end"))
        for k, _ in enumerate(series):
            v = values[i][k]
            w = (x1 - x0) * v / vmax
            y = gy + 5 + k * bar
            parts.append(f'<rect x="{x0:.1f}" y="{y:.1f}" width="{max(w, 0.0):.1f}" '
                         f'height="{bar - 1}" fill="{series_color(k)}"/>')
            if v:
                parts.append(_t(x0 + w + 3, y + bar - 1.5, f"{v:,.0f}", size=8, color=MUTED))
        parts.append("</g>")
    parts.append("</svg>")
    return Chart("".join(parts), width, height, title)


def _heat(value: float, vmax: float) -> str:
    """White to dark blue; a square-root scale keeps small counts visible."""
    f = math.sqrt(value / vmax) if vmax > 0 and value > 0 else 0.0
    lo, hi = (247, 251, 255), (8, 48, 107)
    rgb = [round(a + (b - a) * f) for a, b in zip(lo, hi, strict=True)]
    return "#" + "".join(f"{c:02x}" for c in rgb)


def heatmap(labels: Sequence[str], counts: Sequence[Sequence[int]], *, title: str,
            full_labels: Sequence[str] | None = None, groups: Sequence[int] = (),
            cell: int | None = None, desc: str = "") -> Chart:
    """A symmetric code x code matrix: darker is more; the diagonal is hatched grey (its
    value, the code's own count, is in the tooltip). ``groups``: indices where a new group
    of codes starts (a darker line is drawn before them)."""
    n = len(labels)
    full = list(full_labels or labels)
    cell = cell or (28 if n <= 12 else 20 if n <= 24 else 13 if n <= 60 else 10)
    size = 11 if cell >= 20 else 9
    label_w = min(max((text_width(s, size) for s in labels), default=30) + 10, 220)
    col_w = min(max((text_width(s, size) for s in labels), default=30), 160)
    vertical = cell < 20
    slant = 1.0 if vertical else 0.71  # rotated labels: height taken per unit of width
    top = 24 + col_w * slant + 10
    vmax = max((counts[i][j] for i in range(n) for j in range(n) if i != j), default=0)
    legend = f"{vmax:,} (largest off the diagonal)"
    width = int(max(label_w + n * cell + 24 + (0 if vertical else col_w * 0.71),
                    label_w + 158 + text_width(legend, 10) + 8))
    height = int(top + n * cell + 40)
    parts = [_open(width, height, title, desc), _t(4, 15, title, size=13, weight="600"),
             '<defs><pattern id="diag" width="4" height="4" patternUnits="userSpaceOnUse" '
             'patternTransform="rotate(45)"><rect width="4" height="4" fill="#eeeeec"/>'
             '<line x1="0" y1="0" x2="0" y2="4" stroke="#cfcfca" stroke-width="1.5"/>'
             "</pattern></defs>"]
    x0, angle = label_w, -90 if vertical else -45
    for j, label in enumerate(labels):
        cx = x0 + j * cell + cell / 2 + size / 3
        parts.append(f"<g><title>{escape(full[j])}</title>"
                     + _t(cx, top - 6, _clip(label, size, col_w), size=size,
                          extra=f' transform="rotate({angle} {cx:.1f} {top - 6:.1f})"')
                     + "</g>")
    for i, label in enumerate(labels):
        y = top + i * cell
        parts.append(f"<g><title>{escape(full[i])}</title>"
                     + _t(x0 - 6, y + cell / 2 + size / 3, _clip(label, size, label_w - 8),
                          size=size, anchor="end") + "</g>")
        for j in range(n):
            v = counts[i][j]
            x = x0 + j * cell
            fill = "url(#diag)" if i == j else _heat(v, vmax)
            tip = f"{full[i]}: {v:,}" if i == j else f"{full[i]} × {full[j]}: {v:,}"
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell}" height="{cell}" '
                         f'fill="{fill}" stroke="#ffffff" stroke-width="1">'
                         f"<title>{escape(tip)}</title></rect>")
            if cell >= 20 and v and i != j:
                dark = vmax and math.sqrt(v / vmax) > 0.55
                parts.append(_t(x + cell / 2, y + cell / 2 + 3.5, f"{v:,}", size=9,
                                anchor="middle", color="#ffffff" if dark else TEXT))
    for g in groups:
        if 0 < g < n:
            at = g * cell
            parts.append(f'<line x1="{x0 + at:.1f}" y1="{top}" x2="{x0 + at:.1f}" '
                         f'y2="{top + n * cell}" stroke="{MUTED}" stroke-width="1.2"/>'
                         f'<line x1="{x0}" y1="{top + at:.1f}" x2="{x0 + n * cell}" '
                         f'y2="{top + at:.1f}" stroke="{MUTED}" stroke-width="1.2"/>')
    ly = top + n * cell + 16
    parts.append(_t(x0, ly + 10, "0", size=10, color=MUTED))
    for k in range(10):
        parts.append(f'<rect x="{x0 + 14 + k * 14}" y="{ly}" width="14" height="12" '
                     f'fill="{_heat(vmax * (k + 1) / 10, vmax)}"/>')
    parts.append(_t(x0 + 14 + 140 + 4, ly + 10, legend, size=10, color=MUTED))
    parts.append("</svg>")
    return Chart("".join(parts), width, height, title)


def value_bars(labels: Sequence[str], values: Sequence[float | None], *, title: str,
               grades: Sequence[str], marks: Sequence[tuple[float, str]] = (),
               depths: Sequence[int] | None = None, width: int = 720) -> Chart:
    """One bar per label on a -1..1 style scale (agreement values): bars coloured by grade,
    dashed lines at ``marks``; undefined values get a dash."""
    size, row = 11, 18
    indent = [10 * (depths[i] if depths else 0) for i in range(len(labels))]
    label_w = min(max((text_width(s, size) + indent[i] for i, s in enumerate(labels)),
                      default=40) + 12, width * 0.42)
    top, bottom = 28, 26
    height = int(top + bottom + row * max(1, len(labels)))
    lows = [v for v in values if v is not None]
    lo = max(-1.0, math.floor(min([0.0, *lows]) * 10) / 10)
    x0, x1 = label_w + 8, width - 64

    def xpos(v: float) -> float:
        return x0 + (x1 - x0) * (v - lo) / (1.0 - lo)

    parts = [_open(width, height, title), _t(4, 15, title, size=13, weight="600")]
    for v, name in marks:
        x = xpos(v)
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - bottom}" '
                     f'stroke="{MUTED}" stroke-dasharray="4 3" stroke-width="1"/>')
        parts.append(_t(x, height - bottom + 14, name, size=10, anchor="middle", color=MUTED))
    for v in sorted({lo, 0.0, 1.0}):
        parts.append(_t(xpos(v), height - bottom + 14, f"{v:g}", size=10, anchor="middle",
                        color=MUTED))
    zero = xpos(0.0)
    parts.append(f'<line x1="{zero:.1f}" y1="{top - 4}" x2="{zero:.1f}" y2="{height - bottom}" '
                 f'stroke="#999999" stroke-width="1"/>')
    for i, name in enumerate(labels):
        y = top + i * row
        v = values[i]
        parts.append(f"<g><title>{escape(name)}: "
                     f"{'undefined' if v is None else f'{v:.3f}'}</title>")
        parts.append(_t(4 + indent[i], y + row / 2 + 4,
                        _clip(name, size, label_w - 12 - indent[i]), size=size))
        if v is None:
            parts.append(_t(x1 + 6, y + row / 2 + 4, "–", size=size, color=MUTED))
        else:
            a, b = sorted((zero, xpos(v)))
            parts.append(f'<rect x="{a:.1f}" y="{y + 3:.1f}" width="{max(b - a, 1.5):.1f}" '
                         f'height="{row - 6}" fill="{GRADE_COLORS.get(grades[i], MUTED)}"/>')
            parts.append(_t(x1 + 6, y + row / 2 + 4, f"{v:.3f}", size=10))
        parts.append("</g>")
    parts.append("</svg>")
    return Chart("".join(parts), width, height, title)
