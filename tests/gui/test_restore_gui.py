"""Issue 11 in the app: File ▸ Restore from Backup… lists the backups and opens a restored copy;
codings whose code vanished show as "(missing code)" in the codings list."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.gui.gui_helpers import (ASTRAL_TEXT, PHRASE, _restore_qt_app_state,  # noqa: F401
                                   build_project, open_app)


def _restore_action(app):  # type: ignore[no-untyped-def]
    menu = app.window.menus["file"]
    [action] = [a for a in menu.actions() if a.text() == "Restore from &Backup…"]
    return action


def test_restore_from_backup_opens_the_restored_copy(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    from annotator.gui.dialogs.restore_dialog import RestoreDialog

    built = build_project(tmp_path)
    app = open_app(built)  # opening for a change took a routine backup
    _restore_action(app).trigger()
    dialog = app.restore_dialog
    assert isinstance(dialog, RestoreDialog) and dialog.isVisible()
    assert dialog.list.topLevelItemCount() >= 1
    assert "routine" in dialog.list.topLevelItem(0).text(2)
    out = tmp_path / "test-restored.annotator"
    assert dialog.out.text() == str(out)
    # a name that exists is refused in the dialog; nothing is overwritten
    dialog.out.setText(str(built.path))
    before = built.path.read_bytes()
    dialog.restore_button.click()
    assert "Not restored" in dialog.status.text() and "already exists" in dialog.status.text()
    assert built.path.read_bytes() == before and dialog.isVisible()
    dialog.out.setText(str(out))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)  # present
    dialog.restore_button.click()
    assert out.exists()
    qtbot.waitUntil(lambda: app.project is not None and str(app.project.target) == str(out),
                    timeout=15000)
    assert [d.title for d in app.project.documents()] == ["Astral test"]


def test_restore_dialog_without_backups_says_so(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    from annotator.gui.dialogs.restore_dialog import RestoreDialog

    built = build_project(tmp_path)
    dialog = RestoreDialog(None, built.path)
    qtbot.addWidget(dialog)
    assert dialog.list.topLevelItemCount() == 0
    assert "No backups" in dialog.status.text() and not dialog.restore_button.isEnabled()


def test_a_coding_with_a_missing_code_shows_as_missing(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    from annotator.services.coding_commands import ApplyCode
    from annotator.services.project import Project

    built = build_project(tmp_path)
    start = ASTRAL_TEXT.index(PHRASE)
    with Project.open(built.path, backup=False) as p:
        p.use_coder("alice")
        p.execute(ApplyCode(built.docs["astral"], start, start + len(PHRASE),
                            built.codes["Expression"]))
    con = sqlite3.connect(built.path)
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute("DELETE FROM codes WHERE name = 'Expression'")
    con.commit()
    con.close()
    app = open_app(built)
    wb = app.workbench
    wb.open_document(built.docs["astral"])
    model = wb.codings_model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=5000)
    shown = model.data(model.index(0, model.COL_CODE), Qt.ItemDataRole.DisplayRole)
    assert "(missing code)" in str(shown)


def test_a_storage_warning_shows_in_the_status_bar(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    from annotator.storage import notices

    built = build_project(tmp_path)
    app = open_app(built)
    notices.reset()
    notices.warn_once("test", "could not back up test.annotator (the disk is full)")
    qtbot.waitUntil(lambda: "disk is full" in app.window.statusBar().currentMessage(),
                    timeout=5000)
    assert app.warnings.last.startswith("could not back up")


def test_opening_a_damaged_project_names_the_backup_and_the_menu(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    from annotator.gui.app import App
    from annotator.services.project import Project
    from annotator.settings import AppSettings

    built = build_project(tmp_path)
    with Project.open(built.path):  # a routine backup
        pass
    con = sqlite3.connect(built.path)
    con.execute("UPDATE alembic_version SET version_num = 'zzzz'")
    con.commit()
    con.close()
    app = App(AppSettings(coder_name="alice"), ask_coder=False)
    qtbot.addWidget(app.window)
    app.open_project(built.path, background=False)
    box = app.last_error
    assert box is not None and app.workbench is None
    assert "annotator restore" in box.text() and "newest backup" in box.text()
    assert "Restore from Backup" in box.informativeText()
    box.close()
    from annotator.gui import file_ops

    dialog = file_ops.restore_from_backup(app, str(built.path))
    assert dialog.list.topLevelItemCount() == 1
    dialog.reject()
