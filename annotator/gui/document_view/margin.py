"""The strip left of the text: paragraph numbers, then one thin coloured bar per coding.

Only what is on screen is painted. Bars keep their lane (column) while scrolling; lanes beyond
``MAX_LANES`` fold into one grey "more" bar. Clicking a bar activates its coding, hovering
outlines it; clicking a paragraph number activates the paragraph.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import (QFont, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen,
                           QTextBlock, QWheelEvent)
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from annotator.gui.document_view.style import mix

if TYPE_CHECKING:
    from annotator.gui.document_view.view import DocumentView

MAX_LANES = 8
BAR = 4  # bar width in pixels
GAP = 2  # space between lanes
PAD = 6  # space between the bars and the text
NUM_PAD = 8  # space between the numbers and the bars


class Margin(QWidget):
    def __init__(self, view: DocumentView) -> None:
        super().__init__(view.editor)
        self._view = view
        self.hovered: str | None = None
        self._painted_lanes = 1  # lanes shown at the last paint (the numbers sit left of them)
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

    def _number_metrics(self) -> QFontMetrics:
        return QFontMetrics(self._number_font())

    # --- layout ---------------------------------------------------------------------------
    def _rows(self, y_from: int = -1, y_to: int = 1 << 30) -> _Rows | None:
        rows = _Rows([(b, t, bt) for b, t, bt in self._view.editor.visible_blocks()
                      if bt >= y_from and t <= y_to])
        return rows if rows.positions else None

    def _bars_in(self, rows: _Rows) -> list[tuple[QRect, str, str]]:
        """(rect, uuid, colour name) of the bars of codings overlapping ``rows``."""
        state = self._view.state
        off = state.offsets
        va, vb = off.to_cp(rows.start), off.to_cp(rows.end)
        h = self.height()
        right = self.width() - PAD
        lanes = state.lanes
        color = state.policy.color
        out = []
        for sp in state.visible_spans(va, vb):
            y0 = rows.y_span(off.to_u16(sp.start))[0] if sp.start >= va else -2
            y1 = rows.y_span(off.to_u16(sp.end - 1))[1] if sp.end <= vb else h + 2
            lane = lanes.get(sp.uuid)
            if lane >= MAX_LANES:
                x = right - (MAX_LANES + 1) * (BAR + GAP) + GAP + 1
                out.append((QRect(x, y0 + 1, 1, max(2, y1 - y0 - 2)), "", ""))
                continue
            x = right - (lane + 1) * (BAR + GAP) + GAP
            out.append((QRect(x, y0 + 1, BAR, max(2, y1 - y0 - 2)), sp.uuid, color(sp)))
        return out

    def lanes_in_use(self) -> int:
        return max(1, min(MAX_LANES, self._view.state.lanes.count))

    def lanes_changed(self) -> bool:
        """Would the numbers move since the last paint (a lane was added)?"""
        return self.lanes_in_use() != self._painted_lanes

    def _numbers_in(self, rows: _Rows) -> list[tuple[QRect, int]]:
        state = self._view.state
        off = state.offsets
        va, vb = off.to_cp(rows.start), off.to_cp(rows.end)
        nw = self.width() - PAD - self.lanes_in_use() * (BAR + GAP) - NUM_PAD
        starts = state.para_starts
        out = []
        i = bisect.bisect_left(starts, va)
        while i < len(starts) and starts[i] < vb:
            top, bottom = rows.y_span(off.to_u16(starts[i]))
            out.append((QRect(0, top, nw, bottom - top), i))
            i += 1
        return out

    # --- painting ---------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        styles = self._view.styles
        self._painted_lanes = self.lanes_in_use()
        p = QPainter(self)
        clip = event.rect()
        p.fillRect(clip, styles.base)
        rows = self._rows(clip.top(), clip.bottom())
        if rows is None:
            p.end()
            return
        pal = self.palette()
        muted = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        p.setFont(self._number_font())
        p.setPen(muted)
        align = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for r, i in self._numbers_in(rows):
            p.drawText(r, align, str(i + 1))
        by_color: dict[str, list[QRect]] = {}
        outlined: list[tuple[QRect, str]] = []  # the hovered and the current coding
        current = self._view.state.current
        for r, uuid, color in self._bars_in(rows):
            by_color.setdefault(color, []).append(r)
            if uuid and (uuid == self.hovered or uuid == current):
                outlined.append((r, color))
        p.setPen(Qt.PenStyle.NoPen)
        for color, rects in by_color.items():
            if color:
                p.setBrush(styles.bar(color))
                p.drawRects(rects)
            else:  # lanes beyond MAX_LANES fold into one thin grey line
                p.setBrush(mix(styles.base, muted, 0.6))
                p.drawRects(_merged(rects))
        p.setPen(QPen(pal.color(QPalette.ColorRole.Text), 1))
        for r, color in outlined:
            p.setBrush(styles.bar(color))
            p.drawRect(r.adjusted(-2, -1, 1, 0))
        p.end()

    # --- mouse ------------------------------------------------------------------------------
    def bar_rect(self, uuid: str) -> QRect | None:
        """Where the bar of a coding is on screen (None if it is not)."""
        rows = self._rows()
        return None if rows is None else next(
            (r for r, u, _ in self._bars_in(rows) if u == uuid), None)

    def number_rect(self, paragraph: int) -> QRect | None:
        """Where the number of a paragraph (0-based) is on screen."""
        rows = self._rows()
        return None if rows is None else next(
            (r for r, i in self._numbers_in(rows) if i == paragraph), None)

    def bar_at(self, pos: QPoint) -> str | None:
        rows = self._rows(pos.y() - 2, pos.y() + 2)
        if rows is None:
            return None
        best: str | None = None
        best_dist = 99
        for r, uuid, _ in self._bars_in(rows):
            if uuid and r.top() - 1 <= pos.y() <= r.bottom() + 1:
                d = abs(pos.x() - r.center().x())
                if d <= BAR and d < best_dist:
                    best, best_dist = uuid, d
        return best

    def number_at(self, pos: QPoint) -> int | None:
        rows = self._rows(pos.y() - 2, pos.y() + 2)
        if rows is None:
            return None
        for r, i in self._numbers_in(rows):
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

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
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

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        QApplication.sendEvent(self._view.editor.viewport(), event)


class _Rows:
    """Visible blocks (UTF-16 position, top, layout) for fast position -> line-y lookups."""

    __slots__ = ("_lines", "blocks", "bottoms", "end", "positions", "start", "tops")

    def __init__(self, blocks: list[tuple[QTextBlock, int, int]]) -> None:
        self.blocks = [b for b, _, _ in blocks]
        self.positions = [b.position() for b in self.blocks]
        self.tops = [t for _, t, _ in blocks]
        self.bottoms = [bt for _, _, bt in blocks]
        self.start = self.positions[0] if blocks else 0
        last = self.blocks[-1] if blocks else None
        self.end = last.position() + max(0, last.length() - 1) if last is not None else 0
        self._lines: dict[int, tuple[list[int], list[tuple[int, int]]]] = {}

    def _line_table(self, i: int) -> tuple[list[int], list[tuple[int, int]]]:
        """Per line of block ``i``: its first position, and its top and bottom on screen."""
        table = self._lines.get(i)
        if table is None:
            layout = self.blocks[i].layout()
            top = self.tops[i]
            starts: list[int] = []
            ys: list[tuple[int, int]] = []
            for k in range(layout.lineCount() if layout is not None else 0):
                line = layout.lineAt(k)
                starts.append(line.textStart())
                ys.append((top + int(line.y()), top + int(line.y() + line.height())))
            table = self._lines[i] = (starts, ys)
        return table

    def y_span(self, u16: int) -> tuple[int, int]:
        """Top and bottom of the visual line holding ``u16`` (clamped to these rows)."""
        i = bisect.bisect_right(self.positions, u16) - 1
        if i < 0:
            return self.tops[0] - 2, self.tops[0] - 2
        starts, ys = self._line_table(i)
        if not starts:
            return self.tops[i], self.bottoms[i]
        k = bisect.bisect_right(starts, u16 - self.positions[i]) - 1
        return ys[max(0, k)]


def _merged(rects: list[QRect]) -> list[QRect]:
    """Vertical runs of equally placed rectangles joined into one (for the fold line)."""
    out: list[QRect] = []
    for r in sorted(rects, key=lambda r: r.top()):
        if out and r.top() <= out[-1].bottom() + 1:
            last = out[-1]
            if r.bottom() > last.bottom():
                last.setBottom(r.bottom())
        else:
            out.append(QRect(r))
    return out
