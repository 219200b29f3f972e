"""Coders ▸ Assign Documents for Double Coding…: a seeded random sample (or the chosen
documents) for two or more coders, blind until each marks a document done."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QSpinBox, QWidget)

from annotator.gui.dialogs.checklist import CheckList


class AssignDialog(QDialog):
    """``assign_requested(coders, sample, seed, blind)`` when the user confirms."""

    assign_requested = Signal(list, int, int, bool)

    def __init__(self, parent: QWidget | None, coders: list[str], documents: int) -> None:
        super().__init__(parent)
        self.setWindowTitle("Assign documents for double coding")
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        intro = QLabel("Each chosen coder codes the same sample of documents independently. "
                       "With blind coding on, nobody sees the others' codings in a document "
                       "until they mark it done (Coders ▸ Mark Document Done).")
        intro.setWordWrap(True)
        form.addRow(intro)
        self.coders = CheckList(coders, checked=False, max_height=120)
        form.addRow("Coders:", self.coders)
        self.new_coder = QLineEdit()
        self.new_coder.setPlaceholderText("add coders by name, comma-separated (optional)")
        form.addRow("", self.new_coder)
        self.sample = QSpinBox()
        self.sample.setRange(1, max(1, documents))
        self.sample.setValue(max(1, min(documents, max(1, documents // 5))))
        self.sample.setSuffix(f" of {documents} documents")
        form.addRow("Sample:", self.sample)
        self.seed = QSpinBox()
        self.seed.setRange(0, 1_000_000)
        self.seed.setToolTip("The same seed draws the same sample (reproducible).")
        form.addRow("Random seed:", self.seed)
        self.blind = QCheckBox("Blind coding (recommended)")
        self.blind.setChecked(True)
        form.addRow("", self.blind)
        self.note = QLabel("")
        form.addRow(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Assign")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen_coders(self) -> list[str]:
        names = self.coders.checked()
        names += [n.strip() for n in self.new_coder.text().split(",") if n.strip()]
        return list(dict.fromkeys(names))

    def _accept(self) -> None:
        coders = self.chosen_coders()
        if len(coders) < 2:
            self.note.setText("Choose at least two coders.")
            return
        self.assign_requested.emit(coders, self.sample.value(), self.seed.value(),
                                   self.blind.isChecked())
        self.accept()
