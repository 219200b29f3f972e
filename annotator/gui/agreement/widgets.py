"""Small widgets shared by the agreement tools: a drop-down list of check boxes, and the coder
pair matrix."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QListWidget, QListWidgetItem, QMenu, QTableWidget,
                               QTableWidgetItem, QToolButton, QVBoxLayout, QWidget,
                               QWidgetAction)

from annotator.gui.agreement import style
from annotator.services.agreement import STAT_LABELS, AgreementReport
from annotator.services.agreement.tables import fmt_value, pair_matrix


class CheckMenuButton(QToolButton):
    """A button whose menu is a list of check boxes; the button text summarises the choice."""

    changed = Signal()

    def __init__(self, title: str, empty_text: str = "none", parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.title, self.empty_text = title, empty_text
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.list.setMinimumWidth(220)
        menu = QMenu(self)
        act = QWidgetAction(menu)
        act.setDefaultWidget(self.list)
        menu.addAction(act)
        self.setMenu(menu)
        self.list.itemChanged.connect(self._on_changed)
        self._summarise()

    def set_items(self, items: Sequence[tuple[object, str, bool]]) -> None:
        """``(key, label, checked)`` per entry."""
        self.list.blockSignals(True)
        self.list.clear()
        for key, label, checked in items:
            it = QListWidgetItem(label)
            it.setData(Qt.ItemDataRole.UserRole, key)
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.list.addItem(it)
        self.list.blockSignals(False)
        rows = min(self.list.count(), 14)
        self.list.setFixedHeight(max(rows, 1) * (self.list.sizeHintForRow(0) or 20) + 6)
        self._summarise()

    def checked(self) -> list[object]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, keys: Sequence[object]) -> None:
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            it = self.list.item(i)
            on = it.data(Qt.ItemDataRole.UserRole) in keys
            it.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._summarise()
        self.changed.emit()

    def _on_changed(self, _item: QListWidgetItem) -> None:
        self._summarise()
        self.changed.emit()

    def _summarise(self) -> None:
        labels = [self.list.item(i).text() for i in range(self.list.count())
                  if self.list.item(i).checkState() == Qt.CheckState.Checked]
        summary = ", ".join(labels) if labels else self.empty_text
        if len(summary) > 38:
            summary = f"{len(labels)} chosen"
        self.setText(f"{self.title}: {summary}")
        self.setToolTip("\n".join(labels) or self.empty_text)


class PairMatrix(QWidget):
    """Coders x coders table of one statistic, graded like the main table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: AgreementReport | None = None
        self.stat = QComboBox()
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.note = QLabel()
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("Statistic:"))
        top.addWidget(self.stat, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.note)
        self.stat.currentIndexChanged.connect(self._fill)

    def set_report(self, report: AgreementReport | None) -> None:
        self.report = report
        self.stat.blockSignals(True)
        self.stat.clear()
        if report is not None and report.pairwise:
            for s in report.statistics:
                if any(s in r.results for r in report.pairwise):
                    self.stat.addItem(STAT_LABELS[s], s)
        self.stat.blockSignals(False)
        self._fill()

    def _fill(self) -> None:
        rep = self.report
        self.table.clear()
        if rep is None or not rep.pairwise or self.stat.count() == 0:
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self.note.setText("The coder matrix appears when three or more coders are compared.")
            return
        stat = self.stat.currentData()
        coders, mat = pair_matrix(rep, stat)
        self.table.setRowCount(len(coders))
        self.table.setColumnCount(len(coders))
        self.table.setHorizontalHeaderLabels(coders)
        self.table.setVerticalHeaderLabels(coders)
        for i, row in enumerate(mat):
            for j, v in enumerate(row):
                it = QTableWidgetItem("" if i == j else fmt_value(v))
                it.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                color = style.fill(v, stat) if i != j else None
                if color is not None:
                    it.setBackground(QBrush(color))
                self.table.setItem(i, j, it)
        self.note.setText("Each cell compares two coders on every code pooled (two-coder forms: "
                          "Cohen's kappa, Scott's pi).")
