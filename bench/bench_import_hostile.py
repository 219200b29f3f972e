"""Hostile imports stay bounded (issue 11): peak memory of ``annotator import`` on four files.

The files are generated in a temporary folder at bench time (:mod:`bench.hostile_inputs`):
a 4-million-paragraph .docx, a 50 MB one-line .txt, a .docx whose document.xml inflates to
1.1 GB while its headers claim 4,000 bytes, and a 47 MB PDF of about 2,000 text pages. Each is
imported by the command line's own entry point in a fresh process; the line reports the
largest peak (resident set) of the four.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench._harness import Result, run_isolated

LIMIT_MB = 1000.0


def import_one(folder: str, name: str) -> dict[str, object]:
    """``annotator import`` of one file into a new project (run in a fresh process)."""
    import contextlib
    import io

    from annotator.cli import main

    project = Path(folder) / f"{name}.annotator"
    main(["new", str(project)])
    err = io.StringIO()
    t0 = time.perf_counter()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = main(["import", str(project), str(Path(folder) / name)])
    lines = err.getvalue().strip().splitlines()
    return {"seconds": time.perf_counter() - t0, "status": status,
            "outcome": lines[0] if lines else "imported"}


def run() -> Iterator[Result]:
    from bench.hostile_inputs import write_all

    tmp = Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    try:
        files = write_all(tmp / "in")
        peaks: dict[str, float] = {}
        extra: dict[str, object] = {}
        for f in files:
            out = run_isolated("bench.bench_import_hostile:import_one", str(f.parent), f.name)
            peaks[f.name] = float(out["peak_mb"])
            extra[f.name] = {"peak_mb": round(out["peak_mb"], 1),
                             "seconds": round(float(out["seconds"]), 2),
                             "outcome": out["outcome"]}
        yield Result("import.hostile.peak_memory", max(peaks.values()), "MB", LIMIT_MB,
                     extra={"files": extra})
    except Exception as exc:  # noqa: BLE001 - a bench that cannot run must say so
        yield Result.failed("import.hostile.peak_memory", f"{type(exc).__name__}: {exc}", "MB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
