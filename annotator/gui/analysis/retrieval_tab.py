"""Retrieval tab: every passage of a code subtree, filtered by coder, country and year."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from annotator.gui.analysis.passages import PassageList
from annotator.gui.flow_layout import FlowLayout
from annotator.services.analysis import AnalysisData, Passage, retrieve_from

ALL = "All"


class RetrievalTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: AnalysisData | None = None
        self.code = QComboBox()
        self.code.setMinimumContentsLength(28)
        self.code.setToolTip("The code and every code below it")
        self.coder = QComboBox()
        self.country = QComboBox()
        self.year = QComboBox()
        self.passages = PassageList("Choose a code to list its passages.")
        self.jump_requested = self.passages.jump_requested
        filters = QWidget()
        bar = FlowLayout(filters)  # wraps in a narrow dock instead of widening it
        for label, combo in (("Code", self.code), ("Coder", self.coder),
                             ("Country", self.country), ("Year", self.year)):
            pair = QWidget()
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(QLabel(label))
            row.addWidget(combo)
            bar.addWidget(pair)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(filters)
        lay.addWidget(self.passages, 1)
        self._filling = False
        for combo in (self.code, self.coder, self.country, self.year):
            combo.currentIndexChanged.connect(lambda _: self.refresh())

    def set_data(self, data: AnalysisData) -> None:
        """Fill the pickers from the loaded selection (keeping the choices that still exist)."""
        keep = (self.code.currentData(), self.coder.currentText(), self.country.currentText(),
                self.year.currentText())
        self._filling = True
        self.data = data
        self.code.clear()
        for cid in data.code_order:
            ref = data.ref(cid)
            self.code.addItem("    " * ref.depth + ref.name, ref.uuid)
            self.code.setItemData(self.code.count() - 1, ref.path,
                                 Qt.ItemDataRole.ToolTipRole)
        self._fill(self.coder, data.coder_names)
        self._fill(self.country, sorted({d.country for d in data.documents if d.country},
                                        key=str.casefold))
        self._fill(self.year, [str(y) for y in sorted({d.year for d in data.documents
                                                       if d.year is not None})])
        self._restore(self.code, keep[0], by_data=True)
        for combo, text in zip((self.coder, self.country, self.year), keep[1:], strict=True):
            self._restore(combo, text)
        self._filling = False
        self.refresh()

    @staticmethod
    def _fill(combo: QComboBox, values: list[str]) -> None:
        combo.clear()
        combo.addItem(ALL)
        combo.addItems(values)

    @staticmethod
    def _restore(combo: QComboBox, value: object, by_data: bool = False) -> None:
        i = combo.findData(value) if by_data else combo.findText(str(value))
        if i >= 0:
            combo.setCurrentIndex(i)

    def choose(self, code_uuid: str, *, coder: str = ALL, country: str = ALL,
               year: str = ALL) -> None:
        """Set every filter at once (e.g. from a matrix cell) and list the passages."""
        self._filling = True
        self._restore(self.code, code_uuid, by_data=True)
        for combo, value in ((self.coder, coder), (self.country, country), (self.year, year)):
            i = combo.findText(value)
            combo.setCurrentIndex(i if i >= 0 else 0)
        self._filling = False
        self.refresh()

    def _value(self, combo: QComboBox) -> str | None:
        text = combo.currentText()
        return None if text in ("", ALL) else text

    def refresh(self) -> list[Passage]:
        if self._filling or self.data is None or self.code.currentData() is None:
            return []
        coder, country, year = (self._value(c) for c in (self.coder, self.country, self.year))
        found = retrieve_from(self.data, str(self.code.currentData()),
                              coders=[coder] if coder else (), country=country,
                              year=int(year) if year else None)
        where = " · ".join(x for x in (coder, country, year) if x)
        name = self.code.currentText().strip()
        self.passages.set_passages(found, f"{name} and below" + (f" · {where}" if where else ""))
        return found
