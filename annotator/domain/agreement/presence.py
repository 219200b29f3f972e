"""Turn codings into per-unit presence matrices (e.g. paragraph x coder: "coded with category c?").

A unit counts as coded by a coder when at least one of that coder's spans of the category shares
at least one character with it. The units are sorted, non-overlapping ``(start, end)`` intervals
of one continuum; each span is located with two ``searchsorted`` calls and the covered unit range
is written directly, so the cost is O(spans log units + covered cells).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import numpy as np

from annotator.domain.agreement.spans import SpanTable, span_table
from annotator.domain.errors import ValidationError


def _units(units: Any) -> tuple[np.ndarray, np.ndarray]:
    arr = np.asarray(units, dtype=np.int64)
    if arr.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise ValidationError("units must be a list of (start, end) intervals")
    s, e = arr[:, 0], arr[:, 1]
    if np.any(e <= s):
        raise ValidationError("every unit must have start < end")
    if np.any(s[1:] < e[:-1]):
        raise ValidationError("units must be sorted and must not overlap")
    return s, e


def _cover(table: SpanTable, us: np.ndarray, ue: np.ndarray, k_of: np.ndarray, r_of: np.ndarray,
           n_k: int, n_r: int) -> np.ndarray:
    """Boolean (n_k, units, n_r): which units each (category row, coder row) touches."""
    n = us.size
    out = np.zeros(n_k * n * n_r, dtype=bool)
    first = np.searchsorted(ue, table.start, side="right")  # first unit ending after the start
    last = np.searchsorted(us, table.end, side="left") - 1  # last unit starting before the end
    hit = first <= last
    first, reach = first[hit], last[hit] - first[hit] + 1
    base = (k_of[hit] * n + first) * n_r + r_of[hit]
    step = np.repeat(np.cumsum(reach) - reach, reach)
    unit_off = np.arange(int(reach.sum())) - step
    out[np.repeat(base, reach) + unit_off * n_r] = True
    return out.reshape(n_k, n, n_r)


def presence_matrices(spans: SpanTable | Iterable[Sequence[Any]], units: Any,
                      coders: Sequence[Hashable], categories: Sequence[Hashable] | None = None
                      ) -> tuple[tuple[Hashable, ...], np.ndarray]:
    """(categories, P) with ``P[k, u, r]`` True when coder r coded unit u with category k.

    ``categories`` defaults to every category used. Spans of other coders/categories are ignored.
    """
    table = span_table(spans)
    us, ue = _units(units)
    cats = tuple(table.categories if categories is None else categories)
    n_r, n_k = len(coders), len(cats)
    if len(set(coders)) != n_r or len(set(cats)) != n_k:
        raise ValidationError("a coder or category is listed twice")
    coder_row = np.full(len(table.coders), -1, dtype=np.int64)
    for r, c in enumerate(coders):
        i = table.coder_index(c)
        if i >= 0:
            coder_row[i] = r
    cat_row = np.full(len(table.categories), -1, dtype=np.int64)
    for k, c in enumerate(cats):
        i = table.category_index(c)
        if i >= 0:
            cat_row[i] = k
    if len(table):
        k_of, r_of = cat_row[table.category], coder_row[table.coder]
        sel = (k_of >= 0) & (r_of >= 0)
        table, k_of, r_of = table.where(sel), k_of[sel], r_of[sel]
    else:
        k_of = r_of = np.zeros(0, dtype=np.int64)
    return cats, _cover(table, us, ue, k_of, r_of, n_k, n_r)

def presence_matrix(spans: SpanTable | Iterable[Sequence[Any]], units: Any,
                    coders: Sequence[Hashable], category: Hashable) -> np.ndarray:
    """Boolean units x coders matrix: did coder r code unit u (any overlap) with ``category``?

    The result feeds straight into the raw-data statistics (booleans give categories
    ``(False, True)``, so q = 2 even when a code was never used).
    """
    _, p = presence_matrices(spans, units, coders, [category])
    return p[0]
