"""Krippendorff's alpha-U for unitizing a continuum (1995; Content Analysis 2004, p.254).

Computed per category c: each coder's continuum [B, B + L) splits into c-units and gaps (units of
other categories count as gaps). Overlapping c-spans of one coder are merged first (union);
touching spans stay separate units.

* delta^2(g, h): both units and overlapping -> (b_g - b_h)^2 + (e_g - e_h)^2; a unit lying inside
  the other coder's gap -> its length^2; otherwise 0.
* D_o(c) = sum over ordered coder pairs i != j of delta^2 over overlapping segments / (m (m-1) L^2).
* D_e(c) = (2/L) sum_g [(N_c - 1)(2l^3 - 3l^2 + l)/3 + l^2 sum_{gaps G >= l} (G - l + 1)]
  / [m L (m L - 1) - sum_g l (l - 1)], over the N_c c-units g of all coders (lengths l).
* alpha_c = 1 - D_o(c) / D_e(c); overall alpha = 1 - mean_c D_o / mean_c D_e (DKPro's aggregation)
  over the categories with at least one unit.

This is the 1995/2004 alpha-U, not the 2016 u-alpha family. Several documents may be laid end to
end as one continuum; gaps then run across document boundaries.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import numpy as np

from annotator.domain.agreement.results import AgreementResult, alpha_from, undefined
from annotator.domain.agreement.spans import (SpanTable, check_continuum, check_inside,
                                              merge_overlaps, span_table)
from annotator.domain.errors import ValidationError

_DEFINITION = "Krippendorff 1995/2004 alpha-U; overall = 1 - mean D_o / mean D_e (DKPro)"


def unitizing_distance(g: Sequence[Any], h: Sequence[Any]) -> float:
    """delta^2 between segment g and segment h of two coders: each ``(start, end, category)``,
    with category ``None`` for a gap."""
    (bg, eg, cg), (bh, eh, ch) = g, h
    if eg <= bg or eh <= bh:
        raise ValidationError("segments must have start < end")
    if cg is not None and ch is not None and cg != ch:
        raise ValidationError("both segments must belong to the same category view")
    if bg >= eh or bh >= eg:
        return 0.0
    if cg is not None and ch is not None:
        return float((bg - bh) ** 2 + (eg - eh) ** 2)
    if cg is not None and ch is None and bh <= bg and eg <= eh:
        return float((eg - bg) ** 2)
    if ch is not None and cg is None and bg <= bh and eh <= eg:
        return float((eh - bh) ** 2)
    return 0.0


def _segments(us: np.ndarray, ue: np.ndarray, begin: int, end: int
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Partition [begin, end) into one coder's units and gaps: (starts, ends, is_unit)."""
    pts = np.unique(np.concatenate(([begin, end], us, ue)))
    s, e = pts[:-1], pts[1:]
    if us.size == 0:
        return s, e, np.zeros(s.size, dtype=bool)
    k = np.searchsorted(us, s, side="right") - 1
    unit = (k >= 0) & (s < ue[np.maximum(k, 0)])
    return s, e, unit


def _pair_disagreement(a: tuple[np.ndarray, ...], b: tuple[np.ndarray, ...]) -> float:
    """Sum of delta^2 over the overlapping segment pairs of two partitions (one direction)."""
    sa, ea, ua = a
    sb, eb, ub = b
    x = np.union1d(sa, sb)
    ia = np.searchsorted(sa, x, side="right") - 1
    ib = np.searchsorted(sb, x, side="right") - 1
    keep = np.ones(x.size, dtype=bool)
    keep[1:] = (ia[1:] != ia[:-1]) | (ib[1:] != ib[:-1])
    ia, ib = ia[keep], ib[keep]
    bg, eg, ug = sa[ia].astype(float), ea[ia].astype(float), ua[ia]
    bh, eh, uh = sb[ib].astype(float), eb[ib].astype(float), ub[ib]
    both = ug & uh
    g_in_h = ug & ~uh & (bh <= bg) & (eg <= eh)
    h_in_g = uh & ~ug & (bg <= bh) & (eh <= eg)
    d = np.where(both, (bg - bh) ** 2 + (eg - eh) ** 2, 0.0)
    d += np.where(g_in_h, (eg - bg) ** 2, 0.0) + np.where(h_in_g, (eh - bh) ** 2, 0.0)
    return float(d.sum())


def _expected(lengths: np.ndarray, gaps: np.ndarray, m: int, length: int) -> float:
    n_c = lengths.size
    ell = lengths.astype(np.float64)
    g = np.sort(gaps.astype(np.float64))
    prefix = np.concatenate(([0.0], np.cumsum(g)))
    idx = np.searchsorted(g, ell, side="left")
    count = g.size - idx
    total = prefix[-1] - prefix[idx]
    terms = (n_c - 1) * (2 * ell**3 - 3 * ell**2 + ell) / 3.0 + ell**2 * (total - (ell - 1) * count)
    denom = m * length * (m * length - 1.0) - float((ell * (ell - 1)).sum())
    if denom <= 0:
        return 0.0
    return (2.0 / length) * float(terms.sum()) / denom


