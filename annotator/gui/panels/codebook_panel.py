"""The codebook panel: filter box, code tree (colour, key, count), definition of the focused code.

Every edit goes through the codebook service commands via the controller, so it is one undo
step; the tree then follows the store through :class:`CodebookModel`'s in-place updates. While a
filter is typed the tree is swapped for a flattened list of matches (and their ancestors), which
keeps each keystroke cheap and leaves the tree's own expansion untouched.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QMenu, QPushButton, QSplitter, QStackedWidget, QTableView,
                               QToolButton, QTreeView, QVBoxLayout, QWidget)

from annotator.domain.changes import Changes
from annotator.domain.model import Code
from annotator.gui.controller import Controller
from annotator.gui.document_session import is_local
from annotator.gui.models.codebook_filter import CodebookMatches, IndentDelegate
from annotator.gui.models.codebook_model import CodebookModel
from annotator.gui.panels.code_details import CodeDetails
from annotator.services import workbench

EMPTY_HINT = ("No codes yet: add one, or start from a template "
              "(CIRI, UDHR, PTS, report outline).")


def _item_view_setup(view: QAbstractItemView) -> None:
    """What the tree and the filtered list share: drag-and-drop, editing, menus."""
    view.setDragEnabled(True)
    view.setAcceptDrops(True)
    view.setDropIndicatorShown(True)
    view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
    view.setDefaultDropAction(Qt.DropAction.MoveAction)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                         | QAbstractItemView.EditTrigger.SelectedClicked)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)


def _columns(header: QHeaderView) -> None:
    # resize modes apply to existing sections, so this runs once the model is in place
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
    header.resizeSection(1, 34)
    header.resizeSection(2, 62)
    header.setMinimumSectionSize(24)
    header.setHighlightSections(False)


class CodeTree(QTreeView):
    """The codebook tree: drag-and-drop of codes, drops of text selections."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _item_view_setup(self)
        self.setUniformRowHeights(True)
        self.setAnimated(False)
        self.setIndentation(16)
        self.setExpandsOnDoubleClick(False)

    def setModel(self, model) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().setModel(model)
        _columns(self.header())


