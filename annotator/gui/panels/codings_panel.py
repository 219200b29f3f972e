"""Codings of the open document: sortable, filterable; a click jumps to the passage."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QMenu, QStackedWidget, QVBoxLayout, QWidget)

from annotator.domain.model import Coding
from annotator.gui.models.codings_model import CodingsFilter, CodingsModel
from annotator.gui.panels.codings_table import CodingsTable
from annotator.gui.steady_label import set_steady_text


class CodingsPanel(QWidget):
    coding_activated = Signal(object)  # Coding: jump to it and flash
    coding_selected = Signal(object)  # Coding or None: show it in the memo editor
    delete_requested = Signal(list)  # coding uuids
    recode_requested = Signal(list)  # coding uuids
    memo_requested = Signal(str)  # coding uuid

    def __init__(self, model: CodingsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = CodingsFilter(model, self)
        self._refiltering = False
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter codings (code, coder, text, memo)…")
        self.filter.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("muted")
        top = QHBoxLayout()
        top.setContentsMargins(6, 6, 6, 4)
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        self.table = CodingsTable()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CodingsModel.COL_SECTION, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(CodingsModel.COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(CodingsModel.COL_CODE, 135)
        header.resizeSection(CodingsModel.COL_CODER, 64)
        header.resizeSection(CodingsModel.COL_SECTION, 56)
        self.empty = QLabel("No codings in this document yet: select text, then press a code's "
                            "key, double-click a code or drag the selection onto it.")
        self.empty.setWordWrap(True)
        self.empty.setObjectName("hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(top)
        lay.addWidget(self.pages, 1)
        self.filter.textChanged.connect(self._on_filter)
        self.table.clicked.connect(self._on_click)
        self.table.activated.connect(self._on_click)
        self.table.customContextMenuRequested.connect(self._menu)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        for sig in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            sig.connect(self._update_count)
        # lay the table out at once after a row comes or goes, so it is painted together with
        # the text in one pass instead of a second one on Qt's delayed-layout timer
        for sig in (self.proxy.rowsInserted, self.proxy.rowsRemoved):
            sig.connect(lambda *_: self.table.executeDelayedItemsLayout())
        self.proxy.layoutChanged.connect(self._update_count)
        self._update_count()

    # --- state ------------------------------------------------------------------------------
    def set_hidden_coders(self, hidden: set[int]) -> None:
        self._quietly(lambda: self.proxy.set_hidden_coders(hidden))

    def _quietly(self, change) -> None:  # type: ignore[no-untyped-def]
        """Refilter without treating the moved current row as the user's choice."""
        current = self.proxy.coding(self.table.currentIndex())
        self._refiltering = True
        try:
            change()
            if current is not None:  # the list was rebuilt: keep the coding the user was on
                self.select_coding(current.id)
        finally:
            self._refiltering = False
        self._update_count()

    def selected_codings(self) -> list[Coding]:
        rows = self.table.selectionModel().selectedRows()
        out = [self.proxy.coding(i) for i in rows]
        return [c for c in out if c is not None]

    def select_coding(self, coding_id: int) -> None:
        row = self.model.row_of(coding_id)
        if row < 0:
            return
        idx = self.proxy.mapFromSource(self.model.index(row, 0))
        if idx.isValid():
            self.table.selectionModel().setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(idx)

    def _update_count(self, *_args: object) -> None:
        total = self.model.total()
        shown = self.proxy.rowCount()
        if total == 0:
            set_steady_text(self.count, "")
        elif shown == total:
            set_steady_text(self.count, f"{total:,}")
        else:
            set_steady_text(self.count, f"{shown:,} of {total:,}")
            self.count.setToolTip("Some codings are hidden by the filter or by hidden coders")
        self.pages.setCurrentIndex(1 if total == 0 else 0)

    def _on_filter(self, text: str) -> None:
        self._quietly(lambda: self.proxy.set_text(text))

    # --- events -----------------------------------------------------------------------------
    def _on_click(self, index: QModelIndex) -> None:
        c = self.proxy.coding(index)
        if c is not None:
            self.coding_activated.emit(c)

    def _on_current(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if not self._refiltering:
            self.coding_selected.emit(self.proxy.coding(current))

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Delete) and self.selected_codings():
            self.delete_requested.emit([c.uuid for c in self.selected_codings()])
            return
        super().keyPressEvent(event)

    def _menu(self, pos: QPoint) -> None:
        chosen = self.selected_codings()
        if not chosen:
            return
        uuids = [c.uuid for c in chosen]
        menu = QMenu(self)
        n = len(uuids)
        menu.addAction("&Go to Passage", lambda: self.coding_activated.emit(chosen[0]))
        memo = menu.addAction("&Memo…", lambda: self.memo_requested.emit(uuids[0]))
        memo.setEnabled(n == 1)
        menu.addSeparator()
        menu.addAction(f"&Recode {n} Coding(s)…", lambda: self.recode_requested.emit(uuids))
        menu.addAction(f"&Delete {n} Coding(s)", lambda: self.delete_requested.emit(uuids))
        menu.exec(self.table.viewport().mapToGlobal(pos))
