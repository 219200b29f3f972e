"""The Series tab beside Documents: each country's editions by year, with the coded share and
the pending proposals per edition. Double-click opens an edition; the context menu carries
codings forward, shows what changed, and links or unlinks a document by hand."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (QHeaderView, QMenu, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from annotator.services.series import Series

ROLE_DOC = Qt.ItemDataRole.UserRole
ROLE_KEY = Qt.ItemDataRole.UserRole + 1


class SeriesPanel(QWidget):
    document_activated = Signal(int)
    carry_requested = Signal(int)  # into this document
    changes_requested = Signal(int)  # since the previous edition of this document
    unlink_requested = Signal(int)
    link_requested = Signal(int)  # link this document to the open one's series

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("seriesPanel")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Series / year", "Coded", "Pending"])
        head = self.tree.headerItem()
        head.setToolTip(0, "Each country's editions (same country and source), by year")
        head.setToolTip(1, "Share of the edition's text covered by at least one coding")
        head.setToolTip(2, "Proposed codings (carried forward or suggested) waiting for review")
        header = self.tree.header()
        header.setStretchLastSection(False)  # the name column takes the room, not "Pending"
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
            head.setTextAlignment(col, Qt.AlignmentFlag.AlignRight)
        self.tree.setRootIsDecorated(True)
        self._filled = False
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemDoubleClicked.connect(self._activated)
        lay.addWidget(self.tree)
        self._current: int | None = None

    def set_series(self, series: list[Series]) -> None:
        expanded = {self.tree.topLevelItem(i).data(0, ROLE_KEY)
                    for i in range(self.tree.topLevelItemCount())
                    if self.tree.topLevelItem(i).isExpanded()}
        first = not self._filled  # the first time, open every series (few are typical)
        self._filled = self._filled or bool(series)
        self.tree.clear()
        for s in series:
            pending = sum(e.pending for e in s.editions)
            top = QTreeWidgetItem([f"{s.country or s.key} ({len(s.editions)})", "",
                                   str(pending) if pending else ""])
            top.setData(0, ROLE_KEY, s.key)
            top.setToolTip(0, f"{s.country or s.key} ({s.source})" if s.source else s.key)
            top.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for e in s.editions:
                kid = QTreeWidgetItem([str(e.year or "—") + (" (linked)" if e.linked_by_hand
                                                             else ""),
                                       f"{e.coded_share:.0%}", str(e.pending) if e.pending
                                       else ""])
                kid.setData(0, ROLE_DOC, e.document_id)
                kid.setToolTip(0, e.title)
                for col in (1, 2):
                    kid.setTextAlignment(col, Qt.AlignmentFlag.AlignRight
                                         | Qt.AlignmentFlag.AlignVCenter)
                top.addChild(kid)
            self.tree.addTopLevelItem(top)
            top.setExpanded(first or s.key in expanded)
        self.set_current(self._current)

    def set_current(self, document_id: int | None) -> None:
        """Show the open document's edition in bold (and its series open)."""
        self._current = document_id
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for k in range(top.childCount()):
                kid = top.child(k)
                font = kid.font(0)
                font.setBold(kid.data(0, ROLE_DOC) == document_id)
                kid.setFont(0, font)

    def clear_current(self) -> None:
        self.set_current(None)

    def item_for(self, document_id: int) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for k in range(top.childCount()):
                if top.child(k).data(0, ROLE_DOC) == document_id:
                    return top.child(k)
        return None

    def _activated(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        doc = item.data(0, ROLE_DOC)
        if doc is not None:
            self.document_activated.emit(int(doc))

    def _menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        doc = item.data(0, ROLE_DOC) if item is not None else None
        if doc is None:
            return
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.document_activated.emit(int(doc)))
        menu.addAction("Carry Forward into This Edition…",
                       lambda: self.carry_requested.emit(int(doc)))
        menu.addAction("What Changed Since the Previous Edition…",
                       lambda: self.changes_requested.emit(int(doc)))
        menu.addSeparator()
        link = menu.addAction("Link to the Open Document's Series",
                              lambda: self.link_requested.emit(int(doc)))
        link.setEnabled(self._current is not None and self._current != doc)
        menu.addAction("Unlink from Series", lambda: self.unlink_requested.emit(int(doc)))
        menu.exec(self.tree.viewport().mapToGlobal(pos))
