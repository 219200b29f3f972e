"""Plain clicks and hovering on the text: activate the coding under the pointer, tooltips,
and showing a dragged selection snapped to whole words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QHelpEvent, QMouseEvent
from PySide6.QtWidgets import QToolTip

from annotator.gui.document_view.textnav import snap_to_words

if TYPE_CHECKING:
    from annotator.gui.document_view.view import DocumentView


class Clicks:
    def __init__(self, view: DocumentView) -> None:
        self._view = view
        self._press_u16 = -1
        self._cycle: tuple[int, str] | None = None  # last click position and coding picked

    def pressed(self, event: QMouseEvent) -> None:
        self._press_u16 = self._view.editor.u16_at(event.position().toPoint())

    def released(self, event: QMouseEvent) -> None:
        """After a plain click: activate the coding under it (repeat clicks cycle through the
        overlapping ones). After a drag: show the word-snapped selection."""
        view = self._view
        ed = view.editor
        if ed.textCursor().hasSelection():
            if view.state.snap:
                anchor, pos = view.cursor_anchor_and_position()
                lo, hi = min(anchor, pos), max(anchor, pos)
                s, e = snap_to_words(view.state.text, lo, hi)
                if (s, e) != (lo, hi):
                    view.select_directed(*((s, e) if anchor <= pos else (e, s)))
            return
        point = event.position().toPoint()
        u16 = ed.char_at(point)
        if u16 is None or ed.u16_at(point) != self._press_u16:
            return
        cp = view.state.offsets.to_cp(u16)
        here = view.spans_at(cp)
        if not here:
            return
        pick = here[0]
        if self._cycle and self._cycle[0] == cp:
            uuids = [s.uuid for s in here]
            if self._cycle[1] in uuids:
                pick = here[(uuids.index(self._cycle[1]) + 1) % len(here)]
        self._cycle = (cp, pick.uuid)
        view.activate_coding(pick.uuid)

    def tooltip(self, event: QHelpEvent) -> None:
        view = self._view
        u16 = view.editor.char_at(event.pos())
        tip = ""
        if u16 is not None:
            tip = view.tooltip_for(view.spans_at(view.state.offsets.to_cp(u16)))
        if tip:
            QToolTip.showText(event.globalPos(), tip, view.editor.viewport())
        else:
            QToolTip.hideText()
            event.ignore()