class CodeList(QTableView):
    """The filtered, flattened codebook: a table (its layout cost does not grow with rows)
    that looks like the tree, indented by depth."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _item_view_setup(self)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.setItemDelegateForColumn(0, IndentDelegate(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def setModel(self, model) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().setModel(model)
        _columns(self.horizontalHeader())
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)

    def sync_row_height(self, tree: QTreeView) -> None:
        height = tree.sizeHintForRow(0) if tree.model() and tree.model().rowCount() else 0
        self.verticalHeader().setDefaultSectionSize(max(height, self.fontMetrics().height() + 4))


class CodebookPanel(QWidget):
    code_activated = Signal(str)  # double-click: apply this code to the selection
    current_code_changed = Signal(object)  # uuid or None
    codes_reloaded = Signal()
    apply_requested = Signal(str, int, int)  # a text selection dropped on a code

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = CodebookModel(self)
        self.matches = CodebookMatches(self.model, self)
        self.per_coder = False
        self._expanded_once = False
        self._user_sized = False
        self._focus: str | None = None  # last focused code, kept across filtering
        # filter row
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter codes…")
        self.filter.setClearButtonEnabled(True)
        self.count_button = QToolButton()
        self.count_button.setAutoRaise(True)
        self.count_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
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
        # the tree, and the flattened matches shown while filtering
        self.view = CodeTree()
        self.view.setModel(self.model)
        self.match_view = CodeList()
        self.match_view.setModel(self.matches)
        self.views = QStackedWidget()
        self.views.addWidget(self.view)
        self.views.addWidget(self.match_view)
        self.no_match = QLabel("No code matches the filter.")
        self.no_match.setObjectName("hint")
        self.no_match.hide()
        self.empty = self._empty_state()
        self.details = CodeDetails()
        self.details.setMinimumHeight(60)
        tree_page = QWidget()
        tl = QVBoxLayout(tree_page)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.setSpacing(0)
        tl.addLayout(top)
        tl.addWidget(self.views, 1)
        tl.addWidget(self.no_match)
        self.pages = QStackedWidget()
        self.pages.addWidget(tree_page)
        self.pages.addWidget(self.empty)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self.details)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.splitterMoved.connect(lambda *_: setattr(self, "_user_sized", True))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.splitter)
        self._filter_timer = _timer(self, self._apply_filter)
        self._counts_timer = _timer(self, self.reload_counts)
        self._prepare_timer = _timer(self, self.matches.prepare)
        self.filter.textChanged.connect(lambda _t: self._filter_timer.start())
        for view in (self.view, self.match_view):
            view.doubleClicked.connect(self._on_double_click)
            view.customContextMenuRequested.connect(self._context_menu)
            view.selectionModel().currentChanged.connect(self._on_current)
        self.model.rename_requested.connect(self.rename)
        self.model.move_requested.connect(self.move)
        self.model.apply_requested.connect(self.apply_requested)
        self.details.save_requested.connect(self.update_fields)
        #: who tells the open document (whose codings arrive as differences), if anyone
        self.delta_document: Callable[[], int | None] | None = None
        controller.changed.connect(self.on_changes)
        self._counted_mine: bool | None = None  # whose codings the counts were last made of
        controller.visibility_changed.connect(self._on_visibility)
        controller.coder_changed.connect(self.reload_counts)
        self.reload_codes()
        self.reload_counts()

    def _empty_state(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(16, 24, 16, 16)
        hint = QLabel(EMPTY_HINT)
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        self.empty_add = QPushButton("Add a code…")
        self.empty_template = QPushButton("Start from a template…")
        for widget in (hint, self.empty_add, self.empty_template):
            lay.addWidget(widget)
        lay.addStretch(1)
        return w

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().resizeEvent(event)
        if not self._user_sized:  # keep the definition pane modest until the user drags it
            details = min(180, max(100, self.height() // 4))
            self.splitter.setSizes([max(1, self.height() - details), details])

    # --- data -------------------------------------------------------------------------------
    def reload_codes(self) -> None:
        self.model.set_codes(workbench.codes(self.controller.project))
        empty = len(self.model) == 0
        self.pages.setCurrentIndex(1 if empty else 0)
        self.details.setVisible(not empty)
        if not self._expanded_once and len(self.model) <= 400:
            self.view.expandToDepth(0)
            self._expanded_once = True
        if self.filtering:
            self.matches.refresh()
        else:
            self._prepare_timer.start()  # ready for the first keystroke of a filter
        self._refresh_details()
        self.codes_reloaded.emit()

    def counts_for_me(self) -> bool:
        return self.per_coder or self.controller.blind

    def _on_visibility(self) -> None:
        """Hiding coders does not change the counts; blind mode does (it counts only mine)."""
        if self.counts_for_me() != self._counted_mine:
            self.reload_counts()

    def reload_counts(self) -> None:
        coder = self.controller.coder
        self._counted_mine = self.counts_for_me()
        mine = self.counts_for_me() and coder is not None
        self.model.set_counts(workbench.code_counts(self.controller.project,
                                                    coder.id if mine and coder else None))
        self.count_button.setText("Mine" if mine else "All")  # short: the tooltip explains
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
        if changes.codings and is_local(changes, self.local_document()):
            return  # the open document's session sends the differences (apply_count_deltas)
        if changes.codings or changes.codebook or changes.coders:
            self._counts_timer.start()  # coalesce a burst of commands into one count query

    def local_document(self) -> int | None:
        """The document whose codings arrive as differences (set by the workbench)."""
        return self.delta_document() if self.delta_document is not None else None

    def apply_count_deltas(self, deltas: list[tuple[int, int, int]]) -> None:
        """Follow codings added to or removed from codes without counting again."""
        coder = self.controller.coder
        mine = coder.id if self.counts_for_me() and coder is not None else None
        by_code: dict[int, int] = {}
        for code_id, coder_id, sign in deltas:
            if mine is None or coder_id == mine:
                by_code[code_id] = by_code.get(code_id, 0) + sign
        self.model.add_counts(by_code)

    # --- focus ------------------------------------------------------------------------------
    @property
    def filtering(self) -> bool:
        return bool(self.matches.text)

    def active_view(self) -> CodeTree | CodeList:
        return self.match_view if self.filtering else self.view

    def index_for_uuid(self, uuid: str, column: int = 0) -> QModelIndex:
        """The index of a code in the view that is showing (tree or filtered list)."""
        src = self.matches if self.filtering else self.model
        return src.index_for_uuid(uuid, column)

    def code_at(self, index: QModelIndex) -> Code | None:
        model = index.model()
        if model is self.matches:
            return self.matches.code(index)
        return self.model.code(index)

    def current_code(self) -> Code | None:
        return self.code_at(self.active_view().currentIndex())

    def current_uuid(self) -> str | None:
        code = self.current_code()
        return None if code is None else code.uuid

    def select_code(self, uuid: str | None) -> None:
        idx = self.index_for_uuid(uuid) if uuid else QModelIndex()
        if not idx.isValid():
            return
        view = self.active_view()
        parent = idx.parent()
        while parent.isValid() and view is self.view:
            view.expand(parent)
            parent = parent.parent()
        view.scrollTo(idx)
        view.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._refresh_details()
        code = self.code_at(current)
        if code is not None:
            self._focus = code.uuid
        self.current_code_changed.emit(None if code is None else code.uuid)

    def _refresh_details(self) -> None:
        code = self.current_code()
        fresh = None if code is None else self.model.code_by_uuid(code.uuid)
        self.details.show_code(fresh, self.model.path(fresh.uuid) if fresh else "")

    def _on_double_click(self, index: QModelIndex) -> None:
        code = self.code_at(index)
        if code is not None and code.codable:
            self.code_activated.emit(code.uuid)

    # --- filter -----------------------------------------------------------------------------
    def _apply_filter(self) -> None:
        current = self.current_uuid() or self._focus
        if not self.filtering:
            self.match_view.sync_row_height(self.view)
        self.matches.set_text(self.filter.text())
        self.views.setCurrentIndex(1 if self.filtering else 0)
        self.no_match.setVisible(self.filtering and self.matches.match_count == 0)
        if current is not None:
            self.select_code(current)

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
        uuid = str(out.result.uuid)
        self.select_code(uuid)
        return uuid

    def edit_name(self, uuid: str) -> None:
        """Start in-place renaming of a code."""
        self.select_code(uuid)
        self.active_view().edit(self.index_for_uuid(uuid))

    def _context_menu(self, pos: QPoint) -> None:
        from annotator.gui.panels.codebook_menu import CodebookMenu

        view = self.active_view()
        code = self.code_at(view.indexAt(pos))
        CodebookMenu(self, code).exec(view.viewport().mapToGlobal(pos))


def _timer(parent: QWidget, slot) -> QTimer:  # type: ignore[no-untyped-def]
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(slot)
    return timer
