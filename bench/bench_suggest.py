"""Code suggestions (issue 14): the shipped outline model measured like a coder, the project
model's learning curve, and the speed, memory and size a user meets.

* Accuracy: the shipped recipe trained on the 2016–2020 reports, tested on the 2021 reports with
  their headings removed (the text a user would paste), each paragraph scored against the
  report's own outline. Beside it: the same model paragraph by paragraph (no document context)
  and a keyword baseline (code names and definitions).
* Speed and memory: training on every 2016–2021 paragraph, and suggesting for the largest 2021
  report through a project (import, shipped model, services), each in a process of its own.

The series archive is unpacked into ``ANNOTATOR_BENCH_CACHE`` (default: the user data folder's
``suggest-cache``); reading its 1,167 pages once takes about a minute and is cached.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from bench._harness import CORPUS, Result, own_peak_mb, run_isolated

SERIES = CORPUS / "series" / "state-dept-html-2016-2021.tar.xz"
CURVE = (20, 50, 100, 500)


def _cache() -> Path:
    env = os.environ.get("ANNOTATOR_BENCH_CACHE")
    if env:
        return Path(env)
    from annotator.services.suggest.train_shipped import default_cache

    return default_cache()


def _reports() -> tuple[Path, list[Any]]:
    from annotator.services.suggest.corpus import cached_reports, unpack_series

    root = unpack_series(SERIES, _cache())
    return root, cached_reports(root, _cache())


def train_all_isolated() -> dict[str, Any]:
    """In its own process: train the shipped recipe on every 2016–2021 paragraph."""
    from annotator.services.suggest.train_shipped import as_label_docs, train_outline

    _, reports = _reports()
    docs = as_label_docs(reports)
    del reports  # as the training script does: the texts live in ``docs`` only
    paragraphs = sum(len(d) for d in docs)
    t0 = time.perf_counter()
    model = train_outline(docs, consume=True)
    return {"seconds": time.perf_counter() - t0, "paragraphs": paragraphs,
            "features": len(model.vocabulary), "own_peak_mb": own_peak_mb()}


def suggest_report_isolated(html: str) -> dict[str, Any]:
    """In its own process: import one report into a new project with the outline codebook,
    then suggest for it with the shipped model, as the CLI and the app do."""
    from annotator.services.codebook import codebook
    from annotator.services.codebook_bulk import AddTemplate
    from annotator.services.importing.pipeline import import_files
    from annotator.services.project import Project
    from annotator.services.suggest.run import suggest_document
    from annotator.services.suggest.sources import bind_shipped

    with tempfile.TemporaryDirectory() as tmp:
        project = Project.create(Path(tmp) / "p.annotator")
        project.use_coder("bench")
        project.execute(AddTemplate("country-reports-2021"))
        doc = import_files(project, [html], workers=1).imported[0]
        t0 = time.perf_counter()
        book = codebook(project)
        bound = bind_shipped(book)
        first = suggest_document(project, bound, book, doc.id)
        cold = time.perf_counter() - t0
        t1 = time.perf_counter()
        suggest_document(project, bound, book, doc.id)
        warm = time.perf_counter() - t1
        project.close()
    return {"cold": cold, "warm": warm, "chars": doc.chars, "units": len(first),
            "own_peak_mb": own_peak_mb()}


def _keyword_baseline(docs: list[list[tuple[str, str]]]) -> dict[str, Any]:
    """Each paragraph gets the code whose name and definition share most words with it."""
    from annotator.domain.segmentation.matching import tokens
    from annotator.services.exchange.templates import load_template
    from annotator.services.suggest.evaluate import scores_table

    nodes = [n for n in load_template("country-reports-2021") if n.codable]
    classes = [n.label for n in nodes]
    bags = [tokens(f"{n.name} {n.definition} {n.inclusion}") for n in nodes]
    truth, probs = [], []
    index = {c: i for i, c in enumerate(classes)}
    for doc in docs:
        for text, label in doc:
            toks = tokens(text)
            row = np.array([len(toks & b) / (len(b) ** 0.5) for b in bags], dtype=np.float64)
            probs.append(row + 1e-9 * np.arange(len(row))[::-1])  # ties: first code wins
            truth.append(index[label])
    return scores_table(np.array(truth), np.vstack(probs), classes)


def _curve(train_docs: list[list[tuple[str, str]]], test_docs: list[list[tuple[str, str]]]
           ) -> Iterator[Result]:
    """Project-model recipe trained on n coded paragraphs per code, scored per paragraph."""
    from annotator.services.suggest.evaluate import evaluate_documents
    from annotator.services.suggest.project_model import PROJECT_PARAMS
    from annotator.services.suggest.training import train

    rng = np.random.default_rng(0)
    by_code: dict[str, list[str]] = {}
    for doc in train_docs:
        for text, label in doc:
            by_code.setdefault(label, []).append(text)
    test_sample = [d for i, d in enumerate(test_docs) if i % 4 == 0]
    for n in CURVE:
        texts, labels = [], []
        for label in sorted(by_code):
            pool = by_code[label]
            pick = rng.choice(len(pool), size=min(n, len(pool)), replace=False)
            texts += [pool[i] for i in sorted(pick)]
            labels += [label] * len(pick)
        classes = sorted(by_code)
        model = train(texts, labels, [], classes, PROJECT_PARAMS)
        ev = evaluate_documents(model, test_sample, in_order=False)
        yield Result(f"suggest.project_curve.{n}_per_code.top1", ev["top1"], "fraction",
                     informational="learning curve of the project model (coded passages "
                                   "only, no document order), 2021 paragraphs",
                     extra={"top3": ev["top3"], "macro_f1": ev["macro_f1"],
                            "examples": len(texts), "test_units": ev["units"]})


def run() -> Iterator[Result]:
    if not SERIES.is_file():
        yield Result.failed("suggest.accuracy.top1", f"series archive missing: {SERIES}")
        return
    from annotator.services.suggest.evaluate import evaluate_documents
    from annotator.services.suggest.sources import shipped_model_path
    from annotator.services.suggest.train_shipped import as_label_docs, train_outline

    html_root, reports = _reports()
    docs = as_label_docs(reports)
    train_docs = [d for d, r in zip(docs, reports, strict=True) if r.year <= 2020]
    test_docs = [d for d, r in zip(docs, reports, strict=True) if r.year == 2021]
    t0 = time.perf_counter()
    model = train_outline(train_docs)
    train_s = time.perf_counter() - t0
    ev = evaluate_documents(model, test_docs)
    alone = evaluate_documents(model, test_docs, in_order=False)
    base = _keyword_baseline(test_docs)
    common = {"train": "2016–2020", "test": "2021, headings removed",
              "test_reports": len(test_docs), "test_paragraphs": ev["units"]}
    yield Result("suggest.accuracy.top1", ev["top1"], "fraction", 0.93, higher_is_better=True,
                 extra=common)
    yield Result("suggest.accuracy.top3", ev["top3"], "fraction", 0.98, higher_is_better=True)
    yield Result("suggest.accuracy.macro_f1", ev["macro_f1"], "fraction",
                 informational="reported beside top-1 (no goal set)")
    yield Result("suggest.accuracy.kappa", ev["kappa"] or float("nan"), "kappa",
                 informational="Cohen's kappa model vs outline (annotator.agreement)",
                 extra={"per_code_f1": {k: v["f1"] for k, v in ev["per_code"].items()}})
    yield Result("suggest.accuracy.no_context.top1", alone["top1"], "fraction",
                 informational="same model, each paragraph alone (no document order)",
                 extra={"top3": alone["top3"], "macro_f1": alone["macro_f1"],
                        "kappa": alone["kappa"]})
    yield Result("suggest.baseline.keywords.top1", base["top1"], "fraction",
                 informational="keyword baseline: code names and definitions",
                 extra={"top3": base["top3"], "macro_f1": base["macro_f1"],
                        "kappa": base["kappa"]})
    yield Result("suggest.train_2016_2020.seconds", train_s, "s",
                 informational="training for the accuracy check (timed in this process)",
                 extra={"paragraphs": sum(len(d) for d in train_docs)})
    yield from _curve(train_docs, test_docs)
    try:
        full = run_isolated("bench.bench_suggest:train_all_isolated")
        yield Result("suggest.train_all.seconds", full["seconds"], "s", 60.0,
                     extra={"paragraphs": full["paragraphs"], "features": full["features"]})
        yield Result("suggest.train_all.peak_mb", full["peak_mb"], "MB", 500.0,
                     extra={"own_peak_mb": round(full["own_peak_mb"], 1),
                            "measured": "VmHWM of the isolated training process (reading the "
                                        "cached corpus, features, fitting), plus any worker's "
                                        "peak"})
    except RuntimeError as exc:
        yield Result.failed("suggest.train_all.seconds", str(exc), "s")
    largest = max((p for p in (html_root / "2021").glob("*.html")), key=lambda p: p.stat().st_size)
    try:
        sug = run_isolated("bench.bench_suggest:suggest_report_isolated", str(largest))
        extra = {"report": largest.stem, "chars": sug["chars"], "units": sug["units"]}
        yield Result("suggest.one_report.seconds", sug["cold"], "s", 1.0,
                     extra={**extra, "includes": "loading and checking the model"})
        yield Result("suggest.one_report.warm.seconds", sug["warm"], "s", 1.0, extra=extra)
        yield Result("suggest.one_report.peak_mb", sug["own_peak_mb"], "MB", 500.0,
                     extra={**extra, "ru_maxrss_mb": round(sug["peak_mb"], 1),
                            "measured": "VmHWM of the isolated process (import, load, suggest)"})
    except RuntimeError as exc:
        yield Result.failed("suggest.one_report.seconds", str(exc), "s")
    path = shipped_model_path()
    size = path.stat().st_size / 1e6 if path.is_file() else float("nan")
    manifest = path.with_suffix(".json")
    yield Result("suggest.shipped_model.mb", size, "MB", 20.0,
                 extra={"file": path.name, "sha256": json.loads(manifest.read_text())["sha256"]
                        if manifest.is_file() else None})
