"""File ▸ Export…: choose a format, a file and filters; the export runs off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QWidget)

from annotator.gui.dialogs.checklist import CheckList
from annotator.services.exporting.dispatch import FORMATS
from annotator.services.exporting.filters import ExportFilter

LABELS = {
    "codings-csv": ("Codings table (CSV)", ".csv"),
    "codings-xlsx": ("Codings table (Excel)", ".xlsx"),
    "matrix-code-document": ("Code × document counts (CSV)", ".csv"),
    "matrix-presence": ("Presence per paragraph × code (CSV)", ".csv"),
    "evidence": ("Country-year-right evidence table (CSV)", ".csv"),
    "qdpx": ("REFI-QDA project for NVivo, ATLAS.ti, MAXQDA, QualCoder (.qdpx)", ".qdpx"),
    "coded-html": ("Coded documents for reading (HTML)", ".html"),
    "coded-docx": ("Coded documents for reading (Word)", ".docx"),
    "report-html": ("Project report with charts and agreement (HTML)", ".html"),
}


class ExportDialog(QDialog):
    """Collects what to export; ``accepted_export(fmt, path, filter)`` when the user confirms."""

    accepted_export = Signal(str, str, object)

    def __init__(self, parent: QWidget | None, coders: list[str], project_name: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setMinimumWidth(560)
        self._project_name = project_name
        form = QFormLayout(self)
        self.format = QComboBox()
        for fmt in (*FORMATS, "report-html"):
            self.format.addItem(LABELS.get(fmt, (fmt, ""))[0], fmt)
        form.addRow("Format:", self.format)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setPlaceholderText("Choose where to save…")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow("Save to:", row)
        self.coders = CheckList(coders, checked=True, max_height=110)
        form.addRow("Coders:", self.coders)
        self.country = QLineEdit()
        self.country.setPlaceholderText("all countries")
        form.addRow("Country:", self.country)
        self.year = QLineEdit()
        self.year.setPlaceholderText("all years")
        form.addRow("Year:", self.year)
        self.gold_only = QCheckBox("Only the gold (adjudicated) layer")
        form.addRow("", self.gold_only)
        self.note = QLabel("Files are written completely or not at all.")
        self.note.setEnabled(False)
        form.addRow("", self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.format.currentIndexChanged.connect(self._suggest_name)
        self._suggest_name()

    def _suffix(self) -> str:
        return LABELS.get(self.format.currentData(), ("", ".csv"))[1]

    def _suggest_name(self) -> None:
        current = self.path.text().strip()
        name = f"{self._project_name}-{self.format.currentData()}{self._suffix()}"
        self.path.setText(str(Path(current).with_name(name)) if current else
                          str(Path.home() / name))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text(),
                                              f"*{self._suffix()}")
        if path:
            self.path.setText(path)

    def export_filter(self) -> ExportFilter:
        checked = self.coders.checked()
        coders = () if len(checked) == self.coders.count() else tuple(checked)
        year = self.year.text().strip()
        return ExportFilter(coders=coders, country=self.country.text().strip() or None,
                            year=int(year) if year.isdigit() else None,
                            gold_only=self.gold_only.isChecked())

    def _accept(self) -> None:
        if not self.path.text().strip():
            self.note.setText("Choose a file to save to.")
            self.note.setEnabled(True)
            return
        if self.year.text().strip() and not self.year.text().strip().isdigit():
            self.note.setText("The year must be a number, e.g. 2019.")
            self.note.setEnabled(True)
            return
        self.accepted_export.emit(self.format.currentData(), self.path.text().strip(),
                                  self.export_filter())
        self.accept()
