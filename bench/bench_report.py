"""HTML analysis report (issue 6) on the synthetic year: 194 documents, 60,000 codings over 60
codes by 3 coders, built as in ``bench_export`` (corpus texts repeated under new titles,
``Tx.add_codings_bulk``).

Timed in a fresh interpreter: opening the project, every analysis the report shows (summary,
frequencies, co-occurrence, typical passages), agreement at paragraph level for the three coders
(all pairs), rendering and writing the file. Goals: <= 10 s and <= 600 MB peak memory.
Also timed, without a goal: the analyses the Analysis window loads (data, frequencies,
paragraph co-occurrence, code x country) and one subtree retrieval.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench._harness import CORPUS, Result, run_isolated
from bench.bench_export import TEXTS, build_year


def write_report(out_dir: str) -> dict[str, float]:
    from annotator.services.project import Project
    from annotator.services.reporting import write_html_report

    t0 = time.perf_counter()
    with Project.open(Path(out_dir) / "year.annotator", backup=False) as project:
        result = write_html_report(project, Path(out_dir) / "report.html")
    dt = time.perf_counter() - t0
    return {"seconds": dt, "mb": result.bytes / 1e6, "agreement": not result.notes}


def analyses(out_dir: str) -> dict[str, float]:
    from annotator.services import analysis as an
    from annotator.services.project import Project

    with Project.open(Path(out_dir) / "year.annotator", backup=False) as project:
        t0 = time.perf_counter()
        data = an.load_analysis(project)
        an.code_frequencies(data)
        an.cooccurrence(data, "paragraph")
        an.code_crosstab(data, "country")
        dt = time.perf_counter() - t0
        t1 = time.perf_counter()
        found = an.retrieve_from(data, data.codes[data.code_order[0]].uuid)
        dr = time.perf_counter() - t1
    return {"seconds": dt, "retrieve_seconds": dr, "passages": len(found)}


def run() -> Iterator[Result]:
    if not TEXTS.exists():
        yield Result.failed("report.corpus", f"corpus not found at {CORPUS} (set ANNOTATOR_SHARED)")
        return
    tmp = tempfile.mkdtemp(prefix="bench-report-")
    try:
        build = run_isolated("bench.bench_export:build_year", tmp)
        yield Result("report.setup_year194.seconds", build["seconds"], "s",
                     informational="building the test project, not a user action")
        r = run_isolated("bench.bench_report:write_report", tmp)
        yield Result("report.html_year194.seconds", r["seconds"], "s", 10.0,
                     extra={"html_mb": round(r["mb"], 2), "agreement": r["agreement"]})
        yield Result("report.html_year194.peak_memory", r["peak_mb"], "MB", 600.0)
        a = run_isolated("bench.bench_report:analyses", tmp)
        yield Result("report.analysis_window_load.seconds", a["seconds"], "s",
                     extra={"peak_mb": round(a["peak_mb"]),
                            "retrieve_group_seconds": round(a["retrieve_seconds"], 3),
                            "passages": a["passages"]},
                     informational="no target set for the analysis window yet")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
