"""Screenshots of the main window for a look by eye (written to ``test-output/``).

Sample project; one densely coded report (two coders, overlapping codings); the dark palette.
"""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtWidgets import QApplication

from annotator.domain.text import paragraph_spans
from annotator.services.codebook_commands import AddTemplate
from annotator.services.coding_commands import ApplyCode
from annotator.services.commands import Batch
from annotator.services import workbench as reads
from annotator.services.project import Project

from tests.gui.gui_helpers import (CORPUS_KZ, Built, _restore_qt_app_state,  # noqa: F401
                                   open_app, require_corpus)

OUT = Path(__file__).resolve().parents[2] / "test-output"


def _settle(qtbot, ms: int = 150) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(ms)


def _save(window, name: str) -> Path:  # type: ignore[no-untyped-def]
    OUT.mkdir(exist_ok=True)
    path = OUT / name
    image = window.grab().toImage()
    assert image.save(str(path))
    colours = {image.pixel(x, y) for x in range(0, image.width(), 17)
               for y in range(0, image.height(), 13)}
    assert len(colours) > 20  # not a blank window
    return path


def _dense_project(tmp_path: Path) -> Built:
    require_corpus()
    from annotator.services.importing.pipeline import import_files

    built = Built(tmp_path / "dense.annotator")
    project = Project.create(built.path)
    try:
        project.use_coder("Amira")
        project.use_coder("Ben")
        project.execute(AddTemplate("violations"))
        project.execute(AddTemplate("ciri"))
        doc = import_files(project, [CORPUS_KZ], workers=1).imported[0]
        built.docs["kz"] = doc.id
        with project.read() as tx:
            codes = [c for c in tx.codes() if c.codable and not c.deprecated]
        text = project.text(doc.id)
        rng = random.Random(7)
        for coder in ("Amira", "Ben"):
            project.use_coder(coder)
            cmds = []
            for para in paragraph_spans(text):
                if para.end - para.start < 120:
                    continue
                for _ in range(rng.randint(1, 4)):
                    a = rng.randint(para.start, para.end - 40)
                    b = min(para.end, a + rng.randint(30, 400))
                    while a > para.start and not text[a - 1].isspace():
                        a -= 1
                    while b < para.end and text[b].isalnum():
                        b += 1
                    cmds.append(ApplyCode(doc.id, a, b, rng.choice(codes[:12]).uuid))
            project.execute(Batch(cmds, "dense"))
        project.use_coder("Amira")
    finally:
        project.close()
    return built


def _show_dense(qtbot, app, built):  # type: ignore[no-untyped-def]
    wb = app.workbench
    wb.open_document(built.docs["kz"])
    text = wb.session.text
    at = text.index("Prison and Detention Center Conditions")
    wb.view.scroll_to(at)
    first = next(c for c in sorted(wb.session.codings(), key=lambda c: c.start) if c.start > at)
    wb.view.select(first.start, first.end)
    wb.activate_coding(first.uuid)
    wb.controller.set_current_code(wb.session.span(first).code_uuid)
    _settle(qtbot)
    return wb


def test_screenshot_sample_project(qtbot, tmp_path, open_app):
    from annotator.services.sample import ensure_demo_project

    path = ensure_demo_project()
    built = Built(path)
    app = open_app(built, coder="Amira")
    wb = app.workbench
    project = wb.controller.project
    counts = {d.id: len(reads.document_codings(project, d.id)) for d in project.documents()}
    wb.open_document(max(counts, key=counts.get))
    codings = sorted(wb.session.codings(), key=lambda c: c.start)
    if codings:
        wb.view.scroll_to(codings[0].start)
        wb.activate_coding(codings[0].uuid)
    _settle(qtbot)
    _save(app.window, "workbench-sample.png")


def test_screenshot_dense_report(qtbot, tmp_path, open_app):
    built = _dense_project(tmp_path)
    app = open_app(built, coder="Amira")
    wb = _show_dense(qtbot, app, built)
    assert wb.session.count() > 600
    _save(app.window, "workbench-dense.png")


def test_screenshot_dark_palette(qtbot, tmp_path, open_app):
    built = _dense_project(tmp_path)
    app = open_app(built, coder="Amira")
    app.set_theme("dark")
    try:
        _show_dense(qtbot, app, built)
        app.workbench.controller.set_blind(True)
        _settle(qtbot)
        _save(app.window, "workbench-dark.png")
    finally:
        app.set_theme("light")


def test_screenshot_start_screen(qtbot, tmp_path):
    from annotator.gui.app import App
    from annotator.settings import AppSettings

    recent = tmp_path / "Torture study 2019.annotator"
    Project.create(recent).close()
    settings = AppSettings(coder_name="Amira")
    settings.add_recent(recent)
    app = App(settings, ask_coder=False)
    qtbot.addWidget(app.window)
    app.show_start()
    app.window.resize(1200, 760)
    app.window.show()
    qtbot.waitExposed(app.window)
    _settle(qtbot)
    _save(app.window, "start-screen.png")


def test_screenshot_empty_project(qtbot, tmp_path, open_app):
    path = tmp_path / "empty.annotator"
    Project.create(path).close()
    app = open_app(Built(path), coder="Amira")
    _settle(qtbot)
    _save(app.window, "workbench-empty.png")
