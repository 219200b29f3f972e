"""Short-lived marks drawn over the text: find hits, a fading flash, the hovered coding.

They use ``ExtraSelection``s, which Qt re-checks on every paint, so only the marks inside (or
near) the viewport are handed to Qt; scrolling rebuilds the list after a ~15 ms pause.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QBrush, QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from annotator.gui.document_view.style import mix

if TYPE_CHECKING:
    from annotator.gui.document_view.view import DocumentView

_FLASH_STEPS = 24
_FLASH_MS = 60  # 24 steps of 60 ms: 0.5 s at full strength, then a 0.9 s fade


class TransientMarks:
    def __init__(self, view: DocumentView) -> None:
        self._view = view
        self.hits: list[tuple[int, int]] = []
        self._hit_starts: list[int] = []
        self._max_hit = 0
        self.current = -1
        self.flash_range: tuple[int, int] | None = None
        self._flash_step = 0
        self.hover: tuple[int, int, str] | None = None  # start, end, colour
        self._debounce = QTimer(view)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(15)
        self._debounce.timeout.connect(self.apply)
        self._flash_timer = QTimer(view)
        self._flash_timer.setInterval(_FLASH_MS)
        self._flash_timer.timeout.connect(self._flash_tick)

    def clear(self) -> None:
        self.hits, self._hit_starts, self._max_hit, self.current = [], [], 0, -1
        self.flash_range, self.hover = None, None
        self._flash_timer.stop()
        self.apply()

    def set_hits(self, hits: list[tuple[int, int]], current: int) -> None:
        pairs = sorted(enumerate(hits), key=lambda t: t[1])
        self.hits = [h for _, h in pairs]
        self._hit_starts = [s for s, _ in self.hits]
        self._max_hit = max((e - s for s, e in self.hits), default=0)
        # ``current`` indexes the caller's list; find it in the sorted one
        self.current = next((k for k, (i, _) in enumerate(pairs) if i == current), -1)
        self.apply()

    def flash(self, start: int, end: int) -> None:
        self.flash_range = (start, end)
        self._flash_step = 0
        self._flash_timer.start()
        self.apply()

    def set_hover(self, hover: tuple[int, int, str] | None) -> None:
        if hover != self.hover:
            self.hover = hover
            self.apply()

    def schedule(self) -> None:
        """Rebuild after the viewport moved (debounced)."""
        if self.hits or self.flash_range or self.hover:
            self._debounce.start()

    def _flash_tick(self) -> None:
        self._flash_step += 1
        if self._flash_step >= _FLASH_STEPS:
            self._flash_timer.stop()
            self.flash_range = None
        self.apply()

    # --- building the selections ------------------------------------------------------------
    def visible_hits(self, a: int, b: int) -> list[int]:
        """Indexes (in sorted order) of the hits overlapping ``[a, b)``."""
        starts = self._hit_starts
        i = bisect.bisect_left(starts, a - self._max_hit)
        out = []
        while i < len(starts) and starts[i] < b:
            if self.hits[i][1] > a:
                out.append(i)
            i += 1
        return out

    def apply(self) -> None:
        view = self._view
        ed = view.editor
        rng = ed.visible_u16_range()
        sels: list[QTextEdit.ExtraSelection] = []
        if rng is not None:
            off = view.state.offsets
            span = rng[1] - rng[0]
            a = off.to_cp(max(0, rng[0] - span))
            b = off.to_cp(rng[1] + span)
            styles = view.styles
            dark = styles.dark
            hit_bg = QColor("#7a6400") if dark else QColor("#ffe45c")
            cur_bg = QColor("#c25e00") if dark else QColor("#ff9a3c")
            if self.hover is not None:
                s, e, color = self.hover
                if s < b and e > a:
                    bg = mix(styles.base, styles.color(color), 0.55 if dark else 0.45)
                    sels.append(self._selection(s, e, bg))
            for i in self.visible_hits(a, b):
                s, e = self.hits[i]
                sels.append(self._selection(s, e, cur_bg if i == self.current else hit_bg))
            if self.flash_range is not None:
                s, e = self.flash_range
                if s < b and e > a:
                    hold = 8
                    k = max(0, self._flash_step - hold) / max(1, _FLASH_STEPS - hold)
                    strength = 1.0 - k
                    base = styles.base
                    glow = QColor("#4c8dff") if dark else QColor("#2f6fde")
                    bg = mix(base, glow, 0.55 * strength)
                    sels.append(self._selection(s, e, bg))
        ed.setExtraSelections(sels)

    def _selection(self, start: int, end: int, bg: QColor) -> QTextEdit.ExtraSelection:
        off = self._view.state.offsets
        cur = QTextCursor(self._view.editor.document())
        cur.setPosition(off.to_u16(start))
        cur.setPosition(off.to_u16(end), QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(QBrush(bg))
        fmt.setForeground(QBrush(self._view.styles.text))
        sel = QTextEdit.ExtraSelection()
        sel.cursor = cur
        sel.format = fmt
        return sel
