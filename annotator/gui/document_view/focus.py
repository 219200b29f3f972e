"""The focused code's passages, drawn over the text: a thin outline in the code's colour around
each visible passage.

Focusing is a paint-time overlay, never a character format: changing the focused code
re-highlights no block and lays nothing out (the tints stay exactly as they were), it only
repaints the lines that hold the old or the new focused code's passages. Only the viewport's
lines are ever measured, so a code with thousands of passages costs what is on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QPolygonF

from annotator.domain.spans import SpanInfo

if TYPE_CHECKING:
    from annotator.gui.document_view.view import DocumentView

_PEN = 1.5  # frame thickness in pixels


class FocusFrames:
    """Draws the focused code's frames from :meth:`TextEditor.paintEvent`."""

    def __init__(self, view: DocumentView) -> None:
        self._view = view
        self.code: str | None = None

    def set_code(self, code_uuid: str | None) -> None:
        """Focus ``code_uuid`` (or nothing): repaint the lines of the old and the new one."""
        if code_uuid == self.code:
            return
        old, self.code = self.code, code_uuid
        ed = self._view.editor
        vp = ed.viewport()
        off = self._view.state.offsets
        for sp in self._shown({old, code_uuid}):
            top = ed.line_span_y(off.to_u16(sp.start))[0]
            bottom = ed.line_span_y(off.to_u16(max(sp.start, sp.end - 1)))[1]
            vp.update(QRect(0, top - 2, vp.width(), bottom - top + 4))

    def _shown(self, codes: set[str | None]) -> list[SpanInfo]:
        """The visible codings of ``codes`` clipped to the viewport's text."""
        view = self._view
        rng = view.editor.visible_u16_range()
        if rng is None:
            return []
        off = view.state.offsets
        a, b = off.to_cp(rng[0]), min(len(view.state.text), off.to_cp(rng[1]) + 1)
        return [SpanInfo(sp.uuid, max(sp.start, a), min(sp.end, b), sp.code_uuid, sp.coder_id,
                         view.state.policy.color(sp))
                for sp in view.state.visible_spans(a, b) if sp.code_uuid in codes]

    def paint(self, painter: QPainter, clip: QRect) -> None:
        """One outline around each passage (its line pieces united), for the lines in
        ``clip`` plus one line either side, so a partial repaint never shows a cut edge."""
        if self.code is None:
            return
        ed = self._view.editor
        off = self._view.state.offsets
        styles = self._view.styles
        painter.setBrush(Qt.BrushStyle.NoBrush)
        margin = 2 * ed.fontMetrics().lineSpacing()
        y0, y1 = clip.top() - margin, clip.bottom() + margin
        for sp in self._shown({self.code}):
            pieces = ed.line_pieces(off.to_u16(sp.start), off.to_u16(sp.end), y0, y1)
            if not pieces:
                continue
            painter.setPen(QPen(styles.bar(sp.color), _PEN))
            painter.drawPolygon(_outline(pieces))


def _outline(pieces: list[tuple[float, float, float, float]]) -> QPolygonF:
    """One frame around a passage's line pieces ``(x1, x2, top, bottom)``, top to bottom: a
    rectangle for one line, else the usual selection shape (first line from its start, full
    middle lines, last line to its end). Built by hand: uniting rectangles with
    ``QPainterPath.simplified`` cost more than the rest of a repaint."""
    if len(pieces) == 1:
        x1, x2, top, bottom = pieces[0]
        return QPolygonF(QRectF(x1 - 1, top, x2 - x1 + 2, bottom - top))
    (fx1, _fx2, ftop, fbottom), (_lx1, lx2, ltop, lbottom) = pieces[0], pieces[-1]
    left = min(p[0] for p in pieces[1:]) - 1
    right = max(p[1] for p in pieces[:-1]) + 1
    pts = [(fx1 - 1, ftop), (right, ftop), (right, ltop), (lx2 + 1, ltop), (lx2 + 1, lbottom),
           (left, lbottom), (left, fbottom), (fx1 - 1, fbottom)]
    return QPolygonF([QPointF(x, y) for x, y in pts])
