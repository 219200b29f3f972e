"""Coding ▸ Carry Forward from Previous Edition…: choose the older edition, whose codings
(yours, another coder's, or the gold standard; in blind mode only yours), the minimum
similarity across edited sentences, and whether to accept the exact carries at once."""

from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox,
                               QFormLayout, QLabel, QWidget)

from annotator.domain.model import Coder, DocumentInfo


class CarryDialog(QDialog):
    def __init__(self, parent: QWidget | None, new: DocumentInfo,
                 candidates: list[DocumentInfo], previous: DocumentInfo | None,
                 coders: list[Coder], me: Coder | None, blind: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle("Carry Forward from Previous Edition")
        self.setObjectName("carryDialog")
        form = QFormLayout(self)
        form.addRow(QLabel(f"Into: <b>{new.title}</b>"))
        self.old = QComboBox()
        for d in candidates:
            year = str(d.year or "—")
            self.old.addItem(d.title if year in d.title else f"{year}  {d.title}", d.id)
        if previous is not None:
            self.old.setCurrentIndex(max(0, self.old.findData(previous.id)))
        form.addRow("From edition:", self.old)
        self.coder = QComboBox()
        for c in coders:
            if blind and (me is None or c.id != me.id):
                continue  # blind: only your own codings
            label = "Gold standard" if c.is_gold else c.name + (" (you)" if me and
                                                                  c.id == me.id else "")
            self.coder.addItem(label, c.name)
        if me is not None:
            self.coder.setCurrentIndex(max(0, self.coder.findData(me.name)))
        form.addRow("Codings of:", self.coder)
        self.min_similarity = QDoubleSpinBox()
        self.min_similarity.setRange(0.0, 1.0)
        self.min_similarity.setSingleStep(0.05)
        self.min_similarity.setValue(0.85)
        self.min_similarity.setToolTip("An edited sentence carries its codings when it is at "
                                       "least this similar to last year's (1.0: identical)")
        form.addRow("Minimum similarity (edited sentences):", self.min_similarity)
        self.accept_same = QCheckBox("Accept the exact carries at once (one undo step)")
        form.addRow(self.accept_same)
        info = QLabel("Carried codings arrive as proposals, drawn with a dashed underline, "
                      "and count nowhere until you accept them: F9 goes to the next one, Enter "
                      "accepts, Del rejects, Ctrl+Z undoes.")
        info.setWordWrap(True)
        info.setObjectName("carryInfo")
        form.addRow(info)
        if blind:
            form.addRow(QLabel("Blind mode: you may carry forward only your own codings."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Carry Forward")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> tuple[int, str, float, bool]:
        """(old document id, coder name, minimum similarity, accept exact)."""
        return (int(self.old.currentData()), str(self.coder.currentData()),
                float(self.min_similarity.value()), self.accept_same.isChecked())
