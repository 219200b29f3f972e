"""The app asks for a report's year after an import that could not find it (issue 12, #13)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QSpinBox

from tests.gui.gui_helpers import _restore_qt_app_state, build_project, open_app  # noqa: E402,F401

FIXTURES = Path(__file__).resolve().parents[1] / "services" / "importing" / "fixtures"


def test_a_document_without_a_year_is_asked_for_and_undoable(qtbot, tmp_path, open_app):
    app = open_app(build_project(tmp_path))
    note = tmp_path / "note.txt"
    note.write_text("Kazakhstan\n\nA paragraph about detention.\n", encoding="utf-8")
    page = FIXTURES / "state-gov-2023-russia-country-headline.html"
    task = app.import_files([str(note), str(page)])
    qtbot.waitUntil(lambda: task.is_done, timeout=30000)
    qtbot.waitUntil(lambda: getattr(app, "last_year_dialog", None) is not None, timeout=5000)
    dialog = app.last_year_dialog
    assert isinstance(dialog, QDialog) and dialog.isVisible()
    project = app.workbench.controller.project
    docs = {d.title: d for d in project.documents()}
    russia = docs["2023 Country Reports on Human Rights Practices: Russia"]
    assert russia.year == 2023  # found on the page: not asked
    boxes = dialog.findChildren(QSpinBox)
    assert [b.objectName() for b in boxes] == [f"year-{docs['note'].id}"]
    box = boxes[0]
    assert box.text() == "unknown"
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, "2021")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert project.document(str(docs["note"].id)).year == 2021
    app.workbench.controller.undo_stack.undo()
    assert project.document(str(docs["note"].id)).year is None


def test_nothing_is_asked_when_every_year_is_known(qtbot, tmp_path, open_app):
    app = open_app(build_project(tmp_path))
    page = FIXTURES / "state-gov-2023-kenya.html"
    task = app.import_files([str(page)])
    qtbot.waitUntil(lambda: task.is_done, timeout=30000)
    qtbot.waitUntil(lambda: hasattr(app, "last_year_dialog"), timeout=5000)
    assert app.last_year_dialog is None
