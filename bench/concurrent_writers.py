"""Several programs writing to one project at once (issue 11): the writers and the tally.

Each writer runs in a process of its own, started with :func:`spawn` (``python -c`` with this
module on the path) and prints one JSON object last:

* :func:`service_writer` — the app's service path: ``Project.open`` (with its rolling backup),
  ``use_coder`` (every writer first also claims one *shared* new coder name, the start-up race
  of issue 11), then N × ``Project.execute(ApplyCode)``;
* :func:`app_writer` — the app itself: a main window (offscreen) opens the project and applies
  codes to selections through the workbench until told to stop;
* :func:`cli_script` — a script running ``annotator code`` N times, one process per call.

:func:`tally` then compares what each writer says it committed with what the project holds:
``refused`` counts actions that reported an error, ``lost`` those reported as saved but absent.
Used by ``bench/bench_storage.py`` and ``tests/storage/test_concurrent_writers.py``.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TEXT = ("The police detained journalists in the capital. Torture was reported in prisons. "
        "Courts were not independent. Elections were neither free nor fair.\n") * 50
SHARED_CODER = "shared-at-start"


def make_project(target: str) -> dict[str, Any]:
    """A project at ``target`` with one document and one code; ``{"document", "code"}``."""
    from annotator.domain.text import text_sha256
    from annotator.services.project import Project

    with Project.create(target) as p:
        with p.store.begin() as tx:
            doc = tx.add_document(title="concurrency", country=None, year=None,
                                  source_name="c.txt", source_type="txt", text=TEXT,
                                  sha256=text_sha256(TEXT), is_report=False, segs=[])
            code = tx.add_code(name="Torture", position=0)
        return {"document": doc.id, "code": code.uuid}


def _span(rnd: random.Random) -> tuple[int, int]:
    s = rnd.randrange(0, len(TEXT) - 40)
    return s, s + rnd.randint(5, 40)


def service_writer(target: str, coder: str, n: str, document: str, code: str,
                   backup: str = "1") -> dict[str, Any]:
    from annotator.domain.errors import AnnotatorError
    from annotator.services.coding_commands import ApplyCode
    from annotator.services.project import Project

    out: dict[str, Any] = {"coder": coder, "applied": [], "refused": 0, "errors": [],
                           "ms": []}
    try:
        project = Project.open(target, backup=backup == "1")
        project.use_coder(SHARED_CODER)
        project.use_coder(coder)
    except AnnotatorError as exc:  # a refusal at start-up refuses every action
        out.update(refused=int(n), errors=[f"start-up: {exc}"])
        return out
    rnd = random.Random(coder)
    with project:
        for _ in range(int(n)):
            s, e = _span(rnd)
            t0 = time.perf_counter()
            try:
                c = project.execute(ApplyCode(int(document), s, e, code)).result
            except AnnotatorError as exc:
                out["refused"] += 1
                if len(out["errors"]) < 5:
                    out["errors"].append(str(exc))
                continue
            out["ms"].append((time.perf_counter() - t0) * 1000)
            out["applied"].append(c.uuid)
    return out


def app_writer(target: str, coder: str, document: str, code: str, ready: str, stop: str,
               most: str = "2000") -> dict[str, Any]:
    """The app: a main window applies codes to selections until ``stop`` exists."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from annotator.gui.app import App
    from annotator.settings import AppSettings

    qapp = QApplication.instance() or QApplication([])
    app = App(AppSettings(coder_name=coder), ask_coder=False)
    app.open_project(target, background=False)
    wb = app.workbench
    if wb is None:
        return {"coder": coder, "applied": [], "refused": 1,
                "errors": [f"open: {app.last_error}"], "ms": [], "waits": 0}
    failures: list[str] = []
    wb.controller.failed.connect(lambda exc: failures.append(str(exc)))
    wb.open_document(int(document))
    app.window.show()
    qapp.processEvents()
    Path(ready).touch()
    rnd = random.Random(coder)
    applied: list[str] = []
    ms: list[float] = []
    refused = 0
    while not Path(stop).exists() and len(applied) + refused < int(most):
        s, e = _span(rnd)
        wb.view.select(s, e)
        before = len(failures)
        t0 = time.perf_counter()
        out = wb.ops.apply_code(code)
        qapp.processEvents()
        if out is None or len(failures) > before:
            refused += 1
        else:
            ms.append((time.perf_counter() - t0) * 1000)
            applied.append(out.result.uuid)
        time.sleep(0.005)
    waits = wb.busy.waits
    try:  # what was applied stays counted even if closing the window fails
        app.window.close()
        qapp.processEvents()
    except Exception as exc:  # noqa: BLE001 - reported as a failure of the run, not hidden
        refused += 1
        failures.append(f"closing the window: {exc.__class__.__name__}: {exc}")
    return {"coder": coder, "applied": applied, "refused": refused, "errors": failures[:5],
            "ms": ms, "waits": waits}


def cli_script(target: str, coder: str, n: str, document: str, code: str) -> dict[str, Any]:
    """``annotator code`` run ``n`` times, as a shell script would."""
    rnd = random.Random(coder)
    out: dict[str, Any] = {"coder": coder, "applied": [], "refused": 0, "errors": [], "ms": []}
    for _ in range(int(n)):
        s, e = _span(rnd)
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "annotator", "code", target, document, str(s), str(e), code,
             "--coder", coder, "--json"], capture_output=True, text=True, env=_env(), check=False)
        if proc.returncode == 0:
            out["applied"].append(json.loads(proc.stdout)["uuid"])
            out["ms"].append((time.perf_counter() - t0) * 1000)
        else:
            out["refused"] += 1
            if len(out["errors"]) < 5:
                out["errors"].append(proc.stderr.strip()[-500:])
    return out


#: ``ANNOTATOR_HOME`` for the writers (settings, backups), when set; benchmarks point it at a
#: temporary folder so that no backup or recent-projects entry lands in the user's folders.
HOME: str | None = None


def _env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if HOME is not None:
        env["ANNOTATOR_HOME"] = HOME
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    return env


def spawn(func: str, *args: str) -> subprocess.Popen[str]:
    """Start ``func(*args)`` of this module in a new process (see :func:`result`)."""
    code = ("import json,sys\n"
            f"from bench.concurrent_writers import {func} as f\n"
            "print(json.dumps(f(*sys.argv[1:])))\n")
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env(), cwd=REPO)


def result(proc: subprocess.Popen[str], timeout: float = 900) -> dict[str, Any]:
    """The JSON a spawned writer printed; a crashed writer counts as one refusal."""
    stdout, stderr = proc.communicate(timeout=timeout)
    lines = stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        return {"coder": "?", "applied": [], "refused": 1, "ms": [],
                "errors": [f"writer exited {proc.returncode}: {stderr.strip()[-800:]}"]}
    return json.loads(lines[-1])


def tally(target: str, results: list[dict[str, Any]]) -> dict[str, Any]:
    """``refused``, ``lost`` (reported saved, not in the project), ``unreported`` (in the
    project, reported as failed) and the counts, from a fresh connection."""
    from annotator.services.project import Project

    with Project.open(target, backup=False) as p, p.read() as tx:
        stored = {c.uuid for c in tx.codings()}
    reported = [u for r in results for u in r["applied"]]
    return {"refused": sum(r["refused"] for r in results),
            "lost": len(set(reported) - stored),
            "unreported": len(stored - set(reported)),
            "applied": len(reported), "stored": len(stored),
            "errors": [e for r in results for e in r.get("errors", [])][:5]}
