"""Team merge benchmark (issue 7): three coding packages of 20,000 codings each merged into a
194-document project.

Set-up (through storage, fast): the 35 corpus texts repeated under new titles (a distinct last
line makes every text unique), paragraphs as segments, 60 codes in six groups, three coders
with 1,000 codings each. One blind package per coder holds all 194 documents. In each package
the coder then edits 200 of their codings, deletes 100 and adds new ones up to 20,000; one
package renames a code, one adds a code used by 500 of its new codings. The timed merge takes
all three packages in one call with every codebook change accepted; a preview and a second
(no-op) merge are timed as well. Each step runs in its own interpreter.
"""

from __future__ import annotations

import os
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
PER_PACKAGE = 20_000
BASE_PER_CODER = 1_000
CODERS = ("ann", "bob", "cat")
_WORD = re.compile(r"\w+")


def _home(out_dir: str) -> None:
    os.environ["ANNOTATOR_HOME"] = str(Path(out_dir) / "home")


def _spans(rng: random.Random, docs: list[tuple[int, str, list[tuple[int, int]]]], n: int
           ) -> Iterator[tuple[int, int, int]]:
    for k in range(n):
        doc_id, text, paras = docs[k % len(docs)]
        ps, pe = rng.choice(paras)
        words = [m.span() for m in _WORD.finditer(text, ps, pe)] or [(ps, pe)]
        a = rng.randrange(len(words))
        b = min(len(words) - 1, a + rng.randrange(1, 30))
        yield doc_id, words[a][0], words[b][1]


def setup(out_dir: str) -> dict[str, float]:
    from datetime import UTC, datetime

    from annotator.domain.model import Segment
    from annotator.domain.text import canonical_text, paragraph_spans, text_sha256
    from annotator.services.project import Project
    from annotator.services.team import make_package

    _home(out_dir)
    rng = random.Random(7)
    t0 = time.perf_counter()
    originals = [(f, canonical_text(f.read_text(encoding="utf-8")))
                 for f in sorted(TEXTS.rglob("*.txt"))]
    project = Project.create(Path(out_dir) / "year.annotator")
    now = datetime.now(UTC)
    with project.store.begin() as tx:
        coders = [tx.add_coder(n) for n in CODERS]
        codable = []
        for g in range(6):
            root = tx.add_code(name=f"Right group {g + 1}", codable=False, position=g)
            codable += [tx.add_code(name=f"Right {g + 1}.{k + 1}", parent_id=root.id,
                                    position=k) for k in range(9)]
        docs = []
        for i in range(N_DOCS):
            f, text = originals[i % len(originals)]
            text = f"{text}\n[synthetic copy {i:03d}]\n"
            paras = [(s.start, s.end) for s in paragraph_spans(text)]
            segs = [Segment("paragraph", str(n + 1), "", s, e, level=0)
                    for n, (s, e) in enumerate(paras)]
            doc = tx.add_document(title=f"{f.stem} {f.parent.name} (copy {i:03d})",
                                  country=f.stem, year=int(f.parent.name), source_name=f.name,
                                  source_type="txt", text=text, sha256=text_sha256(text),
                                  is_report=True, segs=segs)
            docs.append((doc.id, text, paras))
        items = []
        for c in coders:
            for doc_id, s, e in _spans(rng, docs, BASE_PER_CODER):
                items.append({"document_id": doc_id, "start": s, "end": e,
                              "code_id": rng.choice(codable).id, "coder_id": c.id,
                              "created_at": now, "modified_at": now})
        tx.add_codings_bulk(items)
    built = time.perf_counter() - t0
    t1 = time.perf_counter()
    for name in CODERS:
        make_package(project, Path(out_dir) / f"{name}.annotator-pkg", name, "all", blind=True)
    packaged = (time.perf_counter() - t1) / len(CODERS)
    project.close()
    for i, name in enumerate(CODERS):
        _code_in_package(Path(out_dir) / f"{name}.annotator-pkg", name, i, rng)
    return {"build": built, "package": packaged}


