"""Export benchmarks (issue 6) on a synthetic year: 194 documents, 60,000 codings.

The year is built directly through storage (fast): the 35 corpus texts repeated under new
titles (each copy gets a distinct last line, so every text is unique), the outline computed once
per original text, 60 codes in six groups, three coders and 60,000 codings on words inside
paragraphs (some with attributes and memos). Each measurement runs in its own interpreter for
an honest peak-memory figure; ``cpu_s`` (process CPU time) helps to read the wall-clock
figures on a busy machine.
"""

from __future__ import annotations

import random
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench._harness import CORPUS, Result, run_isolated

TEXTS = CORPUS / "state-dept"
N_DOCS = 194
N_CODINGS = 60_000
_WORD = re.compile(r"\w+")


def build_year(out_dir: str) -> dict[str, float]:
    from datetime import UTC, datetime

    from annotator.domain.model import AttributeDef
    from annotator.domain.segmentation import segment
    from annotator.domain.text import canonical_text, text_sha256
    from annotator.services.project import Project

    rng = random.Random(6)
    t0 = time.perf_counter()
    originals = []
    for f in sorted(TEXTS.rglob("*.txt")):
        text = canonical_text(f.read_text(encoding="utf-8"))
        found = segment(text)
        originals.append((f, text, [*found.segments, *found.paragraphs], found))
    project = Project.create(Path(out_dir) / "year.annotator")
    now = datetime.now(UTC)
    with project.store.begin() as tx:
        coders = [tx.add_coder(n, is_gold=(n == "gold")) for n in ("ann", "bob", "gold")]
        score = AttributeDef("score", "ordinal", ("0", "1", "2"))
        codes = []
        for g in range(6):
            root = tx.add_code(name=f"Right group {g + 1}", codable=False, position=g)
            codes.append(root)
            for k in range(9):
                codes.append(tx.add_code(name=f"Right {g + 1}.{k + 1}", parent_id=root.id,
                                         position=k, attributes=[score] if k < 3 else []))
        codable = [c for c in codes if c.codable]
        docs = []
        for i in range(N_DOCS):
            f, text, segs, found = originals[i % len(originals)]
            text = f"{text}\n[synthetic copy {i:03d}]\n"
            doc = tx.add_document(title=f"{found.title or f.stem} (copy {i:03d})",
                                  country=found.country or f.stem, year=found.year,
                                  source_name=f.name, source_type="txt", text=text,
                                  sha256=text_sha256(text), is_report=True, segs=segs)
            paras = [(s.start, s.end) for s in segs if s.kind == "paragraph"] or [(0, len(text))]
            docs.append((doc.id, text, paras))
        items = []
        for n in range(N_CODINGS):
            doc_id, text, paras = docs[n % N_DOCS]
            ps, pe = rng.choice(paras)
            words = [m.span() for m in _WORD.finditer(text, ps, pe)] or [(ps, pe)]
            a = rng.randrange(len(words))
            b = min(len(words) - 1, a + rng.randrange(1, 40))
            code = rng.choice(codable)
            item = {"document_id": doc_id, "start": words[a][0], "end": words[b][1],
                    "code_id": code.id, "coder_id": coders[n % 3].id, "created_at": now,
                    "modified_at": now}
            if code.attributes:
                item["attributes"] = {"score": rng.choice("012")}
            if n % 10 == 0:
                item["memo"] = f"memo {n}"
            items.append(item)
        tx.add_codings_bulk(items)
    project.close()
    return {"seconds": time.perf_counter() - t0}


def export_csv(out_dir: str) -> dict[str, float]:
    from annotator.services.exporting.dispatch import run_export
    from annotator.services.project import Project

    with Project.open(Path(out_dir) / "year.annotator", backup=False) as project:
        t0, c0 = time.perf_counter(), time.process_time()
        result = run_export(project, "codings-csv", Path(out_dir) / "codings.csv")
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"seconds": dt, "cpu": cpu, "rows": result.rows}


def export_xlsx(out_dir: str) -> dict[str, float]:
    from annotator.services.exporting.dispatch import run_export
    from annotator.services.project import Project

    with Project.open(Path(out_dir) / "year.annotator", backup=False) as project:
        t0, c0 = time.perf_counter(), time.process_time()
        run_export(project, "codings-xlsx", Path(out_dir) / "codings.xlsx")
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"seconds": dt, "cpu": cpu}


def export_qdpx(out_dir: str) -> dict[str, float]:
    from annotator.services.exchange.qdpx_export import export_qdpx as export
    from annotator.services.project import Project

    with Project.open(Path(out_dir) / "year.annotator", backup=False) as project:
        t0, c0 = time.perf_counter(), time.process_time()
        result = export(project, Path(out_dir) / "year.qdpx")
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"seconds": dt, "cpu": cpu, "codings": result.codings,
            "mb": (Path(out_dir) / "year.qdpx").stat().st_size / 1e6}


def import_qdpx(out_dir: str) -> dict[str, float]:
    from annotator.services.exchange.qdpx_import import import_qdpx as load
    from annotator.services.project import Project

    with Project.create(Path(out_dir) / "copy.annotator") as project:
        t0, c0 = time.perf_counter(), time.process_time()
        report = load(project, Path(out_dir) / "year.qdpx")
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    assert report.codings_added == N_CODINGS and len(report.documents_added) == N_DOCS
    return {"seconds": dt, "cpu": cpu}


def run() -> Iterator[Result]:
    if not TEXTS.exists():
        yield Result.failed("export.corpus", f"corpus not found at {CORPUS} (set ANNOTATOR_SHARED)")
        return
    tmp = tempfile.mkdtemp(prefix="bench-export-")
    try:
        build = run_isolated("bench.bench_export:build_year", tmp)
        yield Result("export.setup_year194.seconds", build["seconds"], "s",
                     informational="building the test project, not a user action")
        peaks = []
        a = run_isolated("bench.bench_export:export_csv", tmp)
        peaks.append(a["peak_mb"])
        yield Result("export.codings_csv.seconds", a["seconds"], "s", 3.0,
                     extra={"rows": a["rows"], "cpu_s": round(a["cpu"], 2)})
        b = run_isolated("bench.bench_export:export_qdpx", tmp)
        peaks.append(b["peak_mb"])
        yield Result("export.qdpx_export.seconds", b["seconds"], "s", 10.0,
                     extra={"codings": b["codings"], "qdpx_mb": round(b["mb"], 1),
                            "cpu_s": round(b["cpu"], 2)})
        c = run_isolated("bench.bench_export:import_qdpx", tmp)
        peaks.append(c["peak_mb"])
        yield Result("export.qdpx_import.seconds", c["seconds"], "s", 15.0,
                     extra={"cpu_s": round(c["cpu"], 2)})
        d = run_isolated("bench.bench_export:export_xlsx", tmp)
        peaks.append(d["peak_mb"])
        yield Result("export.codings_xlsx.seconds", d["seconds"], "s",
                     extra={"cpu_s": round(d["cpu"], 2)},
                     informational="no target for XLSX (openpyxl bound); CSV has the limit")
        yield Result("export.peak_memory", max(peaks), "MB", 600.0,
                     extra={"csv": round(a["peak_mb"]), "qdpx_export": round(b["peak_mb"]),
                            "qdpx_import": round(c["peak_mb"]), "xlsx": round(d["peak_mb"])})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
