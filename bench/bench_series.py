"""Annual series benchmark (issue 13): alignment speed, carry speed, carry quality.

* ``series.align.240k``: align two 240,000-character editions stored in a project (China and
  Russia 2019 vs. 2020, joined and cut at a paragraph end) through
  :func:`annotator.services.alignment.align_documents` (read, sentence split, align); median of 3.
* ``series.align.year``: align every 2019 report with its 2020 edition (all countries with
  both, imported into one project; >= 170 pairs) with two worker processes, wall time.
* ``series.carry.5000``: carry 5,000 codings between the two 240k editions through
  :func:`annotator.services.carry.carry_forward` (align, map, store the proposals).
* ``series.quality.*``: over every pair of consecutive years 2016–2021 of every country, code
  year N-1 with the keyword coder (``bench/keyword_coder.py``), carry to year N (domain path,
  default minimum similarity 0.85), and compare with the keyword coder run on year N: precision
  and recall on ``same`` sentences (must be 1.0) and on ``edited`` ones (printed), and the share
  of year N's sentences that arrive pre-coded.
"""

from __future__ import annotations

import bisect
import os
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench._harness import Result
from bench.series_corpus import available, countries_with, manifest, unpack

YEARS = [2016, 2017, 2018, 2019, 2020, 2021]
TARGET_CHARS = 240_000


def run() -> Iterator[Result]:
    why = available()
    if why:
        for name in ("series.align.240k", "series.align.year", "series.carry.5000",
                     "series.quality.same.precision"):
            yield Result.failed(name, why)
        return
    with tempfile.TemporaryDirectory(prefix="bench-series-") as tmp:
        os.environ["ANNOTATOR_HOME"] = str(Path(tmp) / "home")
        yield from _speed(Path(tmp))
    yield from _quality()


# --- speed --------------------------------------------------------------------------------------
def _speed(tmp: Path) -> Iterator[Result]:
    from annotator.services.importing.pipeline import import_files
    from annotator.services.project import Project

    both = countries_with([2019, 2020])
    paths = unpack([(y, c) for c in both for y in (2019, 2020)])
    target = tmp / "year.annotator"
    with Project.create(target) as project:
        report = import_files(project, [paths[(y, c)] for c in both for y in (2019, 2020)],
                              workers=2)
        big_old, big_new = _big_pair(project, paths)
    del report
    try:
        yield _align_240k(target, big_old, big_new)
    except Exception as exc:  # noqa: BLE001 - reported, never hidden
        yield Result.failed("series.align.240k", f"{type(exc).__name__}: {exc}")
    try:
        yield _align_year(target)
    except Exception as exc:  # noqa: BLE001
        yield Result.failed("series.align.year", f"{type(exc).__name__}: {exc}", "s")
    try:
        yield _carry_5000(target, big_old, big_new)
    except Exception as exc:  # noqa: BLE001
        yield Result.failed("series.carry.5000", f"{type(exc).__name__}: {exc}", "s")


def _big_pair(project: object, paths: dict[tuple[int, str], Path]) -> tuple[int, int]:
    """Two 240k-character editions: China + Russia of 2019, and of 2020, each cut at the
    paragraph end nearest after 240,000 characters."""
    from annotator.domain.model import Segment
    from annotator.domain.text import text_sha256
    from annotator.services.importing.pipeline import prepare

    ids = []
    for year in (2019, 2020):
        a, b = prepare(paths[(year, "china")]), prepare(paths[(year, "russia")])
        text = a.text + "\n\n" + b.text
        shift = len(a.text) + 2
        segs = list(a.segments) + [Segment(s.kind, s.path if s.kind == "paragraph" else
                                           "R" + s.path, s.title, s.start + shift,
                                           s.end + shift, s.inferred, s.level)
                                   for s in b.segments]
        cut = text.find("\n", TARGET_CHARS)
        cut = len(text) if cut < 0 else cut
        text = text[:cut]
        segs = [s for s in segs if s.end <= cut]
        with project.store.begin() as tx:  # type: ignore[attr-defined]
            doc = tx.add_document(title=f"China and Russia {year}", country="China+Russia",
                                  year=year, source_name=f"bench-{year}.txt", source_type="txt",
                                  text=text, sha256=text_sha256(text), is_report=True,
                                  segs=segs)
        ids.append(doc.id)
    return ids[0], ids[1]


