"""Import benchmarks (issue 2): 35 HTML reports; a synthetic year of 194; documents --json."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench._harness import CORPUS, REPO, Result, run_isolated

HTML = CORPUS / "state-dept-html"


def _html_files() -> list[Path]:
    return sorted(HTML.rglob("*.html"))


def import_corpus(out_dir: str) -> dict[str, float]:
    """Import the 35 HTML reports into a new project (runs in a subprocess for peak memory)."""
    from annotator.services.importing.pipeline import import_files
    from annotator.services.project import Project

    files = _html_files()
    project = Project.create(Path(out_dir) / "corpus.annotator")
    t0 = time.perf_counter()
    rep = import_files(project, files)
    dt = time.perf_counter() - t0
    project.close()
    assert not rep.failed, rep.failed
    return {"seconds": dt, "docs": len(rep.imported),
            "mb": sum(f.stat().st_size for f in files) / 1e6}


def import_synthetic_year(out_dir: str) -> dict[str, float]:
    """194 reports: the 35 HTML pages repeated under new titles (each copy a distinct text)."""
    from annotator.services.importing.pipeline import import_files
    from annotator.services.project import Project

    src = _html_files()
    folder = Path(out_dir) / "year"
    folder.mkdir()
    total = 0
    for i in range(194):
        f = src[i % len(src)]
        raw = f.read_text(encoding="utf-8", errors="replace")
        # A new title (and so a new hash) for every copy, as in a real year of 194 countries.
        raw = raw.replace("Country Reports on Human Rights Practices:",
                          f"Country Reports on Human Rights Practices: Copy {i:03d}", 1)
        out = folder / f"r{i:03d}-{f.stem}.html"
        out.write_text(raw, encoding="utf-8")
        total += out.stat().st_size
    project = Project.create(Path(out_dir) / "year.annotator")
    t0 = time.perf_counter()
    rep = import_files(project, [folder])
    dt = time.perf_counter() - t0
    project.close()
    assert not rep.failed, rep.failed
    return {"seconds": dt, "docs": len(rep.imported), "mb": total / 1e6}


def run() -> Iterator[Result]:
    if not HTML.exists():
        yield Result.failed("import.corpus", f"corpus not found at {CORPUS} (set ANNOTATOR_SHARED)")
        return
    tmp = tempfile.mkdtemp(prefix="bench-import-")
    try:
        a = run_isolated("bench.bench_import:import_corpus", tmp)
        yield Result("import.corpus35_html.seconds", a["seconds"], "s", 6.0)
        yield Result("import.corpus35_html.throughput", a["mb"] / a["seconds"], "MB/s",
                     informational="the same run as corpus35_html.seconds, which has the limit")
        yield Result("import.corpus35_html.peak_memory", a["peak_mb"], "MB",
                     informational="35 files; year194_html.peak_memory has the memory limit")
        b = run_isolated("bench.bench_import:import_synthetic_year", tmp)
        yield Result("import.year194_html.seconds", b["seconds"], "s", 30.0,
                     extra={"docs": b["docs"], "html_mb": round(b["mb"], 1)})
        yield Result("import.year194_html.peak_memory", b["peak_mb"], "MB", 600.0)
        env = dict(os.environ, PYTHONPATH=str(REPO))
        cmd = [sys.executable, "-m", "annotator", "documents", str(Path(tmp) / "year.annotator"),
               "--json"]
        subprocess.run(cmd, capture_output=True, check=True, env=env)  # warm the file cache
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, check=True, env=env)
            times.append(time.perf_counter() - t0)
        assert len(json.loads(proc.stdout)) == 194
        yield Result("import.documents_json_194.seconds", min(times), "s", 0.5,
                     extra={"note": "whole CLI process, including Python start-up"})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
