"""The demo as a new user meets it (issue 10, item 5): documents by country and year with the
report title, the five-keys hint (dismissed once, remembered), Agreement computing at once with
the pair who share documents, and tool docks that leave the text at least half the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget

from annotator.gui.theme import set_look
from annotator.services.sample import build_sample
from annotator.settings import AppSettings


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("demo") / "sample.annotator")


@pytest.fixture
def sample(sample_file: Path, tmp_path: Path) -> Path:
    import shutil

    copy = tmp_path / "sample.annotator"
    shutil.copy(sample_file, copy)
    return copy


@pytest.fixture
def launch(qtbot, qapp):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QPalette

    from annotator.gui.app import App

    apps = []
    palette, sheet = QPalette(qapp.palette()), qapp.styleSheet()

    def _open(path: Path, settings: AppSettings | None = None):  # type: ignore[no-untyped-def]
        app = App(settings or AppSettings(coder_name="Amina"), ask_coder=False)
        qtbot.addWidget(app.window)
        app.window.resize(1366, 768)
        app.window.show()
        qtbot.waitExposed(app.window)
        app.open_project(path, background=False)
        assert app.workbench is not None, app.last_error
        apps.append(app)
        return app

    yield _open
    for app in apps:
        app.window.close()
    set_look(qapp, palette=palette, sheet=sheet, theme=None)


def _labels(panel) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    model = panel.model
    out = {}
    for r in range(model.rowCount()):
        group = model.item(r)
        out[group.text()] = [group.child(i).text() for i in range(group.rowCount())]
    return out


def test_documents_are_listed_by_country_and_year_with_the_title(launch, sample):
    app = launch(sample)
    labels = _labels(app.workbench.documents)
    assert labels["Kazakhstan"] == ["2019 · Human Rights Report",
                                    "2019 · Human Rights Report (excerpt)"]
    assert labels["Tuvalu"] == ["2020 · Human Rights Report"]
    assert not any(".txt" in x for xs in labels.values() for x in xs)


def test_the_key_hint_shows_once_and_is_remembered(launch, sample, qtbot):
    from annotator.gui.key_hint import KEYS

    settings = AppSettings(coder_name="Amina")
    app = launch(sample, settings)
    hint = app.key_hint
    assert hint is not None and hint.isVisible() and len(KEYS) == 5
    pane = app.workbench.pane
    top_before = pane.view.geometry().top()
    # it floats inside the text area and does not push the text
    assert pane.rect().contains(hint.geometry())
    qtbot.mouseClick(hint.ok, Qt.MouseButton.LeftButton)
    assert not hint.isVisible() and pane.view.geometry().top() == top_before
    assert AppSettings.load().key_hint_seen  # saved at once
    app.window.close()
    again = launch(sample, AppSettings.load())
    assert again.key_hint is None


def _text_share(app) -> float:  # type: ignore[no-untyped-def]
    QApplication.processEvents()
    return app.workbench.pane.height() / app.window.height()


def test_agreement_computes_at_once_and_docks_leave_the_text_half(launch, sample, qtbot):
    app = launch(sample)
    window = app.window
    assert _text_share(app) > 0.8
    reading = app.workbench.session.document_id
    assert reading is not None  # the demo opens on its most-coded report
    window.actions_.agreement.trigger()
    tools = window._agreement_tools
    assert tools.view.controls.coders.checked() == ["Amina", "Ben"]
    qtbot.waitUntil(lambda: tools.view.report is not None, timeout=60000)
    assert tools.view.report.overall.value("alpha") is not None
    assert "error" not in tools.view.status.text().lower()
    qtbot.waitUntil(lambda: tools.browser.model.rowCount() > 0 if hasattr(tools.browser, "model")
                    else True, timeout=60000)
    qtbot.waitUntil(lambda: tools.adjudication.model.rowCount() > 0, timeout=60000)
    qtbot.wait(50)
    assert app.workbench.session.document_id == reading  # opening the tools moved nothing
    assert _text_share(app) >= 0.5, (app.workbench.pane.height(), window.height())
    window.actions_.analysis.trigger()
    qtbot.wait(50)
    analysis = window.findChild(QDockWidget, "analysisDock")
    assert analysis is not None and analysis in window.tabifiedDockWidgets(tools.docks[
        "agreementDock"])
    assert _text_share(app) >= 0.5
    for dock in tools.docks.values():
        assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea


def test_a_short_screen_stacks_side_panels_instead_of_cutting_the_window(launch, sample):
    app = launch(sample)
    window = app.window
    QApplication.processEvents()
    tall = window.minimumSizeHint().height()
    room = tall - 60
    moved = window.fit_side_docks(room=room)
    QApplication.processEvents()
    assert moved and moved[0] == "memoDock"
    assert window.docks["memoDock"] in window.tabifiedDockWidgets(window.docks["codingsDock"])
    assert window.minimumSizeHint().height() <= room
    assert window.fit_side_docks(room=room) == []  # already fits: nothing more moves


def test_adjudication_buttons_show_without_scrolling_on_a_large_screen(launch, sample, qtbot):
    app = launch(sample)
    app.window.resize(1920, 1050)
    app.window.actions_.agreement.trigger()
    tools = app.window._agreement_tools
    tools.show("adjudicationDock")
    panel = tools.adjudication
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=60000)
    qtbot.wait(100)
    holder = tools.docks["adjudicationDock"].widget()
    assert panel.height() == holder.viewport().height()  # fits: no scrolling needed
    accept = panel.buttons["accept:0"]
    bottom = accept.mapTo(panel, accept.rect().bottomLeft()).y()
    assert accept.isVisible() and bottom <= holder.viewport().height()
