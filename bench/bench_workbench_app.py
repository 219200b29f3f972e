"""The coding workbench as a user meets it: the main window the app builds, on a real project.

Codings are stored in the project database through the services (one Batch of ApplyCode per
coder); the window is the one ``annotator PROJECT`` opens (App → Workbench), and every timing
starts with what the user does (a click in the documents panel, a key, Ctrl+Z, a tick in the
coders panel) and ends when the event loop is idle again with the result on screen.

Each dataset runs in a fresh interpreter, so the first (cold) run has no cache warmed by an
earlier benchmark: only what a user's first action after opening the project would have. A line
reports the larger of the cold first run and the median (``cold``/``median`` in the line).

Datasets: *corpus* is the State Department's Turkey 2020 report (about 215,000 characters) with
5,000 codings; *synthetic* is a 1,000,000-character report (three giant paragraphs, astral and
right-to-left words) with 20,000 codings by two coders, plus two 200,000-character reports to
switch between.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench._harness import CORPUS, Result, percentile, run_isolated
from bench.bench_workbench import SEED, palette, synthetic_text

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from annotator.services.project import Project

CORPUS_FILE = ("state-dept", "2020", "turkey.txt")
ME, OTHER = "bench-a", "bench-b"
N_GROUPS, PER_GROUP = 5, 8  # 40 codable codes under 5 grouping codes
APPLIES = 40  # timed applies (each followed by a timed undo)
OPENS = 4  # timed opens (the first one cold)
SWITCHES = 8  # timed switches between the two 200k documents

#: a short document the app shows when the project opens (the one "last open"), so that the
#: timed open of the big one is a real switch from another document, as a user makes it
NOTES = "Reading notes.\n\nTo check against the 2019 edition: sections 1.c and 2.a.\n"

LIMITS = {"open": {"corpus": 0.3, "synthetic": 0.8}, "apply_code_p95": 15.0, "undo_p95": 15.0,
          "toggle_coder": 0.15, "switch_document": 0.3}


# --- building the projects (through the services) --------------------------------------------
def _codebook(project: Project) -> list[str]:
    from annotator.services.codebook_commands import AddCode

    colors = palette()
    uuids = []
    for g in range(N_GROUPS):
        group = project.execute(AddCode(f"Group {g + 1}", codable=False,
                                        color=colors[g * PER_GROUP])).result
        for k in range(PER_GROUP):
            i = g * PER_GROUP + k
            uuids.append(project.execute(AddCode(f"Code {i + 1}", group.uuid,
                                                 color=colors[i])).result.uuid)
    return uuids


def _code_randomly(project: Project, doc_id: int, length: int, count: int,
                   codes: list[str], seed: int) -> None:
    """``count`` random passages of 20-2,000 characters, alternating between the two coders,
    stored as one Batch of ApplyCode per coder."""
    from annotator.services.coding_commands import ApplyCode
    from annotator.services.commands import Batch

    rnd = random.Random(seed)
    ids = {c.name: c.id for c in project.coders()}
    per: dict[str, list[ApplyCode]] = {ME: [], OTHER: []}
    for i in range(count):
        n = rnd.randint(20, min(2000, length - 1))
        s = rnd.randint(0, length - n)
        who = ME if i % 2 == 0 else OTHER
        per[who].append(ApplyCode(doc_id, s, s + n, rnd.choice(codes), coder_id=ids[who]))
    for who, cmds in per.items():
        project.execute(Batch(cmds, f"bench codings of {who}"))


def _synthetic_document(project: Project, title: str, text: str) -> int:
    """A report-like document with paragraphs and a two-level outline."""
    from annotator.domain.model import Segment
    from annotator.domain.text import paragraph_spans, text_sha256
    from annotator.services.importing.pipeline import Prepared, store_prepared

    paras = paragraph_spans(text)
    segs = [Segment("paragraph", str(i + 1), "", p.start, p.end) for i, p in enumerate(paras)]
    step = 25
    for k, i in enumerate(range(0, len(paras), step)):
        end = paras[min(len(paras), i + step) - 1].end
        segs.append(Segment("section", str(k + 1), f"Section {k + 1}", paras[i].start, end))
        for j, m in enumerate(range(i, min(len(paras), i + step), 5)):
            sub_end = paras[min(len(paras), m + 5, i + step) - 1].end
            segs.append(Segment("subsection", f"{k + 1}.{chr(97 + j)}", f"Topic {j + 1}",
                                paras[m].start, sub_end, level=2))
    prep = Prepared(path=f"{title}.txt", title=title, country="Benchland", year=2024,
                    source_type="txt", text=text, sha256=text_sha256(text), is_report=False,
                    segments=segs, warnings=[])
    return store_prepared(project, prep).id


def build_corpus(path: Path) -> dict[str, Any]:
    from annotator.services.importing.pipeline import import_files
    from annotator.services.project import Project

    src = CORPUS.joinpath(*CORPUS_FILE)
    if not src.exists():
        raise FileNotFoundError(f"corpus report {src} not found (set ANNOTATOR_SHARED)")
    project = Project.create(path)
    try:
        project.use_coder(OTHER)
        project.use_coder(ME)
        codes = _codebook(project)
        report = project_import(import_files, project, src)
        doc = report.imported[0]
        _code_randomly(project, doc.id, doc.chars, 5_000, codes, SEED)
        notes = _synthetic_document(project, "Reading notes", NOTES)
        return {"docs": {"main": doc.id, "notes": notes}, "chars": doc.chars, "codings": 5_000}
    finally:
        project.close()


def project_import(import_files: Callable[..., Any], project: Project, src: Path) -> Any:
    report = import_files(project, [src], workers=1)
    if not report.imported:
        raise RuntimeError(f"could not import {src}: {report.failed}")
    return report


def build_synthetic(path: Path) -> dict[str, Any]:
    from annotator.services.project import Project

    project = Project.create(path)
    try:
        project.use_coder(OTHER)
        project.use_coder(ME)
        codes = _codebook(project)
        big = synthetic_text()
        main = _synthetic_document(project, "Synthetic report (1M)", big)
        _code_randomly(project, main, len(big), 20_000, codes, SEED)
        docs = {"main": main}
        docs["notes"] = _synthetic_document(project, "Reading notes", NOTES)
        for k, label in enumerate(("a", "b")):
            text = synthetic_text(200_000, seed=SEED + 1 + k)
            docs[label] = _synthetic_document(project, f"Switch report {label.upper()}", text)
            _code_randomly(project, docs[label], len(text), 2_000, codes, SEED + 10 + k)
        return {"docs": docs, "chars": len(big), "codings": 20_000}
    finally:
        project.close()


# --- driving the window ------------------------------------------------------------------------
def _qapp() -> QApplication:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])  # type: ignore[return-value]


def settle() -> None:
    """Run the event loop until everything queued so far (posted events, zero timers, paint
    requests) has been handled: what "idle again" means for the user's next action."""
    from PySide6.QtCore import QTimer

    app = _qapp()
    done: list[int] = []
    QTimer.singleShot(0, lambda: done.append(1))
    while not done:
        app.processEvents()
    app.sendPostedEvents()
    app.processEvents()


