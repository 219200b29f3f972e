"""The read-only QPlainTextEdit inside the document view, plus its geometry helpers.

It knows UTF-16 positions and pixels only; every decision (what a click means, which keys do
what) is forwarded to the :class:`DocumentView` that owns it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QPoint, QRect, QSize, Qt
from PySide6.QtGui import (QFont, QFontDatabase, QKeyEvent, QMouseEvent, QPainter,
                           QPaintEvent, QResizeEvent, QTextBlock, QTextCursor, QTextLine,
                           QTextOption, QWheelEvent)
from PySide6.QtWidgets import QFrame, QPlainTextEdit

if TYPE_CHECKING:
    from annotator.gui.document_view.view import DocumentView

MEASURE_CHARS = 90  # line length of the text column, in average characters
BASE_POINT_SIZE = 11.5
SIDE_PAD = 12  # minimum space right of the text


def reading_font(point_size: float) -> QFont:
    """The platform's proportional UI font at a reading size."""
    f = QFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont))
    f.setPointSizeF(point_size)
    f.setStyleHint(QFont.StyleHint.SansSerif)
    return f


class TextEditor(QPlainTextEdit):
    def __init__(self, view: DocumentView) -> None:
        super().__init__(view)
        self._view = view
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFont(reading_font(BASE_POINT_SIZE))
        self.viewport().setMouseTracking(True)
        self.document().setDocumentMargin(6)
        self._left_extra = 0
        self._wrap_width = -1  # the width the text was last wrapped at

    def set_right_to_left(self, rtl: bool) -> None:
        """Align every paragraph right (a mostly Arabic or Hebrew document) or left.

        QPlainTextEdit applies one text option to all blocks and ignores each block's
        direction for alignment; the reading order inside a line stays per paragraph.
        """
        doc = self.document()
        opt = doc.defaultTextOption()
        want = (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft) | (
            Qt.AlignmentFlag.AlignAbsolute)
        if opt.alignment() != want:
            opt.setAlignment(want)
            doc.setDefaultTextOption(opt)

    # --- geometry ---------------------------------------------------------------------------
    def visible_blocks(self) -> Iterator[tuple[QTextBlock, int, int]]:
        """(block, top, bottom) of each block at least partly inside the viewport."""
        block = self.firstVisibleBlock()
        if not block.isValid():
            return
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        height = self.viewport().height()
        rect = self.blockBoundingRect
        while block.isValid() and top <= height:
            h = rect(block).height()
            if block.isVisible():
                yield block, int(top), int(top + h)
            top += h
            block = block.next()

    def visible_block_range(self) -> tuple[QTextBlock, QTextBlock] | None:
        first = last = None
        for block, _, _ in self.visible_blocks():
            if first is None:
                first = block
            last = block
        return None if first is None or last is None else (first, last)

    def visible_u16_range(self) -> tuple[int, int] | None:
        rng = self.visible_block_range()
        if rng is None:
            return None
        first, last = rng
        return first.position(), last.position() + max(0, last.length() - 1)

    def line_at(self, u16: int) -> tuple[QTextBlock, QTextLine | None, int]:
        """Block, line and the block's top (viewport y) for a document position."""
        block = self.document().findBlock(u16)
        top = int(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        layout = block.layout()
        if layout is None or layout.lineCount() == 0:
            return block, None, top
        line = layout.lineForTextPosition(max(0, u16 - block.position()))
        if not line.isValid():
            line = layout.lineAt(layout.lineCount() - 1)
        return block, line, top

    def line_span_y(self, u16: int) -> tuple[int, int]:
        """Top and bottom (viewport y) of the visual line holding ``u16``."""
        block, line, top = self.line_at(u16)
        if line is None:
            h = int(self.blockBoundingRect(block).height())
            return top, top + h
        return top + int(line.y()), top + int(line.y() + line.height())

    def line_pieces(self, ua: int, ub: int, y_from: float = 0.0,
                    y_to: float | None = None) -> list[tuple[float, float, float, float]]:
        """(x1, x2, top, bottom) in viewport pixels of each line piece of the UTF-16 range
        ``[ua, ub)`` between ``y_from`` and ``y_to`` (default: the viewport); other lines are
        not measured."""
        out: list[tuple[float, float, float, float]] = []
        block = self.document().findBlock(ua)
        y_to = self.viewport().height() if y_to is None else y_to
        offset = self.contentOffset()
        left = not self.document().defaultTextOption().alignment() & Qt.AlignmentFlag.AlignRight
        while block.isValid() and block.position() < ub:
            geo = self.blockBoundingGeometry(block).translated(offset)
            if geo.top() > y_to:
                break
            layout = block.layout()
            if layout is not None and geo.bottom() >= y_from and block.isVisible():
                bpos = block.position()
                for i in range(layout.lineCount()):
                    line = layout.lineAt(i)
                    top = geo.top() + line.y()
                    if top > y_to or top + line.height() < y_from:
                        continue
                    ls = bpos + line.textStart()
                    le = ls + line.textLength()
                    s, e = max(ua, ls), min(ub, le)
                    if e <= s:
                        continue
                    if left and s == ls and e == le:  # a whole line: no shaping needed
                        x1 = line.x() + geo.left()
                        x2 = x1 + line.naturalTextWidth()
                    else:
                        x1 = line.cursorToX(s - bpos)[0] + geo.left()
                        x2 = line.cursorToX(e - bpos)[0] + geo.left()
                    out.append((min(x1, x2), max(x1, x2), top, top + line.height()))
            block = block.next()
        return out

    def caret_rect(self, u16: int) -> QRect:
        cur = QTextCursor(self.document())
        cur.setPosition(u16)
        return self.cursorRect(cur)

    def u16_at(self, point: QPoint) -> int:
        """Nearest position between characters (what a click would set)."""
        return self.cursorForPosition(point).position()

    def char_at(self, point: QPoint) -> int | None:
        """Position of the character under ``point``, or None over empty space."""
        cur = self.cursorForPosition(point)
        block = cur.block()
        layout = block.layout()
        if layout is None or layout.lineCount() == 0:
            return None
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        y = point.y() - top
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if line.y() <= y < line.y() + line.height():
                rect = line.naturalTextRect()
                if not rect.left() <= point.x() - self.contentOffset().x() <= rect.right():
                    return None
                idx = line.xToCursor(point.x() - self.contentOffset().x(),
                                     QTextLine.CursorPosition.CursorOnCharacter)
                if idx >= block.length() - 1:
                    return None
                return block.position() + idx
        return None

    # --- measure and margins ----------------------------------------------------------------
    def update_measure(self) -> None:
        """Centre a text column of about MEASURE_CHARS characters, margin on its left."""
        margin = self._view.margin
        mw = margin.total_width()
        cr = self.contentsRect()
        fm = self.fontMetrics()
        doc_margin = int(2 * self.document().documentMargin())
        column = int(fm.averageCharWidth() * MEASURE_CHARS) + doc_margin
        column += self.verticalScrollBar().sizeHint().width()
        free = cr.width() - mw - SIDE_PAD
        col = min(column, max(free, 50))
        extra = max(0, free - col)
        self._left_extra = extra // 2
        self.setViewportMargins(self._left_extra + mw, 0, extra - self._left_extra + SIDE_PAD, 0)
        margin.setGeometry(QRect(cr.left() + self._left_extra, cr.top(), mw, cr.height()))
        vp = self.viewport()
        if vp.width() != self._wrap_width:
            # the margins changed the width while Qt was not looking (e.g. before the first
            # show, when resize events are merged): make it wrap at the new width
            self._wrap_width = vp.width()
            super().resizeEvent(QResizeEvent(vp.size(), QSize(-1, -1)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():  # Qt re-wrapped at this width
            self._wrap_width = event.size().width()
        self.update_measure()
        self._view.viewport_moved()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._view.palette_changed()

    # --- painting ---------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        self._view.before_paint()
        super().paintEvent(event)
        if self._view.focus.code is not None:
            p = QPainter(self.viewport())
            self._view.focus.paint(p, event.rect())
            p.end()

    # --- events forwarded to the view -------------------------------------------------------
    def event(self, event: QEvent) -> bool:  # noqa: N802 - Qt override
        t = event.type()
        if t == QEvent.Type.ShortcutOverride:
            self._view.highlighter.postpone()  # a key: keep background work out of its way
            if self._view.keys.wants(event):  # type: ignore[arg-type]
                event.accept()
                return True
        if t == QEvent.Type.Wheel:  # wheel over the side margins scrolls the text too
            self.wheelEvent(event)  # type: ignore[arg-type]
            return True
        return super().event(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ToolTip:
            self._view.clicks.tooltip(event)  # type: ignore[arg-type]
            return True
        return super().viewportEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            dy = event.angleDelta().y()
            if dy:
                self._view.zoom(1 if dy > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if self._view.keys.handle(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._view.edges.press(event):
            return
        self._view.clicks.pressed(event)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._view.edges.move(event):
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._view.edges.release(event):
            return
        super().mouseReleaseEvent(event)
        self._view.clicks.released(event)

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 - Qt override
        return self._view.selection_mime()

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 - Qt override
        return False
