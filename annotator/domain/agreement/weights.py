"""Agreement weight matrices for weighted kappa, AC2 and weighted Brennan-Prediger.

``w[i, j]`` is the credit for one coder choosing category i and the other j (``w[i, i] = 1``).
The categories sit on a scale x that is either their **position** in the category list
(``weight_basis="position"``, the default: codebook order including unused values when ``order``
is given, else the sorted observed values, as R ``irr`` and statsmodels do) or their numeric
**value** (``weight_basis="value"``, as irrCAC does). Cohen's kappa, which keeps only the units
both coders rated, places the observed values of those paired units alone (``used``), as R
``irr::kappa2`` and scikit-learn do: a value seen only next to a missing rating does not
stretch the scale.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from annotator.domain.agreement.data import ReliabilityData
from annotator.domain.errors import ValidationError

WeightBasis = Literal["position", "value"]
WEIGHT_NAMES = ("identity", "linear", "quadratic")


def weight_name(weights: Any) -> str:
    """A label for the weights argument (for result details)."""
    if weights is None:
        return "identity"
    if isinstance(weights, str):
        return weights
    return "custom"


def agreement_weights(weights: Any, rd: ReliabilityData, basis: WeightBasis = "position",
                      used: np.ndarray | None = None) -> np.ndarray:
    """The q x q agreement-weight matrix for ``weights`` (None, a name, or a matrix).

    ``used`` (a boolean mask over the categories) restricts the position scale to those
    categories: they get positions 0, 1, 2... in order; the others must not occur in the table.
    """
    q = rd.n_categories
    if weights is None or (isinstance(weights, str) and weights == "identity"):
        return np.eye(q)
    if isinstance(weights, str):
        if weights not in WEIGHT_NAMES:
            raise ValidationError(f"unknown weights {weights!r}; use one of "
                                  f"{', '.join(WEIGHT_NAMES)} or a q x q matrix")
        if basis == "position":
            rd.require_order(f"{weights} weights")
            if used is not None and used.any():
                x = (np.cumsum(used) - 1).astype(np.float64)
            else:
                x = np.arange(q, dtype=np.float64)
        elif basis == "value":
            x = rd.numeric_values()
        else:
            raise ValidationError(f"unknown weight_basis {basis!r}; use 'position' or 'value'")
        return scale_weights(weights, x)
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (q, q):
        raise ValidationError(f"weight matrix must be {q} x {q} (one row per category)")
    if not np.all(np.isfinite(w)) or np.any(w < 0) or np.any(w > 1):
        raise ValidationError("weights must be finite numbers in [0, 1]")
    if not np.allclose(np.diag(w), 1.0):
        raise ValidationError("the diagonal of the weight matrix must be 1 (full agreement)")
    return w


def scale_weights(kind: str, x: np.ndarray) -> np.ndarray:
    """Linear or quadratic weights for category scale values ``x``."""
    if x.size == 0:
        return np.zeros((0, 0))
    span = float(x.max() - x.min())
    if span == 0.0:
        return np.ones((x.size, x.size))
    d = np.abs(x[:, None] - x[None, :]) / span
    return 1.0 - (d if kind == "linear" else d * d)
