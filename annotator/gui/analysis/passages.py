"""A list of passages (document · section, coders, text) with jump-to-text.

Double-click or Enter on a row emits ``jump_requested(document_id, start, end)``; the selected
passage is shown in full below the list.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QSplitter, QTableView,
                               QTextBrowser, QVBoxLayout, QWidget)

from annotator.services.analysis import Passage

Index = QModelIndex | QPersistentModelIndex
PREVIEW = 240  # characters of text shown in the list (the tooltip has more)
COLUMNS = ("Where", "Coder", "Characters", "Text")


def _flat(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


class PassagesModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.passages: list[Passage] = []

    def set_passages(self, passages: Sequence[Passage]) -> None:
        self.beginResetModel()
        self.passages = list(passages)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.passages)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self.passages[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (p.short_where, ", ".join(p.coders), f"{p.start:,}–{p.end:,}",
                    _flat(p.text, PREVIEW))[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            head = f"{p.where}\n{p.code_path}\n" if p.code_path else f"{p.where}\n"
            memo = f"\n\nMemo: {_flat(p.memo, 400)}" if p.memo else ""
            return head + _flat(p.text, 1200) + memo
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return p
        return None


class _Table(QTableView):
    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class PassageList(QWidget):
    """Passages with a count line; activating one asks to show it in the text."""

    jump_requested = Signal(int, int, int)

    def __init__(self, empty: str = "No passages.", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty = empty
        self.model = PassagesModel(self)
        self.title = QLabel(empty)
        self.title.setObjectName("muted")
        self.title.setWordWrap(True)
        self.table = _Table()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        h = self.table.horizontalHeader()
        h.setHighlightSections(False)
        h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        h.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda idx: self.activate(idx.row()))
        self.table.activated_row.connect(self.activate)
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.anchorClicked.connect(lambda _: self.activate(self.current_row()))
        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _: self.show_preview(cur.row()))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.title)
        lay.addWidget(split, 1)
        self.title.setContentsMargins(8, 2, 8, 2)

    def current_row(self) -> int:
        return self.table.currentIndex().row()

    def show_preview(self, row: int) -> None:
        """The passage in full, where it is, its coders and memo, and a link to the text."""
        if not 0 <= row < len(self.model.passages):
            self.preview.clear()
            return
        p = self.model.passages[row]
        meta = " · ".join(x for x in (p.where, ", ".join(p.coders),
                                      f"characters {p.start:,}–{p.end:,}") if x)
        memo = f"<p><b>Memo:</b> {html.escape(p.memo)}</p>" if p.memo else ""
        code = f"<p><b>{html.escape(p.code_path)}</b></p>" if p.code_path else ""
        self.preview.setHtml(f"{code}<p>{html.escape(p.text)}</p>{memo}"
                             f"<p style='color:gray'>{html.escape(meta)} · "
                             "<a href='#jump'>show in the document</a> (or double-click, "
                             "Enter)</p>")

    def set_passages(self, passages: Sequence[Passage], title: str = "") -> None:
        self.model.set_passages(passages)
        self.preview.clear()
        n = len(passages)
        count = f"{n:,} passage{'s' if n != 1 else ''}"
        self.title.setText(f"{title} · {count}" if title and n else title or (
            count if n else self.empty))
        if n:
            self.table.resizeColumnToContents(0)
            self.table.setColumnWidth(0, min(self.table.columnWidth(0), 260))
            self.table.resizeColumnToContents(1)
            self.table.resizeColumnToContents(2)

    def activate(self, row: int) -> None:
        if 0 <= row < len(self.model.passages):
            p = self.model.passages[row]
            self.jump_requested.emit(p.document_id, p.start, p.end)
