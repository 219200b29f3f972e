"""Character-level coverage: for every code row and document, how many characters each subset
of coders marked (``table[row, doc, mask]``, bit r of ``mask`` = coder r marked it).

One sweep over the merged passages of all (row, coder) pairs gives the whole table; every
character statistic (per-character kappa, alpha over characters, the "majority" presence rule)
is then read from it without ever building per-character arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from annotator.domain.agreement import ReliabilityData
from annotator.domain.agreement.patterns import RatingPatterns
from annotator.domain.agreement.spans import SpanTable, merge_overlaps


@dataclass(frozen=True)
class Merged:
    """Each (row, coder) pair's passages as disjoint intervals, grouped by ``group``."""

    group: np.ndarray  # row * n_coders + coder
    start: np.ndarray
    end: np.ndarray
    n_rows: int
    n_coders: int

    def of(self, row: int, coder: int) -> tuple[np.ndarray, np.ndarray]:
        g = row * self.n_coders + coder
        lo, hi = np.searchsorted(self.group, [g, g + 1])
        return self.start[lo:hi], self.end[lo:hi]


def merge_by_group(table: SpanTable, n_rows: int, n_coders: int, width: int) -> Merged:
    """Union of each (row, coder) pair's passages (overlapping passages merged)."""
    group = table.category * n_coders + table.coder
    stride = np.int64(width + 1)
    s, e = merge_overlaps(group * stride + table.start, group * stride + table.end)
    g = s // stride
    return Merged(g, s - g * stride, e - g * stride, n_rows, n_coders)


def coverage_table(merged: Merged, doc_begin: np.ndarray, doc_end: np.ndarray) -> np.ndarray:
    """``out[row, doc, mask]`` = characters of the document marked by exactly coders ``mask``."""
    m, n_rows, n_docs = merged.n_coders, merged.n_rows, doc_begin.size
    n_masks = 1 << m
    out = np.zeros((n_rows, n_docs, n_masks), dtype=np.float64)
    if n_docs == 0:
        return out
    width = np.int64(int(doc_end[-1]) + 1)
    row = merged.group // m
    bit = np.left_shift(1, merged.group % m)
    fence_rows = np.repeat(np.arange(n_rows, dtype=np.int64), n_docs)
    fence_pos = np.tile(doc_begin, n_rows)
    key = np.concatenate((row * width + merged.start, row * width + merged.end,
                          fence_rows * width + fence_pos))
    delta = np.concatenate((bit, -bit, np.zeros(fence_pos.size, dtype=np.int64)))
    order = np.argsort(key, kind="stable")
    key, delta = key[order], delta[order]
    mask = np.cumsum(delta)
    seg_row = key // width
    pos = key - seg_row * width
    length = np.diff(key)
    same = seg_row[1:] == seg_row[:-1]
    seg_doc = np.searchsorted(doc_begin, pos[:-1], side="right") - 1
    ok = same & (length > 0) & (mask[:-1] > 0)
    idx = (seg_row[:-1][ok] * n_docs + seg_doc[ok]) * n_masks + mask[:-1][ok]
    flat = np.bincount(idx, weights=length[ok].astype(np.float64), minlength=out.size)
    out = flat.reshape(n_rows, n_docs, n_masks)
    out[:, :, 0] = (doc_end - doc_begin)[None, :] - out[:, :, 1:].sum(axis=2)
    return out


def pair_counts(cov: np.ndarray, a: int, b: int) -> np.ndarray:
    """``[..., 4]`` counts (both, only a, only b, neither) for coders a and b from a coverage
    table whose last axis is the mask."""
    masks = np.arange(cov.shape[-1])
    in_a, in_b = (masks >> a) & 1 == 1, (masks >> b) & 1 == 1
    sel = np.stack([in_a & in_b, in_a & ~in_b, ~in_a & in_b, ~in_a & ~in_b], axis=1)
    return cov @ sel.astype(np.float64)


def marked(cov: np.ndarray, coder: int) -> np.ndarray:
    """Characters marked by one coder, from a coverage table (last axis = mask)."""
    masks = np.arange(cov.shape[-1])
    return cov @ (((masks >> coder) & 1) == 1).astype(np.float64)


def weighted_data(mask_weights: np.ndarray, n_coders: int) -> ReliabilityData:
    """Reliability data with one distinct row per coder subset, weighted by its characters.

    Row ``mask`` says present (True) for the coders in ``mask`` and absent for the others; its
    weight is how many characters had that pattern. Statistics computed on it equal those on
    the full characters x coders matrix (tested), without materialising millions of rows.
    """
    masks = np.arange(1 << n_coders)
    keep = mask_weights > 0
    bits = ((masks[keep, None] >> np.arange(n_coders)[None, :]) & 1).astype(np.int8)
    rd = ReliabilityData(bits, (False, True), True)
    weights = np.asarray(mask_weights[keep], dtype=np.float64)
    # The rows are distinct already: hand the engine its rating patterns directly.
    rd.__dict__["patterns"] = RatingPatterns(rd.codes, weights,
                                             np.arange(bits.shape[0], dtype=np.intp))
    return rd


def coverage_fraction(merged: Merged, units: np.ndarray) -> np.ndarray:
    """``out[row, unit, coder]`` = share of the unit's characters the coder marked."""
    n_rows, m = merged.n_rows, merged.n_coders
    us, ue = units[:, 0], units[:, 1]
    out = np.zeros((n_rows, us.size, m), dtype=np.float64)
    size = np.maximum(ue - us, 1).astype(np.float64)
    for row in range(n_rows):
        for r in range(m):
            s, e = merged.of(row, r)
            if s.size == 0:
                continue
            cum = np.concatenate(([0], np.cumsum(e - s)))
            out[row, :, r] = (_covered_before(ue, s, e, cum)
                              - _covered_before(us, s, e, cum)) / size
    return out


def _covered_before(x: np.ndarray, s: np.ndarray, e: np.ndarray, cum: np.ndarray) -> np.ndarray:
    """Characters of the disjoint intervals [s, e) that lie before each position x."""
    k = np.searchsorted(s, x, side="right")  # intervals starting before x
    full = cum[np.maximum(k - 1, 0)]
    last = np.where(k > 0, np.minimum(x, e[np.maximum(k - 1, 0)]) - s[np.maximum(k - 1, 0)], 0)
    return np.where(k > 0, full + np.maximum(last, 0), 0).astype(np.float64)
