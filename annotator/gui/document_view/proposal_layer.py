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
from PySide6.QtGui import QColor, QMoveEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QWidget

if TYPE_CHECKING:
    from annotator.gui.document_view.view import DocumentView


_WIDTH = 2  # underline thickness in pixels (the descent below a baseline has room for one)
_DASH = 3  # dash length in pen widths
_MAX_INTERLEAVE = 6  # more overlapping proposals than this share colours (the tooltip lists all)


def _lanes(spans: list[tuple[float, float]]) -> list[int]:
    """The lowest lane for each span (in order) that no earlier span overlapping it holds."""
    out: list[int] = []
    for i, (a, b) in enumerate(spans):
        taken = {out[j] for j in range(i) if spans[j][0] < b and a < spans[j][1]}
        lane = 0
        while lane in taken:
            lane += 1
        out.append(lane)
    return out


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
        self._dark = False
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

    def moveEvent(self, event: QMoveEvent) -> None:  # noqa: N802 - Qt override
        # The editor scrolls its viewport with QWidget.scroll(), which moves child widgets
        # too: stay pinned to the viewport's corner, or every mark drifts off its text.
        super().moveEvent(event)
        if self.pos() != QPoint(0, 0):
            self.move(0, 0)
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
        # Every underline sits in the gap below its own line's baseline and never reaches the
        # next line's letters. Proposals that overlap on a line share that one row: their dashes
        # interleave (each code's colour in turn), so all of them stay visible at any count.
        pieces: dict[float, list[tuple[float, float, float, ProposalMark]]] = {}
        first: dict[str, tuple[float, float]] = {}
        for m in shown:
            for x1, x2, top, base in self._line_pieces(off.to_u16(max(m.start, a)),
                                                         off.to_u16(min(m.end, b + 1))):
                pieces.setdefault(top, []).append((x1, x2, base, m))
                if m.uuid not in first and m.start >= a:
                    first[m.uuid] = (top, base)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        dark = self._view.editor.palette().color(QPalette.ColorRole.Base).lightness() < 128
        self._dark = dark
        current = []
        for line in pieces.values():
            lanes = _lanes([(x1, x2) for x1, x2, _b, _m in line])
            n = min(max(lanes, default=0) + 1, _MAX_INTERLEAVE)
            for (x1, x2, base, m), lane in zip(line, lanes, strict=True):
                if m.uuid == self.current:
                    current.append((x1, x2, base, m))
                    continue
                self._dash(p, m.color, x1, x2, base, lane % n, n)
        for x1, x2, base, m in current:  # the one under review: drawn whole, on top
            self._dash(p, m.color, x1, x2, base, 0, 1)
        for m in shown:
            if m.uuid in first:  # hollow mark at the left edge where the proposal starts
                top, base = first[m.uuid]
                p.setPen(QPen(self._color(m.color), 2 if m.uuid == self.current else 1.5))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(QRectF(1.0, top + 3, 3, max(6.0, base - top - 3)))  # clear of text
        p.end()

    def _color(self, color: str) -> QColor:
        """The code's colour, lightened on a dark background where a deep one would vanish."""
        c = QColor(color)
        return c.lighter(170) if self._dark and c.lightness() < 110 else c

    def _dash(self, p: QPainter, color: str, x1: float, x2: float, base: float, lane: int,
              lanes: int) -> None:
        pen = QPen(self._color(color), _WIDTH, Qt.PenStyle.CustomDashLine)
        if lanes == 1:
            pen.setDashPattern([_DASH, 2])
        else:  # n colours take turns: dash, then the gap the other n - 1 dashes fill
            pen.setDashPattern([_DASH, _DASH * (lanes - 1)])
        # dashes on one grid for the whole viewport, so overlapping pieces interleave exactly
        pen.setDashOffset(x1 / _WIDTH - _DASH * lane)
        p.setPen(pen)
        y = int(base) + 2
        p.drawLine(QPoint(int(x1), y), QPoint(int(x2), y))

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
