"""The Analysis dock: loading, the four tabs, clicking a heatmap cell, retrieval filters with
jump-to-text, the coder filter, printing the report to PDF, and screenshots for eyes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot
from PySide6.QtCore import QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow

from annotator.gui import theme
from annotator.gui.analysis import DOCK_NAME, AnalysisView, open_analysis
from annotator.gui.analysis.pdf import report_document
from annotator.services.project import Project
from annotator.services.reporting import ReportOptions, build_content

HERE = Path(__file__).resolve().parent
from tests.gui import analysis_demo  # noqa: E402
from tests.services import analysis_helpers as h  # noqa: E402

OUT = HERE.parents[1] / "test-output"


@pytest.fixture
def built(tmp_path: Path) -> h.Built:
    return h.build_analysis_project(tmp_path / "a.annotator")


@pytest.fixture
def project(built: h.Built) -> Iterator[Project]:
    p = Project.open(built.path, backup=False)
    yield p
    p.close()


@pytest.fixture
def view(qtbot: QtBot, project: Project) -> AnalysisView:
    v = AnalysisView(project)
    qtbot.addWidget(v)
    v.resize(1200, 700)
    v.load(background=False)
    return v


def _rows(model) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_open_analysis_docks_once_and_loads(qtbot: QtBot, project: Project) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    jumps: list[tuple[int, int, int]] = []
    view = open_analysis(window, project, jump=lambda *a: jumps.append(a))
    with qtbot.waitSignal(view.loaded, timeout=20000):
        pass
    dock = window.findChild(QDockWidget, DOCK_NAME)
    assert dock is not None and dock.widget() is view
    assert open_analysis(window, project) is view  # shown again, not rebuilt
    assert "9 codings" in view.status.text() and "3 coder(s)" in view.status.text()
    view.jump_requested.emit(1, 2, 3)
    assert jumps == [(1, 2, 3)]
    view.runner.wait()


def test_frequencies_tab(view: AnalysisView) -> None:
    rows = _rows(view.frequencies.table_model)
    heads = [view.frequencies.table_model.headerData(c, Qt.Orientation.Horizontal)
             for c in range(view.frequencies.table_model.columnCount())]
    assert heads == ["Code", "ann", "bob", "gold", "Total", "With codes below", "Documents"]
    assert rows[0] == ["Rights", "0", "0", "0", "0", "8", "2"]
    assert rows[1] == ["    Detention", "2", "1", "0", "3", "3", "1"]
    chart = view.frequencies.chart
    assert [g.label for g in chart.groups] == ["Detention", "Torture", h.EXPRESSION, "Elections"]
    assert chart.groups[0].values == (2, 1, 0)
    view.frequencies.rollup.setChecked(True)
    assert chart.groups[0].label == "Rights" and chart.groups[0].values == (4, 3, 1)


def test_heatmap_click_lists_passages(qtbot: QtBot, view: AnalysisView, built: h.Built) -> None:
    tab = view.cooccurrence
    heat = tab.heatmap
    names = [c.name for c in heat.matrix.codes]
    i, j = names.index("Detention"), names.index(h.EXPRESSION)
    view.tabs.setCurrentWidget(tab)
    view.show()
    qtbot.waitExposed(view)
    qtbot.mouseClick(heat, Qt.MouseButton.LeftButton, pos=heat.cell_center(i, j))
    assert heat.selected == (i, j)
    passages = tab.passages.model.passages
    assert [p.text for p in passages] == ["detained protesters in Almaty. Journalists"]
    assert "Detention × " in tab.passages.title.text()
    assert ": 1 pair of codings · 1 passage" in tab.passages.title.text()
    with qtbot.waitSignal(tab.passages.jump_requested) as sig:
        tab.passages.activate(0)
    assert sig.args == [built.docs["A"], passages[0].start, passages[0].end]
    tab.rule.setCurrentIndex(tab.rule.findData("paragraph"))  # recomputed in the background
    qtbot.waitUntil(lambda: heat.matrix is not None and heat.matrix.rule == "paragraph",
                    timeout=10000)
    assert "counts paragraphs" in tab.explain.text()
    t = [c.name for c in heat.matrix.codes].index("Torture")
    tab.show_cell(i, t)
    assert len(tab.passages.model.passages) == 1


def test_retrieval_filters_and_jump(qtbot: QtBot, view: AnalysisView, built: h.Built) -> None:
    tab = view.retrieval
    tab.code.setCurrentIndex(tab.code.findData(built.codes["Torture"]))
    assert [p.text for p in tab.passages.model.passages] == [
        "Torture in prisons", "Torture in prisons was reported often",
        "Torture was common in prisons"]
    tab.coder.setCurrentText("bob")
    assert len(tab.passages.model.passages) == 1
    tab.coder.setCurrentText("All")
    tab.country.setCurrentText("Turkey")
    assert [p.coders for p in tab.passages.model.passages] == [("gold",)]
    tab.country.setCurrentText("All")
    tab.year.setCurrentText("2019")
    assert len(tab.passages.model.passages) == 2
    tab.code.setCurrentIndex(tab.code.findData(built.codes["Rights"]))
    assert len(tab.passages.model.passages) == 7  # the whole subtree in 2019
    view.show()
    qtbot.waitExposed(view)
    table = tab.passages.table
    first = tab.passages.model.passages[0]
    with qtbot.waitSignal(view.jump_requested) as sig:
        table.setCurrentIndex(tab.passages.model.index(0, 0))
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert sig.args == [built.docs["A"], first.start, first.end]
    preview = tab.passages.preview.toPlainText()
    assert first.text in preview and "show in the document" in preview
    with qtbot.waitSignal(view.jump_requested) as sig:  # the link in the preview
        tab.passages.preview.anchorClicked.emit(QUrl("#jump"))
    assert sig.args == [built.docs["A"], first.start, first.end]
    assert first.text == h.TEXT_A[first.start:first.end]


def test_matrix_tab_and_opening_a_cell(view: AnalysisView, built: h.Built) -> None:
    tab = view.matrix
    heads = [tab.model.headerData(c, Qt.Orientation.Horizontal)
             for c in range(tab.model.columnCount())]
    assert heads == ["Code", "Kazakhstan\n(2 docs)", "Turkey\n(1 doc)", "Total"]
    assert _rows(tab.model)[0] == ["Rights", "7", "1", "8"]
    tab.dimension.setCurrentIndex(tab.dimension.findData("year"))
    tab.measure.setCurrentIndex(tab.measure.findData("documents"))
    assert _rows(tab.model)[0] == ["Rights", "1", "1", "2"]
    with_torture = next(r for r in range(tab.model.rowCount())
                        if tab.model.index(r, 0).data().strip() == "Torture")
    tab._open(tab.model.index(with_torture, 2))  # Torture x 2020
    assert view.tabs.currentWidget() is view.retrieval
    assert view.retrieval.year.currentText() == "2020"
    assert [p.document_title for p in view.retrieval.passages.model.passages] == ["Turkey 2020"]


def test_coder_filter_reloads(view: AnalysisView, monkeypatch: pytest.MonkeyPatch) -> None:
    view._fill_coders_menu()
    assert [a.text() for a in view.coders_menu.actions()] == ["ann", "bob", "gold (gold)"]
    blocking = AnalysisView.load
    monkeypatch.setattr(view, "load", lambda background=True: blocking(view, background=False))
    view.coders_menu.actions()[2].setChecked(False)
    assert view.coders_button.text() == "Coders: ann, bob"
    assert view.frequencies.frequencies.coders == ["ann", "bob"]
    view.set_coders(["ann"])
    assert view.frequencies.frequencies.coders == ["ann"]
    assert view.retrieval.coder.count() == 2  # All, ann
    view.set_coders(None)
    assert view.coders_button.text() == "Coders: all"


def test_print_report_to_pdf(qtbot: QtBot, view: AnalysisView, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    assert view.print_pdf(str(target), background=False) == str(target)
    reader = PdfReader(str(target))
    # text extraction splits words at kerning gaps: compare without any white space
    text = "".join("".join(page.extract_text() for page in reader.pages).split())
    assert len(reader.pages) >= 2
    for heading in ("Analysis report", "Summary", "Codebook", "Code frequencies per coder",
                    "Code co-occurrence", "Agreement between coders",
                    "Typical passages per code", "Torture in prisons was reported often"):
        assert "".join(heading.split()) in text, heading
    second = tmp_path / "again.pdf"
    with qtbot.waitSignal(view.pdf_written, timeout=30000) as sig:
        view.print_pdf(str(second))
    assert sig.args == [str(second)] and second.stat().st_size > 5000
    assert view.print_button.isEnabled()


def test_pdf_document_has_chart_images(qapp: QApplication, project: Project) -> None:
    doc = report_document(build_content(project, ReportOptions()))
    html = doc.toHtml()
    assert "<svg" not in html and html.count('src="chart-') >= 2
    assert not doc.resource(1, "chart-1.png").isNull()  # ImageResource


# ----- screenshots --------------------------------------------------------------------------
@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Project]:
    path = analysis_demo.build_demo(tmp_path / "demo.annotator")
    p = Project.open(path, backup=False)
    yield p
    p.close()


def _save(widget, name: str) -> QImage:  # type: ignore[no-untyped-def]
    QApplication.processEvents()  # let layouts settle (scroll bars, splitters)
    OUT.mkdir(exist_ok=True)
    image = widget.grab().toImage()
    assert image.save(str(OUT / name))
    return image


def test_screenshots(qtbot: QtBot, qapp: QApplication, demo: Project) -> None:
    theme.apply(qapp, "light")
    view = AnalysisView(demo)
    qtbot.addWidget(view)
    view.resize(1400, 820)
    view.load(background=False)
    view.show()
    qtbot.waitExposed(view)
    image = _save(view, "analysis_frequencies.png")
    colors = {QColor(image.pixel(x, y)).name() for x in range(700, 1400, 2)
              for y in range(100, 800, 3)}
    assert {"#0072b2", "#e69f00", "#009e73"} <= colors  # one bar colour per coder
    view.tabs.setCurrentWidget(view.cooccurrence)
    heat = view.cooccurrence.heatmap
    m = heat.matrix
    n = len(m.codes)
    i, j = max(((a, b) for a in range(n) for b in range(n) if a != b),
               key=lambda ab: m.counts[ab[0]][ab[1]])
    qtbot.mouseClick(heat, Qt.MouseButton.LeftButton, pos=heat.cell_center(i, j))
    assert view.cooccurrence.passages.model.passages
    _save(view, "analysis_cooccurrence.png")
    view.tabs.setCurrentWidget(view.matrix)
    _save(view, "analysis_matrix.png")
    view.tabs.setCurrentWidget(view.retrieval)
    view.retrieval.code.setCurrentIndex(1)
    view.retrieval.country.setCurrentIndex(1)
    assert view.retrieval.passages.model.passages
    view.retrieval.passages.table.selectRow(3)
    _save(view, "analysis_passages.png")
    theme.apply(qapp, "dark")
    try:
        view.tabs.setCurrentWidget(view.frequencies)
        view.repaint()
        _save(view, "analysis_frequencies_dark.png")
        view.tabs.setCurrentWidget(view.cooccurrence)
        _save(view, "analysis_cooccurrence_dark.png")
    finally:
        theme.apply(qapp, "light")
        qapp.setStyleSheet("")


def test_pdf_page_preview(qapp: QApplication, demo: Project) -> None:
    """The printed pages as images (the layout QTextDocument.print_ uses), for eyes."""
    doc = report_document(build_content(demo, ReportOptions()))
    width, height = 794 - 113, 1123 - 113  # A4 at 96 dpi minus 15 mm margins
    doc.setPageSize(QSizeF(width, height))
    assert doc.pageCount() >= 4
    OUT.mkdir(exist_ok=True)
    for k in range(3):
        page = QImage(width, height, QImage.Format.Format_RGB32)
        page.fill(QColor("white"))
        painter = QPainter(page)
        painter.translate(0, -k * height)
        doc.drawContents(painter, QRectF(0, k * height, width, height))
        painter.end()
        assert page.save(str(OUT / f"analysis_report_pdf_page{k + 1}.png"))
