"""Frequencies tab: a table of counts per code and coder, and a bar chart of the same."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QHeaderView, QScrollArea, QSplitter,
                               QVBoxLayout, QWidget)

from annotator.gui.analysis.charts import BarGroup, GroupedBarChart
from annotator.gui.analysis.tables import code_item, fill, number_item, table_view
from annotator.services.analysis import FrequencyTable


class FrequenciesTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table_model = QStandardItemModel(self)
        self.table = table_view()
        self.table.setModel(self.table_model)
        self.chart = GroupedBarChart()
        self.rollup = QCheckBox("Chart: with codes below")
        self.rollup.setToolTip("Count each code's bars with the codings of the codes below it")
        self.rollup.toggled.connect(self._update_chart)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.rollup)
        top.addStretch(1)
        rl.addLayout(top)
        rl.addWidget(scroll, 1)
        split = self.split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(split)
        self.frequencies: FrequencyTable | None = None

    def set_frequencies(self, freq: FrequencyTable) -> None:
        self.frequencies = freq
        rows = [[code_item(r.code), *[number_item(r.own[c]) for c in freq.coders],
                 number_item(r.own_total), number_item(r.rolled_total),
                 number_item(r.rolled_documents)] for r in freq.used()]
        fill(self.table_model, ["Code", *freq.coders, "Total", "With codes below",
                                "Documents"], rows)
        self._update_chart()
        # long code names elide at 220 px so the counts stay in view in a narrow dock
        h = self.table.horizontalHeader()
        names = self.table.sizeHintForColumn(0)
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        h.resizeSection(0, min(names + 12, 220))
        wanted = sum(self.table.columnWidth(c) for c in range(self.table_model.columnCount()))
        # wide enough to read, narrow enough that the chart keeps its room in a bottom dock
        self.table.setMinimumWidth(min(wanted + 8, 340))
        total = max(self.split.width(), 600)  # the counts in view, the chart gets the rest
        left = min(wanted + 8, int(total * 0.6))
        self.split.setSizes([left, total - left])

    def _update_chart(self) -> None:
        freq = self.frequencies
        if freq is None:
            return
        rolled = self.rollup.isChecked()
        rows = freq.used() if rolled else [r for r in freq.rows if r.own_total]
        groups = [BarGroup(r.code.name, tuple((r.rolled if rolled else r.own)[c]
                                              for c in freq.coders), r.code.depth, r.code.path)
                  for r in rows]
        what = "with the codes below" if rolled else "of the code itself"
        self.chart.set_data(freq.coders, groups, f"Codings per coder ({what})")
