"""Coders: first-run name, switching, per-coder undo, visibility toggles and blind mode."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.settings import AppSettings

from tests.gui.gui_helpers import (ASTRAL_TEXT, _restore_qt_app_state, build_project,  # noqa: E402,F401
                         open_app)


def _code(wb, built, word, code="Torture"):  # type: ignore[no-untyped-def]
    start = ASTRAL_TEXT.index(word)
    wb.view.select(start, start + len(word))
    assert wb.ops.apply_code(built.codes[code]) is not None
    return start


def _coder_ids(wb):  # type: ignore[no-untyped-def]
    return {c.name: c.id for c in wb.controller.coders()}


def test_first_run_asks_for_the_name_and_remembers_it(qtbot, tmp_path, monkeypatch):
    from annotator.gui.app import App
    from annotator.gui.dialogs.coder_name import CoderNameDialog

    built = build_project(tmp_path)
    asked = []
    monkeypatch.setattr(CoderNameDialog, "ask",
                        staticmethod(lambda *a, **k: asked.append(k) or "Carol"))
    app = App(AppSettings(), ask_coder=True)
    qtbot.addWidget(app.window)
    app.open_project(built.path, background=False)
    assert asked and asked[0].get("first_run") is True
    assert app.workbench.controller.coder.name == "Carol"
    assert AppSettings.load().coder_name == "Carol"
    assert AppSettings.load().recent_projects == [str(built.path.resolve())]
    app.window.close()


def test_switching_coder_records_new_codings_under_that_coder(qtbot, tmp_path, open_app):
    built = build_project(tmp_path, coders=("alice", "bob"))
    app = open_app(built)
    wb = app.workbench
    wb.open_document(built.docs["astral"])
    _code(wb, built, "Almaty")
    assert wb.controller.undo_stack.canUndo()
    from annotator.gui import workbench_actions

    workbench_actions.switch_coder(wb, "bob")
    assert wb.coder_button.text() == "Coder: bob"
    assert not wb.controller.undo_stack.canUndo()  # bob cannot undo alice's work
    _code(wb, built, "officials")
    ids = _coder_ids(wb)
    by_coder = sorted((c.coder_id, c.start) for c in wb.session.codings())
    assert by_coder == sorted([(ids["alice"], ASTRAL_TEXT.index("Almaty")),
                               (ids["bob"], ASTRAL_TEXT.index("officials"))])
    workbench_actions.switch_coder(wb, "alice")
    assert wb.controller.undo_stack.canUndo()  # alice's history is still hers
    assert app.settings.coder_name == "alice"


def test_blind_mode_hides_other_coders_everywhere_and_says_so(qtbot, tmp_path, open_app):
    built = build_project(tmp_path, coders=("alice", "bob"))
    app = open_app(built)
    wb = app.workbench
    wb.open_document(built.docs["astral"])
    from annotator.gui import workbench_actions

    workbench_actions.switch_coder(wb, "bob")
    bob_at = _code(wb, built, "officials")
    workbench_actions.switch_coder(wb, "alice")
    alice_at = _code(wb, built, "Almaty")
    ids = _coder_ids(wb)
    assert len(wb.view.spans_at(bob_at)) == 1
    qtbot.keyClick(wb.view.editor, "b", Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # Coders ▸ Blind Mode
    assert wb.controller.blind
    assert wb.view.state.policy.hidden_coders == {ids["bob"]}
    assert wb.view.spans_at(bob_at) == [] and len(wb.view.spans_at(alice_at)) == 1
    assert wb.codings.proxy.rowCount() == 1 and wb.codings.count.text() == "1 of 2"
    assert wb.status.blind.isVisibleTo(app.window)
    assert wb.status.visible.text() == "Visible: only mine"
    assert wb.visible_button.text() == "Visible: only mine (blind)"
    qtbot.waitUntil(lambda: wb.codebook.count_button.text() == "Mine")
    assert "2 codings here" not in wb.status.counts.text()
    wb.window.actions_.blind_mode.trigger()
    assert not wb.controller.blind
    assert not wb.status.blind.isVisibleTo(app.window)
    assert len(wb.view.spans_at(bob_at)) == 1
    assert wb.status.visible.text() == "Visible: alice, bob"


def test_visibility_toggles_in_the_coders_panel(qtbot, tmp_path, open_app):
    built = build_project(tmp_path, coders=("alice", "bob"))
    app = open_app(built)
    wb = app.workbench
    wb.open_document(built.docs["astral"])
    from annotator.gui import workbench_actions

    workbench_actions.switch_coder(wb, "bob")
    bob_at = _code(wb, built, "officials")
    workbench_actions.switch_coder(wb, "alice")
    panel = wb.coders
    names = [panel.model.item(r).text() for r in range(panel.model.rowCount())]
    assert names == ["alice  (you)", "bob"]
    bob_item = panel.model.item(1)
    bob_item.setCheckState(Qt.CheckState.Unchecked)
    assert wb.view.spans_at(bob_at) == []
    assert wb.status.visible.text() == "Visible: alice"
    assert "Hidden: bob" in wb.status.visible.toolTip()
    assert "Showing codings of: alice" in panel.note.text()
    wb.window.actions_.show_all_coders.trigger()
    assert len(wb.view.spans_at(bob_at)) == 1
    assert panel.model.item(1).checkState() == Qt.CheckState.Checked


def test_blind_mode_clears_a_memo_of_another_coder(qtbot, tmp_path, open_app):
    built = build_project(tmp_path, coders=("alice", "bob"))
    app = open_app(built)
    wb = app.workbench
    wb.open_document(built.docs["astral"])
    from annotator.gui import workbench_actions

    workbench_actions.switch_coder(wb, "bob")
    _code(wb, built, "officials")
    bob_coding = wb.session.codings()[0]
    workbench_actions.switch_coder(wb, "alice")
    wb.activate_coding(bob_coding.uuid)
    assert wb.memo.coding is not None and wb.ops.active_coding == bob_coding.uuid
    wb.controller.set_blind(True)
    assert wb.memo.coding is None and wb.ops.active_coding is None
    wb.window.actions_.delete_coding.trigger()  # nothing active: nothing deleted
    assert len(wb.session.codings()) == 1


def test_undo_of_a_step_someone_else_overtook_is_dropped_with_a_message(qtbot, tmp_path,
                                                                        open_app):
    built = build_project(tmp_path, coders=("alice", "bob"))
    app = open_app(built)
    wb = app.workbench
    wb.open_document(built.docs["astral"])
    from annotator.gui import workbench_actions

    _code(wb, built, "Almaty")
    uuid = wb.session.codings()[0].uuid
    workbench_actions.switch_coder(wb, "bob")
    wb.ops.delete([uuid])  # bob removes alice's coding
    workbench_actions.switch_coder(wb, "alice")
    stack = wb.controller.undo_stack
    assert stack.canUndo()
    stack.undo()  # alice's "code" step can no longer be taken back
    box = wb.last_error
    assert "deleted" in box.text().lower() or "no coding" in box.text().lower()
    box.close()
    assert stack.count() == 0 and not stack.canUndo()
    assert wb.session.codings() == []
