"""Krippendorff's alpha for coded units (Krippendorff 2004, 2011): any coders, missing data.

The coincidence matrix comes from the per-unit value counts C (units x q) in one matrix product:
with f_u = 1 / (m_u - 1) over pairable units (m_u >= 2 values),
``o = (C * f)^T C - diag(sum_u f_u C_u)``; units with identical ratings are grouped first and
weighted by their frequency (see ``patterns.py``). Then n_c = row sums of o, n = sum n_c and

    D_o = sum o_ck d2_ck / n,   D_e = sum n_c n_k d2_ck / (n (n - 1)),   alpha = 1 - D_o / D_e.

Difference functions d2: nominal [c != k]; ordinal (sum_{g=c..k} n_g - (n_c + n_k)/2)^2, computed as
the squared difference of mid-ranks; interval (c - k)^2; ratio ((c - k)/(c + k))^2.
Units with a single value are not pairable and are ignored. When only one value occurs D_e = 0
and alpha is reported as undefined (value None), not 1.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, Literal

import numpy as np

from annotator.domain.agreement.bootstrap import bootstrap_cells, bootstrap_units
from annotator.domain.agreement.data import ReliabilityData, reliability_data
from annotator.domain.agreement.results import AgreementResult, alpha_from
from annotator.domain.errors import ValidationError

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS = ("nominal", "ordinal", "interval", "ratio")


def coincidences(counts: np.ndarray, u: np.ndarray | None = None,
                 m: np.ndarray | None = None) -> np.ndarray:
    """Coincidence matrix o (q x q) from per-row value counts (optional row weights ``u``).

    ``m`` (values per unit, the row sums of ``counts``) may be passed when already known.
    """
    if m is None:
        m = counts @ np.ones(counts.shape[1])
    f = 1.0 / np.maximum(m - 1.0, 1.0) * (m >= 2)
    if u is not None:
        f = f * u
    o = (counts * f[:, None]).T @ counts
    o[np.diag_indices_from(o)] -= f @ counts  # (a row-sum via matvec: fast for few columns)
    return o


def _delta2(level: str, x: np.ndarray | None, n_c: np.ndarray) -> np.ndarray:
    q = n_c.size
    if level == "nominal":
        return 1.0 - np.eye(q)
    if level == "ordinal":
        mid = np.cumsum(n_c) - n_c / 2.0
        return (mid[:, None] - mid[None, :]) ** 2
    assert x is not None
    diff = x[:, None] - x[None, :]
    if level == "interval":
        return diff**2
    tot = x[:, None] + x[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(tot > 0, diff / np.where(tot > 0, tot, 1.0), 0.0)
    return ratio**2


class _Core:
    """alpha from value counts of weighted rows (units or rating patterns)."""

    def __init__(self, counts: np.ndarray, level: str, x: np.ndarray | None,
                 weight: np.ndarray | None = None) -> None:
        m = counts @ np.ones(counts.shape[1])
        self.keep = m >= 2
        self.counts, self.m = counts[self.keep], m[self.keep]
        base = np.ones(m.size) if weight is None else weight
        self.weight = base[self.keep]
        self.level, self.x = level, x

    @property
    def n_pairable(self) -> int:
        return int(round(float(self.weight.sum())))

    def parts(self, w: np.ndarray | None = None) -> tuple[float, float, float, float] | None:
        """(D_o, D_e, n, scale) with scale the largest d^2 between occurring values (see
        :func:`alpha_from`); ``w`` replaces the row weights (one per row, before dropping)."""
        o = coincidences(self.counts, self.weight if w is None else w[self.keep], self.m)
        n_c = o.sum(axis=1)
        n = float(n_c.sum())
        if n <= 1.0 + 1e-9:
            return None
        d2 = _delta2(self.level, self.x, n_c)
        d_o = float((o * d2).sum()) / n
        d_e = float((np.outer(n_c, n_c) * d2).sum()) / (n * (n - 1.0))
        return d_o, d_e, n, _occurring_scale(d2, n_c)

    def value(self, w: np.ndarray | None = None) -> float | None:
        p = self.parts(w)
        return None if p is None else alpha_from(p[0], p[1], p[3])[0]


def _occurring_scale(d2: np.ndarray, n_c: np.ndarray) -> float:
    """The largest d^2 between two values that occur: the yardstick for "D_e is 0" (so the
    test is scale-free: multiplying all values by 1e-7 changes nothing)."""
    used = n_c > 0
    return float(d2[np.ix_(used, used)].max()) if used.any() else 0.0


def _scale(level: str, rd: ReliabilityData) -> np.ndarray | None:
    if level not in LEVELS:
        raise ValidationError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
    if level == "ordinal":
        rd.require_order("ordinal alpha")
        return None
    if level == "nominal":
        return None
    x = rd.numeric_values()
    if level == "ratio" and np.any(x < 0):
        raise ValidationError("ratio level needs non-negative values")
    return x


def _result(core: _Core, details: dict[str, Any], bounds: tuple[float, float] | None
            ) -> AgreementResult:
    parts = core.parts()
    if parts is None:
        return AgreementResult("krippendorff_alpha", None, None, None, "disagreement", 0,
                               note="undefined: no unit has values from two or more coders",
                               details=details)
    d_o, d_e, n, scale = parts
    value, note = alpha_from(d_o, d_e, scale)
    details = {**details, "n_pairable_values": n}
    return AgreementResult("krippendorff_alpha", value, d_o, d_e, "disagreement", core.n_pairable,
                           note=note, ci=bounds if value is not None else None, details=details)


def _details(level: str, rd: ReliabilityData) -> dict[str, Any]:
    return {"level": level, "categories": list(rd.categories),
            "definition": "Krippendorff 2004/2011 coincidence-matrix alpha"}


def krippendorff_alpha(data: Any, level: Level = "nominal", order: Sequence[Hashable] | None = None,
                       ci: bool = False, n_boot: int = 1000,
                       seed: int | None = 0) -> AgreementResult:
    """Krippendorff's alpha on a units x coders matrix (``None`` = missing).

    ``order`` lists the categories (needed for ordinal levels when values cannot be sorted;
    unused values do not change alpha). Interval and ratio levels need numeric values.
    ``observed``/``expected`` are D_o and D_e; ``n_units`` counts the pairable units.
    The bootstrap (``ci=True``) resamples units.
    """
    rd = reliability_data(data, order)
    pat = rd.patterns
    core = _Core(rd.pattern_counts, level, _scale(level, rd), pat.weight)
    bounds = None
    details = _details(level, rd)
    if ci:
        bounds, info = bootstrap_units(core.value, rd.n_units, n_boot, seed, pat.of_unit,
                                       pat.size)
        details.update(info)
    return _result(core, details, bounds)


def krippendorff_alpha_from_counts(counts: Any, level: Level = "nominal",
                                   categories: Sequence[Hashable] | None = None, ci: bool = False,
                                   n_boot: int = 1000, seed: int | None = 0) -> AgreementResult:
    """Alpha from a units x categories matrix of value counts (``counts[u][k]`` coders chose k).

    ``categories`` names the columns (default 0..q-1); it gives the scale for interval/ratio.
    """
    c = np.asarray(counts, dtype=np.float64)
    if c.ndim != 2:
        raise ValidationError("counts must be a units x categories matrix")
    if not np.all(np.isfinite(c)) or np.any(c < 0) or np.any(c != np.round(c)):
        raise ValidationError("counts must be non-negative integers")
    cats = tuple(categories) if categories is not None else tuple(range(c.shape[1]))
    if len(cats) != c.shape[1]:
        raise ValidationError(f"{len(cats)} categories for {c.shape[1]} count columns")
    rd = ReliabilityData(np.zeros((0, 1), dtype=np.int64), cats, True)
    core = _Core(c, level, _scale(level, rd))
    details, bounds = _details(level, rd), None
    if ci:
        bounds, info = bootstrap_units(core.value, c.shape[0], n_boot, seed)
        details.update(info)
    return _result(core, details, bounds)


def krippendorff_alpha_from_table(table: Any, level: Level = "nominal",
                                  categories: Sequence[Hashable] | None = None, ci: bool = False,
                                  n_boot: int = 1000, seed: int | None = 0) -> AgreementResult:
    """Alpha for two coders from a q x q contingency table (rows coder 1, columns coder 2)."""
    t = np.asarray(table, dtype=np.float64)
    if t.ndim != 2 or t.shape[0] != t.shape[1]:
        raise ValidationError("the contingency table must be square (q x q)")
    if not np.all(np.isfinite(t)) or np.any(t < 0):
        raise ValidationError("table counts must be finite and non-negative")
    q = t.shape[0]
    cats = tuple(categories) if categories is not None else tuple(range(q))
    if len(cats) != q:
        raise ValidationError(f"{len(cats)} categories given for a {q} x {q} table")
    rd = ReliabilityData(np.zeros((0, 1), dtype=np.int64), cats, True)
    eye = np.eye(q)
    cells = (eye[:, None, :] + eye[None, :, :]).reshape(q * q, q)  # value counts of cell (i, j)
    core = _Core(cells, level, _scale(level, rd), t.ravel())
    details, bounds = _details(level, rd), None
    if ci:
        bounds, info = bootstrap_cells(lambda d: core.value(d.ravel()), t, n_boot, seed)
        details.update(info)
    return _result(core, details, bounds)


def coincidence_matrix(data: Any, order: Sequence[Hashable] | None = None
                       ) -> tuple[tuple[Hashable, ...], np.ndarray]:
    """(categories, o): Krippendorff's coincidence matrix of a units x coders matrix."""
    rd = reliability_data(data, order)
    return rd.categories, coincidences(rd.pattern_counts, rd.patterns.weight)