def _align_240k(target: Path, old: int, new: int) -> Result:
    from annotator.services.alignment import align_documents, clear_cache
    from annotator.services.project import Project

    times = []
    with Project.open(target, backup=False) as project:
        chars = (project.document(old).chars, project.document(new).chars)
        for _ in range(3):
            clear_cache()  # cold: read, split into sentences, align
            t0 = time.perf_counter()
            pair = align_documents(project, old, new)
            times.append(time.perf_counter() - t0)
    return Result("series.align.240k", statistics.median(times), "s", limit=1.0,
                  extra={"chars": list(chars), "runs": [round(t, 3) for t in times],
                         "counts": dict(pair.alignment.counts())})


def _year_pairs(target: Path) -> list[tuple[int, int]]:
    from annotator.services.project import Project
    from annotator.services.series import list_series

    with Project.open(target, backup=False) as project:
        out = []
        for s in list_series(project, with_stats=False):
            years = {e.year: e.document_id for e in s.editions}
            if 2019 in years and 2020 in years and s.country != "China+Russia":
                out.append((years[2019], years[2020]))
    return out


def _align_chunk(target: str, pairs: list[tuple[int, int]]) -> int:
    from annotator.services.alignment import align_documents
    from annotator.services.project import Project

    n = 0
    with Project.open(target, backup=False) as project:
        for old, new in pairs:
            n += len(align_documents(project, old, new).alignment.pairs)
    return n


def _align_year(target: Path) -> Result:
    pairs = _year_pairs(target)
    if len(pairs) < 170:
        return Result.failed("series.align.year", f"only {len(pairs)} pairs (need >= 170)", "s")
    chunks = [pairs[0::2], pairs[1::2]]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        sentences = sum(pool.map(_align_chunk, [str(target)] * 2, chunks))
    wall = time.perf_counter() - t0
    return Result("series.align.year", wall, "s", limit=60.0,
                  extra={"pairs": len(pairs), "sentences": sentences, "workers": 2})


def _carry_5000(target: Path, old: int, new: int) -> Result:
    from annotator.services.alignment import clear_cache, edition
    from annotator.services.carry import carry_forward
    from annotator.services.codebook_commands import AddCode
    from annotator.services.project import Project

    rng = random.Random(13)
    with Project.open(target, backup=False) as project:
        project.use_coder("bench")
        codes = [project.execute(AddCode(f"Code {i}")).result for i in range(20)]
        with project.store.begin() as tx:
            ed = edition(tx, old)
            items = []
            for k in range(5000):
                s = ed.sentences[rng.randrange(len(ed.sentences))]
                if k % 2 or s.end - s.start < 20:
                    a, b = s.start, s.end  # whole sentences
                else:
                    a = rng.randrange(s.start, s.end - 10)
                    b = rng.randrange(a + 5, s.end)
                items.append({"document_id": old, "start": a, "end": b,
                              "code_id": codes[k % 20].id, "coder_id": project.coder.id})
            tx.add_codings_bulk(items)
        clear_cache()
        t0 = time.perf_counter()
        report = carry_forward(project, old, new, coder="bench")
        wall = time.perf_counter() - t0
    return Result("series.carry.5000", wall, "s", limit=2.0,
                  extra={"codings": 5000, "carried": len(report.carried),
                         "proposals": report.made, "duplicates": report.duplicates,
                         "not_carried": len(report.not_carried),
                         "methods": dict(report.methods)})


