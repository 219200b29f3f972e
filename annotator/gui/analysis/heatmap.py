"""A code x code heatmap drawn with QPainter; clicking a cell emits its row and column."""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (QBrush, QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from annotator.gui import theme
from annotator.services.analysis import CooccurrenceMatrix

#: (low, high) ends of the colour scale: white to dark blue (as the report), and for the dark
#: theme from the background to a bright blue, so empty cells do not glare.
SCALES = {"light": (QColor(247, 251, 255), QColor(8, 48, 107)),
          "dark": (QColor(42, 46, 52), QColor(86, 180, 233))}


def heat(value: int, vmax: int) -> QColor:
    """A colour for ``value`` on a square-root scale up to ``vmax`` (current theme)."""
    low, high = SCALES.get(theme.current(), SCALES["light"])
    f = math.sqrt(value / vmax) if vmax > 0 and value > 0 else 0.0
    return QColor(round(low.red() + (high.red() - low.red()) * f),
                  round(low.green() + (high.green() - low.green()) * f),
                  round(low.blue() + (high.blue() - low.blue()) * f))


def ink(background: QColor) -> QColor:
    """Readable text colour on ``background``."""
    return QColor("white") if background.lightness() < 128 else QColor("#1f2328")


class Heatmap(QWidget):
    cell_clicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matrix: CooccurrenceMatrix | None = None
        self.selected: tuple[int, int] | None = None
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    # --- geometry ---------------------------------------------------------------------------
    @property
    def n(self) -> int:
        return len(self.matrix.codes) if self.matrix else 0

    def cell(self) -> int:
        n = self.n
        return 30 if n <= 10 else 22 if n <= 24 else 15 if n <= 60 else 11

    def _label_w(self) -> int:
        if not self.matrix:
            return 0
        fm = QFontMetrics(self.font())
        return min(220, max(fm.horizontalAdvance(c.name) for c in self.matrix.codes) + 12)

    def origin(self) -> tuple[int, int]:
        lw = self._label_w()
        return lw + 8, lw + 8  # column labels are vertical: as tall as row labels are wide

    def sizeHint(self) -> QSize:  # noqa: N802
        if not self.matrix:
            return QSize(300, 200)
        x0, y0 = self.origin()
        return QSize(x0 + self.n * self.cell() + 12, y0 + self.n * self.cell() + 12)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        if not self.matrix:
            return None
        x0, y0 = self.origin()
        c = self.cell()
        j, i = (pos.x() - x0) // c, (pos.y() - y0) // c
        if pos.x() < x0 or pos.y() < y0 or not (0 <= i < self.n and 0 <= j < self.n):
            return None
        return int(i), int(j)

    def cell_center(self, i: int, j: int) -> QPoint:
        x0, y0 = self.origin()
        c = self.cell()
        return QPoint(x0 + j * c + c // 2, y0 + i * c + c // 2)

    # --- data -------------------------------------------------------------------------------
    def set_matrix(self, matrix: CooccurrenceMatrix | None) -> None:
        self.matrix = matrix
        self.selected = None
        self.updateGeometry()
        self.adjustSize()
        self.update()

    def vmax(self) -> int:
        return self.matrix.max_off_diagonal() if self.matrix else 0

    # --- events -----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        hit = self.cell_at(event.position().toPoint())
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            self.selected = hit
            self.update()
            self.cell_clicked.emit(*hit)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        hit = self.cell_at(event.position().toPoint())
        if hit is None or self.matrix is None:
            QToolTip.hideText()
            return
        i, j = hit
        a, b = self.matrix.codes[i], self.matrix.codes[j]
        v = self.matrix.counts[i][j]
        text = f"{a.path}: {v:,}" if i == j else f"{a.path}\n× {b.path}\n{v:,}"
        QToolTip.showText(event.globalPosition().toPoint(), text + "\n(click for passages)",
                          self)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        colors = theme.colors(theme.current())
        p.fillRect(self.rect(), QColor(colors["base"]))
        text = QColor(colors["text"])
        if not self.matrix or self.n == 0:
            p.setPen(QColor(colors["muted"]))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                       "Fewer than two codes have codings.")
            return
        m, n, c = self.matrix, self.n, self.cell()
        x0, y0 = self.origin()
        vmax = self.vmax()
        fm = QFontMetrics(self.font())
        p.setPen(text)
        for k, code in enumerate(m.codes):
            label = fm.elidedText(code.name, Qt.TextElideMode.ElideRight, x0 - 14)
            p.drawText(QRectF(4, y0 + k * c, x0 - 10, c),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            p.save()
            p.translate(x0 + k * c, y0 - 6)
            p.rotate(-90)
            p.drawText(QRectF(0, 0, y0 - 12, c), Qt.AlignmentFlag.AlignLeft
                       | Qt.AlignmentFlag.AlignVCenter, label)
            p.restore()
        hatch = QBrush(QColor(colors["mid"]), Qt.BrushStyle.BDiagPattern)
        for i in range(n):
            for j in range(n):
                r = QRectF(x0 + j * c, y0 + i * c, c - 1, c - 1)
                v = m.counts[i][j]
                if i == j:
                    p.fillRect(r, QColor(colors["alt"]))
                    p.fillRect(r, hatch)
                    continue
                color = heat(v, vmax)
                p.fillRect(r, color)
                if c >= 22 and v:
                    p.setPen(ink(color))
                    p.drawText(r, Qt.AlignmentFlag.AlignCenter, f"{v:,}")
        roots = [code.top for code in m.codes]
        p.setPen(QPen(QColor(colors["muted"]), 1))
        for k in range(1, n):
            if roots[k] != roots[k - 1]:
                p.drawLine(x0 + k * c - 1, y0, x0 + k * c - 1, y0 + n * c)
                p.drawLine(x0, y0 + k * c - 1, x0 + n * c, y0 + k * c - 1)
        if self.selected is not None:
            i, j = self.selected
            p.setPen(QPen(QColor(colors["highlight"]), 2))
            p.drawRect(QRectF(x0 + j * c, y0 + i * c, c - 1, c - 1))
        p.end()
