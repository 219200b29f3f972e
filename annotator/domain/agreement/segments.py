"""Segment matching: MAXQDA-style segment agreement and span precision/recall/F1.

Two spans *match* when they have the same category and their overlap ratio reaches a threshold.
The ratio is |g & h| / |g | h| (``basis="union"``, default) or |g & h| / |g| (``basis="own"``,
relative to the segment being checked).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any, Literal

import numpy as np

from annotator.domain.agreement.bootstrap import bootstrap_units
from annotator.domain.agreement.results import AgreementResult, chance_corrected, undefined
from annotator.domain.agreement.spans import (SpanTable, check_continuum, check_inside,
                                              overlap_pairs, span_table)
from annotator.domain.errors import ValidationError

Basis = Literal["union", "own"]


def _axis(table: SpanTable) -> tuple[np.ndarray, np.ndarray]:
    """Offsets moved onto one disjoint stretch per category, so overlaps never cross categories."""
    if len(table) == 0:
        return table.start, table.end
    lo = int(table.start.min())
    width = int(table.end.max()) - lo + 1
    shift = table.category * width - lo
    return table.start + shift, table.end + shift


def _best_ratio(sel: np.ndarray, other: np.ndarray, s: np.ndarray, e: np.ndarray,
                basis: str) -> np.ndarray:
    """For each span in ``sel``, the best overlap ratio with any span in ``other``."""
    ia, ib = overlap_pairs(s[sel], e[sel], s[other], e[other])
    sa, ea = s[sel][ia], e[sel][ia]
    sb, eb = s[other][ib], e[other][ib]
    inter = np.minimum(ea, eb) - np.maximum(sa, sb)
    base = (np.maximum(ea, eb) - np.minimum(sa, sb)) if basis == "union" else (ea - sa)
    best = np.zeros(int(sel.sum()))
    np.maximum.at(best, ia, inter / base)
    return best


def _check(overlap: float, basis: str) -> None:
    if not isinstance(overlap, (int, float)) or not 0.0 <= overlap <= 1.0:
        raise ValidationError("overlap must be a fraction between 0 and 1")
    if basis not in ("union", "own"):
        raise ValidationError(f"unknown basis {basis!r}; use 'union' or 'own'")


def _two(table: SpanTable, coders: Sequence[Hashable] | None) -> tuple[Hashable, Hashable]:
    pair = tuple(table.coders if coders is None else coders)
    if len(pair) != 2 or pair[0] == pair[1]:
        raise ValidationError(f"segment statistics compare exactly two coders; got {list(pair)} "
                              "(pass coders=(a, b))")
    return pair[0], pair[1]


def segment_agreement(spans: SpanTable | Iterable[Sequence[Any]], continuum: Sequence[int],
                      overlap: float = 0.9, coders: Sequence[Hashable] | None = None,
                      categories: Sequence[Hashable] | None = None, basis: Basis = "union",
                      ci: bool = False, n_boot: int = 1000,
                      seed: int | None = 0) -> AgreementResult:
    """MAXQDA-style segment agreement at a minimum overlap rate (default 90 %).

    Every coded segment of both coders is one row (a matched pair counts twice); a row agrees
    when the other coder has a segment of the same category overlapping it by >= ``overlap``
    (``overlap=0``: any shared character).
    ``observed`` = agreeing rows / rows; ``value`` = (P_obs - 1/k) / (1 - 1/k) with k the number of
    categories (``categories`` if given, else those used), after Brennan & Prediger as MAXQDA
    documents it. ``per_category`` gives each category's share of agreeing rows.
    """
    _check(overlap, basis)
    table = span_table(spans)
    begin, end = check_continuum(continuum)
    check_inside(table, begin, end)
    a, b = _two(table, coders)
    ca, cb = table.coder_index(a), table.coder_index(b)
    cat_list = list(table.categories if categories is None else categories)
    wanted = np.isin(table.category, [table.category_index(c) for c in cat_list])
    keep = wanted & ((table.coder == ca) & (ca >= 0) | (table.coder == cb) & (cb >= 0))
    t = table.where(keep)
    s, e = _axis(t)
    in_a, in_b = t.coder == ca, t.coder == cb
    ratio = np.zeros(len(t))
    ratio[in_a] = _best_ratio(in_a, in_b, s, e, basis)
    ratio[in_b] = _best_ratio(in_b, in_a, s, e, basis)
    agree = ratio > 0 if overlap == 0 else ratio >= overlap - 1e-12
    k = len(cat_list)
    details: dict[str, Any] = {"coders": [a, b], "overlap": overlap, "basis": basis, "k": k,
                               "definition": "MAXQDA segment agreement; kappa with P_chance = 1/k"}
    per: dict[Hashable, AgreementResult] = {}
    for cat in cat_list:
        rows = t.category == table.category_index(cat)
        n, n_ok = int(rows.sum()), int(agree[rows].sum())
        details_c = {"agree": n_ok, "disagree": n - n_ok, "total": n}
        per[cat] = (AgreementResult("segment_agreement", n_ok / n, n_ok / n, None, "agreement", n,
                                    details=details_c) if n else
                    undefined("segment_agreement", "agreement", 0, "no segments", **details_c))
    if len(t) == 0:
        res = undefined("segment_agreement", "agreement", 0, "undefined: no coded segments",
                        **details)
        return AgreementResult(res.statistic, None, None, None, "agreement", 0, res.note,
                               details=res.details, per_category=per)
    p_obs = float(agree.mean())
    p_chance = 1.0 / k
    value, note = chance_corrected(p_obs, p_chance)
    if k == 1:
        note = "undefined kappa: only one category, so P_chance = 1; see observed agreement"
    bounds = None
    if ci and value is not None:
        flags = agree.astype(np.float64)
        bounds, info = bootstrap_units(
            lambda u: chance_corrected(float(u @ flags / u.sum()), p_chance)[0], flags.size,
            n_boot, seed)
        details.update(info)
    return AgreementResult("segment_agreement", value, p_obs, p_chance, "agreement", len(t),
                           note=note, ci=bounds, details=details, per_category=per)


def _prf(tp_ref: int, n_ref: int, tp_cand: int, n_cand: int) -> dict[str, Any]:
    p = tp_cand / n_cand if n_cand else None
    r = tp_ref / n_ref if n_ref else None
    f1 = None if p is None or r is None else (0.0 if p + r == 0 else 2 * p * r / (p + r))
    return {"precision": p, "recall": r, "f1": f1, "matched_reference": tp_ref,
            "n_reference": n_ref, "matched_candidate": tp_cand, "n_candidate": n_cand}


def _matches(ref: np.ndarray, cand: np.ndarray, s: np.ndarray, e: np.ndarray,
             overlap: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per reference / candidate span: exactly matched?, overlap-matched?"""
    ia, ib = overlap_pairs(s[ref], e[ref], s[cand], e[cand])
    sa, ea, sb, eb = s[ref][ia], e[ref][ia], s[cand][ib], e[cand][ib]
    exact = (sa == sb) & (ea == eb)
    iou = (np.minimum(ea, eb) - np.maximum(sa, sb)) / (np.maximum(ea, eb) - np.minimum(sa, sb))
    ok = iou >= overlap - 1e-12
    n_r, n_c = int(ref.sum()), int(cand.sum())
    ex_r, ex_c = np.zeros(n_r, bool), np.zeros(n_c, bool)
    ov_r, ov_c = np.zeros(n_r, bool), np.zeros(n_c, bool)
    ex_r[ia[exact]] = True
    ex_c[ib[exact]] = True
    ov_r[ia[ok]] = True
    ov_c[ib[ok]] = True
    return ex_r, ex_c, ov_r, ov_c


