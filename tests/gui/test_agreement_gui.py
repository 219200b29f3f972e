"""Agreement view, disagreement browser and adjudication panel (pytest-qt, offscreen).

Screenshots of each widget go to test-output/agreement_*.png.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from annotator.domain.model import Segment
from annotator.domain.text import paragraph_spans, text_sha256
from annotator.gui import theme
from annotator.gui.theme import set_look
from annotator.gui.agreement import (AdjudicationPanel, AgreementView, DisagreementBrowser,
                                     open_agreement_tools)
from annotator.services import adjudication as adj
from annotator.services.codebook_commands import AddCode
from annotator.services.project import Project

from tests.services import agreement_helpers as h  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "test-output"
CODERS = ("amina", "boris", "chen")
SENTENCES = ["Security forces detained protesters without charge.",
             "Journalists reported harassment by officials.",
             "Prison conditions remained harsh and life threatening.",
             "Courts rarely reviewed the lawfulness of detention.",
             "Authorities restricted peaceful assembly in the capital.",
             "There were reports of torture in pretrial detention."]


def _words(text: str, start: int, end: int, rng: random.Random) -> tuple[int, int]:
    """A passage of whole sentences inside [start, end), usually most of the paragraph."""
    stops = [start] + [i + 2 for i in range(start, end - 2) if text[i] == "."] + [end]
    stops = sorted(set(min(x, end) for x in stops))
    a = stops[rng.choice([0, 0, 0, 1])] if len(stops) > 2 else start
    b = stops[rng.choice([-1, -1, -1, -2])] if len(stops) > 2 else end
    b = b - 1 if b < end else b  # leave out the space after a full stop
    return (a, b) if b > a else (start, end)


def build_demo(path: Path, n_docs: int = 6) -> Path:
    """Three coders on a dozen codes in six synthetic reports, with realistic disagreement."""
    rng = random.Random(3)
    p = Project.create(path)
    try:
        for c in CODERS:
            p.use_coder(c)
        codes = []
        for group, names in (("Physical integrity", ["Torture", "Arbitrary detention",
                                                     "Prison conditions", "Killings"]),
                             ("Civil liberties", ["Expression", "Press freedom", "Assembly",
                                                  "Association"]),
                             ("Justice", ["Fair trial", "Judicial review"])):
            parent = p.execute(AddCode(group, codable=False)).result.uuid
            codes += [p.execute(AddCode(n, parent)).result for n in names]
        with p.read() as tx:
            ids = {c.name: c.id for c in tx.coders()}
        items = []
        for d in range(n_docs):
            paras = [" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 5)))
                     for _ in range(40)]
            text = "\n\n".join(paras) + "\n"
            spans = paragraph_spans(text)
            segs = [Segment("paragraph", str(i + 1), "", s.start, s.end)
                    for i, s in enumerate(spans)]
            with p.store.begin() as tx:
                doc = tx.add_document(title=f"Country report {d + 1}", country="X", year=2020,
                                      source_name=f"r{d}.txt", source_type="txt", text=text,
                                      sha256=text_sha256(text), is_report=False, segs=segs)
            for s in spans:
                for k, code in enumerate(codes):
                    skill = 0.985 - 0.012 * (k % 6)  # chance of judging a paragraph right
                    truth = rng.random() < 0.15
                    for c in CODERS:
                        if (truth if rng.random() < skill else not truth) is False:
                            continue
                        a, b = _words(text, s.start, s.end, rng)
                        items.append({"document_id": doc.id, "start": a, "end": b,
                                      "code_id": code.id, "coder_id": ids[c]})
        with p.store.begin() as tx:
            tx.add_codings_bulk(items)
    finally:
        p.close()
    return path


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("agreement-gui") / "demo.annotator")


@pytest.fixture
def project(demo: Path) -> Project:
    p = Project.open(demo, backup=False)
    yield p
    p.close()


def shoot(widget: QWidget, name: str, size: tuple[int, int] = (1400, 820)) -> Path:
    OUT.mkdir(exist_ok=True)
    widget.resize(*size)
    widget.show()
    QApplication.processEvents()
    path = OUT / f"agreement_{name}.png"
    assert widget.grab().save(str(path))
    return path


def test_agreement_view_computes_in_the_background(qtbot, project: Project) -> None:  # noqa: ANN001
    view = AgreementView(project)
    qtbot.addWidget(view)
    view.controls.coders.set_checked(list(CODERS))
    view.controls.stats.set_checked(["alpha", "kappa", "ac1", "percent", "alpha_u",
                                     "char_kappa"])
    view.controls.ci.setChecked(True)
    with qtbot.waitSignal(view.report_ready, timeout=60000) as sig:
        view.compute()
    report = sig.args[0]
    assert report.coders == CODERS and len(report.codes) == 13
    assert view.codes_model.rowCount() == 13 + 2 + 1  # codes, two levels, pooled
    assert view.tabs.isTabEnabled(2) and view.pairs.table.rowCount() == 3
    assert len(view.chart.bars) == 14
    assert ".800 is customarily required" in view.reading.toPlainText()
    cell = view.codes_model.index(1, view.codes_model.FIXED)  # a code's alpha
    assert view.codes_model.data(cell, Qt.ItemDataRole.BackgroundRole) is not None
    assert "[" in view.codes_model.data(cell)  # interval shown
    shoot(view, "view_light")
    view.tabs.setCurrentIndex(2)
    shoot(view, "view_pairs", (1100, 700))


def test_agreement_view_dark_theme(qtbot, project: Project) -> None:  # noqa: ANN001
    app = QApplication.instance()
    before = (app.style().name(), app.palette(), app.styleSheet(), app.property("annotator_theme"))
    theme.apply(app, "dark")
    try:
        view = AgreementView(project)
        qtbot.addWidget(view)
        view.controls.coders.set_checked(["amina", "boris"])
        view.controls.stats.set_checked(["alpha", "kappa", "pi", "percent", "char_kappa"])
        assert view.compute(background=False) is not None
        shoot(view, "view_dark")
    finally:  # leave the application exactly as it was for the other tests
        set_look(app, style=before[0], palette=before[1], sheet=before[2], theme=before[3])


def test_agreement_view_reports_refusals(qtbot, project: Project,  # noqa: ANN001
                                         tmp_path: Path) -> None:
    view = AgreementView(project)
    qtbot.addWidget(view)
    view.controls.coders.set_checked(["amina"])
    assert view.compute(background=False) is None
    assert "at least two coders" in view.status.text()
    view.controls.coders.set_checked(["amina", "boris"])
    view.controls.unit.setCurrentIndex(view.controls.unit.findData("section"))
    assert view.compute(background=False) is None
    assert "has sections" in view.status.text()
    view.controls.unit.setCurrentIndex(view.controls.unit.findData("paragraph"))
    assert view.export_matrix(str(tmp_path / "m.csv")) == 13 * 6 * 40  # 13 code rows


def test_browser_lists_items_and_asks_to_jump(qtbot, project: Project) -> None:  # noqa: ANN001
    browser = DisagreementBrowser(project)
    qtbot.addWidget(browser)
    browser.load(background=False)
    n = browser.model.rowCount()
    assert n > 50 and browser.model.columnCount() == 4 + 2 + 1
    first = browser.model.items[0]
    idx = browser.proxy.index(0, 3)
    with qtbot.waitSignal(browser.jump_requested) as sig:
        browser.table.activated.emit(idx)
    assert sig.args == [first.document_id, first.start, first.end]
    browser.filter.setText("Press freedom")
    assert 0 < browser.proxy.rowCount() < n
    browser.filter.clear()
    shoot(browser, "disagreements", (1300, 600))
    panel = AdjudicationPanel(project)  # read only here: nothing is decided
    qtbot.addWidget(panel)
    panel.load(background=False)
    assert panel.progress_label.text() == f"0 of {n} settled"
    shoot(panel, "adjudication_demo", (1300, 560))


def test_adjudication_with_one_key_per_decision(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    fx = h.build(tmp_path)
    project = Project.open(fx.path, backup=False)
    try:
        panel = AdjudicationPanel(project)
        qtbot.addWidget(panel)
        panel.show()
        panel.load(background=False)
        assert panel.progress_label.text() == "0 of 7 settled"
        first = panel.current()
        assert first is not None and first.number == 1
        panel.reason.setText("bob's bounds are tighter")
        qtbot.keyClick(panel.table, Qt.Key.Key_B)
        assert panel.progress_label.text() == "1 of 7 settled"
        assert panel.current().number == 2  # moved on
        rec = adj.decisions(project)[0]
        assert rec["decision"] == "accept:bob" and rec["reason"] == "bob's bounds are tighter"
        qtbot.keyClick(panel.table, Qt.Key.Key_U)
        qtbot.keyClick(panel.table, Qt.Key.Key_I)  # item 3: bob has nothing -> refused
        assert "did not code it" in panel.status.text()
        assert panel.progress_label.text() == "2 of 7 settled"
        panel.edit_provider = lambda item: [(item.start, item.start + 4)]
        qtbot.keyClick(panel.table, Qt.Key.Key_E)
        qtbot.keyClick(panel.table, Qt.Key.Key_R)
        qtbot.keyClick(panel.table, Qt.Key.Key_A)
        assert panel.progress_label.text() == "5 of 7 settled"
        shoot(panel, "adjudication", (1300, 640))
        qtbot.keyClick(panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert panel.progress_label.text() == "4 of 7 settled"
        assert sorted(r["decision"] for r in adj.decisions(project)) == [
            "accept:bob", "edit", "reject", "union"]
        panel.compare_with_gold()
        assert panel.gold_table.isVisible() and panel.gold_table.rowCount() == 2
    finally:
        project.close()


def test_tools_in_a_main_window_with_the_controller(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from annotator.gui.controller import Controller

    fx = h.build(tmp_path)
    project = Project.open(fx.path, backup=False)
    try:
        project.use_coder("judge")
        window = QMainWindow()
        qtbot.addWidget(window)
        controller = Controller(project)
        controller.set_blind(True)
        jumps: list[tuple[int, int, int]] = []
        tools = open_agreement_tools(window, project, controller=controller,
                                     jump=lambda d, s, e: jumps.append((d, s, e)))
        assert open_agreement_tools(window, project) is tools
        assert set(tools.docks) == {"agreementDock", "disagreementsDock", "adjudicationDock"}
        tools.browser.load(background=False)
        tools.adjudication.load(background=False)
        assert jumps == []  # loading behind a tab never moves the text
        panel = tools.adjudication
        panel.table.activated.emit(panel.table.currentIndex())  # the user opens the item
        assert jumps and not controller.blind  # selecting an item revealed every coder
        out = tools.adjudication.decide_current("union")
        assert out is not None and len(adj.decisions(project)) == 1
        controller.undo_stack.undo()  # the main window's undo takes it back
        assert adj.decisions(project) == []
        window.resize(1400, 900)
        tools.view.controls.coders.set_checked(["alice", "bob"])
        tools.view.compute(background=False)
        shoot(window, "main_window", (1400, 900))
        tools.view.runner.wait(10000)
    finally:
        project.close()
