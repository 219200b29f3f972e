"""Agreement through the project service (issue 5): load codings from SQLite, compute a report.

Data (built once per run, not timed): the synthetic study of ``bench_agreement`` stored as a real
project: 194 documents (13.7M characters) inserted with ``Tx.add_document`` and their ~30,000
paragraph segments, 60 codes in 6 groups (so the report also has parent rows and two hierarchy
levels), and 3 coders x 20,000 codings inserted with ``Tx.add_codings_bulk``.

Timed, in a fresh process: ``compute_agreement`` at paragraph level with every statistic
(alpha, kappa, pi, Fleiss, AC1, Brennan-Prediger, percent agreement, alpha-U and per-character
kappa) per code, per level, pooled, per document and per coder pair, including opening the
project and reading the codings. Also timed: the disagreement list for adjudication.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from bench._harness import Result, run_isolated
from bench.bench_agreement import CODERS, N_CODES, make_study

GROUPS = 6
STATS = ("alpha", "kappa", "pi", "fleiss", "ac1", "bp", "percent", "alpha_u", "char_kappa")
_WORDS = ("the police detained several protesters after the rally and courts did not review "
          "their detention while journalists reported pressure from officials ")


def _text(length: int, para_start: np.ndarray, para_end: np.ndarray) -> str:
    """Filler text of ``length`` characters with a blank line between the paragraphs."""
    base = (_WORDS * (length // len(_WORDS) + 2))[:length]
    chars = list(base)
    for e in para_end.tolist():
        if e + 2 <= length:
            chars[e] = chars[e + 1] = "\n"
    return "".join(chars)


def build_project(path: Path) -> dict[str, Any]:
    """Write the synthetic study into a new project at ``path``."""
    from annotator.domain.model import Segment
    from annotator.domain.text import text_sha256
    from annotator.services.codebook_commands import AddCode
    from annotator.services.project import Project

    study = make_study()
    docs, units, sp = study["docs"], study["units"], study["spans"]
    project = Project.create(path)
    try:
        for name in CODERS:
            project.use_coder(name)
        leaf_ids: list[int] = []
        for g in range(GROUPS):
            parent = project.execute(AddCode(f"Group {g + 1}", codable=False)).result.uuid
            for k in range(N_CODES // GROUPS):
                project.execute(AddCode(f"Code {g * (N_CODES // GROUPS) + k + 1}", parent))
        with project.read() as tx:
            leaf_ids = [c.id for c in tx.codes() if c.codable]
            coder_ids = {c.name: c.id for c in tx.coders()}
        doc_ids = []
        with project.store.begin() as tx:
            for d, (b, e) in enumerate(docs.tolist()):
                sel = (units[:, 0] >= b) & (units[:, 1] <= e)
                ps, pe = units[sel, 0] - b, units[sel, 1] - b
                text = _text(e - b, ps, pe)
                segs = [Segment("paragraph", str(i + 1), "", int(s), int(t))
                        for i, (s, t) in enumerate(zip(ps.tolist(), pe.tolist(), strict=True))]
                info = tx.add_document(title=f"Report {d + 1}", country=None, year=2020,
                                       source_name=f"r{d}.txt", source_type="txt", text=text,
                                       sha256=text_sha256(text), is_report=False, segs=segs)
                doc_ids.append(info.id)
        begins = docs[:, 0]
        di = np.searchsorted(begins, sp["start"], side="right") - 1
        items = [{"document_id": doc_ids[d], "start": int(s - begins[d]),
                  "end": int(e - begins[d]), "code_id": leaf_ids[c],
                  "coder_id": coder_ids[CODERS[r]]}
                 for d, s, e, c, r in zip(di.tolist(), sp["start"].tolist(),
                                          sp["end"].tolist(), sp["category"].tolist(),
                                          sp["coder"].tolist(), strict=True)]
        with project.store.begin() as tx:
            tx.add_codings_bulk(items)
    finally:
        project.close()
    return {"documents": len(doc_ids), "codings": len(items),
            "chars": int(docs[-1, 1] - docs[0, 0])}


def measure(path: str) -> dict[str, Any]:
    """Run in a fresh interpreter (peak memory): open, load, compute the full report."""
    from annotator.services.agreement import AgreementRequest, compute_agreement
    from annotator.services.project import Project

    t0 = time.perf_counter()
    project = Project.open(Path(path), backup=False)
    try:
        report = compute_agreement(project, AgreementRequest(CODERS, unit="paragraph",
                                                             statistics=STATS))
    finally:
        project.close()
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "compute_s": report.seconds, "rows": len(report.codes),
            "documents": len(report.per_document),
            "units": sum(d["units"] for d in report.documents),
            "alpha": report.overall.value("alpha"), "alpha_u": report.overall.value("alpha_u"),
            "char_kappa": report.overall.value("char_kappa")}


def measure_disagreements(path: str) -> dict[str, Any]:
    from annotator.services.adjudication import disagreements
    from annotator.services.project import Project

    t0 = time.perf_counter()
    project = Project.open(Path(path), backup=False)
    try:
        items = disagreements(project, CODERS[:2])
    finally:
        project.close()
    return {"seconds": time.perf_counter() - t0, "items": len(items)}


def run() -> Iterator[Result]:
    tmp = Path(tempfile.mkdtemp(prefix="bench-agreement-project-"))
    try:
        path = tmp / "study.annotator"
        t0 = time.perf_counter()
        built = run_isolated("bench.bench_agreement_project:build_project_cli", str(path))
        build_s = time.perf_counter() - t0
        m = run_isolated("bench.bench_agreement_project:measure", str(path))
        extra = {"build_s": round(build_s, 1), "documents": built["documents"],
                 "codings": built["codings"], "chars": built["chars"], "code_rows": m["rows"],
                 "paragraphs": m["units"], "compute_s": round(m["compute_s"], 3),
                 "alpha": round(m["alpha"] or 0, 4), "alpha_u": round(m["alpha_u"] or 0, 4),
                 "char_kappa": round(m["char_kappa"] or 0, 4)}
        yield Result("agreement_project.report194.seconds", m["seconds"], "s", 3.0, extra=extra)
        yield Result("agreement_project.report194.peak_memory", m["peak_mb"], "MB", 500.0)
        d = run_isolated("bench.bench_agreement_project:measure_disagreements", str(path))
        yield Result("agreement_project.disagreements.seconds", d["seconds"], "s", None,
                     informational="no target set for listing disagreements; watched for trends",
                     extra={"items": d["items"]})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def build_project_cli(path: str) -> dict[str, Any]:
    return build_project(Path(path))
