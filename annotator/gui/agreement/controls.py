"""The choices of an agreement computation: coders, unit, statistics, codes, documents, rule."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from annotator.gui.agreement.widgets import CheckMenuButton
from annotator.services.agreement import (DEFAULT_STATISTICS, STAT_LABELS, STATISTICS, UNITS,
                                          AgreementRequest)
from annotator.services.project import Project

UNIT_TEXT = {"character": "Characters", "sentence": "Sentences", "paragraph": "Paragraphs",
             "section": "Report sections", "document": "Whole documents"}


class AgreementControls(QWidget):
    compute_requested = Signal()
    export_requested = Signal()

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.coders = CheckMenuButton("Coders", "choose two or more")
        self.stats = CheckMenuButton("Statistics", "choose at least one")
        self.documents = CheckMenuButton("Documents", "all shared")
        self.unit = QComboBox()
        for u in UNITS:
            self.unit.addItem(UNIT_TEXT[u], u)
        self.unit.setCurrentIndex(UNITS.index("paragraph"))
        self.codes = QComboBox()
        self.codes.setMinimumContentsLength(16)
        self.rule = QComboBox()
        self.rule.addItem("Present if touched", "any")
        self.rule.addItem("Present if ≥ half covered", "majority")
        self.rule.setToolTip("When does a code count as present in a unit?")
        self.ci = QCheckBox("95% intervals")
        self.ci.setToolTip("Seeded bootstrap over units (1000 replicates); takes longer")
        self.compute = QPushButton("Compute")
        self.compute.setDefault(True)
        self.export = QPushButton("Export matrix…")
        self.export.setToolTip("Save the units x coders matrix of every code as CSV, for "
                               "checking in R or SPSS")
        row1 = QHBoxLayout()
        for w in (self.coders, self.stats, self.documents):
            row1.addWidget(w)
        row1.addStretch(1)
        row1.addWidget(self.export)
        row1.addWidget(self.compute)
        row2 = QHBoxLayout()
        for label, w in (("Unit:", self.unit), ("Codes:", self.codes), ("Rule:", self.rule)):
            row2.addWidget(QLabel(label))
            row2.addWidget(w)
        row2.addWidget(self.ci)
        row2.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 4)
        lay.setSpacing(4)
        lay.addLayout(row1)
        lay.addLayout(row2)
        self.compute.clicked.connect(self.compute_requested)
        self.export.clicked.connect(self.export_requested)
        self.stats.set_items([(s, STAT_LABELS[s], s in DEFAULT_STATISTICS) for s in STATISTICS])
        self.refresh()

    def refresh(self) -> None:
        """Reload coders, codes and documents from the project (keeps the choices made)."""
        from annotator.services.codebook import codebook

        before = set(self.coders.checked())
        people = [c for c in self.project.coders() if not c.is_gold]
        if not before:
            before = {c.name for c in people[:2]}
        self.coders.set_items([(c.name, c.name, c.name in before) for c in people])
        chosen_docs = set(self.documents.checked())
        self.documents.set_items([(d.id, f"{d.id}  {d.title}", d.id in chosen_docs)
                                  for d in self.project.documents()])
        current = self.codes.currentData()
        self.codes.blockSignals(True)
        self.codes.clear()
        self.codes.addItem("All codes", None)
        book = codebook(self.project)
        for depth, node in book.walk_with_depth():
            self.codes.addItem("    " * depth + node.name, node.uuid)
        idx = self.codes.findData(current)
        self.codes.setCurrentIndex(max(idx, 0))
        self.codes.blockSignals(False)

    def request(self, **extra: object) -> AgreementRequest:
        """The request for the current choices (raises ValidationError when incomplete)."""
        code = self.codes.currentData()
        return AgreementRequest(
            tuple(str(c) for c in self.coders.checked()), unit=self.unit.currentData(),
            statistics=tuple(str(s) for s in self.stats.checked()),
            codes=(code,) if code else (), documents=tuple(int(str(d)) for d in
                                                         self.documents.checked()),
            rule=self.rule.currentData(), ci=self.ci.isChecked(), **extra)  # type: ignore[arg-type]

    def set_request(self, req: AgreementRequest) -> None:
        self.coders.set_checked(list(req.coders))
        self.stats.set_checked(list(req.statistics))
        self.documents.set_checked(list(req.documents))
        self.unit.setCurrentIndex(max(self.unit.findData(req.unit), 0))
        self.rule.setCurrentIndex(max(self.rule.findData(req.rule), 0))
        self.ci.setChecked(req.ci)
        if req.codes:
            self.codes.setCurrentIndex(max(self.codes.findData(req.codes[0]), 0))
