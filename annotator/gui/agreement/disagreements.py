"""The disagreement browser: every item where the coders differ, each coder's passages side by
side. Activating a row asks the main window to show the passage (``jump_requested``)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex,
                            QSortFilterProxyModel, Qt, Signal)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget)

from annotator.domain.errors import AnnotatorError
from annotator.gui.agreement import style
from annotator.gui.agreement.widgets import CheckMenuButton
from annotator.gui.panels.documents_panel import compact_title
from annotator.gui.workers import Runner, Task
from annotator.services.adjudication import REVIEW_UNITS, Disagreement, disagreements
from annotator.services.project import Project

Index = QModelIndex | QPersistentModelIndex
UNIT_TEXT = {"span": "Passages", "sentence": "Sentences", "paragraph": "Paragraphs",
             "section": "Report sections", "document": "Whole documents"}


class DisagreementModel(QAbstractTableModel):
    ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
    FIXED = ("#", "Document", "Where", "Code")

    def __init__(self, parent: Any = None, compact: bool = False) -> None:
        """``compact``: only number, place, code and decision (the passages show elsewhere)."""
        super().__init__(parent)
        self.items: list[Disagreement] = []
        self.coders: list[str] = []
        self.compact = compact

    def set_items(self, items: Sequence[Disagreement], coders: Sequence[str]) -> None:
        self.beginResetModel()
        self.items, self.coders = list(items), list(coders)
        self.endResetModel()

    def replace_item(self, row: int, item: Disagreement) -> None:
        self.items[row] = item
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def row_of(self, key: str) -> int:
        return next((i for i, it in enumerate(self.items) if it.key == key), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        if parent.isValid():
            return 0
        return 4 if self.compact else len(self.FIXED) + len(self.coders) + 1

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        heads = (["#", "Where", "Code", "Decision"] if self.compact
                 else [*self.FIXED, *self.coders, "Decision"])
        return heads[section] if section < len(heads) else None

    def _compact(self, it: Disagreement, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return [it.number, f"{compact_title(it.title)} · {it.unit_label}",
                    it.code_path.rsplit("/", 1)[-1],
                    it.settled["decision"] if it.settled else ""][col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return [it.key, it.title, it.code_path,
                    (it.settled or {}).get("reason") or None][col]
        if role == Qt.ItemDataRole.ForegroundRole and it.settled and col < 3:
            return QBrush(style.muted())
        if role == Qt.ItemDataRole.DecorationRole and col == 2:
            return QColor(it.code_color)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        it = self.items[index.row()]
        col = index.column()
        n_fixed = len(self.FIXED)
        if role == self.ITEM_ROLE:
            return it
        if self.compact:
            return self._compact(it, col, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == 0:
                return it.number if role == Qt.ItemDataRole.DisplayRole else it.key
            if col == 1:
                return it.title
            if col == 2:
                return it.unit_label
            if col == 3:
                return (it.code_path.rsplit("/", 1)[-1] if role == Qt.ItemDataRole.DisplayRole
                        else it.code_path)
            if col < n_fixed + len(self.coders):
                passages = it.passages.get(self.coders[col - n_fixed], ())
                text = " ┃ ".join(p.text for p in passages)
                return text or ("(not coded)" if role == Qt.ItemDataRole.DisplayRole else None)
            return it.settled["decision"] if it.settled else ""
        if role == Qt.ItemDataRole.ForegroundRole:
            if n_fixed <= col < n_fixed + len(self.coders) and not it.passages.get(
                    self.coders[col - n_fixed]):
                return QBrush(style.muted())
            if it.settled and col != len(self.FIXED) + len(self.coders):
                return QBrush(style.muted())
        if role == Qt.ItemDataRole.DecorationRole and col == 3:
            return QColor(it.code_color)
        return None


class ItemFilter(QSortFilterProxyModel):
    """Text filter over every column, optionally hiding settled items."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.open_only = False
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_open_only(self, on: bool) -> None:
        self.beginFilterChange()
        self.open_only = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        if self.open_only and isinstance(model, DisagreementModel) and model.items[row].settled:
            return False
        return super().filterAcceptsRow(row, parent)


