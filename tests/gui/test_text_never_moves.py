"""The report text never moves: coding, focusing a code, hovering, selecting a coding, undo and
hiding coders change colours only, never the font, weight, size or spacing of the text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from annotator.domain.text import canonical_text
from annotator.services.coding_commands import ApplyCode
from annotator.services.project import Project

from tests.gui.gui_helpers import (_restore_qt_app_state, add_synthetic,  # noqa: F401
                                   build_project, open_app)

SENTENCE = ("Security forces detained journalists and protesters in several provinces, and "
            "courts rarely investigated complaints of torture in custody. ")
TEXT = canonical_text("Witness statements\n\n" + "\n\n".join(
    f"Paragraph {i}. " + SENTENCE * (1 + i % 4) for i in range(60)) + "\n")


@pytest.fixture
def coded(tmp_path, open_app):  # type: ignore[no-untyped-def]
    """The app on a long document with codings by two coders, some by the focused code."""
    built = build_project(tmp_path, coders=("alice", "bob"))
    project = Project.open(built.path, backup=False)
    try:
        doc = add_synthetic(project, "Long report", TEXT)
        ids = {c.name: c.id for c in project.coders()}
        for i, who in enumerate(("alice", "bob") * 6):
            at = TEXT.index(f"Paragraph {i}.")
            code = built.codes["Torture" if i % 3 else "Detention"]
            project.execute(ApplyCode(doc, at, at + 120 + 7 * i, code, coder_id=ids[who]))
    finally:
        project.close()
    app = open_app(built)
    wb = app.workbench
    wb.open_document(doc)
    wb.view.highlighter.finish_now()
    flash = QApplication.cursorFlashTime()
    QApplication.setCursorFlashTime(0)  # a caret that does not blink, for pixel comparisons
    yield built, wb
    QApplication.setCursorFlashTime(flash)


def layout(wb) -> list[tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    """(block, line count, top) of every visible block: what moves when text re-wraps."""
    QApplication.processEvents()
    return [(b.blockNumber(), b.lineCount(), top) for b, top, _ in wb.view.editor.visible_blocks()]


def grab(wb):  # type: ignore[no-untyped-def]
    QApplication.processEvents()
    vp = wb.view.editor.viewport()
    vp.repaint()
    return vp.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_coding_focus_hover_select_undo_and_hiding_never_reflow(qtbot, coded) -> None:
    built, wb = coded
    view = wb.view
    at = TEXT.index("Paragraph 3.")
    view.select(at + 14, at + 200)
    before = layout(wb)
    assert len(before) > 5
    wb.codebook.select_code(built.codes["Torture"])  # focus a code
    assert wb.controller.current_code == built.codes["Torture"]
    assert layout(wb) == before
    qtbot.keyClick(view.editor, "t")  # apply Torture to the selection
    assert len(wb.session.codings()) == 13
    assert layout(wb) == before
    coding = max(wb.session.codings(), key=lambda c: c.id)
    view.hover_coding(coding.uuid)
    view.activate_coding(coding.uuid)  # as a click on its margin bar
    assert layout(wb) == before
    view.hover_coding(None)
    qtbot.keyClick(view.editor, "z", Qt.KeyboardModifier.ControlModifier)
    assert len(wb.session.codings()) == 12
    assert layout(wb) == before
    wb.codebook.select_code(built.codes["Detention"])  # focus moves to another code
    assert layout(wb) == before
    bob = next(c.id for c in wb.controller.coders() if c.name == "bob")
    wb.controller.set_coder_visible(bob, False)
    assert layout(wb) == before
    # and no format anywhere changes the weight of the text
    for block, _, _ in view.editor.visible_blocks():
        assert all(r.format.fontWeight() in (0, 400) for r in block.layout().formats())


def test_apply_then_undo_leaves_the_same_pixels(qtbot, coded) -> None:
    built, wb = coded
    view = wb.view
    wb.codebook.select_code(built.codes["Torture"])
    at = TEXT.index("Paragraph 4.")
    view.select(at + 14, at + 160)
    before = grab(wb)
    before_shown = on_screen(wb)
    qtbot.keyClick(view.editor, "t")
    after_apply = grab(wb)
    assert after_apply != before  # the new coding is tinted
    qtbot.keyClick(view.editor, "z", Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()  # what the user sees after the event loop (no forced repaint)
    shown = on_screen(wb)
    assert shown == before_shown, f"stale pixels on screen after Ctrl+Z: {_diff(shown, before)}"
    assert grab(wb) == before


def on_screen(wb):  # type: ignore[no-untyped-def]
    """The viewport's pixels as last painted to the window (the backing store), not redrawn."""
    from PySide6.QtCore import QPoint

    vp = wb.view.editor.viewport()
    window = vp.window()
    at = vp.mapTo(window, QPoint(0, 0))
    return QApplication.primaryScreen().grabWindow(window.winId(), at.x(), at.y(), vp.width(),
                                                   vp.height()).toImage().convertToFormat(
                                                       QImage.Format.Format_RGB32)


def _diff(a, b):  # type: ignore[no-untyped-def]
    pts = [(x, y) for y in range(0, a.height()) for x in range(0, a.width())
           if a.pixel(x, y) != b.pixel(x, y)]
    return f"{len(pts)} pixels differ, from {pts[:1]} to {pts[-1:]}"
