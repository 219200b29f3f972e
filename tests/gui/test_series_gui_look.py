"""What a person sees in the series / proposals GUI: underlines that stay on their own line
(also after scrolling and with many overlapping proposals), the proposed code named in the
status bar while it is under review, a readable "what changed" outline, the carry report, and
a year box that takes a typed year."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

from annotator.gui import theme
from annotator.gui.document_view.proposal_layer import _lanes
from annotator.gui.import_report import YearBox
from tests.gui.gui_helpers import (ASTRAL_TEXT, _restore_qt_app_state,  # noqa: F401
                                   build_project, open_app)
from tests.gui.test_proposals_gui import _propose, _series_project


def test_overlapping_proposals_stay_inside_their_line_and_all_show(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    built = build_project(tmp_path)
    for code in ("Torture", "Detention", "Expression"):  # three proposals on one word
        _propose(built, ["protesters"], code=code)
    app = open_app(built)
    wb = app.workbench
    wb.open_document(built.docs["astral"])
    layer = wb.review.layer
    assert len(layer.marks) == 3
    img = layer.grab().toImage()
    start = ASTRAL_TEXT.index("protesters")
    off = wb.view.state.offsets
    [(x1, x2, top, base)] = layer._line_pieces(off.to_u16(start), off.to_u16(start + 10))
    colors = {QColor(wb.codebook.model.code_by_uuid(built.codes[c]).color).name()
              for c in ("Torture", "Detention", "Expression")}
    rows: set[int] = set()
    seen: set[str] = set()
    for y in range(img.height()):
        for x in range(10, img.width()):  # right of the hollow start marks
            c = img.pixelColor(x, y)
            if c.alpha() and c.name() in colors:
                rows.add(y)
                seen.add(c.name())
    assert seen == colors  # every proposal visible: the dashes take turns
    # within the gap under the baseline: never down into the next line's letters
    assert rows and min(rows) > base and max(rows) <= base + 4, (rows, base)
    assert _lanes([(0, 10), (5, 15), (20, 30), (0, 30)]) == [0, 1, 0, 2]


def test_the_layer_stays_pinned_when_the_viewport_scrolls(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    built = build_project(tmp_path)
    _propose(built, ["protesters"])
    app = open_app(built)
    wb = app.workbench
    wb.open_document(built.docs["astral"])
    layer = wb.review.layer
    # QPlainTextEdit scrolls with QWidget.scroll(), which moves child widgets along
    wb.view.editor.viewport().scroll(0, -37)
    assert layer.pos() == QPoint(0, 0)


def test_the_proposed_code_is_named_while_it_is_under_review(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    built = build_project(tmp_path)
    uuids = _propose(built, ["delegation", "observers"], code="Detention")
    app = open_app(built)
    wb = app.workbench
    wb.open_document(built.docs["astral"])
    ed = wb.view.editor
    ed.setFocus()
    wb.view.move_cursor(0)
    qtbot.keyClick(ed, Qt.Key.Key_F9)
    bar = wb.window.statusBar()
    assert bar.currentMessage().startswith("Proposed: Detention — Enter accepts, Del rejects")
    qtbot.keyClick(ed, Qt.Key.Key_Return)  # accepted: the next one is named in turn
    assert wb.review.current == uuids[1]
    assert bar.currentMessage().startswith("Proposed: Detention")
    assert wb.review.counter_text() == "Proposals: 1 of 2 decided"
    wb.view.move_cursor(0)  # the coder moves away: the line goes
    assert wb.review.current is None and bar.currentMessage() == ""


def test_what_changed_outline_counts_headings_and_dark_theme(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    built = _series_project(tmp_path)
    app = open_app(built)
    wb = app.workbench
    wb.open_document(built.docs["new"])
    wb.series_ops.show_changes(None)
    view = wb.series_ops.dialog
    assert view.parent() is None and view.isVisible()  # its own window: a jump shows the text
    out = view.outline
    assert [out.headerItem().text(c) for c in range(5)] == ["Section", "new", "edited",
                                                            "moved", "removed"]
    total = out.topLevelItem(0)
    assert total.text(0) == "All sections" and total.text(1) == "1" and total.text(2) == "1"
    assert view.shown_label.text() == f"3 of {len(view.records)} sentences"
    view.boxes["removed"].setChecked(False)
    assert view.shown_label.text() == f"2 of {len(view.records)} sentences"
    qapp = QApplication.instance()
    prev = theme.current()
    try:
        theme.apply(qapp, "dark")
        view.render()
        html = view.text.toHtml().lower()
        assert "#fff8e1" not in html and "#3a3220" in html  # dark tints under light text
    finally:
        theme.apply(qapp, prev)
    view.close()


def test_series_tab_opens_each_series_and_marks_the_open_edition(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    built = _series_project(tmp_path)
    app = open_app(built)
    wb = app.workbench
    panel = wb.series_ops.panel
    top = panel.tree.topLevelItem(0)
    assert top.isExpanded()  # the first time, every series is open
    wb.open_document(built.docs["new"])
    assert panel.item_for(built.docs["new"]).font(0).bold()
    assert not panel.item_for(built.docs["old"]).font(0).bold()
    top.setExpanded(False)
    wb.series_ops.refresh()  # a refresh keeps what the user closed
    assert not panel.tree.topLevelItem(0).isExpanded()


def test_carry_report_and_offer_say_what_happens(qtbot, tmp_path, open_app):  # type: ignore[no-untyped-def]
    from annotator.gui.series_ops import offer_carry_after_import

    built = _series_project(tmp_path)
    app = open_app(built)
    wb = app.workbench
    new = wb.controller.project.document(built.docs["new"])
    offer_carry_after_import(wb, [new])
    box = wb.series_ops.dialog
    assert box.button(QMessageBox.StandardButton.Yes).text() == "Carry Forward…"
    assert "3 codings" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    wb.series_ops.dialog.accept()  # the carry dialog, as offered
    report = wb.series_ops.report_box
    assert report.isVisible() and report.text().startswith("Carried 2 of 3 codings")
    assert "1 not carried" in report.informativeText() and report.detailedText()
    qtbot.keyClick(report, Qt.Key.Key_Return)  # Enter closes it
    assert not report.isVisible()


def test_the_year_box_takes_a_typed_year_and_steps_to_a_likely_one(qtbot):  # type: ignore[no-untyped-def]
    from annotator.gui.import_report import ask_missing_years

    window = QMainWindow()
    qtbot.addWidget(window)
    docs = [SimpleNamespace(id=1, title="field notes", year=None),
            SimpleNamespace(id=2, title="x" * 90, year=None),
            SimpleNamespace(id=3, title="2020 report", year=2020)]
    ran = []
    dialog = ask_missing_years(window, SimpleNamespace(imported=docs), ran.append)
    first, second = dialog.findChildren(YearBox)
    first.setFocus()
    qtbot.keyClicks(first, "2019")  # no select-all first: typing replaces "unknown"
    assert first.value() == 2019
    second.setFocus()
    qtbot.keyClick(second, Qt.Key.Key_Up)  # not 1900: the year of the other documents
    assert second.value() == 2020
    labels = [w.text() for w in dialog.findChildren(QLabel)]
    assert labels[0].startswith("2 imported documents do not say their year")
    assert "x" * 59 + "…" in labels  # a long title is cut, in full in its tooltip
    dialog.reject()
    assert ran == []
