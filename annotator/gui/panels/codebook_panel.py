"""The codebook panel: filter box, code tree (colour, key, count), definition of the focused code.

Every edit goes through the codebook service commands via the controller, so it is one undo
step; the tree then follows the store through :class:`CodebookModel`'s in-place updates.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QMenu, QPushButton, QSplitter, QStackedWidget, QToolButton,
                               QTreeView, QVBoxLayout, QWidget)

from annotator.domain.changes import Changes
from annotator.domain.model import Code
from annotator.gui.controller import Controller
from annotator.gui.models.codebook_filter import CodebookFilter
from annotator.gui.models.codebook_model import CodebookModel
from annotator.gui.panels.code_details import CodeDetails
from annotator.services import workbench

EMPTY_HINT = ("No codes yet: add one, or start from a template "
              "(CIRI, UDHR, PTS, report outline).")


class CodeTree(QTreeView):
    """Tree view with drag-and-drop of codes and drops of text selections."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUniformRowHeights(True)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.SelectedClicked)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setAnimated(False)
        self.setIndentation(16)
        self.setAlternatingRowColors(False)
        self.setExpandsOnDoubleClick(False)


class CodebookPanel(QWidget):
    code_activated = Signal(str)  # double-click: apply this code to the selection
    current_code_changed = Signal(object)  # uuid or None
    codes_reloaded = Signal()
    apply_requested = Signal(str, int, int)  # a text selection dropped on a code

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = CodebookModel(self)
        self.proxy = CodebookFilter(self.model, self)
        self.per_coder = False
        # filter row
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter codes…")
        self.filter.setClearButtonEnabled(True)
        self.count_button = QToolButton()
        self.count_button.setAutoRaise(True)
        self.count_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.count_button.setToolTip("Whose codings the counts include")
        menu = QMenu(self.count_button)
        self.count_all = menu.addAction("Count everyone's codings")
        self.count_mine = menu.addAction("Count only my codings")
        self.count_all.triggered.connect(lambda: self.set_per_coder(False))
        self.count_mine.triggered.connect(lambda: self.set_per_coder(True))
        self.count_button.setMenu(menu)
        top = QHBoxLayout()
        top.setContentsMargins(6, 6, 6, 4)
        top.setSpacing(4)
        top.addWidget(self.filter, 1)
        top.addWidget(self.count_button)
        # tree
        self.view = CodeTree()
        self.view.setModel(self.proxy)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, 34)
        header.resizeSection(2, 62)
        header.setMinimumSectionSize(24)
        self.no_match = QLabel("No code matches the filter.")
        self.no_match.setObjectName("hint")
        self.no_match.hide()
        # empty state
        self.empty = self._empty_state()
        self.details = CodeDetails()
        tree_page = QWidget()
        tl = QVBoxLayout(tree_page)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.setSpacing(0)
        tl.addLayout(top)
        tl.addWidget(self.view, 1)
        tl.addWidget(self.no_match)
        self.pages = QStackedWidget()
        self.pages.addWidget(tree_page)
        self.pages.addWidget(self.empty)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.details.setMinimumHeight(60)
        self._user_sized = False
        self.splitter.splitterMoved.connect(lambda *_: setattr(self, "_user_sized", True))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.splitter)
        # wiring
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(0)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(lambda _t: self._filter_timer.start())
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(0)
        self._counts_timer.timeout.connect(self.reload_counts)
        self.view.doubleClicked.connect(self._on_double_click)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.selectionModel().currentChanged.connect(self._on_current)
        self.model.rename_requested.connect(self.rename)
        self.model.move_requested.connect(self.move)
        self.model.apply_requested.connect(self.apply_requested)
        self.details.save_requested.connect(self.update_fields)
        controller.changed.connect(self.on_changes)
        controller.visibility_changed.connect(self.reload_counts)
        controller.coder_changed.connect(self.reload_counts)
        self.reload_codes()
        self.reload_counts()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().resizeEvent(event)
        if not self._user_sized:  # keep the definition pane modest until the user drags it
            details = min(180, max(100, self.height() // 4))
            self.splitter.setSizes([max(1, self.height() - details), details])

    def _empty_state(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(16, 24, 16, 16)
        hint = QLabel(EMPTY_HINT)
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        self.empty_add = QPushButton("Add a code…")
        self.empty_template = QPushButton("Start from a template…")
        lay.addWidget(hint)
        lay.addWidget(self.empty_add)
        lay.addWidget(self.empty_template)
        lay.addStretch(1)
        return w

    # --- data -------------------------------------------------------------------------------
    def reload_codes(self) -> None:
        current = self.current_uuid()
        self.model.set_codes(workbench.codes(self.controller.project))
        self.pages.setCurrentIndex(1 if len(self.model) == 0 else 0)
        if not self.proxy.text and len(self.model) <= 400 and not getattr(self, "_expanded", False):
            self.view.expandToDepth(0)
            self._expanded = True
        if current is not None:
            self._refresh_details()
        self.codes_reloaded.emit()

    def counts_for_me(self) -> bool:
        return self.per_coder or self.controller.blind

    def reload_counts(self) -> None:
        coder = self.controller.coder
        mine = self.counts_for_me() and coder is not None
        self.model.set_counts(workbench.code_counts(self.controller.project,
                                                    coder.id if mine and coder else None))
        label = "Mine" if mine else "All"  # short: the tooltip explains
        self.count_button.setText(label)
        why = " (blind mode)" if self.controller.blind else ""
        self.count_button.setToolTip(f"Counts include {'only my' if mine else 'everyone’s'} "
                                     f"codings{why}. Click to change.")
        self.count_all.setEnabled(not self.controller.blind)

    def set_per_coder(self, on: bool) -> None:
        self.per_coder = on
        self.reload_counts()

    def on_changes(self, changes: Changes) -> None:
        if changes.codebook:  # ``codes`` alone only names codes whose counts changed
            self.reload_codes()
        if changes.codings or changes.codebook or changes.coders:
            self._counts_timer.start()  # coalesce a burst of commands into one count query

    # --- focus ------------------------------------------------------------------------------
    def current_code(self) -> Code | None:
        return self.proxy.code(self.view.currentIndex())

    def current_uuid(self) -> str | None:
        code = self.current_code()
        return None if code is None else code.uuid

    def select_code(self, uuid: str | None) -> None:
        idx = self.proxy.index_for_uuid(uuid) if uuid else QModelIndex()
        if not idx.isValid():
            return
        self.view.scrollTo(idx)
        self.view.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._refresh_details()
        code = self.proxy.code(current)
        self.current_code_changed.emit(None if code is None else code.uuid)

    def _refresh_details(self) -> None:
        code = self.current_code()
        fresh = None if code is None else self.model.code_by_uuid(code.uuid)
        self.details.show_code(fresh, self.model.path(fresh.uuid) if fresh else "")

    def _on_double_click(self, index: QModelIndex) -> None:
        code = self.proxy.code(index)
        if code is not None and code.codable:
            self.code_activated.emit(code.uuid)

    # --- filter -----------------------------------------------------------------------------
    def _apply_filter(self) -> None:
        self.proxy.set_text(self.filter.text())
        if self.proxy.text:
            self.view.expandAll()
        self.no_match.setVisible(bool(self.proxy.text) and self.proxy.rowCount() == 0)

    # --- commands ---------------------------------------------------------------------------
    def rename(self, uuid: str, name: str) -> None:
        from annotator.services.codebook_commands import UpdateCode

        self.controller.execute(UpdateCode(uuid, name=name))

    def move(self, uuid: str, parent_uuid: str | None, position: int) -> None:
        from annotator.services.codebook_commands import MoveCode

        self.controller.execute(MoveCode(uuid, parent_uuid, position))

    def update_fields(self, uuid: str, fields: dict) -> None:
        from annotator.services.codebook_commands import UpdateCode

        self.controller.execute(UpdateCode(uuid, **fields))

    def add_code(self, name: str, parent_uuid: str | None = None) -> str | None:
        from annotator.services.codebook_commands import AddCode

        out = self.controller.execute(AddCode(name, parent_uuid))
        if out is None:
            return None
        uuid = out.result.uuid
        if parent_uuid:
            self.view.expand(self.proxy.index_for_uuid(parent_uuid))
        self.select_code(uuid)
        return str(uuid)

    def _context_menu(self, pos: QPoint) -> None:
        from annotator.gui.panels.codebook_menu import CodebookMenu

        code = self.proxy.code(self.view.indexAt(pos))
        CodebookMenu(self, code).exec(self.view.viewport().mapToGlobal(pos))
