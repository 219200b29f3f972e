"""The app while another program writes to the project: the action waits, the status bar says
"Waiting for another program…", and the coding is saved; a wait that times out is a readable
error and nothing is saved."""

from __future__ import annotations


import pytest

from annotator.gui.busy_state import MESSAGE
from annotator.storage import write_lock
from tests.storage.lock_helpers import hold_lock

from tests.gui.gui_helpers import (ASTRAL_TEXT, PHRASE, _restore_qt_app_state,  # noqa: E402,F401
                         build_project, open_app, stored_codings)

pytestmark = pytest.mark.sqlite_only("holds SQLite's file lock from another connection")




def _select_phrase(app, built):  # type: ignore[no-untyped-def]
    wb = app.workbench
    wb.open_document(built.docs["astral"])
    start = ASTRAL_TEXT.index(PHRASE)
    wb.view.select(start, start + len(PHRASE))
    return wb, start


def test_coding_waits_for_another_program_with_a_message(qtbot, tmp_path, open_app):
    built = build_project(tmp_path)
    app = open_app(built)
    wb, start = _select_phrase(app, built)
    bar = app.window.statusBar()
    seen: list[str] = []
    wb.controller.project.store.wait_listeners.append(
        lambda waited: seen.append(bar.currentMessage()) if waited is not None else None)
    holder = hold_lock(built.path, 0.8)
    qtbot.keyClick(wb.view.editor, "t")  # the Torture shortcut, while the file is locked
    holder.join()
    assert any(m.startswith(MESSAGE) for m in seen)
    assert wb.busy.waits == 1 and not wb.busy.waiting
    assert not bar.currentMessage().startswith(MESSAGE)
    assert stored_codings(built.path) == [
        (built.docs["astral"], start, start + len(PHRASE), built.codes["Torture"])]
    assert getattr(wb, "last_error", None) is None  # no error dialog


def test_a_wait_that_times_out_shows_a_readable_error_and_saves_nothing(
        qtbot, tmp_path, open_app, monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(write_lock, "WAIT_LIMIT", 0.5)
    built = build_project(tmp_path)
    app = open_app(built)
    wb, _start = _select_phrase(app, built)
    holder = hold_lock(built.path, 1.5)
    qtbot.keyClick(wb.view.editor, "t")
    holder.join()
    box = wb.last_error
    assert "another program kept writing" in box.text() and "not saved" in box.text()
    assert "Traceback" not in box.text() + box.informativeText()
    box.close()
    assert stored_codings(built.path) == []
    assert not wb.busy.waiting
    assert not wb.controller.undo_stack.canUndo()
    qtbot.keyClick(wb.view.editor, "t")  # the file is free again: the same key now codes
    assert len(stored_codings(built.path)) == 1
