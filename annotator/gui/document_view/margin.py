"""The strip left of the text: paragraph numbers, then one thin coloured bar per coding.

Only what is on screen is painted. Bars keep their lane (column) while scrolling; lanes beyond
``MAX_LANES`` fold into one grey "more" bar. Clicking a bar activates its coding, hovering
outlines it; clicking a paragraph number activates the paragraph.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

if TYPE_CHECKING:
    from annotator.gui.document_view.view import DocumentView

MAX_LANES = 8
BAR = 3  # bar width in pixels
GAP = 2  # space between lanes
PAD = 6  # space between the bars and the text
NUM_PAD = 8  # space between the numbers and the bars


class Margin(QWidget):
    def __init__(self, view: DocumentView) -> None:
        super().__init__(view.editor)
        self._view = view
        self._bars: list[tuple[QRect, str]] = []  # painted bars, for hit tests
        self._numbers: list[tuple[QRect, int]] = []  # painted paragraph numbers
        self.hovered: str | None = None
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.ArrowCursor)

    # --- size -------------------------------------------------------------------------------
    def bars_width(self) -> int:
        return MAX_LANES * (BAR + GAP) + PAD

    def numbers_width(self) -> int:
        count = max(1, len(self._view.state.paragraphs))
        fm = self._number_metrics()
        return fm.horizontalAdvance("9" * len(str(count))) + NUM_PAD + 4

    def total_width(self) -> int:
        return self.numbers_width() + self.bars_width()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self.total_width(), 0)

    def _number_font(self) -> QFont:
        f = QFont(self._view.editor.font())
        f.setPointSizeF(max(6.0, f.pointSizeF() * 0.78))
        return f

    def _number_metrics(self):  # noqa: ANN202 - QFontMetrics
        from PySide6.QtGui import QFontMetrics

        return QFontMetrics(self._number_font())

    # --- painting ---------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        view = self._view
        ed = view.editor
        state = view.state
        styles = view.styles
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(event.rect(), styles.base)
        self._bars = []
        self._numbers = []
        rng = ed.visible_u16_range()
        if rng is None:
            return
        off = state.offsets
        va, vb = off.to_cp(rng[0]), off.to_cp(rng[1])
        h = self.height()
        right = self.width() - PAD
        # paragraph numbers
        p.setFont(self._number_font())
        muted = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        p.setPen(muted)
        used = max(1, min(MAX_LANES, state.lanes.count))
        nw = right - used * (BAR + GAP) - NUM_PAD
        starts = state.para_starts
        i = bisect.bisect_left(starts, va)
        while i < len(starts) and starts[i] < vb:
            top, bottom = ed.line_span_y(off.to_u16(starts[i]))
            r = QRect(0, top, nw, bottom - top)
            p.drawText(r, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                       str(i + 1))
            self._numbers.append((r, i))
            i += 1
        # coding bars
        lanes = state.lanes
        overflow: list[tuple[int, int]] = []
        hovered_rect: QRect | None = None
        hovered_color = QColor()
        for sp in state.visible_spans(va, vb):
            y0 = ed.line_span_y(off.to_u16(sp.start))[0] if sp.start >= va else -2
            y1 = ed.line_span_y(off.to_u16(sp.end - 1))[1] if sp.end <= vb else h + 2
            lane = lanes.get(sp.uuid)
            if lane >= MAX_LANES:
                overflow.append((y0, y1))
                continue
            x = right - (lane + 1) * (BAR + GAP) + GAP
            r = QRect(x, y0 + 1, BAR, max(2, y1 - y0 - 2))
            color = styles.bar(state.policy.color(sp))
            p.fillRect(r, color)
            self._bars.append((r, sp.uuid))
            if sp.uuid == self.hovered:
                hovered_rect, hovered_color = r, color
        if overflow:
            x = right - (MAX_LANES + 1) * (BAR + GAP) + GAP + 1
            more = QColor(muted)
            more.setAlpha(110)
            for y0, y1 in overflow:
                p.fillRect(QRect(x, y0 + 1, 1, max(2, y1 - y0 - 2)), more)
        if hovered_rect is not None:
            p.fillRect(hovered_rect.adjusted(-1, 0, 1, 0), hovered_color)
            p.setPen(QPen(pal.color(QPalette.ColorRole.Text), 1))
            p.drawRect(hovered_rect.adjusted(-2, -1, 1, 0))
        p.end()

    # --- mouse ------------------------------------------------------------------------------
    def bar_rect(self, uuid: str) -> QRect | None:
        """Where the bar of a coding was last painted (None if it is not on screen)."""
        return next((r for r, u in self._bars if u == uuid), None)

    def number_rect(self, paragraph: int) -> QRect | None:
        """Where the number of a paragraph (0-based) was last painted."""
        return next((r for r, i in self._numbers if i == paragraph), None)

    def bar_at(self, pos: QPoint) -> str | None:
        best: str | None = None
        best_dist = 99
        for r, uuid in self._bars:
            if r.top() - 1 <= pos.y() <= r.bottom() + 1:
                d = abs(pos.x() - r.center().x())
                if d <= BAR and d < best_dist:
                    best, best_dist = uuid, d
        return best

    def number_at(self, pos: QPoint) -> int | None:
        for r, i in self._numbers:
            if r.top() <= pos.y() <= r.bottom() and pos.x() <= r.right() + NUM_PAD:
                return i
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        pos = event.position().toPoint()
        uuid = self.bar_at(pos)
        if uuid != self.hovered:
            self.hovered = uuid
            self._view.hover_coding(uuid)
            self.update()
        over_number = self.number_at(pos) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if uuid or over_number
                       else Qt.CursorShape.ArrowCursor)
        if uuid:
            tip = self._view.tooltip_for([s for s in [self._view.state.index.get(uuid)] if s])
            if tip:
                QToolTip.showText(event.globalPosition().toPoint(), tip, self)
        else:
            QToolTip.hideText()

    def leaveEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        if self.hovered is not None:
            self.hovered = None
            self._view.hover_coding(None)
            self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position().toPoint()
        uuid = self.bar_at(pos)
        if uuid is not None:
            self._view.activate_coding(uuid)
            return
        i = self.number_at(pos)
        if i is not None:
            self._view.activate_paragraph(i)

    def wheelEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        QApplication.sendEvent(self._view.editor.viewport(), event)
