"""Grouped horizontal bars (codes x coders) drawn with QPainter, for the frequencies tab."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from annotator.gui import theme
from annotator.services.reporting.charts_svg import nice_ticks, series_color


@dataclass(frozen=True, slots=True)
class BarGroup:
    label: str
    values: tuple[int, ...]  # one per series
    depth: int = 0
    tooltip: str = ""


class GroupedBarChart(QWidget):
    BAR = 7
    GAP = 9
    TOP = 30
    BOTTOM = 24

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: list[str] = []
        self.groups: list[BarGroup] = []
        self.title = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setMinimumWidth(240)  # fits beside the table in a bottom dock on a laptop

    def set_data(self, series: Sequence[str], groups: Sequence[BarGroup], title: str = "") -> None:
        self.series, self.groups, self.title = list(series), list(groups), title
        self.updateGeometry()
        self.update()

    def group_height(self) -> int:
        return self.BAR * max(1, len(self.series)) + self.GAP

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(560, self.TOP + self.BOTTOM + self.group_height() * max(1, len(self.groups)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(240, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        colors = theme.colors(theme.current())
        text, muted = QColor(colors["text"]), QColor(colors["muted"])
        p.fillRect(self.rect(), QColor(colors["base"]))
        fm = QFontMetrics(self.font())
        p.setPen(text)
        font = self.font()
        font.setBold(True)
        p.setFont(font)
        # legend at the top right; the title takes what is left of it, elided, never overlaps
        legend_w = sum(28 + fm.horizontalAdvance(name) for name in self.series)
        x = max(self.width() * 0.35, self.width() - legend_w - 4)
        bold = QFontMetrics(font)
        title = bold.elidedText(self.title, Qt.TextElideMode.ElideRight, int(x - 20))
        p.drawText(QRectF(8, 4, x - 16, 18), Qt.AlignmentFlag.AlignLeft, title)
        p.setFont(self.font())
        for k, name in enumerate(self.series):  # legend, top right
            p.fillRect(QRectF(x, 8, 10, 10), QColor(series_color(k)))
            p.setPen(text)
            p.drawText(QRectF(x + 14, 3, fm.horizontalAdvance(name) + 4, 20),
                       Qt.AlignmentFlag.AlignVCenter, name)
            x += 14 + fm.horizontalAdvance(name) + 14
        if not self.groups:
            p.setPen(muted)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No codings in this selection")
            return
        label_w = min(max(fm.horizontalAdvance(g.label) + 12 * g.depth for g in self.groups)
                      + 16, int(self.width() * 0.4))
        value_w = fm.horizontalAdvance("00,000") + 8
        x0, x1 = label_w + 8, self.width() - value_w - 8
        peak = max((v for g in self.groups for v in g.values), default=0)
        ticks = nice_ticks(peak, whole=True)
        top = self.TOP
        bottom = top + self.group_height() * len(self.groups)

        def xpos(v: float) -> float:
            return x0 + (x1 - x0) * v / ticks[-1]

        grid = QColor(colors["border"])
        for t in ticks:
            p.setPen(QPen(grid, 1))
            p.drawLine(int(xpos(t)), top - 2, int(xpos(t)), bottom)
            p.setPen(muted)
            p.drawText(QRectF(xpos(t) - 30, bottom + 2, 60, 16), Qt.AlignmentFlag.AlignCenter,
                       f"{t:,.0f}")
        for i, g in enumerate(self.groups):
            y = top + i * self.group_height()
            p.setPen(text)
            label = fm.elidedText(g.label, Qt.TextElideMode.ElideRight, label_w - 12 * g.depth - 8)
            p.drawText(QRectF(6 + 12 * g.depth, y, label_w, self.group_height() - self.GAP + 2),
                       Qt.AlignmentFlag.AlignVCenter, label)
            for k, v in enumerate(g.values):
                by = y + 2 + k * self.BAR
                w = xpos(v) - x0
                p.fillRect(QRectF(x0, by, max(w, 0.0), self.BAR - 1), QColor(series_color(k)))
            total = sum(g.values)
            p.setPen(muted)
            p.drawText(QRectF(x1 + 4, y, value_w, self.group_height() - self.GAP + 2),
                       Qt.AlignmentFlag.AlignVCenter, f"{total:,}")
        p.end()

    def bar_at(self, y: float) -> int | None:
        """Index of the group drawn at height ``y`` (tests, tooltips)."""
        i = math.floor((y - self.TOP) / self.group_height())
        return i if 0 <= i < len(self.groups) else None
