"""Blind double coding from the workbench: an assigned document opens in blind mode until the
coder marks it done; Coders ▸ Remove Coder removes a coder's codings, undoably."""

from __future__ import annotations

from tests.gui.gui_helpers import (ASTRAL_TEXT, _restore_qt_app_state, build_project,  # noqa: E402,F401
                         open_app)

from annotator.services.assignments import assign  # noqa: E402
from annotator.services.project import Project  # noqa: E402


def _code(wb, built, word):  # type: ignore[no-untyped-def]
    start = ASTRAL_TEXT.index(word)
    wb.view.select(start, start + len(word))
    assert wb.ops.apply_code(built.codes["Torture"]) is not None
    return start


def test_assigned_document_is_blind_until_done(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    built = build_project(tmp_path, coders=("alice", "bob"))
    doc = built.docs["astral"]
    with Project.open(built.path, backup=False) as p:
        assign(p, ["alice", "bob"], documents=[doc], blind=True)
    app = open_app(built)
    wb = app.workbench
    from annotator.gui import workbench_actions

    workbench_actions.switch_coder(wb, "bob")
    wb.open_document(doc)
    bob_at = _code(wb, built, "officials")
    assert wb.controller.blind  # bob's own assignment is blind too
    workbench_actions.switch_coder(wb, "alice")  # the assignment decides blind mode per coder
    assert wb.controller.blind
    assert wb.view.spans_at(bob_at) == []
    assert wb.window.actions_.mark_done.isEnabled()
    wb.window.actions_.mark_done.trigger()
    assert not wb.controller.blind
    assert len(wb.view.spans_at(bob_at)) == 1
    assert not wb.window.actions_.mark_done.isEnabled()


def test_remove_coder_is_undoable(qtbot, tmp_path, open_app, monkeypatch):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    built = build_project(tmp_path, coders=("alice", "bob"))
    app = open_app(built)
    wb = app.workbench
    from annotator.gui import workbench_actions

    wb.open_document(built.docs["astral"])
    workbench_actions.switch_coder(wb, "bob")
    at = _code(wb, built, "officials")
    workbench_actions.switch_coder(wb, "alice")
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("bob", True)))
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    wb.window.actions_.remove_coder.trigger()
    assert "bob" not in {c.name for c in wb.controller.coders()}
    assert wb.view.spans_at(at) == []
    wb.undo_action.trigger()
    assert "bob" in {c.name for c in wb.controller.coders()}
    assert len(wb.view.spans_at(at)) == 1


def test_assign_dialog_assigns_a_blind_sample(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from annotator.services.assignments import assignments

    built = build_project(tmp_path, coders=("alice", "bob"))
    app = open_app(built)
    wb = app.workbench
    wb.open_document(built.docs["astral"])
    wb.window.actions_.assign_documents.trigger()
    dialog = wb.assign_dialog
    dialog._accept()  # nobody chosen: refused with a note
    assert dialog.isVisible() and "two coders" in dialog.note.text()
    for i in range(dialog.coders.count()):
        dialog.coders.item(i).setCheckState(Qt.CheckState.Checked)
    dialog.sample.setValue(1)
    dialog._accept()
    rows = assignments(wb.controller.project)
    assert sorted(r["coder"] for r in rows) == ["alice", "bob"]
    assert all(r["blind"] for r in rows)
    if rows[0]["document_id"] == built.docs["astral"]:
        assert wb.controller.blind
    wb.undo_action.trigger()
    assert assignments(wb.controller.project) == []
