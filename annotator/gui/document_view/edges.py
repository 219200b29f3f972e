"""Dragging a coding's start or end with the mouse.

Pressing within a few pixels of the current coding's edge grabs it; while dragging, the highlight
follows (snapped to word boundaries when snapping is on); releasing restores the stored bounds
and emits ``coding_bounds_edited`` so the window can run the command. Nothing is committed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QMouseEvent

from annotator.domain.spans import SpanInfo
from annotator.gui.document_view.textnav import grapheme_floor, nearest_word_boundary

if TYPE_CHECKING:
    from annotator.gui.document_view.view import DocumentView

HANDLE_PX = 4  # how close to an edge the pointer must be


class EdgeDrag:
    def __init__(self, view: DocumentView) -> None:
        self._view = view
        self.original: SpanInfo | None = None
        self.which = ""  # "start" or "end"
        self.preview: SpanInfo | None = None

    @property
    def active(self) -> bool:
        return self.original is not None

    def edge_at(self, point: QPoint) -> tuple[SpanInfo, str] | None:
        """The edge of the current coding under ``point``, if any.

        Only the current (last activated) coding has handles: in densely coded text nearly
        every word boundary is some coding's edge, and selecting text must stay possible.
        """
        view = self._view
        ed = view.editor
        state = view.state
        cur = state.index.get(state.current) if state.current else None
        if cur is None or not state.policy.visible(cur):
            return None
        off = state.offsets
        cp = off.to_cp(ed.u16_at(point))
        best: tuple[int, str] | None = None
        for which, b in (("start", cur.start), ("end", cur.end)):
            if abs(b - cp) > 1:
                continue
            r = ed.caret_rect(off.to_u16(b))
            if not r.top() <= point.y() <= r.bottom():
                continue
            dist = abs(r.center().x() - point.x())
            if dist <= HANDLE_PX and (best is None or dist < best[0]):
                best = (dist, which)
        return None if best is None else (cur, best[1])

    # --- mouse ------------------------------------------------------------------------------
    def press(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton or event.modifiers():
            return False
        hit = self.edge_at(event.position().toPoint())
        if hit is None:
            return False
        self.original, self.which = hit
        self.preview = hit[0]
        return True

    def move(self, event: QMouseEvent) -> bool:
        if self.original is None:
            if event.buttons() == Qt.MouseButton.NoButton:
                self._hover(event.position().toPoint())
            return False
        view = self._view
        state = view.state
        cp = state.offsets.to_cp(view.editor.u16_at(event.position().toPoint()))
        cp = nearest_word_boundary(state.text, cp) if state.snap else grapheme_floor(
            state.text, cp)
        o = self.original
        if self.which == "start":
            start, end = min(cp, o.end - 1), o.end
        else:
            start, end = o.start, max(cp, o.start + 1)
        assert self.preview is not None
        if (start, end) != (self.preview.start, self.preview.end):
            new = SpanInfo(o.uuid, start, end, o.code_uuid, o.coder_id, o.color)
            view.replace_span(self.preview, new)
            self.preview = new
        return True

    def release(self, event: QMouseEvent) -> bool:
        if self.original is None:
            return False
        o, p = self.original, self.preview
        self.original = self.preview = None
        view = self._view
        if p is not None and p != o:
            view.replace_span(p, o)  # the window decides; update_spans will bring it back
            view.coding_bounds_edited.emit(o.uuid, p.start, p.end)
        view.editor.viewport().unsetCursor()
        return True

    def _hover(self, point: QPoint) -> None:
        vp = self._view.editor.viewport()
        if self.edge_at(point) is not None:
            vp.setCursor(Qt.CursorShape.SizeHorCursor)
        else:
            vp.setCursor(Qt.CursorShape.IBeamCursor)
