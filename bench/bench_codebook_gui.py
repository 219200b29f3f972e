"""Codebook panel benchmark (issue 3): a 2,000-code codebook, five levels deep.

Timed: rendering the GUI tree (read the codes from the project, build the model, expand every
level, paint) and filter-as-you-type (one keystroke = filter + expand + repaint, p95 over each
prefix of two typed words). Also: applying one rename to the 2,000-code tree in place.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench._harness import Result, percentile

N_CODES, DEPTH = 2000, 5
WORDS = ("torture", "detention", "expression", "assembly", "press", "religion", "movement",
         "refugees", "elections", "corruption", "women", "children", "labor", "police",
         "prison", "judiciary", "privacy", "killing", "disappearance", "trafficking",
         "minorities", "disability", "asylum", "media", "internet", "union", "land", "water")


def make_codebook(seed: int = 3):  # type: ignore[no-untyped-def]
    """2,000 codes: 5 roots, 4 children each down to level 4, the rest as level-5 leaves."""
    from annotator.domain.codebook import Codebook, CodeNode, stable_uuid

    rng = random.Random(seed)
    nodes: list[CodeNode] = []
    levels: list[list[str]] = [[]]
    counter = 0

    def add(parent: str | None, depth: int) -> str:
        nonlocal counter
        counter += 1
        name = f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {counter}"
        uid = stable_uuid("bench", str(counter))
        nodes.append(CodeNode(uid, name, parent, codable=depth == DEPTH - 1,
                              definition=f"Definition of {name}.", position=counter))
        return uid

    levels[0] = [add(None, 0) for _ in range(5)]
    for depth in range(1, DEPTH - 1):
        levels.append([add(p, depth) for p in levels[depth - 1] for _ in range(4)])
    parents = levels[-1]
    i = 0
    while len(nodes) < N_CODES:
        add(parents[i % len(parents)], DEPTH - 1)
        i += 1
    return Codebook(name="bench", nodes=tuple(nodes))


def run() -> Iterator[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from annotator.gui.controller import Controller
    from annotator.gui.panels.codebook_panel import CodebookPanel
    from annotator.services.codebook_commands import ImportCodebook, UpdateCode
    from annotator.services.project import Project

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("ANNOTATOR_HOME", tmp)
        project = Project.create(Path(tmp) / "bench.annotator")
        project.use_coder("bench")
        book = make_codebook()
        project.execute(ImportCodebook(book))
        controller = Controller(project)
        renders = []
        cpu = []
        for _ in range(3):
            t0 = time.perf_counter()
            c0 = time.process_time()
            panel = CodebookPanel(controller)
            panel.resize(420, 900)
            panel.show()
            panel.view.expandAll()
            panel.grab()  # forces layout and a full paint
            app.processEvents()
            renders.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            if len(renders) < 3:
                panel.close()
                panel.deleteLater()
                app.processEvents()
        assert len(panel.model) == N_CODES
        yield Result("codebook_gui.render_tree_2000", statistics.median(renders) * 1000, "ms", 200,
                     extra={"runs_ms": [round(r * 1000, 1) for r in renders],
                            "cpu_ms": [round(c * 1000, 1) for c in cpu]})
        gc.collect()  # the panels built above are garbage now; keep their cleanup out of typing
        keystrokes = []
        keystrokes_cpu = []
        for word in ("torture", "prison 1"):
            panel.filter.clear()
            panel._apply_filter()
            app.processEvents()
            for k in range(1, len(word) + 1):
                t0 = time.perf_counter()
                c0 = time.process_time()
                panel.filter.setText(word[:k])
                panel._apply_filter()
                panel.active_view().viewport().repaint()
                keystrokes.append(time.perf_counter() - t0)
                keystrokes_cpu.append(time.process_time() - c0)
        panel.filter.clear()
        panel._apply_filter()
        yield Result("codebook_gui.filter_keystroke_p95", percentile(keystrokes, 95) * 1000, "ms",
                     30, extra={"keystrokes": len(keystrokes),
                                "median_ms": round(statistics.median(keystrokes) * 1000, 1),
                                "cpu_p95_ms": round(percentile(keystrokes_cpu, 95) * 1000, 1),
                                "max_ms": round(max(keystrokes) * 1000, 1)})
        target = book.nodes[-1].uuid
        t0 = time.perf_counter()
        controller.execute(UpdateCode(target, name="Renamed in place"))
        app.processEvents()
        yield Result("codebook_gui.rename_update_2000", (time.perf_counter() - t0) * 1000, "ms",
                     None, extra={"note": "command + store + in-place model update"},
                     informational="a single rename, too short to hold to a limit; the "
                                   "render and filter lines have limits")
        panel.close()
        controller.close()
        project.close()