def _code_in_package(path: Path, coder: str, i: int, rng: random.Random) -> None:
    """The coder's work: 200 edits, 100 deletions, new codings up to PER_PACKAGE; ann renames a
    code, bob adds one."""
    from datetime import UTC, datetime, timedelta

    from annotator.services.project import Project

    later = datetime.now(UTC) + timedelta(hours=1)
    with Project.open(path, backup=False) as pkg, pkg.store.begin() as tx:
        me = tx.coder_by_name(coder)
        codes = [c for c in tx.codes() if c.codable]
        mine = sorted(tx.coding_records().values(), key=lambda r: r["uuid"])
        for rec in mine[:200]:
            tx.put_coding_record({**rec, "end": rec["end"] + 1, "memo": f"checked by {coder}",
                                  "modified_at": later, "version": rec["version"] + 1})
        for rec in mine[200:300]:
            tx.delete_coding_by_uuid(rec["uuid"])
        if i == 0:
            tx.update_code(codes[0].id, name="Right 1.1 (renamed)")
        new_code = tx.add_code(name="Right 1.extra", parent_id=codes[0].parent_id,
                               position=99) if i == 1 else None
        docs = [(d.id, tx.document_text(d.id),
                 [(s.start, s.end) for s in tx.segments(d.id, kinds=("paragraph",))])
                for d in tx.documents()]
        items = []
        for n, (doc_id, s, e) in enumerate(_spans(rng, docs, PER_PACKAGE - len(mine) + 100)):
            code = new_code if new_code is not None and n < 500 else rng.choice(codes)
            items.append({"document_id": doc_id, "start": s, "end": e, "code_id": code.id,
                          "coder_id": me.id, "created_at": later, "modified_at": later,
                          "memo": "" if n % 10 else f"memo {n}"})
        tx.add_codings_bulk(items)
        assert tx.count_codings() == PER_PACKAGE


def merge(out_dir: str) -> dict[str, float]:
    from annotator.services.project import Project
    from annotator.services.team import merge_packages

    _home(out_dir)
    packages = [Path(out_dir) / f"{n}.annotator-pkg" for n in CODERS]
    with Project.open(Path(out_dir) / "year.annotator", backup=False) as project:
        t0 = time.perf_counter()
        preview = merge_packages(project, packages, accept_codebook="all", dry_run=True)
        t1, c1 = time.perf_counter(), time.process_time()
        report = merge_packages(project, packages, accept_codebook="all")
        t2, c2 = time.perf_counter(), time.process_time()
        again = merge_packages(project, packages, accept_codebook="all")
        t3 = time.perf_counter()
        with project.read() as tx:
            total = tx.count_codings()
        problems = project.store.check()
    totals = report.totals()
    assert preview.totals() == totals and not report.conflicts and not problems
    # random spans can repeat a coding (same place, code and coder): merged once, "present"
    assert not again.changed and total == len(CODERS) * PER_PACKAGE - totals.get("present", 0)
    return {"preview": t1 - t0, "merge": t2 - t1, "merge_cpu": c2 - c1, "again": t3 - t2,
            "added": totals.get("added", 0), "updated": totals.get("updated", 0),
            "deleted": totals.get("deleted", 0), "codings": total}


def run() -> Iterator[Result]:
    if not TEXTS.exists():
        yield Result.failed("merge.corpus", f"corpus not found at {CORPUS} (set ANNOTATOR_SHARED)")
        return
    tmp = tempfile.mkdtemp(prefix="bench-merge-")
    try:
        s = run_isolated("bench.bench_merge:setup", tmp)
        yield Result("merge.setup.seconds", s["build"], "s",
                     informational="building the test project, not a user action")
        yield Result("merge.make_package.seconds", s["package"], "s",
                     extra={"documents": N_DOCS},
                     informational="per package, no target; the merge lines have limits")
        m = run_isolated("bench.bench_merge:merge", tmp)
        extra = {k: m[k] for k in ("added", "updated", "deleted", "codings")}
        yield Result("merge.three_packages_20k.seconds", m["merge"], "s", 10.0,
                     extra={**extra, "cpu_s": round(m["merge_cpu"], 2),
                            "peak_mb": round(m["peak_mb"])})
        yield Result("merge.preview.seconds", m["preview"], "s", 10.0)
        yield Result("merge.second_merge_noop.seconds", m["again"], "s", 10.0)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
