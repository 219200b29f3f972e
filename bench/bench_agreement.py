"""Agreement benchmark (issue 5): a project-sized synthetic coding study, all statistics per code.

Data (built in memory, not timed): 194 documents totalling 13.7M characters laid end to end,
~30,000 paragraphs, 3 coders x 20,000 codings over 60 codes. Timed: span table, paragraph
presence matrices, per code percent agreement, 3 Cohen kappa pairs, Fleiss, nominal alpha, AC1,
Brennan-Prediger; alpha-U for every code; per-document character kappa for every code and pair.
Also: our nominal alpha against the ``krippendorff`` PyPI package (GPL-3.0, installed at run
time into a temporary folder, never a dependency) on the same 60 unit matrices.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import shutil
import tempfile
import time
from collections.abc import Iterator
from typing import Any

import numpy as np

from bench._harness import Result, run_isolated

N_DOCS, TOTAL_CHARS, N_PARAS = 194, 13_700_000, 30_000
N_CODERS, N_CODINGS, N_CODES = 3, 20_000, 60
CODERS = ("alice", "bob", "carol")


def make_study(seed: int = 7) -> dict[str, Any]:
    """Documents, paragraphs and codings as numpy columns on one global offset axis."""
    rng = np.random.default_rng(seed)
    lengths = rng.lognormal(0.0, 0.6, N_DOCS)
    lengths = np.floor(lengths / lengths.sum() * TOTAL_CHARS).astype(np.int64)
    lengths[-1] += TOTAL_CHARS - lengths.sum()
    doc_begin = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    mean_para = TOTAL_CHARS / N_PARAS
    p_start, p_end, p_doc = [], [], []
    for d in range(N_DOCS):
        n_guess = int(lengths[d] / mean_para) + 50
        sizes = np.maximum(20, rng.gamma(2.0, (mean_para - 2) / 2.0, n_guess))
        ends = np.cumsum(sizes.astype(np.int64) + 2)
        ends = ends[ends <= lengths[d]]
        starts = np.concatenate(([0], ends[:-1]))
        p_start.append(doc_begin[d] + starts)
        p_end.append(doc_begin[d] + ends - 2)
        p_doc.append(np.full(ends.size, d))
    ps, pe, pd_ = np.concatenate(p_start), np.concatenate(p_end), np.concatenate(p_doc)
    code_p = 1.0 / (np.arange(N_CODES) + 1.0) ** 0.8
    code_p /= code_p.sum()

    def random_codings(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        para = rng.integers(0, ps.size, n)
        ln = pe[para] - ps[para]
        s = ps[para] + (rng.random(n) * 0.2 * ln).astype(np.int64)
        e = pe[para] - (rng.random(n) * 0.2 * ln).astype(np.int64)
        spill = (rng.random(n) < 0.1) & (para + 1 < ps.size)
        nxt = np.minimum(para + 1, ps.size - 1)
        spill &= pd_[nxt] == pd_[para]
        e = np.where(spill, pe[nxt], e)
        return s, np.maximum(e, s + 1), rng.choice(N_CODES, n, p=code_p)

    base_s, base_e, base_c = random_codings(N_CODINGS)
    doc_of = pd_[np.searchsorted(ps, base_s, side="right") - 1]
    lo, hi = doc_begin[doc_of], doc_begin[doc_of] + lengths[doc_of]
    cols: dict[str, list[np.ndarray]] = {"coder": [], "start": [], "end": [], "category": []}
    for r in range(N_CODERS):
        fate = rng.random(N_CODINGS)
        s = np.clip(base_s + rng.integers(-5, 6, N_CODINGS), lo, hi - 1)
        e = np.clip(base_e + rng.integers(-5, 6, N_CODINGS), s + 1, hi)
        c = np.where(fate < 0.1, rng.integers(0, N_CODES, N_CODINGS), base_c)
        other_s, other_e, other_c = random_codings(N_CODINGS)
        swap = fate > 0.85
        cols["coder"].append(np.full(N_CODINGS, r))
        cols["start"].append(np.where(swap, other_s, s))
        cols["end"].append(np.where(swap, other_e, e))
        cols["category"].append(np.where(swap, other_c, c))
    spans = {k: np.concatenate(v) for k, v in cols.items()}
    return {"spans": spans, "units": np.stack([ps, pe], axis=1),
            "docs": np.stack([doc_begin, doc_begin + lengths], axis=1)}


def compute_all(study: dict[str, Any]) -> dict[str, Any]:
    """Every statistic of the benchmark; returns a few values as a checksum."""
    from annotator import agreement as ag

    sp = study["spans"]
    table = ag.SpanTable.from_arrays(np.asarray(CODERS, dtype=object)[sp["coder"]], sp["start"],
                                     sp["end"], sp["category"])
    cats, pres = ag.presence_matrices(table, study["units"], CODERS)
    out: dict[str, list[float | None]] = {k: [] for k in
                                          ("pa", "kappa", "fleiss", "alpha", "ac1", "bp")}
    for k in range(len(cats)):
        rd = ag.reliability_data(pres[k])
        out["pa"].append(ag.percent_agreement(rd).value)
        for i, j in ((0, 1), (0, 2), (1, 2)):
            out["kappa"].append(ag.cohen_kappa(rd.select_coders([i, j])).value)
        out["fleiss"].append(ag.fleiss_kappa(rd).value)
        out["alpha"].append(ag.krippendorff_alpha(rd).value)
        out["ac1"].append(ag.gwet_ac1(rd).value)
        out["bp"].append(ag.brennan_prediger(rd).value)
    docs = [tuple(map(int, d)) for d in study["docs"]]
    au = ag.unitized_alpha(table, (docs[0][0], docs[-1][1]))
    ck = [ag.character_kappa(table, docs, (CODERS[i], CODERS[j]), c).value
          for c in cats for i, j in ((0, 1), (0, 2), (1, 2))]
    return {"alpha_mean": float(np.mean([a for a in out["alpha"] if a is not None])),
            "alpha_u": au.value,
            "char_kappa_mean": float(np.mean([c for c in ck if c is not None])),
            "n_results": sum(len(v) for v in out.values()) + len(au.per_category) + len(ck)}


def measure() -> dict[str, Any]:
    """Run in a fresh interpreter by the harness (for peak memory)."""
    t0 = time.perf_counter()
    study = make_study()
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    res = compute_all(study)
    return {"seconds": time.perf_counter() - t0, "build_s": build,
            "n_units": int(study["units"].shape[0]), **res}


def _import_krippendorff() -> Any | None:
    """The PyPI ``krippendorff`` package (in the ``test`` extras); None when not installed."""
    try:
        return importlib.import_module("krippendorff")
    except ImportError:
        return None


def compare_krippendorff(tmp: str) -> dict[str, Any]:
    """Seconds for nominal alpha on the 60 paragraph matrices: ours vs the PyPI package."""
    kd = _import_krippendorff()
    if kd is None:
        return {"skipped": "the krippendorff package is not installed "
                           "(pip install -e '.[test]')"}
    from annotator import agreement as ag
    from annotator.domain.agreement.spans import SpanTable

    study = make_study()
    sp = study["spans"]
    table = SpanTable(sp["coder"], sp["start"], sp["end"], sp["category"], CODERS,
                      tuple(range(N_CODES)))
    _, pres = ag.presence_matrices(table, study["units"], CODERS)
    mats = [p.astype(np.float64) for p in pres]  # the same units x coders matrices for both
    ours, ours_bool, theirs, worst = [], [], [], 0.0
    for _ in range(3):
        t0 = time.perf_counter()
        mine = [ag.krippendorff_alpha(m).value for m in mats]
        ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for p in pres:  # the presence matrices as the project layer produces them
            ag.krippendorff_alpha(p)
        ours_bool.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        ref = [kd.alpha(reliability_data=m.T, level_of_measurement="nominal") for m in mats]
        theirs.append(time.perf_counter() - t0)
        worst = max(abs((a or 0.0) - b) for a, b in zip(mine, ref, strict=True))
    try:
        version = importlib.metadata.version("krippendorff")
    except importlib.metadata.PackageNotFoundError:
        version = "?"
    return {"ours_s": min(ours), "ours_bool_s": min(ours_bool), "theirs_s": min(theirs),
            "max_abs_diff": worst, "version": version}


def run() -> Iterator[Result]:
    m = run_isolated("bench.bench_agreement:measure")
    extra = {"units": m["n_units"], "results": m["n_results"], "build_s": round(m["build_s"], 2),
             "alpha_mean": round(m["alpha_mean"], 4), "alpha_u": round(m["alpha_u"], 4)}
    yield Result("agreement.study194.seconds", m["seconds"], "s", 3.0, extra=extra)
    yield Result("agreement.study194.peak_memory", m["peak_mb"], "MB", 500.0)
    tmp = tempfile.mkdtemp(prefix="bench-krippendorff-")
    try:
        c = run_isolated("bench.bench_agreement:compare_krippendorff", tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if "skipped" in c:  # a comparison that could not run fails loudly, never passes
        yield Result.failed("agreement.vs_krippendorff.speedup", c["skipped"], "x")
        return
    yield Result("agreement.vs_krippendorff.speedup", c["theirs_s"] / c["ours_s"], "x", 5.0,
                 higher_is_better=True,
                 extra={"matrices": N_CODES, "ours_s": round(c["ours_s"], 4),
                        "ours_bool_input_s": round(c["ours_bool_s"], 4),
                        "krippendorff_s": round(c["theirs_s"], 4),
                        "max_abs_diff": c["max_abs_diff"], "krippendorff": c["version"]})
