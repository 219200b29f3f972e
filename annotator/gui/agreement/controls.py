"""The choices of an agreement computation: coders, unit, statistics, codes, documents, rule."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from annotator.gui.agreement.widgets import CheckMenuButton
from annotator.gui.flow_layout import FlowLayout
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
        self.codes.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
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
        # one flowing row: in a narrow dock the controls wrap instead of being clipped
        lay = FlowLayout(self, spacing=6)
        lay.setContentsMargins(8, 8, 8, 4)
        for w in (self.coders, self.stats, self.documents):
            lay.addWidget(w)
        for label, w in (("Unit:", self.unit), ("Codes:", self.codes), ("Rule:", self.rule)):
            pair = QWidget()
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(4)
            row.addWidget(QLabel(label))
            row.addWidget(w)
            lay.addWidget(pair)
        for w in (self.ci, self.export, self.compute):
            lay.addWidget(w)
        self.compute.clicked.connect(self.compute_requested)
        self.export.clicked.connect(self.export_requested)
        self.stats.set_items([(s, STAT_LABELS[s], s in DEFAULT_STATISTICS) for s in STATISTICS])
        self.refresh()

    def refresh(self) -> None:
        """Reload coders, codes and documents from the project (keeps the choices made)."""
        from annotator.services.codebook import codebook

        before = set(self.coders.checked())
        people = self.project.coders()  # gold and model coders can be compared too
        if not before:
            from annotator.services.agreement.defaults import default_coders

            before = set(default_coders(self.project))
        self.coders.set_items([(c.name, _coder_label(c), c.name in before) for c in people])
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


def _coder_label(coder: object) -> str:
    """A coder's name, marked when it is the gold standard or a model (a pseudo-coder)."""
    name = str(getattr(coder, "name", ""))
    if getattr(coder, "is_gold", False):
        return f"{name} (gold)"
    if getattr(coder, "kind", "person") == "model":
        return f"{name} (model)"
    return name
