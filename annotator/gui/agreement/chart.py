"""A horizontal bar chart of one statistic per code, drawn with QPainter.

Bars are coloured by grade; dashed lines mark .667 and .800; a thin whisker shows the 95%
interval when there is one. Undefined values are listed with a dash instead of a bar.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from annotator.gui.agreement import style
from annotator.services.agreement import GOOD, TENTATIVE
from annotator.services.agreement.tables import fmt_value


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float | None
    ci: tuple[float, float] | None = None
    depth: int = 0
    emphasis: bool = False  # pooled rows


class BarChart(QWidget):
    ROW = 20
    TOP = 26
    BOTTOM = 22

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.title = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setMinimumWidth(260)

    def set_bars(self, bars: list[Bar], title: str = "") -> None:
        self.bars, self.title = bars, title
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(420, self.TOP + self.BOTTOM + self.ROW * max(1, len(self.bars)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(260, self.sizeHint().height())

    def _scale(self) -> tuple[float, float]:
        lows = [b.value for b in self.bars if b.value is not None]
        lows += [b.ci[0] for b in self.bars if b.ci is not None]
        lo = min([0.0, *lows])
        return (max(-1.0, (lo * 10 // 1) / 10), 1.0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        bold = self.font()
        bold.setBold(True)
        fmb = QFontMetrics(bold)
        text, muted = style.text(), style.muted()
        p.setPen(text)
        p.drawText(QRectF(8, 4, self.width() - 16, 18), Qt.AlignmentFlag.AlignLeft, self.title)
        if not self.bars:
            p.setPen(muted)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No results yet")
            return
        label_w = min(max((fmb if b.emphasis else fm).horizontalAdvance("  " * b.depth + b.label)
                          for b in self.bars) + 14, int(self.width() * 0.45))
        value_w = fm.horizontalAdvance("-0.000") + 10
        x0, x1 = label_w + 8, self.width() - value_w - 8
        lo, hi = self._scale()

        def xpos(v: float) -> float:
            return x0 + (x1 - x0) * (v - lo) / (hi - lo)

        top, bottom = self.TOP, self.TOP + self.ROW * len(self.bars)
        for mark, name, side in ((TENTATIVE, ".667", -1), (GOOD, ".800", 1)):
            x = xpos(mark)
            p.setPen(QPen(muted, 1, Qt.PenStyle.DashLine))
            p.drawLine(int(x), top - 4, int(x), bottom)
            p.setPen(muted)
            # labels sit on the outer side of their line so the two never collide
            box = QRectF(x - 44, bottom + 2, 42, 16) if side < 0 else QRectF(x + 2, bottom + 2,
                                                                             42, 16)
            align = Qt.AlignmentFlag.AlignRight if side < 0 else Qt.AlignmentFlag.AlignLeft
            p.drawText(box, align | Qt.AlignmentFlag.AlignVCenter, name)
        p.setPen(QPen(style.border(), 1))
        p.drawLine(int(xpos(0.0)), top - 4, int(xpos(0.0)), bottom)
        for i, b in enumerate(self.bars):
            y = top + i * self.ROW
            font = self.font()
            font.setBold(b.emphasis)
            p.setFont(font)
            p.setPen(text)
            label = (fmb if b.emphasis else fm).elidedText(
                "  " * b.depth + b.label, Qt.TextElideMode.ElideRight, label_w - 8)
            p.drawText(QRectF(6, y, label_w - 6, self.ROW), Qt.AlignmentFlag.AlignVCenter, label)
            if b.value is None:
                p.setPen(muted)
                p.drawText(QRectF(x1 + 6, y, value_w, self.ROW), Qt.AlignmentFlag.AlignVCenter,
                           "–")
                continue
            a, z = sorted((xpos(0.0), xpos(b.value)))
            p.fillRect(QRectF(a, y + 4, max(z - a, 1.5), self.ROW - 8), style.bar(b.value))
            if b.ci is not None:
                p.setPen(QPen(text, 1))
                cy = y + self.ROW / 2
                p.drawLine(int(xpos(b.ci[0])), int(cy), int(xpos(b.ci[1])), int(cy))
                for v in b.ci:
                    p.drawLine(int(xpos(v)), int(cy - 3), int(xpos(v)), int(cy + 3))
            p.setPen(text)
            p.drawText(QRectF(x1 + 6, y, value_w, self.ROW), Qt.AlignmentFlag.AlignVCenter,
                       fmt_value(b.value))
        p.end()
