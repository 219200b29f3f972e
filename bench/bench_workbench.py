"""Coding workbench, the bare document view (``workbench.view.*``): the view alone on the largest
corpus report (5,000 codings) and on a synthetic 1,000,000-character document (20,000 codings),
against the naive approach. The app as a user meets it (window, database, panels) is timed by
bench_workbench_app (``workbench.app.*``).

Codings are random passages of 20-2,000 characters in 40 colours by two coders, so they
overlap about 20 deep on average: harsher than real coding. Timings are what a user waits
for: each one ends with a synchronous repaint of the widget.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench._harness import CORPUS, Result, percentile, run_isolated

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from annotator.domain.model import Coding
    from annotator.domain.spans import SpanInfo
    from annotator.gui.document_view import DocumentView

SEED = 20240501
N_COLORS = 40
WORDS = ("the government police security forces arrested detained journalists protesters court "
         "prison torture report rights freedom expression assembly ministry law officials "
         "according to human organization investigation authorities province citizens "
         "reported that during year killed").split()
EXTRAS = ["😀", "𝑴", "𠀀", "عربي", "עברית", "café"]  # astral and right-to-left text


def palette(n: int = N_COLORS) -> list[str]:
    rnd = random.Random(SEED)
    out = []
    for i in range(n):
        h = (i * 137.508) % 360
        out.append(_hsl(h, 0.55 + 0.3 * rnd.random(), 0.45 + 0.15 * rnd.random()))
    return out


def _hsl(h: float, s: float, lum: float) -> str:
    import colorsys

    r, g, b = colorsys.hls_to_rgb(h / 360, lum, s)
    return f"#{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}"


def synthetic_text(n: int = 1_000_000, seed: int = SEED) -> str:
    """Report-like paragraphs (with astral and RTL words), plus a giant paragraph every 300."""
    rnd = random.Random(seed)
    paras: list[str] = []
    size = 0
    while size < n:
        if len(paras) % 300 == 150:
            target = 60_000  # a giant paragraph (a table flattened into text, say)
        else:
            target = rnd.randint(150, 1500)
        sentences: list[str] = []
        length = 0
        while length < target:
            words = [rnd.choice(WORDS) for _ in range(rnd.randint(6, 30))]
            if rnd.random() < 0.05:
                words.insert(rnd.randrange(len(words)), rnd.choice(EXTRAS))
            s = " ".join(words).capitalize() + "."
            sentences.append(s)
            length += len(s) + 1
        p = " ".join(sentences)
        paras.append(p)
        size += len(p) + 2
    return "\n\n".join(paras)[:n].rstrip() + "."


def random_spans(text: str, count: int, coders: tuple[int, ...]) -> list[SpanInfo]:
    from annotator.domain.spans import SpanInfo

    rnd = random.Random(SEED + count)
    colors = palette()
    out = []
    n = len(text)
    for i in range(count):
        length = rnd.randint(20, 2000)
        s = rnd.randint(0, n - length)
        k = rnd.randrange(N_COLORS)
        out.append(SpanInfo(f"bench-{i:06d}", s, s + length, f"code-{k:02d}",
                            coders[i % len(coders)], colors[k]))
    return out


def _datasets() -> Iterator[tuple[str, str, int]]:
    from annotator.domain.text import canonical_text

    corpus = CORPUS / "state-dept" / "2020" / "turkey.txt"
    if corpus.exists():
        yield "corpus", canonical_text(corpus.read_text(encoding="utf-8")), 5_000
    yield "synthetic", synthetic_text(), 20_000


def _app() -> QApplication:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _new_view() -> DocumentView:
    from annotator.gui.document_view import DocumentView

    view = DocumentView()
    view.resize(1280, 900)
    view.show()
    _app().processEvents()
    return view


def _open(view: DocumentView, text: str, spans: list[SpanInfo],
          paras: list[tuple[int, int]]) -> float:
    t0 = time.perf_counter()
    view.set_document(text, spans, paras)
    _app().processEvents()
    view.repaint()
    return time.perf_counter() - t0


# --- the project (store) side of "apply a code" ----------------------------------------------
class _Store:
    """A real project holding the same document and codings, to time ApplyCode commits."""

    def __init__(self, folder: Path, text: str, spans: list[SpanInfo]) -> None:
        from annotator.domain.text import text_sha256
        from annotator.services.project import Project

        self.project = Project.create(folder / "bench.annotator")
        coder = self.project.use_coder("bench-a")
        other = self.project.use_coder("bench-b")
        self.project.use_coder("bench-a")
        ids = {1: coder.id, 2: other.id}
        with self.project.store.begin() as tx:
            doc = tx.add_document(title="bench", country=None, year=None, source_name="b.txt",
                                  source_type="txt", text=text, sha256=text_sha256(text),
                                  is_report=False, segs=[])
            codes = {}
            for k, color in enumerate(palette()):
                c = tx.add_code(name=f"Code {k}", color=color, uuid=f"code-{k:02d}-uuid")
                codes[f"code-{k:02d}"] = c
            tx.add_codings_bulk([dict(document_id=doc.id, start=s.start, end=s.end,
                                      code_id=codes[s.code_uuid].id, coder_id=ids[s.coder_id],
                                      uuid=s.uuid) for s in spans])
        self.doc_id = doc.id
        self.codes = codes

    def apply(self, start: int, end: int, code: str) -> Coding:
        from annotator.services.coding_commands import ApplyCode

        return self.project.execute(
            ApplyCode(self.doc_id, start, end, self.codes[code].uuid)).result


def _bench_dataset(name: str, text: str, n_spans: int) -> Iterator[Result]:
    from annotator.domain.spans import SpanInfo
    from annotator.domain.text import paragraph_spans

    limit_open = 0.3 if name == "corpus" else 0.8
    spans = random_spans(text, n_spans, (1, 2))
    paras = [(p.start, p.end) for p in paragraph_spans(text)]
    view = _new_view()
    opens = []
    for _ in range(3):
        view.clear()
        opens.append(_open(view, text, spans, paras))
    ours = statistics.median(opens)
    extra = {"chars": len(text), "codings": n_spans, "blocks": view.editor.document().blockCount()}
    yield Result(f"workbench.view.{name}.open", ours, "s", limit_open, extra=extra)

    # apply a code: command + SQLite commit + index/highlight update + repaint. "dirty" lets
    # the event loop paint what changed (what a user sees); "full" repaints the whole widget.
    rnd = random.Random(SEED)
    colors = palette()
    lat: dict[str, list[float]] = {"dirty": [], "full": [], "cpu": []}
    with tempfile.TemporaryDirectory() as tmp:
        store = _Store(Path(tmp), text, spans)
        for i in range(240):
            length = rnd.randint(30, 600)
            s = rnd.randint(0, len(text) - length)
            k = rnd.randrange(N_COLORS)
            view.scroll_to(s)
            view.select(s, s + length)
            _app().processEvents()
            mode = "dirty" if i % 2 else "full"
            c0 = time.process_time()
            t0 = time.perf_counter()
            coding = store.apply(s, s + length, f"code-{k:02d}")
            view.add_spans([SpanInfo(coding.uuid, coding.start, coding.end, f"code-{k:02d}", 1,
                                     colors[k])])
            if mode == "dirty":
                _app().processEvents()
            else:
                view.repaint()
            lat[mode].append(time.perf_counter() - t0)
            if mode == "dirty":
                lat["cpu"].append(time.process_time() - c0)
        store.project.close()
    dirty, full, cpu = lat["dirty"][10:], lat["full"][10:], lat["cpu"][10:]  # after a warm-up
    yield Result(f"workbench.view.{name}.apply_code_p95", percentile(dirty, 95) * 1000, "ms", 15,
                 extra={"median_ms": round(statistics.median(dirty) * 1000, 2),
                        "cpu_p95_ms": round(percentile(cpu, 95) * 1000, 2),
                        "full_repaint_p95_ms": round(percentile(full, 95) * 1000, 2)})

    # scroll top to bottom in 20 steps (three passes pooled, so p95 is not the 2nd-worst)
    view.highlighter.finish_now()
    bar = view.editor.verticalScrollBar()
    steps = []
    cpu = []
    for _ in range(3):
        bar.setValue(0)
        _app().processEvents()
        for k in range(1, 21):
            c0 = time.process_time()
            t0 = time.perf_counter()
            bar.setValue(bar.maximum() * k // 20)
            view.repaint()
            steps.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    yield Result(f"workbench.view.{name}.scroll_repaint_p95", percentile(steps, 95) * 1000, "ms",
                 16, extra={"max_ms": round(max(steps) * 1000, 2),
                            "median_ms": round(statistics.median(steps) * 1000, 2),
                            "cpu_p95_ms": round(percentile(cpu, 95) * 1000, 2)})

    # toggle one coder's visibility (half of the codings)
    view.scroll_to(len(text) // 2)
    _app().processEvents()
    toggles = []
    for hidden in ({2}, set(), {2}, set()):
        t0 = time.perf_counter()
        view.set_hidden_coders(hidden)
        view.repaint()
        toggles.append(time.perf_counter() - t0)
        t1 = time.perf_counter()
        view.highlighter.finish_now()
        rest = time.perf_counter() - t1
    hidden_n = sum(1 for s in spans if s.coder_id == 2)
    yield Result(f"workbench.view.{name}.toggle_coder", max(toggles), "s",
                 0.15,
                 extra={"codings_toggled": hidden_n,
                        "offscreen_catch_up_s": round(rest, 3)})

    # the naive approach on the same data, against our open
    naive, info = _naive_open(text, spans)
    yield Result(f"workbench.view.{name}.naive_open", naive, "s", extra=info,
                 informational="the naive approach, for comparison (naive_over_ours has the limit)")
    yield Result(f"workbench.view.{name}.naive_over_ours", naive / ours, "x", 5,
                 higher_is_better=True)
    view.close()
    view.deleteLater()
    _app().processEvents()


NAIVE_BUDGET = 20.0  # seconds; past this the naive run is stopped and extrapolated


def _naive_open(text: str, spans: list[SpanInfo]) -> tuple[float, dict[str, Any]]:
    """QualCoder's way, one mergeCharFormat per coding with undo on, but on the faster
    QPlainTextEdit (QualCoder's QTextEdit took 80 s on the synthetic document).

    A run longer than NAIVE_BUDGET is extrapolated linearly from the codings applied so far;
    each merge gets slower as fragments and undo steps pile up, so that underestimates it.
    """
    from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
    from PySide6.QtWidgets import QPlainTextEdit

    from annotator.domain.text import Utf16Index

    edit = QPlainTextEdit()
    edit.resize(1280, 900)
    edit.setReadOnly(True)
    edit.show()
    _app().processEvents()
    idx = Utf16Index(text)
    t0 = time.perf_counter()
    edit.setPlainText(text)
    t_text = time.perf_counter() - t0
    cur = QTextCursor(edit.document())
    done = 0
    t1 = time.perf_counter()
    for done, sp in enumerate(spans, 1):
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(sp.color))
        cur.setPosition(idx.to_utf16(sp.start))
        cur.setPosition(idx.to_utf16(sp.end), QTextCursor.MoveMode.KeepAnchor)
        cur.mergeCharFormat(fmt)
        if done % 100 == 0 and time.perf_counter() - t1 > NAIVE_BUDGET:
            break
    t_merge = time.perf_counter() - t1
    t2 = time.perf_counter()
    _app().processEvents()
    edit.repaint()
    t_paint = time.perf_counter() - t2
    info = {"codings_applied": done, "undo_steps": edit.document().availableUndoSteps(),
            "extrapolated": done < len(spans)}
    edit.close()
    edit.deleteLater()
    _app().processEvents()
    return t_text + t_merge * len(spans) / max(1, done) + t_paint, info


def memory_probe() -> dict[str, float]:
    """Open the synthetic document in a fresh process, scroll through it, toggle a coder."""
    _app()
    text = synthetic_text()
    spans = random_spans(text, 20_000, (1, 2))
    from annotator.domain.text import paragraph_spans

    view = _new_view()
    view.set_document(text, spans, [(p.start, p.end) for p in paragraph_spans(text)])
    view.repaint()
    bar = view.editor.verticalScrollBar()
    for k in range(21):
        bar.setValue(bar.maximum() * k // 20)
        view.repaint()
    view.set_hidden_coders({2})
    view.highlighter.finish_now()
    view.repaint()
    return {"blocks": view.editor.document().blockCount()}


def run() -> Iterator[Result]:
    _app()
    corpus = CORPUS / "state-dept" / "2020" / "turkey.txt"
    if not corpus.exists():
        yield Result.failed("workbench.view.corpus", f"{corpus} not found (set ANNOTATOR_SHARED)")
    for name, text, n in _datasets():
        yield from _bench_dataset(name, text, n)
    mem = run_isolated("bench.bench_workbench:memory_probe")
    yield Result("workbench.view.synthetic.peak_memory", mem["peak_mb"], "MB", 400)
