"""Compute an agreement report from a loaded :class:`Study` with the statistics engine.

Per code row, one units x coders presence matrix (True = the coder marked the code in the unit)
feeds every unit statistic; at character level a weighted table of coder subsets stands in for
the millions of characters. Span statistics (alpha-U, per-character kappa) work on the passages.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from itertools import combinations
from typing import Any

import numpy as np

from annotator import agreement as ag
from annotator.domain.agreement import AgreementResult
from annotator.domain.agreement.results import alpha_from
from annotator.services.agreement import masks
from annotator.services.agreement.report import AgreementReport, StatRow
from annotator.services.agreement.study import Study
from annotator.services.agreement.wording import definitions, reading

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


class ComputationCancelled(Exception):
    """Raised inside the computation when the caller cancelled it."""


def unit_results(rd: ag.ReliabilityData, stats: Sequence[str], m: int, ci: bool = False,
                 n_boot: int = 1000, seed: int = 0) -> dict[str, AgreementResult]:
    """The unit statistics of one presence matrix (kappa/pi become Conger/Fleiss for 3+)."""
    kw: dict[str, Any] = {"ci": ci, "n_boot": n_boot, "seed": seed}
    out: dict[str, AgreementResult] = {}
    for s in stats:
        if s == "alpha":
            out[s] = ag.krippendorff_alpha(rd, **kw)
        elif s == "kappa":
            out[s] = ag.cohen_kappa(rd, **kw) if m == 2 else ag.conger_kappa(rd, **kw)
        elif s == "pi":
            out[s] = ag.scott_pi(rd, **kw) if m == 2 else ag.fleiss_kappa(rd, **kw)
        elif s == "fleiss":
            out[s] = ag.fleiss_kappa(rd, **kw)
        elif s == "ac1":
            out[s] = ag.gwet_ac1(rd, **kw)
        elif s == "bp":
            out[s] = ag.brennan_prediger(rd, **kw)
        elif s == "percent":
            out[s] = ag.percent_agreement(rd, **kw)
    return out


def char_kappa(counts: np.ndarray, coders: Sequence[str], ci: bool = False, n_boot: int = 1000,
               seed: int = 0) -> AgreementResult:
    """Per-character kappa from a coverage vector (mask -> characters); mean of pairs for 3+."""
    m = len(coders)
    pairs = list(combinations(range(m), 2))
    res = {}
    for a, b in pairs:
        both, only_a, only_b, neither = masks.pair_counts(counts, a, b).tolist()
        res[(a, b)] = ag.character_kappa_from_counts(int(both), int(only_a), int(only_b),
                                                     int(neither), ci=ci and m == 2,
                                                     n_boot=n_boot, seed=seed)
    if m == 2:
        return res[(0, 1)]
    used = [r for (a, b), r in res.items() if r.value is not None
            and r.details["both"] + r.details["only_a"] + r.details["only_b"] > 0]
    per_pair = {f"{coders[a]}|{coders[b]}": r.to_dict() for (a, b), r in res.items()}
    if not used:
        return AgreementResult("character_kappa", None, None, None, "agreement",
                               int(counts.sum()), note="undefined: no pair of coders marked "
                               "anything", details={"pairs": per_pair})
    return AgreementResult("character_kappa", float(np.mean([r.value for r in used])),
                           float(np.mean([r.observed for r in used])), None, "agreement",
                           int(counts.sum()), details={"pairs": per_pair,
                                                       "definition": "mean of pairwise kappas"})


def _alpha_u_pool(per: dict[int, AgreementResult], rows: Sequence[int]) -> AgreementResult:
    used = [per[r] for r in rows if r in per and per[r].observed is not None]
    if not used:
        return AgreementResult("unitized_alpha", None, None, None, "disagreement", 0,
                               note="undefined: no units were marked")
    d_o = float(np.mean([r.observed for r in used]))
    d_e = float(np.mean([r.expected for r in used]))
    value, note = alpha_from(d_o, d_e)
    return AgreementResult("unitized_alpha", value, d_o, d_e, "disagreement",
                           sum(r.n_units for r in used), note=note,
                           details={"pooled_codes": len(used)})


class _Engine:
    def __init__(self, study: Study, progress: Progress | None, cancelled: Cancelled | None
                 ) -> None:
        self.s, self.req = study, study.request
        self.m, self.n_rows = len(study.coders), len(study.rows)
        self.progress, self.cancelled = progress, cancelled
        self.char = self.req.unit == "character"
        need_cov = self.char or "char_kappa" in self.req.statistics
        need_merged = need_cov or self.req.rule == "majority"
        self.merged = (masks.merge_by_group(study.table, self.n_rows, self.m, study.total)
                       if need_merged else None)
        self.cov = (masks.coverage_table(self.merged, study.doc_begin, study.doc_end)
                    if need_cov else None)
        self.pres = None if self.char else self._presence()
        self._stacked: tuple[tuple[int, ...] | None, np.ndarray] = (None, np.zeros(0))
        self._memo: dict[tuple[Any, ...], tuple[dict[str, AgreementResult], int,
                                                dict[str, int]]] = {}
        self.alpha_u: dict[int, AgreementResult] = {}
        if "alpha_u" in self.req.statistics and study.total > 0:
            au = ag.unitized_alpha(study.table, (0, study.total), coders=study.coders,
                                   categories=range(self.n_rows))
            self.alpha_u = {int(k): v for k, v in au.per_category.items()}

    def _presence(self) -> np.ndarray:
        if self.req.rule == "majority":
            assert self.merged is not None
            return masks.coverage_fraction(self.merged, self.s.units) >= 0.5
        _, p = ag.presence_matrices(self.s.table, self.s.units, self.s.coders,
                                    list(range(self.n_rows)))
        return p

    def tick(self, done: int, total: int, msg: str) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ComputationCancelled()
        if self.progress is not None:
            self.progress(done, total, msg)

    def _stack(self, rows: Sequence[int]) -> np.ndarray:
        """Presence of some code rows, (rows, units, coders); the last one is kept."""
        key = tuple(rows)
        if self._stacked[0] != key:
            assert self.pres is not None
            self._stacked = (key, self.pres[list(rows)])
        return self._stacked[1]

    def results(self, rows: Sequence[int], doc: int | None = None, ci: bool = False
                ) -> tuple[dict[str, AgreementResult], int, dict[str, int]]:
        """One report row from a set of code rows (pooled), optionally for one document."""
        key = (tuple(rows), doc, ci)
        if key not in self._memo:
            self._memo[key] = self._results(rows, doc, ci)
        return self._memo[key]

    def _results(self, rows: Sequence[int], doc: int | None, ci: bool
                 ) -> tuple[dict[str, AgreementResult], int, dict[str, int]]:
        req, m = self.req, self.m
        out: dict[str, AgreementResult] = {}
        cov = None
        if self.cov is not None:
            part = self.cov[list(rows)]
            cov = (part[:, doc] if doc is not None else part.sum(axis=1)).sum(axis=0)
        if self.char:
            assert cov is not None
            rd = masks.weighted_data(cov, m)
            n_units = int(cov.sum())
            marked = {c: int(masks.marked(cov, r)) for r, c in enumerate(self.s.coders)}
            out.update(unit_results(rd, req.unit_stats, m))
        else:
            p = self._stack(rows)
            if doc is not None:
                lo, hi = np.searchsorted(self.s.unit_doc, [doc, doc + 1])
                p = p[:, lo:hi]
            flat = p.reshape(-1, m)
            n_units = int(p.shape[0] * p.shape[1])  # code x unit ratings when pooled
            marked = dict(zip(self.s.coders, flat.sum(axis=0).tolist(), strict=True))
            rd = ag.reliability_data(flat)
            out.update(unit_results(rd, req.unit_stats, m, ci, req.n_boot, req.seed))
        if "alpha_u" in req.statistics and doc is None:
            out["alpha_u"] = (self.alpha_u.get(rows[0]) if len(rows) == 1
                              else _alpha_u_pool(self.alpha_u, rows))
            if out["alpha_u"] is None:
                del out["alpha_u"]
        if "char_kappa" in req.statistics and cov is not None:
            out["char_kappa"] = char_kappa(cov, self.s.coders)  # no interval: see definitions
        order = [s for s in req.statistics if s in out]
        return {s: out[s] for s in order}, n_units, marked

    def code_rows(self) -> list[StatRow]:
        rows = []
        for i, spec in enumerate(self.s.rows):
            self.tick(i, self.n_rows, spec.path)
            res, n, marked = self.results([i], ci=self.req.ci)
            rows.append(StatRow(spec.uuid, spec.path, "code", res, n, marked, spec.depth,
                                spec.uuid, spec.color, not spec.leaf))
        return rows

    def level_rows(self) -> list[StatRow]:
        depths = sorted({r.depth for r in self.s.rows})
        if len(depths) < 2:
            return []
        out = []
        for d in depths:
            rows = [i for i, r in enumerate(self.s.rows) if r.depth == d]
            res, n, marked = self.results(rows, ci=self.req.ci)
            name = "top-level codes" if d == 0 else f"codes at depth {d + 1}"
            out.append(StatRow(f"level:{d + 1}", f"Level {d + 1} ({name}, {len(rows)})",
                               "level", res, n, marked, d, n_codes=len(rows)))
        return out

    def overall(self) -> StatRow:
        leaves = self.s.leaf_rows
        res, n, marked = self.results(leaves, ci=self.req.ci)
        return StatRow("overall", f"All codes pooled ({len(leaves)})", "overall", res, n, marked,
                       n_codes=len(leaves))

    def document_rows(self) -> list[StatRow]:
        out = []
        leaves = self.s.leaf_rows
        for i, d in enumerate(self.s.docs):
            self.tick(i, len(self.s.docs), d.title)
            res, n, marked = self.results(leaves, doc=i)
            out.append(StatRow(f"doc:{d.id}", d.title, "document", res, n, marked,
                               document_id=d.id, n_codes=len(leaves)))
        return out

    def pair_rows(self) -> list[StatRow]:
        if self.m < 3:
            return []
        leaves = self.s.leaf_rows
        out = []
        stats = self.req.unit_stats
        cov_all = (self.cov[leaves].sum(axis=(0, 1)) if self.cov is not None else None)
        if self.char:
            assert cov_all is not None
            base = masks.weighted_data(cov_all, self.m)
        else:
            assert self.pres is not None
            base = ag.reliability_data(self.pres[leaves].reshape(-1, self.m))
        for a, b in combinations(range(self.m), 2):
            pair = (self.s.coders[a], self.s.coders[b])
            res = unit_results(base.select_coders([a, b]), stats, 2)
            if cov_all is not None and "char_kappa" in self.req.statistics:
                sub = _pair_cov(cov_all, a, b)
                res["char_kappa"] = char_kappa(sub, pair)
            n = int(cov_all.sum()) if self.char and cov_all is not None else base.n_units
            out.append(StatRow(f"pair:{pair[0]}|{pair[1]}", f"{pair[0]} × {pair[1]}", "pair",
                               res, n, coders=pair, n_codes=len(leaves)))
        return out


def _pair_cov(cov: np.ndarray, a: int, b: int) -> np.ndarray:
    """A coverage vector over masks of all coders reduced to the masks of coders (a, b)."""
    masks_ = np.arange(cov.size)
    small = ((masks_ >> a) & 1) | (((masks_ >> b) & 1) << 1)
    return np.bincount(small, weights=cov, minlength=4)


def compute_report(study: Study, progress: Progress | None = None,
                   cancelled: Cancelled | None = None) -> AgreementReport:
    """Every row of the report; ``progress(done, total, what)`` is called between rows."""
    t0 = time.perf_counter()
    req = study.request
    eng = _Engine(study, progress, cancelled)
    codes = eng.code_rows()
    levels = eng.level_rows()
    overall = eng.overall()
    per_doc = eng.document_rows() if req.per_document else []
    pairs = eng.pair_rows() if req.pairwise else []
    notes = list(study.notes)
    if "alpha_u" in req.statistics and req.per_document:
        notes.append("alpha-U is computed per code and pooled, not per document")
    if req.ci and (req.unit == "character" or req.span_stats):
        notes.append("no intervals for character statistics: characters are not independent "
                     "units")
    m = len(study.coders)
    docs = [{"id": d.id, "title": d.title, "chars": d.chars,
             "units": int(np.sum(study.unit_doc == i)) if req.unit != "character" else d.chars}
            for i, d in enumerate(study.docs)]
    return AgreementReport(
        request=req, coders=study.coders, unit=req.unit, statistics=req.statistics,
        documents=docs, excluded=list(study.excluded), codes=codes, levels=levels,
        overall=overall, per_document=per_doc, pairwise=pairs,
        reading=reading(req, codes, overall, len(study.docs), len(study.excluded), m,
                        study.total if req.unit == "character" else len(study.units)),
        definitions=definitions(req, m), notes=notes,
        n_units=overall.n_units, seconds=time.perf_counter() - t0)

