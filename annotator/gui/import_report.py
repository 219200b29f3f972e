"""Tell the user how an import went: a status message when all is well, a dialog otherwise."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

_MAX_ASKED = 20


class YearBox(QSpinBox):
    """A year, or "unknown" (the minimum). Typing replaces "unknown" (a plain spin box would
    append the digits to it and refuse them), and the first arrow step from "unknown" goes to
    a likely year instead of 1899."""

    def __init__(self, parent: QWidget, likely: int) -> None:
        super().__init__(parent)
        self.likely = likely

    def _unknown(self) -> bool:
        return self.value() == self.minimum()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        QTimer.singleShot(0, self, self.selectAll)  # after Qt places the cursor

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.text().isdigit() and self.lineEdit().text() == self.specialValueText():
            self.lineEdit().clear()
        super().keyPressEvent(event)

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt override
        if self._unknown() and steps > 0:
            self.setValue(self.likely)
            self.selectAll()
            return
        super().stepBy(steps)


def summarize(window: QMainWindow, report: Any) -> QMessageBox | None:
    n = len(report.imported)
    parts = [f"Imported {n} document{'s' if n != 1 else ''}"]
    if report.cancelled:
        parts.append("then stopped (cancelled)")
    text = ", ".join(parts) + "."
    problems = [*report.failed, *report.duplicates]
    if not problems and not report.warnings:
        window.statusBar().showMessage(text, 8000)
        return None
    box = QMessageBox(window)
    box.setWindowTitle("Import")
    box.setIcon(QMessageBox.Icon.Warning if problems else QMessageBox.Icon.Information)
    if problems:
        box.setText(f"{text} {len(problems)} file(s) were not imported.")
        box.setInformativeText("The other files were imported. Details below.")
    else:
        box.setText(text)
        box.setInformativeText("Some files gave warnings (see details).")
    lines = [reason for _f, reason in report.failed]
    lines += [reason for _f, reason in report.duplicates]
    lines += [f"{f}: {w}" for f, w in report.warnings]
    box.setDetailedText("\n".join(lines))
    box.open()
    return box


def ask_missing_years(window: QMainWindow, report: Any,
                      execute: Callable[[Any], Any]) -> QDialog | None:
    """After an import, ask for the year of each new document that did not say it (a document
    without a year drops out of every country-year table). One undo step for all answers."""
    from annotator.services.commands import Batch
    from annotator.services.document_meta import MAX_YEAR, MIN_YEAR, SetDocumentMeta

    missing = [d for d in report.imported if d.year is None][:_MAX_ASKED]
    if not missing:
        return None
    dialog = QDialog(window)
    dialog.setObjectName("missingYearsDialog")
    dialog.setWindowTitle("Report year")
    layout = QVBoxLayout(dialog)
    n = len(missing)
    intro = QLabel((f"{n} imported documents do not say their year." if n > 1 else
                    "The imported document does not say its year.") +
                   " Without one a document is left out of country-year tables. Type the "
                   "year, or leave \"unknown\".")
    intro.setWordWrap(True)
    layout.addWidget(intro)
    form = QFormLayout()
    boxes: dict[int, QSpinBox] = {}
    known = [d.year for d in report.imported if d.year is not None]
    likely = max(known) if known else datetime.date.today().year - 1  # last year's report
    for d in missing:
        box = YearBox(dialog, likely)
        box.setRange(MIN_YEAR - 1, MAX_YEAR)
        box.setSpecialValueText("unknown")  # shown for the minimum
        box.setValue(MIN_YEAR - 1)
        box.setObjectName(f"year-{d.id}")
        boxes[d.id] = box
        label = QLabel(d.title if len(d.title) <= 60 else d.title[:59] + "…")
        label.setToolTip(d.title)
        form.addRow(label, box)
    layout.addLayout(form)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Skip")
    layout.addWidget(buttons)

    def apply() -> None:
        commands = [SetDocumentMeta(doc_id, box.value()) for doc_id, box in boxes.items()
                    if box.value() >= MIN_YEAR]
        if commands:
            execute(Batch(list(commands), "set report years"))
        dialog.accept()

    buttons.accepted.connect(apply)
    buttons.rejected.connect(dialog.reject)
    dialog.open()
    return dialog
