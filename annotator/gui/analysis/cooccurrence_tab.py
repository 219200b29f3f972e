"""Co-occurrence tab: the rule, a clickable heatmap and the passages behind a cell."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QScrollArea,
                               QSplitter, QVBoxLayout, QWidget)

from annotator.gui.analysis.heatmap import Heatmap
from annotator.gui.analysis.passages import PassageList
from annotator.services.analysis import AnalysisData, CooccurrenceMatrix, cooccurrence_passages

RULE_NAMES = (("overlap", "Overlapping codings"), ("paragraph", "Same paragraph"))
MAX_PASSAGES = 500


class CooccurrenceTab(QWidget):
    #: the rule or coder option changed; the owner recomputes (in the background)
    options_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: AnalysisData | None = None
        self.matrix: CooccurrenceMatrix | None = None
        self.rule = QComboBox()
        for key, label in RULE_NAMES:
            self.rule.addItem(label, key)
        self.same_coder = QCheckBox("Same coder only")
        self.same_coder.setChecked(True)
        self.same_coder.setToolTip("Pair only codings by the same coder (otherwise two coders "
                                   "coding one passage differently also count)")
        self.explain = QLabel()
        self.explain.setObjectName("muted")
        self.explain.setWordWrap(True)
        self.heatmap = Heatmap()
        self.passages = PassageList("Click a cell to list the passages where both codes occur.")
        scroll = QScrollArea()
        scroll.setWidget(self.heatmap)
        scroll.setWidgetResizable(False)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.split = split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(self.passages)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        self.scroll = scroll
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Co-occur when:"))
        bar.addWidget(self.rule)
        bar.addWidget(self.same_coder)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(bar)
        lay.addWidget(self.explain)
        lay.addWidget(split, 1)
        self.rule.currentIndexChanged.connect(lambda _: self.options_changed.emit())
        self.same_coder.toggled.connect(lambda _: self.options_changed.emit())
        self.heatmap.cell_clicked.connect(self.show_cell)

    def options(self) -> tuple[str, bool]:
        return str(self.rule.currentData()), self.same_coder.isChecked()

    def set_result(self, data: AnalysisData, matrix: CooccurrenceMatrix) -> None:
        self.data, self.matrix = data, matrix
        self.explain.setText(matrix.description)
        self.heatmap.set_matrix(matrix if len(matrix.codes) >= 2 else None)
        self.passages.set_passages([], "")
        self.scroll.setMinimumWidth(min(self.heatmap.sizeHint().width() + 24, 420))

    def show_cell(self, i: int, j: int) -> None:
        if self.data is None or self.matrix is None:
            return
        a, b = self.matrix.codes[i], self.matrix.codes[j]
        rule, same = self.options()
        found = cooccurrence_passages(self.data, a.uuid, b.uuid, rule, same_coder=same,
                                      limit=MAX_PASSAGES)
        count = self.matrix.counts[i][j]
        one = count == 1
        unit = (("pair" if one else "pairs") + " of codings" if rule == "overlap" and i != j
                else ("coding" if one else "codings") if rule == "overlap"
                else "paragraph" if one else "paragraphs")
        title = (a.path if i == j else f"{a.name} × {b.name}") + f": {count:,} {unit}"
        more = len(found) == MAX_PASSAGES
        self.passages.set_passages(found, title + (f" (first {MAX_PASSAGES} shown)" if more
                                                   else ""))
