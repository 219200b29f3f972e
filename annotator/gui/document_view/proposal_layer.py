"""Proposed codings drawn over the text: a dashed underline and a hollow mark at the left edge,
in the proposal's code colour. Never a tint (a tint means a coding), never a change of font or
layout: the layer is a transparent widget over the editor's viewport that paints lines only,
for the visible lines only. It is an extra interval source beside the codings, which the
highlighter never sees.

Offsets are code points; conversion to Qt's UTF-16 goes through the view's offset map.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

if TYPE_CHECKING:
    from annotator.gui.document_view.view import DocumentView


@dataclass(frozen=True, slots=True)
class ProposalMark:
    uuid: str
    start: int
    end: int
    color: str
    tip: str = ""


class ProposalLayer(QWidget):
    """Paints proposals over ``view``'s text; ``tooltip_at`` answers hover."""

    def __init__(self, view: DocumentView) -> None:
        super().__init__(view.editor.viewport())
        self._view = view
        self.marks: list[ProposalMark] = []
        self._starts: list[int] = []
        self._longest = 0
        self.current: str | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setObjectName("proposalLayer")
        vp = view.editor.viewport()
        vp.installEventFilter(self)
        self.setGeometry(vp.rect())
        view.editor.verticalScrollBar().valueChanged.connect(self.update)
        view.editor.horizontalScrollBar().valueChanged.connect(self.update)
        view.editor.updateRequest.connect(self._on_update_request)
        self.raise_()
        self.show()

    def _on_update_request(self, *_args: object) -> None:
        self.update()

    # --- data -------------------------------------------------------------------------------
    def set_marks(self, marks: list[ProposalMark]) -> None:
        n = len(self._view.state.text)
        self.marks = sorted((m for m in marks if 0 <= m.start < m.end <= n),
                            key=lambda m: (m.start, m.end, m.uuid))
        self._starts = [m.start for m in self.marks]
        self._longest = max((m.end - m.start for m in self.marks), default=0)
        self.update()

    def set_current(self, uuid: str | None) -> None:
        if uuid != self.current:
            self.current = uuid
            self.update()

    def marks_at(self, pos: int) -> list[ProposalMark]:
        lo = bisect.bisect_left(self._starts, pos - self._longest)
        hi = bisect.bisect_right(self._starts, pos)
        return [m for m in self.marks[lo:hi] if m.start <= pos < m.end]

    def _in_range(self, a: int, b: int) -> list[ProposalMark]:
        lo = bisect.bisect_left(self._starts, a - self._longest)
        hi = bisect.bisect_left(self._starts, b)
        return [m for m in self.marks[lo:hi] if m.end > a]

    # --- events -----------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        t = event.type()
        if t == QEvent.Type.Resize:
            self.setGeometry(self._view.editor.viewport().rect())
        elif t == QEvent.Type.ToolTip and self.marks:
            pos = self._view.editor.char_at(event.pos())  # type: ignore[attr-defined]
            if pos is not None:
                found = self.marks_at(self._view.state.offsets.to_cp(pos))
                if found:
                    QToolTip.showText(event.globalPos(),  # type: ignore[attr-defined]
                                      "\n".join(m.tip for m in found if m.tip) or "proposal",
                                      self._view.editor.viewport())
                    return True
        return False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if not self.marks:
            return
        ed = self._view.editor
        rng = ed.visible_u16_range()
        if rng is None:
            return
        off = self._view.state.offsets
        a, b = off.to_cp(rng[0]), off.to_cp(rng[1])
        shown = self._in_range(a, b + 1)
        if not shown:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        depth: dict[int, int] = {}  # line top -> proposals already drawn there (stacking)
        for m in shown:
            width = 3 if m.uuid == self.current else 2
            pen = QPen(QColor(m.color), width, Qt.PenStyle.DashLine)
            pen.setDashPattern([3, 2])
            p.setPen(pen)
            first_top = None
            for x1, x2, top, base in self._line_pieces(off.to_u16(max(m.start, a)),
                                                         off.to_u16(min(m.end, b + 1))):
                k = depth.get(top, 0)
                depth[top] = k + 1
                y = base + 2 + 3 * min(k, 3)
                p.drawLine(QPoint(int(x1), int(y)), QPoint(int(x2), int(y)))
                if first_top is None:
                    first_top = (top, base)
            if first_top is not None and m.start >= a:
                # hollow mark at the left edge of the line where the proposal starts
                top, base = first_top
                p.setPen(QPen(QColor(m.color), 2 if m.uuid == self.current else 1.5))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(QRectF(1.5, top + 2, 5, max(6.0, base - top - 2)))
        p.end()

    def _line_pieces(self, ua: int, ub: int) -> list[tuple[float, float, float, float]]:
        """(x1, x2, line top, baseline) in viewport coordinates for each visual line piece of
        the UTF-16 range [ua, ub)."""
        ed = self._view.editor
        doc = ed.document()
        out = []
        block = doc.findBlock(ua)
        height = ed.viewport().height()
        offset = ed.contentOffset()
        while block.isValid() and block.position() < ub:
            geo = ed.blockBoundingGeometry(block).translated(offset)
            if geo.top() > height:
                break
            layout = block.layout()
            if layout is not None and geo.bottom() >= 0:
                bpos = block.position()
                for i in range(layout.lineCount()):
                    line = layout.lineAt(i)
                    ls = bpos + line.textStart()
                    le = ls + line.textLength()
                    s, e = max(ua, ls), min(ub, le)
                    if e <= s:
                        continue
                    x1 = line.cursorToX(s - bpos)[0] + geo.left()
                    x2 = line.cursorToX(e - bpos)[0] + geo.left()
                    top = geo.top() + line.y()
                    out.append((min(x1, x2), max(x1, x2), top, top + line.ascent()))
            block = block.next()
        return out
