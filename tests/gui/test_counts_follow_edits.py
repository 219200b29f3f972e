"""Codebook counts and the status bar follow coding by difference, and stay equal to the store."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.services import workbench as reads
from annotator.services.coding_commands import ApplyCode

from tests.gui.gui_helpers import (ASTRAL_TEXT, PHRASE, _restore_qt_app_state,  # noqa: F401
                                   add_synthetic, build_project, open_app)


def _stored(wb) -> dict[int, int]:  # type: ignore[no-untyped-def]
    return {k: v for k, v in reads.code_counts(wb.controller.project).items() if v}


def _shown(wb) -> dict[int, int]:  # type: ignore[no-untyped-def]
    return {k: v for k, v in wb.codebook.model.display.counts.items() if v}


def test_counts_follow_apply_undo_and_edits_elsewhere(qtbot, tmp_path, open_app) -> None:
    built = build_project(tmp_path)
    app = open_app(built)
    wb = app.workbench
    wb.open_document(built.docs["astral"])
    start = ASTRAL_TEXT.index(PHRASE)
    wb.view.select(start, start + len(PHRASE))
    qtbot.keyClick(wb.view.editor, "t")
    QApplication.processEvents()
    torture = wb.codebook.model.code_by_uuid(built.codes["Torture"])
    assert _shown(wb) == _stored(wb) == {torture.id: 1}
    rights = wb.codebook.model.code_by_uuid(built.codes["Rights"])
    assert wb.codebook.model.display.totals[rights.id] == 1  # the parent's total follows
    assert "1 in project" in wb.status.counts.text()
    qtbot.keyClick(wb.view.editor, "z", Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert _shown(wb) == _stored(wb) == {}
    assert wb.codebook.model.display.totals[rights.id] == 0
    assert "0 in project" in wb.status.counts.text()
    # a change to another document is counted again from the store, not by difference
    other = add_synthetic(wb.controller.project, "Another", "Police detained two people.\n")
    wb.controller.execute(ApplyCode(other, 0, 6, built.codes["Detention"]))
    qtbot.waitUntil(lambda: _shown(wb) == _stored(wb) and len(_stored(wb)) == 1, timeout=3000)
    qtbot.waitUntil(lambda: "1 in project" in wb.status.counts.text(), timeout=3000)
