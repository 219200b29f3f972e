"""Keyboard navigation inside the document view (the keyboard-only coding loop).

Alt+Down/Up next/previous paragraph, Alt+N next uncoded paragraph, Ctrl+Shift+P select the
paragraph, Alt+Shift+Right/Left extend the selection by a sentence, F8/Shift+F8 next/previous
coding, Ctrl+Alt+Left/Right move the current coding's start by a word and
Ctrl+Alt+Shift+Left/Right its end (emitted as ``coding_bounds_edited``).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

from annotator.domain.spans import SpanInfo
from annotator.gui.document_view import textnav

if TYPE_CHECKING:
    from annotator.gui.document_view.view import DocumentView

K = Qt.Key
M = Qt.KeyboardModifier
_MODS = M.ShiftModifier | M.ControlModifier | M.AltModifier | M.MetaModifier


def _k(key: Qt.Key, mods: Qt.KeyboardModifier) -> tuple[int, int]:
    return key.value, mods.value


class KeyNavigator:
    def __init__(self, view: DocumentView) -> None:
        self._view = view
        alt, shift, ctrl = M.AltModifier, M.ShiftModifier, M.ControlModifier
        none = M.NoModifier
        self._table: dict[tuple[int, int], Callable[[], None]] = {
            _k(K.Key_Down, alt): lambda: self.paragraph(+1),
            _k(K.Key_Up, alt): lambda: self.paragraph(-1),
            _k(K.Key_N, alt): self.next_uncoded,
            _k(K.Key_P, ctrl | shift): self.select_paragraph,
            _k(K.Key_Right, alt | shift): lambda: self.sentence(+1),
            _k(K.Key_Left, alt | shift): lambda: self.sentence(-1),
            _k(K.Key_F8, none): lambda: self.coding(+1),
            _k(K.Key_F8, shift): lambda: self.coding(-1),
            _k(K.Key_Left, ctrl | alt): lambda: self.move_edge("start", -1),
            _k(K.Key_Right, ctrl | alt): lambda: self.move_edge("start", +1),
            _k(K.Key_Left, ctrl | alt | shift): lambda: self.move_edge("end", -1),
            _k(K.Key_Right, ctrl | alt | shift): lambda: self.move_edge("end", +1),
        }

    def _action(self, event: QKeyEvent) -> Callable[[], None] | None:
        mods = event.modifiers() & _MODS
        return self._table.get((int(event.key()), mods.value))

    def wants(self, event: QKeyEvent) -> bool:
        return self._action(event) is not None

    def handle(self, event: QKeyEvent) -> bool:
        action = self._action(event)
        if action is None:
            return False
        action()
        return True

    # --- actions ----------------------------------------------------------------------------
    def _pos(self) -> int:
        return self._view.cursor_position()

    def paragraph(self, step: int) -> None:
        state = self._view.state
        pos = self._pos()
        if step > 0:
            i = bisect.bisect_right(state.para_starts, pos)
        else:
            i = bisect.bisect_left(state.para_starts, pos) - 1
        if 0 <= i < len(state.para_starts):
            self._view.move_cursor(state.para_starts[i])

    def next_uncoded(self) -> None:
        state = self._view.state
        pos = self._pos()
        for s, e in state.paragraphs[bisect.bisect_right(state.para_starts, pos):]:
            if not state.visible_spans(s, e):
                self._view.move_cursor(s)
                return

    def select_paragraph(self) -> None:
        state = self._view.state
        i = state.paragraph_at(self._pos())
        if i >= 0:
            self._view.select(*state.paragraphs[i])

    def sentence(self, step: int) -> None:
        view = self._view
        text = view.state.text
        anchor, pos = view.cursor_anchor_and_position()
        new = (textnav.sentence_end_after(text, pos) if step > 0
               else textnav.sentence_start_before(text, pos))
        view.select_directed(anchor, new)

    def coding(self, step: int) -> None:
        view = self._view
        state = view.state
        cur = state.index.get(state.current) if state.current else None
        pos = self._pos()
        if cur is not None and cur.start <= pos <= cur.end:  # step from the current coding
            it = (state.index.starting_after(cur.start, cur.uuid) if step > 0
                  else state.index.starting_before(cur.start, cur.uuid))
        elif step > 0:
            it = state.index.starting_after(pos, "")
        else:
            it = state.index.starting_before(pos, "")
        vis = state.policy.visible
        target = next((s for s in it if vis(s)), None)
        if target is not None:
            view.select(target.start, target.end)
            view.activate_coding(target.uuid)

    def current_coding(self) -> SpanInfo | None:
        """The coding keyboard edits act on: the activated one, else the top one here."""
        view = self._view
        state = view.state
        pos = self._pos()
        cur = state.index.get(state.current) if state.current else None
        if cur is not None and state.policy.visible(cur) and cur.start <= pos <= cur.end:
            return cur
        here = state.spans_at(pos)
        return here[0] if here else None

    def move_edge(self, which: str, step: int) -> None:
        sp = self.current_coding()
        if sp is None:
            return
        text = self._view.state.text
        start, end = sp.start, sp.end
        if which == "start":
            start = (textnav.word_start_after(text, start) if step > 0
                     else textnav.word_start_before(text, start))
        else:
            end = (textnav.word_end_after(text, end) if step > 0
                   else textnav.word_end_before(text, end))
        if start < end and (start, end) != (sp.start, sp.end):
            self._view.state.current = sp.uuid
            self._view.coding_bounds_edited.emit(sp.uuid, start, end)