def span_f1(spans: SpanTable | Iterable[Sequence[Any]], reference: Hashable, candidate: Hashable,
            overlap: float = 0.0, categories: Sequence[Hashable] | None = None,
            continuum: Sequence[int] | None = None, *, ci: bool = False, n_boot: int = 200,
            seed: int | None = 0) -> AgreementResult:
    """Precision, recall and F1 of the ``candidate`` coder's spans against the ``reference``'s.

    *Exact*: same start, end and category. *Overlap*: same category and intersection / union
    >= ``overlap`` (0 = any shared character). A span counts as found when it matches at least
    one span on the other side (lenient, not one-to-one); duplicate spans of one coder are
    dropped. ``value`` is the overlap F1 (micro, over all categories); ``details`` has both
    variants; ``per_category`` the overlap scores per category. There is no chance term.
    ``ci=True`` adds a seeded block-bootstrap interval (needs ``continuum``, or uses the span
    extent).
    """
    _check(overlap, "union")
    table = span_table(spans)
    if ci:
        from annotator.domain.agreement.span_bootstrap import block_bootstrap_ci

        if continuum is not None:
            lo, hi = check_continuum(continuum)
        else:
            lo = int(table.start.min()) if len(table) else 0
            hi = int(table.end.max()) if len(table) else 0

        def again(t: SpanTable, c: tuple[int, int]) -> AgreementResult:
            return span_f1(t, reference, candidate, overlap, categories, c)

        return block_bootstrap_ci(again(table, (lo, hi)), again, table, lo, hi,
                                  n_boot=n_boot, seed=seed)
    if continuum is not None:
        check_inside(table, *check_continuum(continuum))
    if reference == candidate:
        raise ValidationError("reference and candidate must be different coders")
    cr, cc = table.coder_index(reference), table.coder_index(candidate)
    cat_list = list(table.categories if categories is None else categories)
    wanted = np.isin(table.category, [table.category_index(c) for c in cat_list])
    keep = wanted & (((table.coder == cr) & (cr >= 0)) | ((table.coder == cc) & (cc >= 0)))
    t = table.where(keep)
    key = np.stack([t.coder, t.category, t.start, t.end], axis=1)
    _, first = np.unique(key, axis=0, return_index=True) if len(t) else (None, np.zeros(0, int))
    dup = len(t) - first.size
    t = t.where(np.isin(np.arange(len(t)), first))
    s, e = _axis(t)
    ref, cand = t.coder == cr, t.coder == cc
    ex_r, ex_c, ov_r, ov_c = _matches(ref, cand, s, e, overlap)
    exact = _prf(int(ex_r.sum()), ex_r.size, int(ex_c.sum()), ex_c.size)
    lenient = _prf(int(ov_r.sum()), ov_r.size, int(ov_c.sum()), ov_c.size)
    per: dict[Hashable, AgreementResult] = {}
    for cat in cat_list:
        k = table.category_index(cat)
        rk, ck = t.category[ref] == k, t.category[cand] == k
        sc = _prf(int(ov_r[rk].sum()), int(rk.sum()), int(ov_c[ck].sum()), int(ck.sum()))
        ex = _prf(int(ex_r[rk].sum()), int(rk.sum()), int(ex_c[ck].sum()), int(ck.sum()))
        per[cat] = AgreementResult("span_f1", sc["f1"], sc["f1"], None, "score",
                                   int(rk.sum() + ck.sum()), note=_f1_note(sc),
                                   details={"overlap_match": sc, "exact_match": ex})
    details = {"reference": reference, "candidate": candidate, "overlap": overlap,
               "exact_match": exact, "overlap_match": lenient, "duplicates_dropped": dup,
               "definition": "lenient span matching (a span is found if it matches any span)"}
    return AgreementResult("span_f1", lenient["f1"], lenient["f1"], None, "score", len(t),
                           note=_f1_note(lenient), details=details, per_category=per)


def _f1_note(sc: dict[str, Any]) -> str | None:
    if sc["f1"] is not None:
        return None
    if not sc["n_reference"] and not sc["n_candidate"]:
        return "undefined: neither coder has spans"
    return ("undefined: the reference has no spans (recall undefined)" if not sc["n_reference"]
            else "undefined: the candidate has no spans (precision undefined)")