class _PaintCounter:
    """Counts paint events of a widget (to check that the result actually reached the screen)."""

    def __init__(self, widget: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            def __init__(self, box: _PaintCounter) -> None:
                super().__init__()
                self.box = box

            def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802
                if event.type() == QEvent.Type.Paint:
                    self.box.count += 1
                return False

        self.count = 0
        self._filter = Filter(self)
        widget.installEventFilter(self._filter)


class Session:
    """The app with a project open, as ``annotator PROJECT`` shows it."""

    def __init__(self, path: Path, start_doc: int | None = None) -> None:
        from annotator.gui.app import App
        from annotator.services.project import Project
        from annotator.settings import AppSettings

        _qapp()
        settings = AppSettings(coder_name=ME)
        if start_doc is not None:  # the document that was open when the user last quit
            project = Project.open(path, backup=False)
            try:
                uuid = next(d.uuid for d in project.documents() if d.id == start_doc)
            finally:
                project.close()
            settings.remember_document(path, uuid)
        self.app = App(settings, ask_coder=False)
        self.app.open_project(path, background=False)
        if self.app.workbench is None:
            raise RuntimeError(f"the project did not open: {self.app.last_error}")
        w = self.app.window
        w.resize(1440, 900)
        w.show()
        w.activateWindow()
        settle()
        if start_doc is not None and self.wb.session.document_id != start_doc:
            raise RuntimeError("the app did not reopen the last document")
        self.paints = _PaintCounter(self.wb.view.editor.viewport())

    @property
    def wb(self) -> Any:
        return self.app.workbench

    def close(self) -> None:
        self.app.window.close()
        settle()

    def open(self, doc_id: int) -> float:
        """Click the document in the documents panel; seconds until idle with it shown."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        panel = self.wb.documents
        item = panel._items[doc_id]
        idx = panel.proxy.mapFromSource(item.index())
        panel.view.scrollTo(idx)
        settle()
        rect = panel.view.visualRect(idx)
        before = self.paints.count
        before_doc = self.wb.session.document_id
        t0 = time.perf_counter()
        QTest.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, rect.center())
        settle()
        dt = time.perf_counter() - t0
        wb = self.wb
        if wb.session.document_id != doc_id:
            raise RuntimeError("clicking the document did not open it")
        if before_doc == doc_id:
            raise RuntimeError("the document was already open: nothing was timed")
        if self.paints.count == before:
            raise RuntimeError("the text was not painted after opening")
        if wb.codings_model.rowCount() != wb.session.count():
            raise RuntimeError("the codings list is not filled")
        return dt

    def key(self, key: Any, mods: Any = None) -> float:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        before = self.paints.count
        t0 = time.perf_counter()
        QTest.keyClick(self.wb.view.editor, key, mods or Qt.KeyboardModifier.NoModifier)
        settle()
        dt = time.perf_counter() - t0
        if self.paints.count == before:
            raise RuntimeError("the viewport was not repainted")
        return dt


def _open_runs(path: Path, doc_id: int, start_doc: int) -> list[float]:
    """The first open in this process (cold), then the same in a freshly opened project."""
    runs = []
    for _ in range(OPENS):
        s = Session(path, start_doc)
        runs.append(s.open(doc_id))
        s.close()
    return runs


def _summary(runs: list[float], scale: float = 1.0) -> dict[str, Any]:
    return {"cold": round(runs[0] * scale, 4), "median": round(statistics.median(runs) * scale, 4),
            "runs": len(runs)}


def _apply_and_undo(s: Session, doc_id: int, seed: int) -> dict[str, list[float]]:
    """Select a passage, press the first code's key; then Ctrl+Z. Both timed, checked."""
    from PySide6.QtCore import Qt

    wb = s.wb
    if wb.session.document_id != doc_id:
        s.open(doc_id)
    code = next(u for u, k in wb.shortcuts.keys.items() if k == "1")
    code_id = wb.codebook.model.code_by_uuid(code).id
    text = wb.session.text
    rnd = random.Random(seed)
    out: dict[str, list[float]] = {"apply": [], "undo": []}
    for _ in range(APPLIES):
        n = rnd.randint(30, 600)
        a = rnd.randint(0, len(text) - n)
        wb.view.scroll_to(a)
        wb.view.select(a, a + n)
        settle()
        count = wb.session.count()
        stack = wb.controller.undo_stack.index()
        listed = wb.codings_model.rowCount()
        counted = wb.codebook.model.display.counts.get(code_id, 0)
        out["apply"].append(s.key(Qt.Key.Key_1))
        got = (wb.session.count(), wb.controller.undo_stack.index(), wb.codings_model.rowCount(),
               wb.codebook.model.display.counts.get(code_id, 0))
        if got != (count + 1, stack + 1, listed + 1, counted + 1):
            raise RuntimeError(f"the code key did not commit, list and count one coding: "
                               f"(codings, undo steps, rows, code count) went from "
                               f"{(count, stack, listed, counted)} to {got}")
        out["undo"].append(s.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier))
        got = (wb.session.count(), wb.codings_model.rowCount(),
               wb.codebook.model.display.counts.get(code_id, 0))
        if got != (count, listed, counted):
            raise RuntimeError(f"Ctrl+Z did not take the coding back: (codings, rows, code "
                               f"count) are {got}, not {(count, listed, counted)}")
    return out


