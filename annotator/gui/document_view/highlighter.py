"""QSyntaxHighlighter that paints codings from the precomputed runs, block by block.

The document itself is never modified (no ``mergeCharFormat``): formats live in each block's
layout, so there are no undo steps and removing a coding only re-highlights its blocks.

Opening a document and any change that touches many blocks (a coder hidden, a colour
changed) redo only the visible blocks at once; the rest are marked stale and redone in
short slices once the user has paused (an action postpones them), and any stale block scrolled
into view is redone before it is painted. Formats never change the font, so a stale block has
the same layout as a fresh one: nothing moves when it is brought up to date.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QSyntaxHighlighter, QTextBlock, QTextDocument

from annotator.gui.document_view.state import DocState
from annotator.gui.document_view.style import Styles

_SLICE_SECONDS = 0.006  # background work per event-loop turn
_GROUP_BLOCKS = 64  # blocks whose runs are recomputed together
_IDLE_MS = 250  # the background pass starts after the user paused this long


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, state: DocState, styles: Styles) -> None:
        super().__init__(document)
        self._state = state
        self._styles = styles
        self.generation = 0
        self._done: list[int] = []  # per block number: generation it was highlighted with
        self._next = 0  # where the background pass continues
        self.lazy = False  # while True, Qt's own passes leave blocks stale (set_document)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._background_slice)

    # --- the per-block work Qt calls --------------------------------------------------------
    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        if self.lazy:  # new text: blocks stay stale until shown or the background pass
            return
        block = self.currentBlock()
        bn = block.blockNumber()
        done = self._done
        if bn < len(done):
            done[bn] = self.generation
        pos = block.position()
        end = pos + block.length() - 1
        if end <= pos:
            return
        state = self._state
        fmt = self._styles.format
        off = state.offsets
        if off.trivial:
            for a, b, key in state.runs.runs_in(pos, end):
                self.setFormat(a - pos, b - a, fmt(key))
        else:
            a0, b0 = off.to_cp(pos), off.to_cp(end)
            if b0 - a0 == end - pos:  # nothing astral in this block: one constant shift
                shift = pos - a0
                for a, b, key in state.runs.runs_in(a0, b0):
                    self.setFormat(a + shift - pos, b - a, fmt(key))
                return
            to_u16 = off.to_u16
            for a, b, key in state.runs.runs_in(a0, b0):
                ua = to_u16(a)
                self.setFormat(ua - pos, to_u16(b) - ua, fmt(key))

    # --- bookkeeping ------------------------------------------------------------------------
    def expect_blocks(self, count: int) -> None:
        """Call before the widget gets new text: every block starts stale (the caller sets
        ``lazy`` around ``setPlainText`` and then refreshes the visible blocks)."""
        self.generation += 1
        self._done = [-1] * count
        self._next = 0
        self._timer.start(_IDLE_MS)

    def is_stale(self, block: QTextBlock) -> bool:
        bn = block.blockNumber()
        return bn >= len(self._done) or self._done[bn] != self.generation

    def pending(self) -> bool:
        """True while stale blocks remain for the background pass."""
        return self._timer.isActive()

    def invalidate_all(self) -> None:
        """Every block is stale (runs included); the caller then refreshes the visible ones."""
        self.generation += 1
        self._next = 0
        self._timer.start(_IDLE_MS)

    def mark_stale(self, first: int, last: int) -> None:
        """Blocks ``first..last`` (numbers) need redoing: when shown, or in the background."""
        done = self._done
        for bn in range(max(0, first), min(last + 1, len(done))):
            done[bn] = -1
        self._next = min(self._next, max(0, first))
        if not self._timer.isActive():
            self._timer.start(_IDLE_MS)

    def postpone(self) -> None:
        """The user acted: keep the background pass out of the way of what follows."""
        if self._timer.isActive():
            self._timer.start(_IDLE_MS)

    def refresh(self, first: QTextBlock, last: QTextBlock, *, only_stale: bool = False) -> bool:
        """Recompute runs for the blocks ``first..last`` and re-highlight them.

        Qt answers every re-highlighted block with a repaint of the whole viewport, so the
        layout's signals are held back and the caller repaints just these blocks; returns
        True when a block's line count changed (then everything below moved: repaint all).
        """
        state = self._state
        off = state.offsets
        a = off.to_cp(first.position())
        b = off.to_cp(last.position() + max(0, last.length() - 1))
        if b > a:
            state.runs.refresh(state.index, a, b, state.policy)
        doc = self.document()
        layout = doc.documentLayout() if doc is not None else None
        blocked = layout.blockSignals(True) if layout is not None else False
        moved = False
        try:
            block = first
            stop = last.blockNumber()
            while block.isValid():
                if not only_stale or self.is_stale(block):
                    lines = block.lineCount()
                    self.rehighlightBlock(block)
                    moved = moved or block.lineCount() != lines
                if block.blockNumber() >= stop:
                    break
                block = block.next()
        finally:
            if layout is not None:
                layout.blockSignals(blocked)
        if moved and layout is not None:
            # a block laid out for the first time (or re-wrapped) changed the line count: the
            # scroll bar's range must follow (its signal was held back above), or the end of
            # a long document can no longer be scrolled to once the background pass ran
            layout.documentSizeChanged.emit(layout.documentSize())
            layout.requestUpdate()
        return moved

    def refresh_stale(self, first: QTextBlock, last: QTextBlock) -> int:
        """Redo only the stale blocks between ``first`` and ``last``; returns how many."""
        n = 0
        block = first
        stop = last.blockNumber()
        group_start: QTextBlock | None = None
        prev = block
        while block.isValid() and block.blockNumber() <= stop:
            if self.is_stale(block):
                if group_start is None:
                    group_start = block
                n += 1
            elif group_start is not None:
                self.refresh(group_start, prev)
                group_start = None
            prev = block
            block = block.next()
        if group_start is not None:
            self.refresh(group_start, prev)
        return n

    def _background_slice(self) -> None:
        doc = self.document()
        if doc is None:
            return
        deadline = time.perf_counter() + _SLICE_SECONDS
        count = doc.blockCount()
        while self._next < count and time.perf_counter() < deadline:
            first = doc.findBlockByNumber(self._next)
            while first.isValid() and not self.is_stale(first):
                first = first.next()
            if not first.isValid():
                self._next = count
                break
            last = first
            for _ in range(_GROUP_BLOCKS - 1):
                nxt = last.next()
                if not nxt.isValid():
                    break
                last = nxt
            self.refresh(first, last, only_stale=True)
            self._next = last.blockNumber() + 1
        if self._next < count:
            self._timer.start(0)

    def stop(self) -> None:
        """Drop the background pass (the view's document is going away)."""
        self._timer.stop()

    def finish_now(self) -> None:
        """Do all remaining background work synchronously (tests, benchmarks, export)."""
        while self._timer.isActive():
            self._timer.stop()
            self._background_slice()
