"""Group units with identical ratings (the same code from every coder) into weighted patterns.

Coded text yields few distinct rows: 3 coders and a present/absent code give at most 27 patterns
for 30,000 paragraphs. Every statistic is a weighted sum over units, so it can run on the distinct
patterns with their frequencies as weights; the bootstrap re-weights patterns the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_DENSE_KEYS = 1 << 16  # below this many possible rows, count them with one bincount


@dataclass(frozen=True, eq=False)
class RatingPatterns:
    """``codes[p]`` is a distinct row, ``weight[p]`` its frequency, ``of_unit[u]`` its index."""

    codes: np.ndarray
    weight: np.ndarray
    of_unit: np.ndarray

    @property
    def size(self) -> int:
        return int(self.weight.size)

    def regroup(self, unit_weights: np.ndarray) -> np.ndarray:
        """Per-pattern weights from per-unit weights (e.g. bootstrap multiplicities)."""
        return np.bincount(self.of_unit, weights=unit_weights, minlength=self.size)


def _row_keys(codes: np.ndarray, base: int) -> np.ndarray:
    """Integer key per row: the codes (+1, so missing is 0) read as digits in ``base``."""
    key = np.zeros(codes.shape[0], dtype=np.int64)
    for col in codes.T:
        key *= base
        key += col
        key += 1
    return key


def _decode(keys: np.ndarray, base: int, n_cols: int, dtype: np.dtype) -> np.ndarray:
    out = np.empty((keys.size, n_cols), dtype=dtype)
    rest = keys.copy()
    for r in range(n_cols - 1, -1, -1):
        out[:, r] = rest % base - 1
        rest //= base
    return out


def group_rows(codes: np.ndarray, n_categories: int) -> RatingPatterns:
    """Distinct rows of a units x coders code matrix (-1 = missing) with their frequencies."""
    n, r = codes.shape
    base = n_categories + 1
    if n == 0 or r == 0:
        return RatingPatterns(codes[:0], np.zeros(0), np.zeros(n, dtype=np.intp))
    if float(base) ** r <= _DENSE_KEYS:
        key = _row_keys(codes, base)
        freq = np.bincount(key, minlength=base**r)
        present = np.flatnonzero(freq)
        lut = np.zeros(freq.size, dtype=np.intp)
        lut[present] = np.arange(present.size)
        return RatingPatterns(_decode(present, base, r, codes.dtype),
                              freq[present].astype(np.float64), lut.take(key))
    if float(base) ** r < 2.0**62:
        keys, inverse, freq = np.unique(_row_keys(codes, base), return_inverse=True,
                                        return_counts=True)
        return RatingPatterns(_decode(keys, base, r, codes.dtype), freq.astype(np.float64),
                              inverse.ravel().astype(np.intp))
    rows, inverse, freq = np.unique(codes, axis=0, return_inverse=True, return_counts=True)
    return RatingPatterns(rows, freq.astype(np.float64), inverse.ravel().astype(np.intp))


def value_counts(codes: np.ndarray, n_categories: int) -> np.ndarray:
    """``counts[i, k]`` = number of entries of row i equal to k (float64; -1 is ignored)."""
    n, q = codes.shape[0], n_categories
    flat = codes.astype(np.int64) + (np.arange(n, dtype=np.int64) * q)[:, None]
    flat = np.where(codes >= 0, flat, n * q)  # missing values go to a spare bin
    c = np.bincount(flat.ravel(), minlength=n * q + 1)[:-1]
    return c.reshape(n, q).astype(np.float64)
