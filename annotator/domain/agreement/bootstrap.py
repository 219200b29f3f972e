"""Seeded percentile bootstrap confidence intervals.

Statistics are written as functions of **unit weights** (how many times each unit is drawn), so
a bootstrap replicate is the same vectorised computation with a resampled weight vector rather
than a copied data set. Replicates where the statistic is undefined are dropped and counted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from annotator.domain.errors import ValidationError

Stat = Callable[[np.ndarray], float | None]

CI_LEVEL = 0.95
_CHUNK_CELLS = 2_000_000  # weights generated per batch (bounds memory)


def check_boot(n_boot: int, seed: int | None) -> None:
    if isinstance(n_boot, bool) or not isinstance(n_boot, int) or n_boot < 2:
        raise ValidationError("n_boot must be an integer >= 2")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise ValidationError("seed must be an integer or None")


def _interval(samples: list[float], n_boot: int, seed: int | None,
              method: str) -> tuple[tuple[float, float] | None, dict[str, Any]]:
    info: dict[str, Any] = {"ci_method": method, "ci_level": CI_LEVEL, "n_boot": n_boot,
                            "seed": seed, "n_boot_defined": len(samples)}
    if len(samples) < max(2, n_boot // 2):
        info["ci_note"] = "no interval: the statistic is undefined in most bootstrap replicates"
        return None, info
    tail = (1.0 - CI_LEVEL) / 2.0 * 100.0
    lo, hi = np.percentile(np.asarray(samples), [tail, 100.0 - tail])
    return (float(lo), float(hi)), info


def bootstrap_units(stat: Stat, n_units: int, n_boot: int, seed: int | None,
                    groups: np.ndarray | None = None, n_groups: int = 0,
                    method: str = "percentile bootstrap over units"
                    ) -> tuple[tuple[float, float] | None, dict[str, Any]]:
    """Resample ``n_units`` units with replacement ``n_boot`` times and call ``stat(weights)``.

    Without ``groups`` the weights are per unit; with ``groups`` (the group of each unit, e.g.
    its rating pattern) they are summed per group (length ``n_groups``).
    """
    check_boot(n_boot, seed)
    if n_units == 0:
        return _interval([], n_boot, seed, method)
    rng = np.random.default_rng(seed)
    samples: list[float] = []
    if groups is not None:
        # Drawing n units with replacement and summing per group is a multinomial draw over the
        # groups' shares: same distribution, O(groups) per replicate instead of O(units).
        share = np.bincount(groups, minlength=n_groups).astype(np.float64) / n_units
        for row in rng.multinomial(n_units, share, size=n_boot).astype(np.float64):
            v = stat(row)
            if v is not None and np.isfinite(v):
                samples.append(v)
        return _interval(samples, n_boot, seed, method + " (multinomial over rating patterns)")
    width = n_units
    chunk = max(1, min(n_boot, _CHUNK_CELLS // n_units))
    done = 0
    while done < n_boot:
        k = min(chunk, n_boot - done)
        draws = rng.integers(0, n_units, size=(k, n_units))
        draws += (np.arange(k) * width)[:, None]
        w = np.bincount(draws.ravel(), minlength=k * width).reshape(k, width)
        for row in w.astype(np.float64):
            v = stat(row)
            if v is not None and np.isfinite(v):
                samples.append(v)
        done += k
    return _interval(samples, n_boot, seed, method)


def bootstrap_cells(stat: Stat, cells: np.ndarray, n_boot: int, seed: int | None,
                    method: str = "percentile bootstrap over units (multinomial on table cells)"
                    ) -> tuple[tuple[float, float] | None, dict[str, Any]]:
    """Bootstrap for data given as cell counts: each replicate is a multinomial redraw."""
    check_boot(n_boot, seed)
    flat = np.asarray(cells, dtype=np.float64).ravel()
    total = int(round(flat.sum()))
    if total == 0:
        return _interval([], n_boot, seed, method)
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(total, flat / flat.sum(), size=n_boot).astype(np.float64)
    values = (stat(d.reshape(np.shape(cells))) for d in draws)
    samples = [v for v in values if v is not None and np.isfinite(v)]
    return _interval(samples, n_boot, seed, method)
