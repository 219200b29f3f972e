"""DocumentView: the read-only report text with coded highlights, margin bars and a gutter.

Its whole public API is in code points into the canonical text; conversion to Qt's UTF-16
happens only inside the package. Text and offsets are never read back from the widget.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QMimeData, QRect, Signal
from PySide6.QtGui import QTextBlock, QTextCursor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from annotator.domain.spans import SpanInfo
from annotator.gui.document_view.clicks import Clicks
from annotator.gui.document_view.edges import EdgeDrag
from annotator.gui.document_view.editor import BASE_POINT_SIZE, TextEditor, reading_font
from annotator.gui.document_view.focus import FocusFrames
from annotator.gui.document_view.geometry import display_text
from annotator.gui.document_view.highlighter import SpanHighlighter
from annotator.gui.document_view.keys import KeyNavigator
from annotator.gui.document_view.margin import Margin
from annotator.gui.document_view.state import DocState
from annotator.gui.document_view.style import Styles
from annotator.gui.document_view.textnav import mostly_right_to_left, snap_to_words
from annotator.gui.document_view.transient import TransientMarks

MIME_SELECTION = "application/x-annotator-selection"


class DocumentView(QWidget):
    selection_changed = Signal(int, int)
    coding_activated = Signal(str)
    coding_bounds_edited = Signal(str, int, int)
    paragraph_activated = Signal(int, int)
    visible_range_changed = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = DocState()
        self.styles = Styles()
        self.editor = TextEditor(self)
        self.margin = Margin(self)
        self.keys = KeyNavigator(self)
        self.edges = EdgeDrag(self)
        self.clicks = Clicks(self)
        self.marks = TransientMarks(self)
        self.focus = FocusFrames(self)
        self.highlighter = SpanHighlighter(self.editor.document(), self.state, self.styles)
        self.styles.set_palette(self.editor.palette())
        self._zoom = 0
        self._tooltip: Callable[[list[SpanInfo]], str] | None = None
        self._last_selection: tuple[int, int] | None = None
        self._last_visible: tuple[int, int] | None = None
        self._in_refresh = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.editor)
        self.setFocusProxy(self.editor)
        self.editor.selectionChanged.connect(self._emit_selection)
        self.editor.cursorPositionChanged.connect(self._emit_selection)
        self.editor.verticalScrollBar().valueChanged.connect(self.viewport_moved)
        self.editor.update_measure()

    # --- document ---------------------------------------------------------------------------
    def set_document(self, text: str, spans: list[SpanInfo],
                     paragraphs: list[tuple[int, int]]) -> None:
        """Show ``text`` (canonical) with its codings. The visible blocks are highlighted
        before the first paint; the rest when scrolled to, or in the background once the user
        pauses (``highlighter.finish_now()`` completes them at once)."""
        self.marks.clear()
        self.edges.original = self.edges.preview = None
        self.state.load(text, list(spans), list(paragraphs))
        shown = display_text(text)
        self.editor.set_right_to_left(mostly_right_to_left(text))
        self.highlighter.expect_blocks(shown.count("\n") + 1)
        self._last_selection = None
        self.highlighter.lazy = True  # Qt's pass over every block: left stale, done on demand
        try:
            self.editor.setPlainText(shown)
        finally:
            self.highlighter.lazy = False
        if self.editor.document().characterCount() - 1 != self.state.offsets.length_utf16:
            self.clear()
            raise ValueError("the text is not canonical: Qt changed its length (CR, BOM, "
                             "U+FDD0/1, lone surrogates?); use domain.text.canonical_text")
        self.editor.update_measure()
        self.margin.update()
        self.viewport_moved()

    def clear(self) -> None:
        self.set_document("", [], [])

    # --- spans ------------------------------------------------------------------------------
    def add_spans(self, spans: list[SpanInfo]) -> None:
        """Add codings (a known uuid is treated as an update)."""
        state = self.state
        for sp in spans:  # all or nothing
            self._check(sp)
        ranges: list[tuple[int, int]] = []
        for sp in spans:
            old = state.index.get(sp.uuid)
            if old is not None:
                state.index.update(sp)
                ranges.append((old.start, old.end))
            else:
                state.index.add(sp)
            state.lanes.discard(sp.uuid)
            if state.policy.visible(sp):
                state.lanes.add(sp, state.index)
            ranges.append((sp.start, sp.end))
        self._spans_changed(ranges)

    def remove_spans(self, uuids: list[str]) -> None:
        state = self.state
        ranges = []
        gone = []
        for u in uuids:
            if u in state.index:
                sp = state.index.remove(u)
                gone.append(sp)
                state.lanes.discard(u)
                ranges.append((sp.start, sp.end))
                if state.current == u:
                    state.current = None
        self._spans_changed(ranges)

    def update_spans(self, spans: list[SpanInfo]) -> None:
        """Same uuids, new bounds or colour; the selection follows the current coding."""
        sel = self._raw_selection()
        follow: tuple[int, int] | None = None
        for sp in spans:
            old = self.state.index.get(sp.uuid)
            if old is not None and sp.uuid == self.state.current and sel == (old.start, old.end):
                follow = (sp.start, sp.end)
        self.add_spans(spans)
        if follow is not None:
            self.select(*follow)

    def replace_span(self, old: SpanInfo, new: SpanInfo) -> None:
        """Swap one span for another in place (edge-drag preview); lanes are kept."""
        self.state.index.update(new)
        self._spans_changed([(old.start, old.end), (new.start, new.end)])

    def spans_at(self, pos: int) -> list[SpanInfo]:
        """Visible codings holding the character at ``pos``, the one shown on top first."""
        return self.state.spans_at(pos)

    def _check(self, sp: SpanInfo) -> None:
        if not 0 <= sp.start < sp.end <= len(self.state.text):
            raise ValueError(f"span {sp.uuid} [{sp.start}, {sp.end}) outside the document")

    def _spans_changed(self, ranges: Iterable[tuple[int, int]]) -> None:
        """Re-highlight the blocks under ``ranges`` and repaint the lines that changed on
        screen (formats change colours only, so nothing re-wraps or moves)."""
        self.highlighter.postpone()
        doc = self.editor.document()
        off = self.state.offsets
        merged: list[list[int]] = []
        for a, b in sorted(ranges):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        pairs = []
        for a, b in merged:
            first = doc.findBlock(off.to_u16(a))
            last = doc.findBlock(max(off.to_u16(b) - 1, off.to_u16(a)))
            pairs.append((first, last))
        # blocks on screen are redone now; the others go stale (redone when shown, or later)
        vis = self.editor.visible_block_range()
        v0, v1 = (vis[0].blockNumber(), vis[1].blockNumber()) if vis else (0, -1)
        hl = self.highlighter
        moved = False
        self._in_refresh = True
        try:
            for first, last in pairs:
                f, la = first.blockNumber(), last.blockNumber()
                lo, hi = max(f, v0), min(la, v1)
                if lo > hi:
                    hl.mark_stale(f, la)
                    continue
                if f < lo:
                    hl.mark_stale(f, lo - 1)
                if hi < la:
                    hl.mark_stale(hi + 1, la)
                moved = hl.refresh(first if f == lo else doc.findBlockByNumber(lo),
                                   last if la == hi else doc.findBlockByNumber(hi)) or moved
        finally:
            self._in_refresh = False
        ed = self.editor
        vp = ed.viewport()
        if moved:  # line breaks changed: everything below moved
            vp.update()
            self.margin.update()
            return
        if self.margin.lanes_changed():  # the paragraph numbers move
            self.margin.update()
        if vis is None:
            return
        vis_a, vis_b = vis[0].position(), vis[1].position() + max(0, vis[1].length() - 1)
        for (a, b), (first, last) in zip(merged, pairs, strict=True):
            if last.blockNumber() < v0 or first.blockNumber() > v1:
                continue  # off screen: nothing to repaint (and no layout to ask for)
            # colours change only inside [a, b): repaint just those lines
            ua = max(off.to_u16(a), vis_a)
            ub = min(off.to_u16(b), vis_b + 1)
            top = ed.line_span_y(ua)[0]
            bottom = ed.line_span_y(max(ua, ub - 1))[1]
            if bottom >= 0 and top <= vp.height():
                rows = QRect(0, top - 2, vp.width(), bottom - top + 4)
                vp.update(rows)
                self.margin.update(rows.adjusted(0, 0, self.margin.width() - vp.width(), 0))

    # --- filters and styles -----------------------------------------------------------------
    def set_hidden_coders(self, coder_ids: set[int], *, restyle: bool = True) -> None:
        """Hide some coders' codings (``restyle=False``: only remember it, for the document
        about to be shown)."""
        if set(coder_ids) == self.state.policy.hidden_coders:
            return
        self.state.policy.hidden_coders = set(coder_ids)
        if restyle:
            self.state.rebuild_lanes()
            self._restyle_all()

    def set_code_colors(self, colors: dict[str, str]) -> None:
        self.state.policy.colors.update(colors)
        self._restyle_all()

    def set_emphasis(self, code_uuid: str | None) -> None:
        """Focus a code: its passages get a frame in its colour, drawn over the text (see
        focus.py). No block is re-highlighted or laid out: only those lines are repainted."""
        self.focus.set_code(code_uuid)

    def _restyle_all(self) -> None:
        """Every block is stale: redo the visible ones now, the rest in idle time."""
        self.highlighter.invalidate_all()
        self.before_paint()
        self.editor.viewport().update()
        self.margin.update()
        self.marks.schedule()

    def before_paint(self, rng: tuple[QTextBlock, QTextBlock] | None = None) -> None:
        """Bring the visible blocks up to date (called before each paint and after scrolls)."""
        if self._in_refresh or not self.highlighter.pending():
            return
        rng = rng or self.editor.visible_block_range()
        if rng is None:
            return
        self._in_refresh = True
        try:
            self.highlighter.refresh_stale(*rng)
        finally:
            self._in_refresh = False

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.palette_changed()

    def palette_changed(self) -> None:
        """Re-tint for the palette the text is actually painted with (an application style
        sheet can keep the editor on the application palette)."""
        pal = self.editor.palette()
        if not self.styles.matches(pal):
            self.styles.set_palette(pal)
            self._restyle_all()

    # --- selection --------------------------------------------------------------------------
    def _raw_selection(self) -> tuple[int, int]:
        cur = self.editor.textCursor()
        off = self.state.offsets
        return off.to_cp(cur.selectionStart()), off.to_cp(cur.selectionEnd())

    def selection(self) -> tuple[int, int] | None:
        """The selection in code points (snapped to whole words when enabled), or None."""
        s, e = self._raw_selection()
        if e <= s:
            return None
        return snap_to_words(self.state.text, s, e) if self.state.snap else (s, e)

    def select(self, start: int, end: int) -> None:
        self.select_directed(start, end)

    def select_directed(self, anchor: int, position: int) -> None:
        off = self.state.offsets
        n = len(self.state.text)
        cur = self.editor.textCursor()
        cur.setPosition(off.to_u16(max(0, min(anchor, n))))
        cur.setPosition(off.to_u16(max(0, min(position, n))), QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cur)
        self.editor.ensureCursorVisible()

    def cursor_position(self) -> int:
        return self.state.offsets.to_cp(self.editor.textCursor().position())

    def cursor_anchor_and_position(self) -> tuple[int, int]:
        cur = self.editor.textCursor()
        off = self.state.offsets
        return off.to_cp(cur.anchor()), off.to_cp(cur.position())

    def move_cursor(self, pos: int) -> None:
        self.select_directed(pos, pos)

    def set_snap_to_words(self, on: bool) -> None:
        self.state.snap = bool(on)
        self._emit_selection()

    def _emit_selection(self) -> None:
        sel = self.selection()
        if sel is None:
            p = self.cursor_position()
            sel = (p, p)
        if sel != self._last_selection:
            self._last_selection = sel
            self.selection_changed.emit(*sel)

    def selection_mime(self) -> QMimeData:
        """Drag/copy payload: code-point bounds plus the canonical text (never the widget's)."""
        data = QMimeData()
        sel = self.selection()
        if sel is not None:
            data.setData(MIME_SELECTION, f"{sel[0]},{sel[1]}".encode("ascii"))
            data.setText(self.state.text[sel[0]:sel[1]])
        return data

    # --- navigation, transient marks --------------------------------------------------------
    def scroll_to(self, pos: int) -> None:
        """Bring ``pos`` to about a fifth of the way down the viewport."""
        ed = self.editor
        u16 = self.state.offsets.to_u16(max(0, min(pos, len(self.state.text))))
        block = ed.document().findBlock(u16)
        ed.document().documentLayout().blockBoundingRect(block)  # lays the block out
        layout = block.layout()
        line_no = layout.lineForTextPosition(u16 - block.position()).lineNumber() if (
            layout is not None and layout.lineCount()) else 0
        lines_above = max(1, ed.viewport().height() // max(1, ed.fontMetrics().lineSpacing()) // 5)
        bar = ed.verticalScrollBar()
        bar.setValue(max(0, block.firstLineNumber() + max(0, line_no) - lines_above))

    def _show(self, pos: int) -> None:
        """Scroll to ``pos`` unless it is already on screen."""
        vis = self._last_visible
        if vis is None or not vis[0] <= pos < vis[1]:
            self.scroll_to(pos)

    def flash(self, start: int, end: int) -> None:
        """Mark ``[start, end)`` for a moment (scrolling to it if it is off screen)."""
        self._show(start)
        self.marks.flash(start, end)

    def set_find_hits(self, hits: list[tuple[int, int]], current: int = -1) -> None:
        """Mark every hit; the ``current`` one (an index into ``hits``) stands out and is
        brought into view."""
        self.marks.set_hits(list(hits), current)
        if 0 <= current < len(hits):
            self._show(hits[current][0])

    def hover_coding(self, uuid: str | None) -> None:
        sp = self.state.index.get(uuid) if uuid else None
        self.marks.set_hover(None if sp is None else
                             (sp.start, sp.end, self.state.policy.color(sp)))

    def viewport_moved(self) -> None:
        blocks = self.editor.visible_block_range()
        self.before_paint(blocks)
        self.margin.update()
        self.marks.schedule()
        if blocks is not None:
            first, last = blocks
            off = self.state.offsets
            vis = (off.to_cp(first.position()),
                   off.to_cp(last.position() + max(0, last.length() - 1)))
            if vis != self._last_visible:
                self._last_visible = vis
                self.visible_range_changed.emit(*vis)

    def zoom(self, steps: int) -> None:
        self._zoom = max(-6, min(20, self._zoom + steps))
        self.editor.setFont(reading_font(BASE_POINT_SIZE + self._zoom))
        self.editor.update_measure()
        self.margin.update()

    # --- activation, tooltips ---------------------------------------------------------------
    def set_current_coding(self, uuid: str | None) -> None:
        """Make a coding the current one (outlined in the margin, its edges draggable,
        keyboard bound edits act on it) without emitting ``coding_activated``."""
        self.state.current = uuid
        self.margin.update()

    def activate_coding(self, uuid: str) -> None:
        """The user picked a coding here (click, margin, F8): current, and announced."""
        self.set_current_coding(uuid)
        self.coding_activated.emit(uuid)

    def activate_paragraph(self, i: int) -> None:
        s, e = self.state.paragraphs[i]
        self.select(s, e)
        self.paragraph_activated.emit(s, e)

    def set_tooltip_provider(self, fn: Callable[[list[SpanInfo]], str] | None) -> None:
        self._tooltip = fn

    def tooltip_for(self, spans: list[SpanInfo]) -> str:
        return self._tooltip(spans) if self._tooltip and spans else ""
