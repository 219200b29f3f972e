"""Tell the user how an import went: a status message when all is well, a dialog otherwise."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMainWindow, QMessageBox


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