def _toggle(s: Session) -> tuple[list[float], int]:
    """Untick the other coder in the coders panel (hiding their codings), tick again."""
    from PySide6.QtCore import Qt

    from annotator.gui.panels.coders_panel import CODER_ROLE

    wb = s.wb
    other = next(c for c in wb.controller.coders() if c.name == OTHER)
    hidden_n = sum(1 for c in wb.session.codings() if c.coder_id == other.id)
    wb.view.scroll_to(len(wb.session.text) // 2)
    settle()
    runs = []
    for state in (Qt.CheckState.Unchecked, Qt.CheckState.Checked) * 2:
        model = wb.coders.model
        item = next(model.item(r) for r in range(model.rowCount())
                    if model.item(r).data(CODER_ROLE) == other.id)
        before = s.paints.count
        t0 = time.perf_counter()
        item.setCheckState(state)  # what a click on the tick box does
        settle()
        runs.append(time.perf_counter() - t0)
        if s.paints.count == before:
            raise RuntimeError("hiding a coder did not repaint the text")
        visible = wb.controller.is_visible(other.id)
        if visible != (state == Qt.CheckState.Checked):
            raise RuntimeError("the coder tick box did not change visibility")
        wb.view.highlighter.finish_now()  # off-screen catch-up, not timed
        settle()
    return runs, hidden_n


def probe(kind: str, path: str, docs_json: str) -> dict[str, Any]:
    """Run in a fresh interpreter: every timing of one dataset."""
    import json

    import shutil

    # a fresh user folder: no remembered layout or document, nothing written to the real one
    home = tempfile.mkdtemp(prefix="annotator-bench-home-")
    os.environ["ANNOTATOR_HOME"] = home
    try:
        docs = {k: int(v) for k, v in json.loads(docs_json).items()}
        project = Path(path)
        out: dict[str, Any] = {"open": _open_runs(project, docs["main"], docs["notes"])}
        s = Session(project, docs["notes"])
        s.open(docs["main"])
        out.update(_apply_and_undo(s, docs["main"], SEED + 99))
        if kind == "synthetic":
            out["toggle"], out["toggled"] = _toggle(s)
            s.open(docs["a"])
            s.open(docs["b"])
            out["switch"] = [s.open(docs["a" if i % 2 == 0 else "b"]) for i in range(SWITCHES)]
        s.close()
        return out
    finally:
        shutil.rmtree(home, ignore_errors=True)


# --- the benchmark lines -----------------------------------------------------------------------
def _lines(kind: str, info: dict[str, Any], m: dict[str, Any]) -> Iterator[Result]:
    base = {"chars": info["chars"], "codings": info["codings"]}
    opens = m["open"]
    yield Result(f"workbench.app.{kind}.open", max(opens[0], statistics.median(opens)), "s",
                 LIMITS["open"][kind], extra={**base, **_summary(opens)})
    for key, name in (("apply", "apply_code_p95"), ("undo", "undo_p95")):
        if key == "undo" and kind != "synthetic":
            continue
        runs = m[key]
        p95 = percentile(runs, 95) * 1000
        yield Result(f"workbench.app.{kind}.{name}", max(p95, runs[0] * 1000), "ms",
                     LIMITS[name], extra={**base, "p95": round(p95, 2),
                                          **_summary(runs, 1000)})
    if kind == "synthetic":
        t = m["toggle"]
        yield Result("workbench.app.synthetic.toggle_coder", max(t[0], statistics.median(t)),
                     "s", LIMITS["toggle_coder"],
                     extra={"codings_toggled": m["toggled"], **_summary(t)})
        sw = m["switch"]
        yield Result("workbench.app.synthetic.switch_document",
                     max(sw[0], statistics.median(sw)), "s", LIMITS["switch_document"],
                     extra={"chars_each": 200_000, **_summary(sw)})


_NAMES = {"corpus": ["open", "apply_code_p95"],
          "synthetic": ["open", "apply_code_p95", "undo_p95", "toggle_coder", "switch_document"]}


def run() -> Iterator[Result]:
    import json

    for kind, build in (("corpus", build_corpus), ("synthetic", build_synthetic)):
        with tempfile.TemporaryDirectory(prefix="annotator-bench-") as tmp:
            try:
                path = Path(tmp) / f"{kind}.annotator"
                info = build(path)
                m = run_isolated("bench.bench_workbench_app:probe", kind, str(path),
                                 json.dumps(info["docs"]))
            except Exception as exc:  # noqa: BLE001 - reported as failed lines, loudly
                reason = f"{type(exc).__name__}: {(str(exc).strip().splitlines() or [''])[0]}"
                for name in _NAMES[kind]:
                    yield Result.failed(f"workbench.app.{kind}.{name}", reason)
                continue
            yield from _lines(kind, info, m)
