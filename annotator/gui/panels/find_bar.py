"""Find in the open document: incremental, all hits highlighted, "code all hits" in one step."""

from __future__ import annotations

import bisect

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QToolButton, QWidget)

from annotator.services.find import find_in_text


class FindBar(QFrame):
    hits_changed = Signal(list, int)  # all hits [(start, end)], current index (-1: none)
    code_all_requested = Signal(list)  # hits to code with the current code
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find in document (accents and case ignored)")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(260)
        self.status = QLabel("")
        self.status.setObjectName("muted")
        self.status.setMinimumWidth(90)
        self.prev_button = QToolButton()
        self.prev_button.setText("▲")
        self.prev_button.setToolTip("Previous hit (Shift+F3)")
        self.next_button = QToolButton()
        self.next_button.setText("▼")
        self.next_button.setToolTip("Next hit (F3 or Enter)")
        self.whole = QCheckBox("Whole words")
        self.code_all = QPushButton("Code all hits")
        self.code_all.setToolTip("Apply the current code to every hit (one undo step)")
        self.code_all.setEnabled(False)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Close (Esc)")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.addWidget(self.edit, 2)
        lay.addWidget(self.prev_button)
        lay.addWidget(self.next_button)
        lay.addWidget(self.status)
        lay.addWidget(self.whole)
        lay.addStretch(1)
        lay.addWidget(self.code_all)
        lay.addWidget(close)
        self._text = ""
        self.hits: list[tuple[int, int]] = []
        self.current = -1
        self._origin = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(60)
        self._timer.timeout.connect(self.search)
        self.edit.textChanged.connect(lambda _t: self._timer.start())
        self.whole.toggled.connect(lambda _on: self.search())
        self.edit.returnPressed.connect(self.next)
        self.next_button.clicked.connect(self.next)
        self.prev_button.clicked.connect(self.previous)
        self.code_all.clicked.connect(lambda: self.code_all_requested.emit(list(self.hits)))
        close.clicked.connect(self.close_bar)
        for key, owner, slot in (("Escape", self, self.close_bar),
                                 ("Shift+Return", self.edit, self.previous)):
            shortcut = QShortcut(QKeySequence(key), owner, activated=slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def set_document_text(self, text: str) -> None:
        self._text = text
        if self.isVisible() and self.edit.text():
            self.search()
        else:
            self._set_hits([], -1)

    def open_bar(self, initial: str = "", origin: int = 0) -> None:
        self._origin = origin
        self.show()
        if initial and "\n" not in initial and len(initial) < 200:
            self.edit.setText(initial)
        self.edit.setFocus()
        self.edit.selectAll()
        if self.edit.text():
            self.search()

    def close_bar(self) -> None:
        self.hide()
        self._set_hits([], -1)
        self.closed.emit()

    def search(self) -> None:
        self._timer.stop()
        query = self.edit.text()
        hits = find_in_text(self._text, query, whole_words=self.whole.isChecked()) \
            if query.strip() else []
        current = -1
        if hits:
            starts = [s for s, _ in hits]
            current = bisect.bisect_left(starts, self._origin)
            current = current if current < len(hits) else 0
        self._set_hits(hits, current)

    def next(self) -> None:
        if self._timer.isActive():
            self.search()
            return
        if self.hits:
            self._set_hits(self.hits, (self.current + 1) % len(self.hits))

    def previous(self) -> None:
        if self.hits:
            self._set_hits(self.hits, (self.current - 1) % len(self.hits))

    def _set_hits(self, hits: list[tuple[int, int]], current: int) -> None:
        self.hits = hits
        self.current = current
        if current >= 0:
            self._origin = hits[current][0]
        query = self.edit.text().strip()
        if not query:
            self.status.setText("")
        elif not hits:
            self.status.setText("No match")
        else:
            self.status.setText(f"{current + 1} of {len(hits):,}")
        self.code_all.setEnabled(bool(hits))
        self.code_all.setText(f"Code all {len(hits):,} hits" if hits else "Code all hits")
        self.hits_changed.emit(hits, current)
