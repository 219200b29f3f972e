"""Build small projects through the services and open them in the workbench (GUI tests)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from annotator.domain.model import Segment
from annotator.domain.text import canonical_text, paragraph_spans, text_sha256
from annotator.services.codebook_commands import AddCode
from annotator.services.importing.pipeline import Prepared, import_files, store_prepared
from annotator.services.project import Project

#: the shared corpus: ``../shared`` next to the checkout, or ``$ANNOTATOR_SHARED``
SHARED = Path(os.environ.get("ANNOTATOR_SHARED",
                             Path(__file__).resolve().parents[2].parent / "shared"))
CORPUS_KZ = SHARED / "corpus" / "state-dept" / "2019" / "kazakhstan.txt"


def require_corpus(path: Path = CORPUS_KZ) -> Path:
    """The corpus file the test needs; its absence fails the test (never a silent skip)."""
    if not path.exists():
        pytest.fail(f"corpus file {path} not found: put the shared folder next to the "
                    "checkout or set ANNOTATOR_SHARED")
    return path

# Emoji, a flag (two astral code points), CJK Extension B and mathematical letters come before
# the phrase to code, so any UTF-16 / code-point mix-up shifts the stored offsets.
ASTRAL_TEXT = canonical_text(
    "Witness statements 😀👍🏽\n\n"
    "The 🇰🇿 delegation met 𠀋𠀌 officials and 𝒜𝒷𝒸 observers in Almaty.\n\n"
    "Police detained peaceful protesters without charge after the rally.\n\n"
    "مرحبا بالعالم — the report quotes an Arabic greeting; 日本語 text follows.\n")
PHRASE = "detained peaceful protesters"


@dataclass
class Built:
    path: Path
    codes: dict[str, str] = field(default_factory=dict)  # name -> uuid
    docs: dict[str, int] = field(default_factory=dict)  # label -> document id


def add_synthetic(project: Project, title: str, text: str) -> int:
    paras = paragraph_spans(text)
    segs = [Segment("paragraph", str(i + 1), "", s.start, s.end) for i, s in enumerate(paras)]
    # the first paragraph doubles as a heading the importer only guessed
    segs.insert(0, Segment("section", "1", "Witness statements", paras[0].start, len(text),
                           inferred=True))
    prep = Prepared(path=f"{title}.txt", title=title, country="Testland", year=2021,
                    source_type="txt", text=text, sha256=text_sha256(text), is_report=False,
                    segments=segs, warnings=[])
    return store_prepared(project, prep).id


def build_project(tmp_path: Path, *, corpus: bool = False, coders: tuple[str, ...] = ("alice",),
                  ) -> Built:
    """A project with a small codebook, the astral test document and optionally a report."""
    built = Built(tmp_path / "test.annotator")
    project = Project.create(built.path)
    try:
        for name in coders:
            project.use_coder(name)
        project.use_coder(coders[0])
        rights = project.execute(AddCode("Rights", codable=False, color="#0072B2")).result
        built.codes["Rights"] = rights.uuid
        for name, key in (("Torture", "t"), ("Detention", None), ("Expression", None)):
            built.codes[name] = project.execute(
                AddCode(name, rights.uuid, shortcut=key)).result.uuid
        built.codes["Score"] = project.execute(AddCode(
            "Score", attributes=[{"name": "score", "type": "ordinal",
                                  "levels": ["0", "1", "2"]}])).result.uuid
        built.docs["astral"] = add_synthetic(project, "Astral test", ASTRAL_TEXT)
        if corpus:
            report = import_files(project, [require_corpus()], workers=1)
            assert report.imported, report.failed
            built.docs["kz"] = report.imported[0].id
    finally:
        project.close()
    return built


def stored_codings(path: Path) -> list[tuple[int, int, int, str]]:
    """(document, start, end, code uuid) of every coding, read from a fresh connection."""
    project = Project.open(path, backup=False)
    try:
        with project.read() as tx:
            by_id = {c.id: c.uuid for c in tx.codes()}
            return sorted((c.document_id, c.start, c.end, by_id[c.code_id])
                          for c in tx.codings())
    finally:
        project.close()


# --- opening the app --------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _restore_qt_app_state(qapp):  # type: ignore[no-untyped-def]
    """The app applies its theme to the whole QApplication; put the previous look back so
    tests of other widgets in the same run see the default style and palette."""
    from PySide6.QtGui import QPalette

    from annotator.gui.theme import set_look

    style = qapp.style().name()
    palette = QPalette(qapp.palette())
    sheet = qapp.styleSheet()
    yield
    set_look(qapp, style=style, palette=palette, sheet=sheet, theme=None)


@pytest.fixture
def open_app(qtbot):  # type: ignore[no-untyped-def]
    """``open_app(built, coder="alice")`` → App with the project open and the window shown."""
    from annotator.gui.app import App
    from annotator.settings import AppSettings

    apps = []

    def _open(built: Built, coder: str = "alice", **settings: object):  # type: ignore[no-untyped-def]
        app = App(AppSettings(coder_name=coder, **settings), ask_coder=False)
        qtbot.addWidget(app.window)
        app.open_project(built.path, background=False)
        assert app.workbench is not None, app.last_error
        app.window.resize(1440, 900)
        app.window.show()
        qtbot.waitExposed(app.window)
        app.window.activateWindow()
        from PySide6.QtTest import QTest

        assert QTest.qWaitForWindowActive(app.window)
        apps.append(app)
        return app

    yield _open
    for app in apps:
        app.window.close()


def u16(text: str, cp: int) -> int:
    from annotator.domain.text import Utf16Index

    return Utf16Index(text).to_utf16(cp)


def drag_select(qtbot, view, start: int, end: int) -> None:  # type: ignore[no-untyped-def]
    """Select ``[start, end)`` (code points) with a real mouse drag in the document view."""
    from PySide6.QtCore import QPoint, Qt

    editor = view.editor
    text = view.state.text
    view.scroll_to(start)
    a = editor.caret_rect(u16(text, start))
    b = editor.caret_rect(u16(text, end))
    p1 = QPoint(a.left() + 1, a.center().y())
    p2 = QPoint(b.left(), b.center().y())
    vp = editor.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=p1)
    qtbot.mouseMove(vp, p2)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=p2)
