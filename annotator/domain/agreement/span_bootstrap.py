"""Bootstrap intervals for span statistics (αU, span F1) by resampling blocks of the continuum.

Spans have no natural units to resample, so the continuum is cut into ``n_blocks`` equal blocks;
each replicate draws blocks with replacement and lays them end to end into a new continuum, with
every coder's spans clipped to their block and shifted along. Cutting at block edges splits the
few spans that cross them, which the interval's note states.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np

from annotator.domain.agreement.bootstrap import _interval, check_boot
from annotator.domain.agreement.results import AgreementResult
from annotator.domain.agreement.spans import SpanTable

METHOD = "block bootstrap over the continuum ({n} equal blocks, spans clipped at block edges)"


def _blocks(table: SpanTable, begin: int, end: int, n: int) -> tuple[np.ndarray, list[Any]]:
    edges = np.linspace(begin, end, n + 1).round().astype(np.int64)
    pieces = []
    for b in range(n):
        lo, hi = edges[b], edges[b + 1]
        m = (table.start < hi) & (table.end > lo)
        s = np.maximum(table.start[m], lo) - lo
        e = np.minimum(table.end[m], hi) - lo
        pieces.append((table.coder[m], s, e, table.category[m]))
    return np.diff(edges), pieces


def block_bootstrap_ci(result: AgreementResult, compute: Callable[[SpanTable, tuple[int, int]],
                       AgreementResult], table: SpanTable, begin: int, end: int, *,
                       n_boot: int = 200, seed: int | None = 0,
                       n_blocks: int = 50) -> AgreementResult:
    """``result`` with ``ci`` filled in (and the method in ``details``)."""
    check_boot(n_boot, seed)
    if result.value is None or end <= begin:
        return result
    n = max(2, min(n_blocks, end - begin))
    lengths, pieces = _blocks(table, begin, end, n)
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
    ci, info = _interval(samples, n_boot, seed, METHOD.format(n=n))
    return dataclasses.replace(result, ci=ci, details={**dict(result.details), **info})
