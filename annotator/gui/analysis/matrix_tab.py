"""Code x country / code x year tab: a shaded table; double-click a cell to see its passages."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from annotator.gui.analysis.heatmap import heat
from annotator.gui.analysis.tables import code_item, fill, number_item, table_view
from annotator.services.analysis import AnalysisData, CrossTab, code_crosstab
from annotator.services.analysis.crosstab import MISSING


class MatrixTab(QWidget):
    #: (code uuid, dimension, column label) of a double-clicked cell
    cell_opened = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: AnalysisData | None = None
        self.crosstab: CrossTab | None = None
        self.dimension = QComboBox()
        self.dimension.addItem("Code × country", "country")
        self.dimension.addItem("Code × year", "year")
        self.measure = QComboBox()
        self.measure.addItem("Codings", "codings")
        self.measure.addItem("Documents", "documents")
        self.rollup = QCheckBox("Include the codes below each code")
        self.rollup.setChecked(True)
        self.note = QLabel()
        self.note.setObjectName("muted")
        self.model = QStandardItemModel(self)
        self.table = table_view()
        self.table.setModel(self.model)
        self.table.doubleClicked.connect(self._open)
        bar = QHBoxLayout()
        for w in (self.dimension, QLabel("counting"), self.measure, self.rollup):
            bar.addWidget(w)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(bar)
        lay.addWidget(self.note)
        lay.addWidget(self.table, 1)
        for combo in (self.dimension, self.measure):
            combo.currentIndexChanged.connect(lambda _: self.refresh())
        self.rollup.toggled.connect(lambda _: self.refresh())

    def set_data(self, data: AnalysisData) -> None:
        self.data = data
        self.refresh()

    def refresh(self) -> None:
        if self.data is None:
            return
        x = code_crosstab(self.data, str(self.dimension.currentData()),
                          measure=str(self.measure.currentData()),
                          rollup=self.rollup.isChecked())
        self.crosstab = x
        # group rows (sums over their children) are shaded on their own scale, so they do not
        # wash out the codes below them
        peaks = {kind: max((v for i, row in enumerate(x.cells) if x.rows[i].codable is kind
                            for v in row), default=0) for kind in (True, False)}
        rows = [[code_item(code), *[number_item(v, heat(v, peaks[code.codable]) if v else None)
                                    for v in x.cells[i]], number_item(x.row_total(i))]
                for i, code in enumerate(x.rows)]
        heads = [f"{c}\n({n} doc{'s' if n != 1 else ''})"
                 for c, n in zip(x.columns, x.documents_per_column, strict=True)]
        fill(self.model, ["Code", *heads, "Total"], rows)
        what = "codings" if x.measure == "codings" else "documents with the code"
        self.note.setText(f"Cells count {what}; darker is more. Double-click a cell to list "
                          "its passages.")

    def _open(self, index: QModelIndex) -> None:
        x = self.crosstab
        if x is None or not 0 < index.column() <= len(x.columns):
            return
        column = x.columns[index.column() - 1]
        if column != MISSING:  # passages are filtered by a value, not by its absence
            self.cell_opened.emit(x.rows[index.row()].uuid, x.dimension, column)