class ReviewLoader(QWidget):
    """Coders and unit choices plus background loading of the items (shared by the browser
    and the adjudication panel)."""

    loaded = Signal(list)  # list[Disagreement]

    def __init__(self, project: Project, runner: Runner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project, self.runner = project, runner or Runner(self)
        self.coders = CheckMenuButton("Coders", "choose two or more")
        self.unit = QComboBox()
        for u in REVIEW_UNITS:
            self.unit.addItem(UNIT_TEXT[u], u)
        self.refresh_button = QPushButton("Refresh")
        self.message = QLabel()
        self.message.setObjectName("muted")
        self.message.setWordWrap(True)
        self.message.hide()  # (see say: no message, no room taken)
        self._task: Task | None = None
        self.refresh_coders()

    def refresh_coders(self) -> None:
        before = set(self.coders.checked())
        people = [c for c in self.project.coders() if not c.is_gold]
        if not before:
            from annotator.services.agreement.defaults import default_coders

            before = set(default_coders(self.project))
        self.coders.set_items([(c.name, c.name, c.name in before) for c in people])

    def chosen(self) -> tuple[list[str], str]:
        return [str(c) for c in self.coders.checked()], str(self.unit.currentData())

    def load(self, background: bool = True) -> list[Disagreement] | None:
        coders, unit = self.chosen()
        if len(coders) < 2:
            self.say("Choose two or more coders.")
            self.loaded.emit([])
            return []
        if not background:
            try:
                items = disagreements(self.project, coders, unit=unit)
            except AnnotatorError as exc:
                self._fail(exc)
                return None
            self.loaded.emit(items)
            return items
        self.say("Looking for disagreements…")
        task = self.runner.start(lambda _p, _c: disagreements(self.project, coders, unit=unit))
        task.finished.connect(self.loaded.emit)
        task.failed.connect(lambda exc, tb: self._fail(exc))
        self._task = task
        return None

    def say(self, text: str) -> None:
        """Show ``text`` under the controls; an empty message takes no room at all."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _fail(self, exc: Any) -> None:
        msg = str(exc) if isinstance(exc, AnnotatorError) else f"Internal error: {exc!r}"
        self.say(f"<span style='color:#b3261e'>{html.escape(msg)}</span>")
        self.loaded.emit([])


def item_table(model: QSortFilterProxyModel) -> QTableView:
    t = QTableView()
    t.setModel(model)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setWordWrap(False)
    t.setShowGrid(False)
    t.setAlternatingRowColors(True)
    t.verticalHeader().hide()
    t.verticalHeader().setDefaultSectionSize(24)
    h = t.horizontalHeader()
    h.setHighlightSections(False)
    h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    h.setStretchLastSection(False)
    return t


class DisagreementBrowser(QWidget):
    """All items in one filterable table; a click or Enter emits ``jump_requested``."""

    jump_requested = Signal(int, int, int)  # document id, start, end
    item_selected = Signal(object)  # Disagreement or None

    def __init__(self, project: Project, runner: Runner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loader = ReviewLoader(project, runner, self)
        self.model = DisagreementModel(self)
        self.proxy = ItemFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter (document, code, text)…")
        self.filter.setClearButtonEnabled(True)
        self.open_only = QCheckBox("Unsettled only")
        self.count = QLabel()
        self.count.setObjectName("muted")
        self.table = item_table(self.proxy)
        top = QHBoxLayout()
        top.setContentsMargins(8, 8, 8, 4)
        top.addWidget(self.loader.coders)
        top.addWidget(self.loader.unit)
        top.addWidget(self.filter, 1)
        top.addWidget(self.open_only)
        top.addWidget(self.count)
        top.addWidget(self.loader.refresh_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addLayout(top)
        lay.addWidget(self.loader.message)
        lay.addWidget(self.table, 1)
        self.loader.message.setContentsMargins(10, 0, 10, 0)
        self.loader.loaded.connect(self._show)
        self.loader.refresh_button.clicked.connect(lambda: self.loader.load())
        self.filter.textChanged.connect(self._refilter)
        self.open_only.toggled.connect(self._refilter)
        self.table.activated.connect(self._activate)
        self.table.clicked.connect(self._activate)
        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self.item_selected.emit(self.current()))

    def load(self, background: bool = True) -> None:
        self.loader.load(background)

    def _show(self, items: list[Disagreement]) -> None:
        coders, _ = self.loader.chosen()
        self.model.set_items(items, coders if items else [])
        h = self.table.horizontalHeader()
        for col, width in ((0, 48), (1, 160), (2, 90), (3, 150)):
            h.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            h.resizeSection(col, width)
        for i in range(len(coders)):
            h.setSectionResizeMode(4 + i, QHeaderView.ResizeMode.Stretch)
        if items:
            h.setSectionResizeMode(4 + len(coders), QHeaderView.ResizeMode.Interactive)
            h.resizeSection(4 + len(coders), 110)
        self._refilter()
        if items or not self.loader.message.text().startswith("<span"):
            settled = sum(1 for it in items if it.settled)
            self.loader.say(f"{len(items)} disagreement(s), {settled} settled."
                            if items else "No disagreements.")

    def _refilter(self) -> None:
        self.proxy.setFilterFixedString(self.filter.text())
        self.proxy.set_open_only(self.open_only.isChecked())
        self.count.setText(f"{self.proxy.rowCount()} shown")

    def current(self) -> Disagreement | None:
        idx = self.table.currentIndex()
        return idx.data(DisagreementModel.ITEM_ROLE) if idx.isValid() else None

    def _activate(self, index: QModelIndex) -> None:
        it = index.data(DisagreementModel.ITEM_ROLE)
        if it is not None:
            self.jump_requested.emit(it.document_id, it.start, it.end)

    def mark_settled(self, key: str, record: dict[str, Any] | None) -> None:
        """Update one row after a decision (or its undo) without reloading everything."""
        row = self.model.row_of(key)
        if row >= 0:
            self.model.replace_item(row, replace(self.model.items[row], settled=record))
