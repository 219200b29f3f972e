"""Codebook panel: in-place rename, drag-and-drop moves, filter, menu commands, undo; models."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QMimeData, Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication, QLineEdit

from annotator.services import workbench as reads

from tests.gui.gui_helpers import (ASTRAL_TEXT, _restore_qt_app_state, build_project,  # noqa: E402,F401
                         open_app)

from annotator.gui.models.codebook_model import CODE_MIME  # noqa: E402


def _names(project):  # type: ignore[no-untyped-def]
    return {c.uuid: c for c in reads.codes(project)}


def _tree(panel, parent=None):  # type: ignore[no-untyped-def]
    """The code tree as nested (name, children) tuples."""
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    model = panel.model
    return [(model.index(r, 0, parent).data(), _tree(panel, model.index(r, 0, parent)))
            for r in range(model.rowCount(parent))]


def _shown(panel):  # type: ignore[no-untyped-def]
    """The filtered list as (depth, name, is a match) rows."""
    from annotator.gui.models.codebook_filter import DEPTH_ROLE

    m = panel.matches
    muted = [m.index(r, 0).data(Qt.ItemDataRole.ForegroundRole) is None
             for r in range(m.rowCount())]
    return [(m.index(r, 0).data(DEPTH_ROLE), m.index(r, 0).data(), muted[r])
            for r in range(m.rowCount())]


@pytest.fixture
def panel_app(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    built = build_project(tmp_path)
    app = open_app(built)
    wb = app.workbench
    tester = QAbstractItemModelTester(wb.codebook.model,
                                      QAbstractItemModelTester.FailureReportingMode.Fatal)
    flat_tester = QAbstractItemModelTester(wb.codebook.matches,
                                           QAbstractItemModelTester.FailureReportingMode.Fatal)
    yield built, app, wb
    del tester, flat_tester


def test_models_pass_the_qt_model_tester(qtmodeltester, panel_app):
    built, app, wb = panel_app
    qtmodeltester.check(wb.codebook.model, force_py=False)
    wb.codebook.matches.set_text("e")
    qtmodeltester.check(wb.codebook.matches, force_py=False)
    wb.open_document(built.docs["astral"])
    wb.view.select(4, 14)
    wb.ops.apply_code(built.codes["Torture"])
    qtmodeltester.check(wb.codings_model, force_py=False)
    qtmodeltester.check(wb.codings.proxy, force_py=False)


def test_rename_in_place_keeps_uuid_and_undoes(qtbot, panel_app):
    built, app, wb = panel_app
    panel = wb.codebook
    tree = panel.view
    uuid = built.codes["Torture"]
    idx = panel.index_for_uuid(uuid)
    tree.setCurrentIndex(idx)
    tree.edit(idx)
    editor = tree.findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "Torture and ill-treatment")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    project = wb.controller.project
    # Qt commits the editor on the next event-loop turn
    qtbot.waitUntil(lambda: _names(project)[uuid].name == "Torture and ill-treatment")
    assert panel.index_for_uuid(uuid).data() == "Torture and ill-treatment"
    assert "Torture and ill-treatment" in panel.details.text.text()
    wb.undo_action.trigger()
    assert _names(project)[uuid].name == "Torture"
    assert panel.index_for_uuid(uuid).data() == "Torture"


def test_drag_and_drop_moves_code_and_keeps_expansion(qtbot, panel_app):
    built, app, wb = panel_app
    panel = wb.codebook
    rights = panel.model.index_for_uuid(built.codes["Rights"])
    panel.view.expand(rights)
    mime = QMimeData()
    mime.setData(CODE_MIME, QByteArray(built.codes["Score"].encode()))
    target = panel.model.index_for_uuid(built.codes["Torture"])
    assert panel.model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    panel.model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    codes = _names(wb.controller.project)
    assert codes[built.codes["Score"]].parent_id == codes[built.codes["Torture"]].id
    assert panel.view.isExpanded(panel.model.index_for_uuid(built.codes["Rights"]))
    assert _tree(panel) == [("Rights", [("Torture", [("Score", [])]), ("Detention", []),
                                        ("Expression", [])])]
    # a code cannot be dropped into its own sub-code
    back = QMimeData()
    back.setData(CODE_MIME, QByteArray(built.codes["Rights"].encode()))
    inner = panel.model.index_for_uuid(built.codes["Score"])
    assert not panel.model.canDropMimeData(back, Qt.DropAction.MoveAction, -1, -1, inner)
    # reorder by dropping between siblings (row 0 under Rights)
    move = QMimeData()
    move.setData(CODE_MIME, QByteArray(built.codes["Expression"].encode()))
    panel.model.dropMimeData(move, Qt.DropAction.MoveAction, 0, 0,
                             panel.model.index_for_uuid(built.codes["Rights"]))
    assert [n for n, _ in _tree(panel)[0][1]] == ["Expression", "Torture", "Detention"]
    wb.controller.undo_stack.undo()
    wb.controller.undo_stack.undo()
    assert _tree(panel) == [("Rights", [("Torture", []), ("Detention", []),
                                        ("Expression", [])]), ("Score", [])]


def test_filter_as_you_type_keeps_ancestors_and_shows_hint(qtbot, panel_app):
    built, app, wb = panel_app
    panel = wb.codebook
    rights = panel.model.index_for_uuid(built.codes["Rights"])
    panel.view.collapse(rights)
    qtbot.keyClicks(panel.filter, "TÖRT")  # case and accents do not matter
    qtbot.waitUntil(lambda: panel.filtering)
    assert panel.active_view() is panel.match_view
    assert _shown(panel) == [(0, "Rights", False), (1, "Torture", True)]
    idx = panel.index_for_uuid(built.codes["Torture"])
    panel.match_view.setCurrentIndex(idx)
    assert panel.current_uuid() == built.codes["Torture"]
    assert "Torture" in panel.details.text.text()
    panel.filter.clear()
    qtbot.keyClicks(panel.filter, "zzz")
    qtbot.waitUntil(lambda: panel.no_match.isVisibleTo(panel))
    panel.filter.clear()
    qtbot.waitUntil(lambda: not panel.filtering)
    assert panel.active_view() is panel.view
    assert panel.current_uuid() == built.codes["Torture"]  # the focus came back with it
    assert panel.view.isExpanded(rights)


def test_menu_commands_are_undoable(qtbot, panel_app, monkeypatch):
    built, app, wb = panel_app
    panel = wb.codebook
    project = wb.controller.project
    from annotator.gui.panels import codebook_menu

    # add a sub-code through the prompt
    monkeypatch.setattr(codebook_menu.QInputDialog, "getText",
                        staticmethod(lambda *a, **k: ("Beatings", True)))
    codebook_menu.prompt_add(panel, built.codes["Torture"])
    new = next(c for c in _names(project).values() if c.name == "Beatings")
    assert panel.current_uuid() == new.uuid
    # deprecate, then undo
    torture = panel.model.code_by_uuid(built.codes["Torture"])
    codebook_menu.deprecate(panel, torture)
    assert _names(project)[torture.uuid].deprecated
    assert panel.model.index_for_uuid(torture.uuid).data(Qt.ItemDataRole.FontRole).italic()
    wb.controller.undo_stack.undo()
    assert not _names(project)[torture.uuid].deprecated
    # edit the definition in the details pane
    panel.select_code(torture.uuid)
    panel.details.start_editing()
    panel.details.editors["definition"].setPlainText("Severe pain inflicted on purpose.")
    panel.details._save()
    assert _names(project)[torture.uuid].definition == "Severe pain inflicted on purpose."
    assert "Severe pain" in panel.model.index_for_uuid(torture.uuid).data(
        Qt.ItemDataRole.ToolTipRole)
    # delete a used code, removing its codings, then undo brings both back
    wb.open_document(built.docs["astral"])
    start = ASTRAL_TEXT.index("officials")
    wb.view.select(start, start + 9)
    wb.ops.apply_code(built.codes["Expression"])
    from annotator.gui.dialogs.delete_code import DeleteCodeDialog

    expression = panel.model.code_by_uuid(built.codes["Expression"])
    dialog = DeleteCodeDialog(panel, panel.model, expression, 1)
    dialog.command_ready.connect(wb.controller.execute)
    assert not dialog.ok.isEnabled() or dialog.recode.isChecked()
    dialog.remove.setChecked(True)
    dialog.ok.click()
    assert built.codes["Expression"] not in _names(project)
    assert wb.session.codings() == [] and wb.view.spans_at(start) == []
    wb.controller.undo_stack.undo()
    assert built.codes["Expression"] in _names(project)
    assert len(wb.view.spans_at(start)) == 1
    # merge Detention into Torture: the coding moves along
    wb.view.select(start, start + 9)
    wb.ops.apply_code(built.codes["Detention"])
    from annotator.gui.panels.codebook_menu import _merge

    _merge(panel, built.codes["Detention"], built.codes["Torture"])
    assert built.codes["Detention"] not in _names(project)
    assert {s.code_uuid for s in wb.view.spans_at(start)} == {built.codes["Expression"],
                                                              built.codes["Torture"]}


def test_counts_follow_codings_and_per_coder_switch(qtbot, panel_app):
    built, app, wb = panel_app
    panel = wb.codebook
    wb.open_document(built.docs["astral"])
    wb.view.select(4, 14)
    wb.ops.apply_code(built.codes["Torture"])
    col = panel.model.COL_COUNT

    def count(name):  # type: ignore[no-untyped-def]
        return panel.model.index_for_uuid(built.codes[name], col).data()

    qtbot.waitUntil(lambda: count("Torture") == "1")
    assert count("Rights") == "1"  # a grouping code shows its sub-codes' total
    panel.set_per_coder(True)
    assert panel.count_button.text() == "Mine" and count("Torture") == "1"
    wb.controller.undo_stack.undo()
    qtbot.waitUntil(lambda: count("Torture") == "")


def test_empty_codebook_offers_a_template(qtbot, tmp_path, open_app):
    from annotator.services.project import Project

    path = tmp_path / "empty.annotator"
    Project.create(path).close()

    class Built:
        pass

    built = Built()
    built.path = path  # type: ignore[attr-defined]
    app = open_app(built)
    panel = app.workbench.codebook
    assert panel.pages.currentIndex() == 1
    assert "No codes yet" in panel.empty.findChildren(type(panel.no_match))[0].text()
    from annotator.services.exchange.templates import list_templates

    templates = list_templates()
    assert templates, "the shipped codebook templates are missing"
    from annotator.gui.panels.codebook_menu import add_template

    add_template(panel, templates[0].id)
    assert panel.pages.currentIndex() == 0
    assert len(panel.model) in (templates[0].codes, templates[0].codes + 1)  # (+ its root)
    app.workbench.controller.undo_stack.undo()
    assert len(panel.model) == 0 and panel.pages.currentIndex() == 1
    QApplication.processEvents()
