"""Outline of the open document: sections from the import; inferred headings marked "?"."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QInputDialog, QLabel, QLineEdit, QMenu,
                               QStackedWidget, QTreeView, QVBoxLayout, QWidget)

from annotator.domain.model import Segment
from annotator.gui.models.codings_model import Sections

SEG_ROLE = Qt.ItemDataRole.UserRole + 1
INFERRED_TIP = ("Heading inferred by the importer (the source did not mark it). "
                "Right-click to confirm or correct it.")


def heading_label(seg: Segment) -> str:
    text = seg.title if not seg.path or seg.title.startswith(seg.path) else \
        f"{seg.path}  {seg.title}"
    return f"{text}  ?" if seg.inferred else text


class OutlinePanel(QWidget):
    section_activated = Signal(int, int)  # start, end
    confirm_requested = Signal(str, object)  # segment path, new title or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QStandardItemModel(self)
        self.view = QTreeView()
        self.view.setHeaderHidden(True)
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setIndentation(14)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.hint = QLabel("Open a document to see its sections.")
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.hint)
        self.pages.setCurrentIndex(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.pages)
        self.view.clicked.connect(self._on_click)
        self.view.activated.connect(self._on_click)
        self.view.customContextMenuRequested.connect(self._menu)
        self._items: dict[str, QStandardItem] = {}
        self._sections = Sections([])

    def set_outline(self, outline: list[Segment] | None) -> None:
        self.model.clear()
        self._items = {}
        self._sections = Sections(outline or [])
        if outline is None:
            self.hint.setText("Open a document to see its sections.")
            self.pages.setCurrentIndex(1)
            return
        if not outline:
            self.hint.setText("No sections were found in this document.")
            self.pages.setCurrentIndex(1)
            return
        stack: list[tuple[int, QStandardItem]] = []
        for seg in sorted(outline, key=lambda s: (s.start, s.level)):
            while stack and stack[-1][0] >= seg.level:
                stack.pop()
            item = QStandardItem(heading_label(seg))
            item.setEditable(False)
            item.setData(seg, SEG_ROLE)
            item.setToolTip(INFERRED_TIP if seg.inferred else seg.title)
            if seg.inferred:
                f = QFont()
                f.setItalic(True)
                item.setFont(f)
            (stack[-1][1] if stack else self.model.invisibleRootItem()).appendRow(item)
            self._items.setdefault(seg.path, item)
            stack.append((seg.level, item))
        self.view.expandToDepth(0)
        self.pages.setCurrentIndex(0)

    def mark_position(self, pos: int) -> None:
        """Highlight the section that holds ``pos`` (the top of the visible text)."""
        seg = self._sections.at(pos)
        item = self._items.get(seg.path) if seg else None
        if item is not None and self.view.currentIndex() != item.index():
            self.view.setCurrentIndex(item.index())
            self.view.scrollTo(item.index(), QAbstractItemView.ScrollHint.EnsureVisible)

    def segment(self, index: QModelIndex) -> Segment | None:
        seg = index.data(SEG_ROLE)
        return seg if isinstance(seg, Segment) else None

    def _on_click(self, index: QModelIndex) -> None:
        seg = self.segment(index)
        if seg is not None:
            self.section_activated.emit(seg.start, seg.end)

    def _menu(self, pos: QPoint) -> None:
        seg = self.segment(self.view.indexAt(pos))
        if seg is None:
            return
        menu = QMenu(self)
        menu.addAction("&Go to Section", lambda: self.section_activated.emit(seg.start, seg.end))
        menu.addSeparator()
        confirm = menu.addAction("&Confirm Heading",
                                 lambda: self.confirm_requested.emit(seg.path, None))
        confirm.setEnabled(seg.inferred)
        menu.addAction("&Rename Heading…", lambda: self.prompt_rename(seg))
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def prompt_rename(self, seg: Segment) -> None:
        title, ok = QInputDialog.getText(self, "Rename heading", f"Title of section {seg.path}:",
                                         QLineEdit.EchoMode.Normal, seg.title)
        if ok and title.strip():
            self.confirm_requested.emit(seg.path, title.strip())
