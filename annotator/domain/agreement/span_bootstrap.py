"""Bootstrap intervals for span statistics (αU, span F1) by resampling blocks of the continuum.

Spans have no natural units to resample, so the continuum is cut into blocks; each replicate
draws blocks with replacement and lays them end to end into a new continuum, every coder's
spans shifted along. Blocks follow the data: they are at least twice as long as all but the
longest tenth of the spans (so a block holds whole spans and the gaps between them), there are
at most ``n_blocks`` of them, and every cut is moved to the nearest place that no span crosses,
so spans are never split. Only when spans of some coder cover the whole continuum is there no
such place; then the blocks are equal and the spans crossing an edge are clipped to it, which
``details["ci_method"]`` states.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from annotator.domain.agreement.bootstrap import _interval, check_boot
from annotator.domain.agreement.results import AgreementResult
from annotator.domain.agreement.spans import SpanTable

METHOD = ("block bootstrap over the continuum ({n} blocks of about {size} positions, cut only "
          "where no span crosses)")
METHOD_CLIPPED = ("block bootstrap over the continuum ({n} equal blocks; the spans cover the "
                  "whole continuum, so {k} span(s) crossing block edges were clipped)")


def block_edges(table: SpanTable, begin: int, end: int, n_blocks: int = 50
                ) -> tuple[np.ndarray, bool]:
    """Block edges (``begin`` ... ``end``) and whether spans had to be clipped.

    Target length: ``max(L / n_blocks, 2 * p90 span length)``, at least two blocks; each inner
    edge then moves to the nearer end of the stretch of overlapping spans it falls in.
    """
    length = end - begin
    spans = table.end - table.start
    typical = float(np.percentile(spans, 90)) if spans.size else 0.0
    size = max(length / max(n_blocks, 1), 2.0 * typical, 1.0)
    n = max(2, min(n_blocks, int(length // size)))
    n = min(n, max(length, 1))
    targets = [begin + round(k * length / n) for k in range(1, n)]
    order = np.argsort(table.start, kind="stable")
    merged_s: list[int] = []
    merged_e: list[int] = []
    for s, e in zip(table.start[order].tolist(), table.end[order].tolist(), strict=True):
        if merged_e and s < merged_e[-1]:
            merged_e[-1] = max(merged_e[-1], e)
        else:
            merged_s.append(s)
            merged_e.append(e)
    cuts = set()
    for t in targets:
        i = bisect.bisect_right(merged_s, t) - 1
        if i >= 0 and merged_s[i] < t < merged_e[i]:
            t = merged_s[i] if t - merged_s[i] <= merged_e[i] - t else merged_e[i]
        if begin < t < end:
            cuts.add(t)
    if cuts:
        return np.array([begin, *sorted(cuts), end], dtype=np.int64), False
    return np.linspace(begin, end, n + 1).round().astype(np.int64), True


def _blocks(table: SpanTable, edges: np.ndarray) -> list[Any]:
    pieces = []
    for lo, hi in zip(edges[:-1].tolist(), edges[1:].tolist(), strict=True):
        m = (table.start < hi) & (table.end > lo)
        s = np.maximum(table.start[m], lo) - lo
        e = np.minimum(table.end[m], hi) - lo
        pieces.append((table.coder[m], s, e, table.category[m]))
    return pieces


def _clipped(table: SpanTable, edges: np.ndarray) -> int:
    inner = edges[1:-1]
    return int(sum(((table.start < x) & (table.end > x)).sum() for x in inner.tolist()))


def block_bootstrap_ci(result: AgreementResult, compute: Callable[[SpanTable, tuple[int, int]],
                       AgreementResult], table: SpanTable, begin: int, end: int, *,
                       n_boot: int = 200, seed: int | None = 0,
                       n_blocks: int = 50) -> AgreementResult:
    """``result`` with ``ci`` filled in (and the method in ``details``)."""
    check_boot(n_boot, seed)
    if result.value is None or end <= begin:
        return result
    edges, clipped = block_edges(table, begin, end, n_blocks)
    n = edges.size - 1
    lengths, pieces = np.diff(edges), _blocks(table, edges)
    method = (METHOD_CLIPPED.format(n=n, k=_clipped(table, edges)) if clipped else
              METHOD.format(n=n, size=math.ceil((end - begin) / n)))
    rng = np.random.default_rng(seed)
    samples: list[float] = []
    for _ in range(n_boot):
        pick = rng.integers(0, n, size=n)
        offsets = np.concatenate([[0], np.cumsum(lengths[pick])[:-1]])
        cols: list[list[np.ndarray]] = [[], [], [], []]
        for b, off in zip(pick, offsets, strict=True):
            c, s, e, k = pieces[b]
            keep = e > s
            cols[0].append(c[keep])
            cols[1].append(s[keep] + off)
            cols[2].append(e[keep] + off)
            cols[3].append(k[keep])
        rep = SpanTable(*(np.concatenate(x) if x else np.zeros(0, np.int64) for x in cols),
                        table.coders, table.categories)
        v = compute(rep, (0, int(lengths[pick].sum()))).value
        if v is not None and np.isfinite(v):
            samples.append(float(v))
    ci, info = _interval(samples, n_boot, seed, method)
    return dataclasses.replace(result, ci=ci, details={**dict(result.details), **info})
