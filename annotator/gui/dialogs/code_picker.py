"""Pick a code by typing: the quick-code box (Ctrl+K), "merge into…" and "recode to…".

The list shows each code's path; typing narrows it (every word must appear, in any order), arrow
keys move, Enter accepts. Only codable, non-deprecated codes are offered unless asked otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QListView,
                               QVBoxLayout, QWidget)

from annotator.domain.model import Code
from annotator.gui.models.code_display import swatch


class CodePicker(QDialog):
    """A small filterable list of codes. ``chosen(uuid)`` fires on Enter or double-click."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None, title: str, prompt: str = "",
                 popup: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("codePicker")
        if popup:
            self.setWindowFlag(Qt.WindowType.Popup, True)
            self.setStyleSheet("QDialog#codePicker { border: 1px solid palette(mid); }")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        self.prompt = QLabel(prompt or title)
        self.prompt.setObjectName("muted")
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Type part of a code name…")
        self.edit.setClearButtonEnabled(True)
        self.list = QListView()
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.model = QStandardItemModel(self)
        self.list.setModel(self.model)
        self.empty = QLabel("No code matches.")
        self.empty.setObjectName("hint")
        self.empty.hide()
        lay.addWidget(self.prompt)
        lay.addWidget(self.edit)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.empty)
        if not popup:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                       | QDialogButtonBox.StandardButton.Cancel)
            buttons.accepted.connect(self._accept_current)
            buttons.rejected.connect(self.reject)
            lay.addWidget(buttons)
        self.resize(440, 380)
        self._entries: list[tuple[str, str, str]] = []  # uuid, label, folded search text
        self._shown: list[str] = []
        self.edit.textChanged.connect(self._refilter)
        self.edit.installEventFilter(self)
        self.list.doubleClicked.connect(lambda _i: self._accept_current())
        self._icons: dict[str, QIcon] = {}
        self._colors: dict[str, str] = {}
        self._paths: dict[str, str] = {}

    def set_codes(self, codes: Iterable[Code], paths: dict[str, str],
                  keys: dict[str, str] | None = None, *, include_groups: bool = False,
                  exclude: set[str] | None = None) -> None:
        keys = keys or {}
        exclude = exclude or set()
        self._entries = []
        self._colors = {}
        self._paths = {}
        for c in codes:
            if c.uuid in exclude or c.deprecated or (not c.codable and not include_groups):
                continue
            path = paths.get(c.uuid, c.name)
            key = keys.get(c.uuid)
            parent = path[:-len(c.name)].rstrip(" ›/") if path.endswith(c.name) else ""
            label = c.name + (f"   [{key}]" if key else "") + (f"   —   {parent}" if parent else "")
            self._entries.append((c.uuid, label, f"{path} {c.label}".casefold()))
            self._paths[c.uuid] = path
            self._colors[c.uuid] = c.color
        self._refilter(self.edit.text())

    def _refilter(self, text: str) -> None:
        words = text.casefold().split()
        hits = [(u, lab) for u, lab, s in self._entries if all(w in s for w in words)]
        # names that start with the typed text come first
        if words:  # codes whose own name starts with the typed text come first
            hits.sort(key=lambda h: not h[1].casefold().startswith(words[0]))
        self._shown = [u for u, _ in hits]
        self.model.clear()
        for uuid, label in hits:
            color = self._colors[uuid]
            icon = self._icons.get(color)
            if icon is None:
                icon = self._icons[color] = swatch(color)
            item = QStandardItem(icon, label)
            item.setEditable(False)
            item.setToolTip(self._paths.get(uuid, label))
            self.model.appendRow(item)
        self.empty.setVisible(not hits)
        if hits:
            self.list.setCurrentIndex(self.model.index(0, 0))

    def current_uuid(self) -> str | None:
        row = self.list.currentIndex().row()
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def _accept_current(self) -> None:
        uuid = self.current_uuid()
        if uuid is None:
            return
        self.chosen.emit(uuid)
        self.accept()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self.list.keyPressEvent(event)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._accept_current()
                return True
        return super().eventFilter(obj, event)

    def shown_uuids(self) -> list[str]:
        return list(self._shown)
