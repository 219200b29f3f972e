"""File menu on an open project: Export… writes the chosen format; the team dialogs open."""

from __future__ import annotations

import csv

from tests.gui.gui_helpers import (ASTRAL_TEXT, PHRASE, _restore_qt_app_state, build_project,  # noqa: E402,F401
                         open_app)


def test_export_dialog_writes_codings_csv(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    from annotator.gui.dialogs.export_dialog import ExportDialog

    built = build_project(tmp_path)
    app = open_app(built)
    wb = app.workbench
    wb.open_document(built.docs["astral"])
    start = ASTRAL_TEXT.index(PHRASE)
    wb.view.select(start, start + len(PHRASE))
    assert wb.ops.apply_code(built.codes["Detention"]) is not None
    wb.window.actions_.export.trigger()
    dialog = wb.export_dialog
    assert isinstance(dialog, ExportDialog)
    out = tmp_path / "out.csv"
    dialog.format.setCurrentIndex(dialog.format.findData("codings-csv"))
    dialog.path.setText(str(out))
    dialog._accept()
    qtbot.waitUntil(out.exists, timeout=10000)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 1
    row = rows[0]
    assert int(row["start"]) == start and int(row["end"]) == start + len(PHRASE)


def test_export_dialog_refuses_a_bad_year(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    built = build_project(tmp_path)
    app = open_app(built)
    wb = app.workbench
    wb.window.actions_.export.trigger()
    dialog = wb.export_dialog
    dialog.year.setText("twenty")
    dialog._accept()
    assert dialog.isVisible() and "number" in dialog.note.text()


def test_package_and_merge_dialogs_open(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    built = build_project(tmp_path)
    app = open_app(built)
    wb = app.workbench
    wb.window.actions_.create_package.trigger()
    assert wb.package_dialog.isVisible()
    wb.package_dialog.reject()
    wb.window.actions_.merge_packages.trigger()
    assert wb.merge_dialog.isVisible()
    wb.merge_dialog.reject()


def test_concurrent_edit_is_refused_not_overwritten(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    """Another coder (process) edits the coding first: this window's edit is refused with a
    readable message, and the other edit stays."""
    from annotator.services.coding_commands import UpdateCoding
    from annotator.services.project import Project

    built = build_project(tmp_path)
    app = open_app(built)
    wb = app.workbench
    wb.open_document(built.docs["astral"])
    start = ASTRAL_TEXT.index(PHRASE)
    wb.view.select(start, start + len(PHRASE))
    coding = wb.ops.apply_code(built.codes["Detention"]).result
    with Project.open(built.path, backup=False) as other:
        other.use_coder("alice")
        other.execute(UpdateCoding(coding.uuid, memo="edited elsewhere"))
    assert wb.ops.update(coding.uuid, {"memo": "edited here"}) is None
    assert "changed by someone else" in wb.last_error.text()
    with Project.open(built.path, backup=False) as check, check.read() as tx:
        assert tx.coding_by_uuid(coding.uuid).memo == "edited elsewhere"
