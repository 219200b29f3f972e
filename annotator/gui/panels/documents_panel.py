"""Project navigator: documents grouped by country, then year; filter-as-you-type."""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QLabel, QLineEdit, QPushButton, QStackedWidget,
                               QTreeView, QVBoxLayout, QWidget)

from annotator.domain.model import DocumentInfo

DOC_ROLE = Qt.ItemDataRole.UserRole + 1
BASE_LABEL_ROLE = Qt.ItemDataRole.UserRole + 2  # the label without its badge
OTHER = "Other documents"


_REPORT_PREFIX = re.compile(r"^\s*(\d{4}\s+)?Country Reports? on Human Rights Practices\s*:?\s*",
                            re.IGNORECASE)
#: the State Department's own short title of the Country Reports
REPORT_SHORT = "Human Rights Report"


def compact_title(title: str) -> str:
    """"2019 Country Reports on Human Rights Practices: Kazakhstan" → "Kazakhstan 2019" (for
    narrow columns); other titles unchanged."""
    m = re.match(r"^\s*(\d{4})\s+Country Reports? on Human Rights Practices\s*:\s*(.+)$", title,
                 re.IGNORECASE)
    return f"{m.group(2).strip()} {m.group(1)}" if m else title


def short_title(doc: DocumentInfo) -> str:
    """The title without what the tree already says (country, year); the Country Reports'
    long series name becomes their short title."""
    title = doc.title.strip()
    m = _REPORT_PREFIX.match(title)
    if m:
        title = REPORT_SHORT + " " + title[m.end():]
    for known in (doc.country, str(doc.year) if doc.year else None):
        if known:
            title = re.sub(rf"(^|[\s:,–—-]+){re.escape(known)}(?=$|[\s:,)–—-])", " ", title,
                           flags=re.IGNORECASE)
    title = re.sub(r"\s+", " ", title).strip(" :,–—-")
    return title


def leaf_label(doc: DocumentInfo, shared_year: bool = False) -> str:
    """Year and report title ("2019 · Human Rights Report"); the year alone when the title says
    nothing more, or the source file when another document of the year shares it."""
    if doc.year is None or not doc.country:
        return doc.title
    rest = short_title(doc)
    if not rest:
        return f"{doc.year} · {doc.source_name}" if shared_year else str(doc.year)
    return f"{doc.year} · {rest}"


class DocumentsPanel(QWidget):
    document_activated = Signal(int)
    import_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QStandardItemModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setAutoAcceptChildRows(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterRole(Qt.ItemDataRole.ToolTipRole)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter documents…")
        self.filter.setClearButtonEnabled(True)
        self.view = QTreeView()
        self.view.setHeaderHidden(True)
        self.view.setModel(self.proxy)
        self.view.setUniformRowHeights(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setIndentation(14)
        # a narrow dock cuts the middle of a long label, never its end: the year comes first
        # and a badge ("· 12 proposed") last, and both must stay readable
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.empty = QWidget()
        el = QVBoxLayout(self.empty)
        hint = QLabel("No documents yet: import country reports (text, HTML, Word, PDF).")
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        self.import_button = QPushButton("Import documents…")
        self.import_button.clicked.connect(self.import_requested)
        el.addWidget(hint)
        el.addWidget(self.import_button)
        el.addStretch(1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.empty)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        top = QVBoxLayout()
        top.setContentsMargins(6, 6, 6, 4)
        top.addWidget(self.filter)
        lay.addLayout(top)
        lay.addWidget(self.pages, 1)
        self.filter.textChanged.connect(self._on_filter)
        self.view.clicked.connect(self._on_click)
        self.view.activated.connect(self._on_click)
        self._items: dict[int, QStandardItem] = {}
        self._current: int | None = None
        #: per document, a note after its label (e.g. "· 12 proposals"); see set_badges
        self._badges: dict[int, str] = {}

    def set_documents(self, docs: list[DocumentInfo]) -> None:
        """Rebuild the (small) tree, keeping which countries were expanded."""
        expanded = {self.proxy.index(r, 0).data() for r in range(self.proxy.rowCount())
                    if self.view.isExpanded(self.proxy.index(r, 0))}
        first = not self._items
        self.model.clear()
        self._items = {}
        groups: dict[str, list[DocumentInfo]] = defaultdict(list)
        for d in docs:
            groups[d.country or OTHER].append(d)
        bold = QFont()
        bold.setWeight(QFont.Weight.DemiBold)
        for country in sorted(groups, key=lambda c: (c == OTHER, c.casefold())):
            members = sorted(groups[country], key=lambda d: (d.year or 0, d.title.casefold()))
            group = QStandardItem(f"{country}")
            group.setFont(bold)
            group.setEditable(False)
            group.setSelectable(False)
            group.setToolTip(f"{country} ({len(members)} document{'s' if len(members) != 1 else ''})")
            years = defaultdict(int)
            for d in members:
                years[d.year] += 1
            labels = [leaf_label(d, years[d.year] > 1) for d in members]
            seen = defaultdict(int)
            for label in labels:
                seen[label] += 1
            for d, label in zip(members, labels, strict=True):
                if seen[label] > 1:  # two documents would read the same
                    label = f"{label} · {d.source_name}"
                item = QStandardItem(label + self._badges.get(d.id, ""))
                item.setEditable(False)
                item.setData(d.id, DOC_ROLE)
                item.setData(label, BASE_LABEL_ROLE)
                item.setToolTip(f"{d.title}\n{d.source_name} · {d.chars:,} characters")
                group.appendRow(item)
                self._items[d.id] = item
            self.model.appendRow(group)
        self.pages.setCurrentIndex(1 if not docs else 0)
        for r in range(self.proxy.rowCount()):
            idx = self.proxy.index(r, 0)
            if first or idx.data() in expanded or self.filter.text():
                self.view.expand(idx)
        self.mark_current(self._current)

    def set_badges(self, badges: dict[int, str]) -> None:
        """A short note after each listed document's label (pending proposals), kept across
        rebuilds."""
        self._badges = dict(badges)
        for did, item in self._items.items():
            base = item.data(BASE_LABEL_ROLE) or item.text()
            item.setText(base + self._badges.get(did, ""))

    def mark_current(self, document_id: int | None) -> None:
        self._current = document_id
        for did, item in self._items.items():
            f = item.font()
            f.setWeight(QFont.Weight.Bold if did == document_id else QFont.Weight.Normal)
            item.setFont(f)
        item = self._items.get(document_id) if document_id is not None else None
        if item is not None:
            idx = self.proxy.mapFromSource(item.index())
            if idx.isValid():
                self.view.setCurrentIndex(idx)
                self.view.scrollTo(idx)

    def _on_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if text.strip():
            self.view.expandAll()

    def _on_click(self, index: QModelIndex) -> None:
        did = index.data(DOC_ROLE)
        if did is not None:
            self.document_activated.emit(int(did))
