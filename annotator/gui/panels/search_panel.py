"""Find across the project: keyword-in-context rows grouped by document; opening one jumps there.

The search runs on a worker thread (the first search folds every matching text), and a newer
query cancels the delivery of an older one.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QStandardItem, \
    QStandardItemModel, QTextDocument
from PySide6.QtWidgets import (QAbstractItemView, QLabel, QLineEdit, QStyle, QStyledItemDelegate,
                               QStyleOptionViewItem, QTreeView, QVBoxLayout, QWidget)

from annotator.gui.workers import Runner, Task
from annotator.services.project import Project, SearchHit

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2


class HtmlDelegate(QStyledItemDelegate):
    """Paints rows that carry rich text in HTML_ROLE (the match in bold)."""

    def paint(self, painter, option, index) -> None:  # type: ignore[no-untyped-def]
        markup = index.data(HTML_ROLE)
        if not markup:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = QTextDocument()
        doc.setDefaultFont(opt.font)
        doc.setDocumentMargin(1)
        doc.setHtml(markup)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        rect = opt.rect.adjusted(2, 2, -2, 0)
        painter.translate(rect.topLeft())
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # type: ignore[no-untyped-def]  # noqa: N802
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), 22))


def kwic_html(hit: SearchHit) -> str:
    before = hit.before[-60:].lstrip()
    return (f"<span style='color:gray'>…{html.escape(before)}</span><b>{html.escape(hit.match)}"
            f"</b><span style='color:gray'>{html.escape(hit.after[:60].rstrip())}…</span>")


class SearchPanel(QWidget):
    hit_activated = Signal(int, int, int)  # document id, start, end

    def __init__(self, project: Project, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.runner = runner
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find in all documents…")
        self.edit.setClearButtonEnabled(True)
        self.status = QLabel("Type a word or phrase; results show each hit in context.")
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.model = QStandardItemModel(self)
        self.view = QTreeView()
        self.view.setHeaderHidden(True)
        self.view.setModel(self.model)
        self.view.setItemDelegate(HtmlDelegate(self.view))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformRowHeights(True)
        self.view.setIndentation(12)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.edit)
        lay.addWidget(self.status)
        lay.addWidget(self.view, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(350)
        self._timer.timeout.connect(self.search)
        self.edit.textChanged.connect(lambda _t: self._timer.start())
        self.edit.returnPressed.connect(self.search)
        self.view.clicked.connect(self._open)
        self.view.activated.connect(self._open)
        self._task: Task | None = None
        self._query = ""

    def shutdown(self) -> None:
        """Forget a running search (its result may arrive after the panel is gone)."""
        if self._task is not None:
            self._task.cancel()
        self._task = None

    def focus_search(self, initial: str = "") -> None:
        if initial and "\n" not in initial and len(initial) < 200:
            self.edit.setText(initial)
        self.edit.setFocus()
        self.edit.selectAll()

    def search(self) -> None:
        self._timer.stop()
        query = self.edit.text().strip()
        if query == self._query and self._task is not None:
            return
        self._query = query
        if self._task is not None:
            self._task.cancel()
        if not query:
            self.model.clear()
            self.status.setText("Type a word or phrase; results show each hit in context.")
            return
        self.status.setText(f"Searching for “{query}”…")
        project = self.project
        task = self.runner.start(lambda _p, _c: project.search(query, context=70, limit=2000))
        self._task = task
        task.finished.connect(lambda hits, t=task, q=query: self._show(t, q, hits))
        task.failed.connect(lambda exc, _tb, t=task: self._failed(t, exc))

    def _failed(self, task: Task, exc: object) -> None:
        if task is self._task and not task.token.cancelled:
            self._task = None
            self.status.setText(f"Search failed: {exc}")

    def _show(self, task: Task, query: str, hits: list[SearchHit]) -> None:
        if task is not self._task or task.token.cancelled:
            return
        self._task = None
        self.model.clear()
        groups: dict[int, QStandardItem] = {}
        for hit in hits:
            group = groups.get(hit.document_id)
            if group is None:
                group = groups[hit.document_id] = QStandardItem(hit.title)
                group.setEditable(False)
                group.setData(hit, HIT_ROLE)
                self.model.appendRow(group)
            row = QStandardItem(f"{hit.before[-40:]}{hit.match}{hit.after[:40]}")
            row.setEditable(False)
            row.setData(hit, HIT_ROLE)
            row.setData(kwic_html(hit), HTML_ROLE)
            row.setToolTip(f"{hit.before}{hit.match}{hit.after}")
            group.appendRow(row)
        for group in groups.values():
            group.setText(f"{group.text()}  ({group.rowCount()})")
        self.view.expandAll()
        docs = len(groups)
        if not hits:
            self.status.setText(f"No document contains “{query}”.")
        else:
            more = " (first 2,000 shown)" if len(hits) >= 2000 else ""
            self.status.setText(f"{len(hits):,} hits in {docs} document{'s' if docs != 1 else ''}"
                                f"{more}")

    def _open(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if isinstance(hit, SearchHit):
            self.hit_activated.emit(hit.document_id, hit.start, hit.end)