# --- quality ------------------------------------------------------------------------------------
def _country_quality(args: tuple[str, list[tuple[int, str]]]) -> dict[str, int]:
    """Counts for one country's consecutive pairs (runs in a worker process)."""
    from annotator.domain.alignment import EDITED, SAME, align
    from annotator.domain.carry import SourceCoding, carry
    from bench.keyword_coder import code_sentences

    _country, files = args
    eds = {}
    for year, path in files:
        eds[year] = _edition_from_file(path)
    c = dict.fromkeys(("same_tp", "same_fp", "same_fn", "edited_tp", "edited_fp",
                       "edited_fn", "new_sentences", "precoded", "pairs"), 0)
    years = sorted(eds)
    for y0, y1 in zip(years, years[1:], strict=False):
        if y1 != y0 + 1:
            continue
        old, new = eds[y0], eds[y1]
        sources = [SourceCoding(f"{i}:{code}", s, e, code)
                   for i, s, e, code in code_sentences(old)]
        al = align(old, new)
        carried, _gone = carry(al, sources, min_similarity=0.85)
        status = {p.new: p.status for p in al.pairs if p.new is not None}
        starts = [s.start for s in new.sentences]
        predicted: set[tuple[int, str]] = set()
        covered: set[int] = set()
        for cr in carried:
            k = bisect.bisect_right(starts, cr.start) - 1
            predicted.add((k, cr.source.code_uuid))
            covered.add(k)
        truth = {(i, code) for i, _s, _e, code in code_sentences(new)}
        for kind in (SAME, EDITED):
            pred = {x for x in predicted if status.get(x[0]) == kind}
            true = {x for x in truth if status.get(x[0]) == kind}
            c[f"{kind}_tp"] += len(pred & true)
            c[f"{kind}_fp"] += len(pred - true)
            c[f"{kind}_fn"] += len(true - pred)
        c["new_sentences"] += len(new.sentences)
        c["precoded"] += len(covered)
        c["pairs"] += 1
    return c


def _edition_from_file(path: str) -> object:
    from annotator.services.alignment import edition_from
    from annotator.services.importing.pipeline import prepare

    p = prepare(path)
    return edition_from(p.text, p.segments)


def _quality() -> Iterator[Result]:
    t0 = time.perf_counter()
    try:
        every = sorted(manifest())
        paths = unpack(every)
        by_country: dict[str, list[tuple[int, str]]] = {}
        for (year, country) in every:
            by_country.setdefault(country, []).append((year, str(paths[(year, country)])))
        jobs = sorted(by_country.items())
        total: dict[str, int] = {}
        with ProcessPoolExecutor(max_workers=2) as pool:
            for counts in pool.map(_country_quality, jobs, chunksize=4):
                for k, v in counts.items():
                    total[k] = total.get(k, 0) + v
    except Exception as exc:  # noqa: BLE001
        yield Result.failed("series.quality.same.precision", f"{type(exc).__name__}: {exc}")
        return
    wall = time.perf_counter() - t0

    def ratio(a: int, b: int) -> float:
        return a / b if b else float("nan")

    extra = {"pairs": total["pairs"], "seconds": round(wall, 1)}
    sp = ratio(total["same_tp"], total["same_tp"] + total["same_fp"])
    sr = ratio(total["same_tp"], total["same_tp"] + total["same_fn"])
    yield Result("series.quality.same.precision", sp, "ratio", limit=1.0,
                 higher_is_better=True, extra={**extra, "tp": total["same_tp"],
                                               "fp": total["same_fp"]})
    yield Result("series.quality.same.recall", sr, "ratio", limit=1.0, higher_is_better=True,
                 extra={**extra, "fn": total["same_fn"]})
    why = "printed as the issue asks; edited sentences have no target"
    yield Result("series.quality.edited.precision",
                 ratio(total["edited_tp"], total["edited_tp"] + total["edited_fp"]), "ratio",
                 informational=why, extra={"tp": total["edited_tp"], "fp": total["edited_fp"]})
    yield Result("series.quality.edited.recall",
                 ratio(total["edited_tp"], total["edited_tp"] + total["edited_fn"]), "ratio",
                 informational=why, extra={"fn": total["edited_fn"]})
    yield Result("series.quality.precoded_share",
                 ratio(total["precoded"], total["new_sentences"]), "ratio",
                 informational="share of year N's sentences that arrive with a carried proposal",
                 extra={"sentences": total["new_sentences"], "precoded": total["precoded"]})
