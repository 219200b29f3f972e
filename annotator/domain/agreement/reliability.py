"""Multi-coder coefficients on raw data, in Gwet's missing-data forms (Gwet 2014; irrCAC).

Notation: r_uk = coders who put unit u in category k, r_u = sum_k r_uk, r*_uk = sum_l w_kl r_ul.

* observed agreement p_a = mean over units with r_u >= 2 of sum_k r_uk (r*_uk - 1) / (r_u (r_u - 1))
  (the unit mean of pairwise agreement; identity weights give :func:`percent_agreement`);
* pi_k = mean over units with r_u >= 1 of r_uk / r_u.

All are O(units x q) on the per-unit count matrix, so bootstrap replicates are dot products.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import numpy as np

from annotator.domain.agreement.bootstrap import bootstrap_units
from annotator.domain.agreement.data import ReliabilityData, reliability_data
from annotator.domain.agreement.results import AgreementResult, chance_corrected, undefined
from annotator.domain.agreement.weights import WeightBasis, agreement_weights, weight_name

_NO_PAIRS = "undefined: no unit has values from two or more coders"


class _Parts:
    """Per-row quantities over the rating patterns with at least one value, weighted."""

    def __init__(self, rd: ReliabilityData, w: np.ndarray | None) -> None:
        """``w=None`` means identity weights (shared between statistics through ``rd.memo``)."""
        counts = rd.pattern_counts
        ones = np.ones(rd.n_categories)
        r = counts @ ones
        self.rd, self.rated = rd, r >= 1
        self.c, self.r = counts[self.rated], r[self.rated]
        self.base = rd.patterns.weight[self.rated]
        self.pair = self.r >= 2
        self.w = np.eye(rd.n_categories) if w is None else w
        star = self.c if w is None else self.c @ w.T
        denom = np.where(self.pair, self.r * (self.r - 1.0), 1.0)
        self.a = np.where(self.pair, (self.c * (star - 1.0)) @ ones / denom, 0.0)
        self.share = self.c / np.maximum(self.r, 1.0)[:, None]
        self.n_rated = int(round(float(self.base.sum())))
        self.n_pair = int(round(float(self.base[self.pair].sum())))

    @staticmethod
    def of(rd: ReliabilityData, w: np.ndarray | None = None) -> _Parts:
        """Parts for ``rd``; identity-weight parts are computed once per data set."""
        if w is not None and not np.array_equal(w, np.eye(rd.n_categories)):
            return _Parts(rd, w)
        parts = rd.memo.get("gwet_identity")
        if parts is None:
            parts = rd.memo["gwet_identity"] = _Parts(rd, None)
        return parts

    @property
    def codes(self) -> np.ndarray:
        return self.rd.patterns.codes[self.rated]

    def weights(self, g: np.ndarray | None) -> np.ndarray:
        """Row weights: pattern frequencies, or bootstrap weights per pattern ``g``."""
        return self.base if g is None else g[self.rated]

    def p_a(self, g: np.ndarray | None = None) -> float | None:
        up = self.weights(g) * self.pair
        tot = up.sum()
        return None if tot <= 0 else float(up @ self.a / tot)

    def pi(self, g: np.ndarray | None = None) -> np.ndarray:
        wt = self.weights(g)
        return (wt @ self.share) / wt.sum()

    def bootstrap(self, stat: Callable[[np.ndarray], float | None], n_boot: int,
                  seed: int | None) -> tuple[tuple[float, float] | None, dict[str, Any]]:
        pat = self.rd.patterns
        return bootstrap_units(stat, self.rd.n_units, n_boot, seed, pat.of_unit, pat.size)


def _base_details(rd: ReliabilityData, weights: Any, definition: str) -> dict[str, Any]:
    return {"categories": list(rd.categories), "q": rd.n_categories, "n_coders": rd.n_coders,
            "weights": weight_name(weights), "definition": definition}


def _run(name: str, parts: _Parts, p_e_of: Callable[[_Parts, np.ndarray | None], float | None],
         details: dict[str, Any], ci: bool, n_boot: int, seed: int | None,
         missing_pe_note: str | None = None) -> AgreementResult:
    p_a = parts.p_a()
    details = {**details, "n_units_rated": parts.n_rated}
    if p_a is None:
        return undefined(name, "agreement", 0, _NO_PAIRS, **details)
    p_e = p_e_of(parts, None)
    if p_e is None:
        return AgreementResult(name, None, p_a, None, "agreement", parts.n_pair,
                               note=missing_pe_note, details=details)
    value, note = chance_corrected(p_a, p_e)
    bounds = None
    if ci and value is not None:
        def stat(u: np.ndarray) -> float | None:
            pa, pe = parts.p_a(u), p_e_of(parts, u)
            return None if pa is None or pe is None else chance_corrected(pa, pe)[0]
        bounds, info = parts.bootstrap(stat, n_boot, seed)
        details.update(info)
    return AgreementResult(name, value, p_a, p_e, "agreement", parts.n_pair, note=note, ci=bounds,
                           details=details)


def percent_agreement(data: Any, order: Sequence[Hashable] | None = None, ci: bool = False,
                      n_boot: int = 1000, seed: int | None = 0) -> AgreementResult:
    """Percent agreement as the unit mean of pairwise agreement (Gwet; Fleiss' P-bar).

    For each unit with >= 2 values: agreeing coder pairs / all coder pairs; then the plain mean
    over those units. ``details`` also gives the other common definitions on the same data:
    ``pairable_weighted`` (= 1 - D_o of nominal alpha), ``pooled_pairs`` and ``unanimous``.
    ``expected`` is None (no chance term).
    """
    rd = reliability_data(data, order)
    parts = _Parts.of(rd)
    details = _base_details(rd, None, "unit mean of pairwise agreement (Gwet 2014)")
    p_a = parts.p_a()
    if p_a is None:
        return undefined("percent_agreement", "agreement", 0, _NO_PAIRS, **details)
    r, wt = parts.r[parts.pair], parts.base[parts.pair]
    pairs = r * (r - 1.0)
    same = parts.a[parts.pair] * pairs  # agreeing ordered coder pairs per unit
    details.update(pairable_weighted=float(wt @ (same / (r - 1.0)) / (wt @ r)),
                   pooled_pairs=float((wt @ same) / (wt @ pairs)),
                   unanimous=float(wt @ np.isclose(same, pairs) / wt.sum()))
    bounds = None
    if ci:
        bounds, info = parts.bootstrap(parts.p_a, n_boot, seed)
        details.update(info)
    return AgreementResult("percent_agreement", p_a, p_a, None, "agreement", parts.n_pair,
                           ci=bounds, details=details)


def fleiss_kappa(data: Any, order: Sequence[Hashable] | None = None, ci: bool = False,
                 n_boot: int = 1000, seed: int | None = 0) -> AgreementResult:
    """Fleiss' kappa (1971) in Gwet's missing-data form: p_e = sum_k pi_k^2.

    With complete data this is the classic Fleiss kappa (P-bar, P-bar_e). ``per_category`` gives
    Fleiss' category kappas (category k against all others).
    """
    rd = reliability_data(data, order)
    parts = _Parts.of(rd)

    def p_e(p: _Parts, u: np.ndarray | None) -> float:
        pi = p.pi(u)
        return float(pi @ pi)

    res = _run("fleiss_kappa", parts, p_e,
               _base_details(rd, None, "Fleiss 1971, Gwet missing-data form"), ci, n_boot, seed)
    if res.value is None and res.observed is None:
        return res
    return AgreementResult(res.statistic, res.value, res.observed, res.expected, res.kind,
                           res.n_units, res.note, res.ci, res.details, _fleiss_categories(parts))


def _fleiss_categories(parts: _Parts) -> dict[Hashable, AgreementResult]:
    c, r, wt = parts.c[parts.pair], parts.r[parts.pair], parts.base[parts.pair]
    pi = parts.pi()
    dis = (c * (r[:, None] - c)).T @ (wt / (r * (r - 1.0))) / max(wt.sum(), 1.0)
    out: dict[Hashable, AgreementResult] = {}
    for k, cat in enumerate(parts.rd.categories):
        spread = float(pi[k] * (1.0 - pi[k]))
        d_o = float(dis[k])
        if spread <= 1e-12:
            out[cat] = AgreementResult("fleiss_kappa", None, 1.0 - 2.0 * d_o, None, "agreement",
                                       parts.n_pair, note="undefined: category used by all or none")
            continue
        p_e = 1.0 - 2.0 * spread
        out[cat] = AgreementResult("fleiss_kappa", 1.0 - d_o / spread, 1.0 - 2.0 * d_o, p_e,
                                   "agreement", parts.n_pair,
                                   details={"definition": "category vs rest (Fleiss 1971)"})
    return out


def brennan_prediger(data: Any, weights: Any = None, order: Sequence[Hashable] | None = None,
                     weight_basis: WeightBasis = "position", ci: bool = False, n_boot: int = 1000,
                     seed: int | None = 0) -> AgreementResult:
    """Brennan-Prediger kappa_n (= Bennett's S, Randolph's free-marginal kappa): p_e = T_w / q^2.

    q is the number of categories: pass ``order`` (the codebook) so unused categories count.
    Unweighted, p_e = 1/q. Undefined when q < 2.
    """
    rd = reliability_data(data, order)
    w = agreement_weights(weights, rd, weight_basis)
    q = rd.n_categories
    p_e_val = float(w.sum()) / q**2 if q >= 2 else None
    return _run("brennan_prediger", _Parts.of(rd, w), lambda p, u: p_e_val,
                _base_details(rd, weights, "Brennan & Prediger 1981, p_e = T_w/q^2"), ci, n_boot,
                seed,
                "undefined: fewer than two categories (pass order=[...] with the codebook values)")


def _ac(name: str, data: Any, weights: Any, order: Sequence[Hashable] | None,
        weight_basis: WeightBasis, ci: bool, n_boot: int, seed: int | None) -> AgreementResult:
    rd = reliability_data(data, order)
    w = agreement_weights(weights, rd, weight_basis)
    q = rd.n_categories
    factor = float(w.sum()) / (q * (q - 1)) if q >= 2 else None

    def p_e(p: _Parts, u: np.ndarray | None) -> float | None:
        if factor is None:
            return None
        pi = p.pi(u)
        return factor * float((pi * (1.0 - pi)).sum())

    return _run(name, _Parts.of(rd, w), p_e,
                _base_details(rd, weights, "Gwet 2008/2014, p_e = T_w/(q(q-1)) sum pi_k(1-pi_k)"),
                ci, n_boot, seed,
                "undefined: fewer than two categories (pass order=[...] with the codebook values)")


def gwet_ac1(data: Any, order: Sequence[Hashable] | None = None, ci: bool = False,
             n_boot: int = 1000, seed: int | None = 0) -> AgreementResult:
    """Gwet's AC1: p_e = sum_k pi_k (1 - pi_k) / (q - 1). Unlike irrCAC, a single category gives
    an undefined result (not 1.0). Pass ``order`` so that q counts unused categories."""
    return _ac("gwet_ac1", data, None, order, "position", ci, n_boot, seed)


def gwet_ac2(data: Any, weights: Any = "quadratic", order: Sequence[Hashable] | None = None,
             weight_basis: WeightBasis = "position", ci: bool = False, n_boot: int = 1000,
             seed: int | None = 0) -> AgreementResult:
    """Gwet's AC2 (weighted AC1): p_e = T_w / (q (q - 1)) * sum_k pi_k (1 - pi_k), weighted p_a."""
    return _ac("gwet_ac2", data, weights, order, weight_basis, ci, n_boot, seed)


def conger_kappa(data: Any, order: Sequence[Hashable] | None = None, ci: bool = False,
                 n_boot: int = 1000, seed: int | None = 0) -> AgreementResult:
    """Conger's kappa (1980): multi-coder Cohen kappa with per-coder marginals (Gwet's form).

    p_e = sum_kl w_kl (pbar_k pbar_l - s2_kl / r), where p_gk is the share of coder g's units put
    in k, pbar_k its mean over the r coders and s2_kl their covariance.

    A coder (column) with no ratings at all has no shares p_gk: they are left out, r counts only
    the coders who rated something (as irrCAC does), and the result's ``note`` says so (their
    column numbers, from 0, are in ``details["coders_without_ratings"]``).
    """
    rd = reliability_data(data, order)
    q, r = rd.n_categories, rd.n_coders
    w = np.eye(q)
    parts = _Parts.of(rd)
    codes = parts.codes
    coder_of = np.broadcast_to(np.arange(r), codes.shape)
    row_of = np.broadcast_to(np.arange(codes.shape[0])[:, None], codes.shape)
    known = codes >= 0
    cell = coder_of[known] * q + codes[known]
    row = row_of[known]

    def p_e(p: _Parts, g: np.ndarray | None) -> float | None:
        classif = np.bincount(cell, weights=p.weights(g)[row], minlength=r * q).reshape(r, q)
        n_g = classif.sum(axis=1)
        used = n_g > 0
        if used.sum() < 2:
            return None
        pg = classif[used] / n_g[used][:, None]
        m = pg.shape[0]
        mean = pg.mean(axis=0)
        s2 = (pg.T @ pg - m * np.outer(mean, mean)) / (m - 1)
        return float((w * (np.outer(mean, mean) - s2 / m)).sum())

    silent = [int(g) for g in np.flatnonzero(~(rd.codes >= 0).any(axis=0))]
    details = _base_details(rd, None, "Conger 1980, Gwet missing-data form")
    if not silent:
        return _run("conger_kappa", parts, p_e, details, ci, n_boot, seed,
                    "undefined: fewer than two coders")
    details["coders_without_ratings"] = silent
    which = ", ".join(str(g) for g in silent)
    dropped = (f"{len(silent)} coder(s) (column {which}, counting from 0) gave no ratings and "
               f"were left out: Conger's kappa is computed for the other {r - len(silent)}")
    res = _run("conger_kappa", parts, p_e, details, ci, n_boot, seed,
               f"undefined: fewer than two coders with ratings ({dropped})")
    if res.value is None:
        return res
    return dataclasses.replace(res, note=dropped if res.note is None else f"{res.note}; {dropped}")