def _category(parts: list[tuple[np.ndarray, np.ndarray]], begin: int, end: int
              ) -> tuple[float, float, int]:
    """(D_o, D_e, N_c) for one category; ``parts`` holds each coder's merged units."""
    m, length = len(parts), end - begin
    segs = [_segments(us, ue, begin, end) for us, ue in parts]
    d = sum(_pair_disagreement(segs[i], segs[j]) for i in range(m) for j in range(i + 1, m))
    d_o = 2.0 * d / (m * (m - 1) * float(length) ** 2)
    lengths = np.concatenate([ue - us for us, ue in parts])
    gaps = np.concatenate([e[~u] - s[~u] for s, e, u in segs])
    return d_o, _expected(lengths, gaps, m, length), int(lengths.size)


def unitized_alpha(spans: SpanTable | Iterable[Sequence[Any]], continuum: Sequence[int],
                   coders: Sequence[Hashable] | None = None,
                   categories: Sequence[Hashable] | None = None, *, ci: bool = False,
                   n_boot: int = 200, seed: int | None = 0) -> AgreementResult:
    """Krippendorff's alpha-U per category (``per_category``) and overall (``value``).

    ``ci=True`` adds a seeded block-bootstrap interval over the continuum (see
    ``span_bootstrap``).

    ``coders`` defaults to every coder with a span (a listed coder without spans counts as having
    coded nothing); ``categories`` to every category used. ``observed``/``expected`` are D_o/D_e
    (per category) or their means over categories (overall).
    """
    table = span_table(spans)
    begin, end = check_continuum(continuum)
    check_inside(table, begin, end)
    if ci:
        from annotator.domain.agreement.span_bootstrap import block_bootstrap_ci

        def again(t: SpanTable, c: tuple[int, int]) -> AgreementResult:
            return unitized_alpha(t, c, coders, categories)

        return block_bootstrap_ci(again(table, (begin, end)), again, table, begin, end,
                                  n_boot=n_boot, seed=seed)
    coder_list = list(table.coders if coders is None else coders)
    cat_list = list(table.categories if categories is None else categories)
    if len(set(coder_list)) != len(coder_list):
        raise ValidationError("a coder is listed twice")
    details: dict[str, Any] = {"continuum": [begin, end], "coders": coder_list,
                               "definition": _DEFINITION}
    if end == begin:
        return undefined("unitized_alpha", "disagreement", 0, "undefined: the continuum is empty",
                         **details)
    if len(coder_list) < 2:
        return undefined("unitized_alpha", "disagreement", 0,
                         "undefined: alpha-U needs at least two coders", **details)
    c_idx = [table.coder_index(c) for c in coder_list]
    per: dict[Hashable, AgreementResult] = {}
    merged_away, used = 0, []
    for cat in cat_list:
        k = table.category_index(cat)
        parts = []
        for ci in c_idx:
            mask = (table.coder == ci) & (table.category == k) if ci >= 0 and k >= 0 else None
            us = table.start[mask] if mask is not None else np.zeros(0, dtype=np.int64)
            ue = table.end[mask] if mask is not None else np.zeros(0, dtype=np.int64)
            ms, me = merge_overlaps(us, ue)
            merged_away += us.size - ms.size
            parts.append((ms, me))
        d_o, d_e, n_c = _category(parts, begin, end)
        if n_c == 0:
            per[cat] = undefined("unitized_alpha", "disagreement", 0,
                                 "undefined: no coder marked a unit of this category")
            continue
        used.append((d_o, d_e))
        value, note = alpha_from(d_o, d_e)
        per[cat] = AgreementResult("unitized_alpha", value, d_o, d_e, "disagreement", n_c,
                                   note=note)
    n_units = sum(r.n_units for r in per.values())
    if merged_away:
        details["merged_overlapping_spans"] = merged_away
    if not used:
        res = undefined("unitized_alpha", "disagreement", 0, "undefined: no units were marked",
                        **details)
        return AgreementResult(res.statistic, None, None, None, res.kind, 0, res.note,
                               details=res.details, per_category=per)
    mean_o = float(np.mean([u[0] for u in used]))
    mean_e = float(np.mean([u[1] for u in used]))
    value, note = alpha_from(mean_o, mean_e)
    return AgreementResult("unitized_alpha", value, mean_o, mean_e, "disagreement", n_units,
                           note=note, details=details, per_category=per)
