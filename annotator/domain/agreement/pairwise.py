"""Two-coder coefficients from a q x q table: Cohen's kappa (weighted or not) and Scott's pi.

Only units coded by **both** coders enter (listwise deletion). The table is built with one
``bincount`` over ``code1 * q + code2``.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np

from annotator.domain.agreement.bootstrap import bootstrap_cells, bootstrap_units
from annotator.domain.agreement.data import ReliabilityData, reliability_data
from annotator.domain.agreement.results import AgreementResult, chance_corrected
from annotator.domain.agreement.weights import WeightBasis, agreement_weights, weight_name
from annotator.domain.errors import ValidationError


def _two_coders(data: Any, order: Sequence[Hashable] | None, name: str) -> ReliabilityData:
    rd = reliability_data(data, order)
    if rd.n_coders != 2:
        raise ValidationError(f"{name} needs exactly two coders (columns); got {rd.n_coders}. "
                              "Use fleiss_kappa or krippendorff_alpha for more.")
    return rd


def _pair_cells(rd: ReliabilityData) -> tuple[np.ndarray, np.ndarray]:
    """(flat cell index code1 * q + code2, mask) of the rating patterns coded by both coders."""
    c = rd.patterns.codes
    both = (c[:, 0] >= 0) & (c[:, 1] >= 0)
    return c[both, 0].astype(np.int64) * rd.n_categories + c[both, 1], both


def _table(cells: np.ndarray, q: int, w: np.ndarray | None = None) -> np.ndarray:
    return np.bincount(cells, weights=w, minlength=q * q).astype(np.float64).reshape(q, q)


def _kappa_parts(table: np.ndarray, w: np.ndarray, scott: bool) -> tuple[float, float] | None:
    n = table.sum()
    if n <= 0:
        return None
    p = table / n
    p_o = float((w * p).sum())
    rows, cols = p.sum(axis=1), p.sum(axis=0)
    if scott:
        pi = (rows + cols) / 2.0
        p_e = float(pi @ w @ pi)
    else:
        p_e = float(rows @ w @ cols)
    return p_o, p_e


def _value(table: np.ndarray, w: np.ndarray, scott: bool) -> float | None:
    parts = _kappa_parts(table, w, scott)
    return None if parts is None else chance_corrected(*parts)[0]


def _result(name: str, table: np.ndarray, w: np.ndarray, scott: bool, details: dict[str, Any],
            ci: tuple[float, float] | None = None, ci_info: dict[str, Any] | None = None
            ) -> AgreementResult:
    n = int(round(table.sum()))
    parts = _kappa_parts(table, w, scott)
    if ci_info:
        details = {**details, **ci_info}
    if parts is None:
        return AgreementResult(name, None, None, None, "agreement", 0, ci=None, details=details,
                               note="undefined: no unit was coded by both coders")
    value, note = chance_corrected(*parts)
    return AgreementResult(name, value, parts[0], parts[1], "agreement", n, note=note,
                           ci=ci if value is not None else None, details=details)


def _compute(name: str, rd: ReliabilityData, w: np.ndarray, scott: bool, details: dict[str, Any],
             ci: bool, n_boot: int, seed: int | None) -> AgreementResult:
    q = rd.n_categories
    cells, both = _pair_cells(rd)
    pat = rd.patterns
    table = _table(cells, q, pat.weight[both])
    if not ci:
        return _result(name, table, w, scott, details)
    bounds, info = bootstrap_units(lambda g: _value(_table(cells, q, g[both]), w, scott),
                                   rd.n_units, n_boot, seed, pat.of_unit, pat.size)
    return _result(name, table, w, scott, details, bounds, info)


def cohen_kappa(data: Any, weights: Any = None, order: Sequence[Hashable] | None = None,
                weight_basis: WeightBasis = "position", ci: bool = False, n_boot: int = 1000,
                seed: int | None = 0) -> AgreementResult:
    """Cohen's kappa (1960) for two coders; weighted kappa (1968) with ``weights``.

    p_o = sum w_ij p_ij, p_e = sum w_ij p_i+ p_+j, kappa = (p_o - p_e) / (1 - p_e), over the
    units both coders coded. ``weights``: None (nominal), ``"linear"`` (1 - |x_i - x_j| / range),
    ``"quadratic"`` (1 - (x_i - x_j)^2 / range^2) or a q x q matrix; x per ``weight_basis``.
    With ``weight_basis="position"`` and no ``order``, x is the position among the sorted values
    of the paired units only (as R ``irr::kappa2`` and scikit-learn's ``cohen_kappa_score``): a
    value that occurs only where the other coder is missing does not count. With ``order``,
    x is the position in ``order`` (the codebook scale, unused values included).
    Undefined (value None) when p_e = 1 or no unit is coded by both.
    """
    rd = _two_coders(data, order, "Cohen's kappa")
    used = None
    if order is None and weight_basis == "position":
        c = rd.codes
        both = (c[:, 0] >= 0) & (c[:, 1] >= 0)
        used = np.zeros(rd.n_categories, dtype=bool)
        used[c[both, 0]] = True
        used[c[both, 1]] = True
    w = agreement_weights(weights, rd, weight_basis, used)
    details = {"weights": weight_name(weights), "weight_basis": weight_basis,
               "categories": list(rd.categories), "definition": "Cohen 1960/1968, listwise"}
    return _compute("cohen_kappa", rd, w, False, details, ci, n_boot, seed)


def scott_pi(data: Any, order: Sequence[Hashable] | None = None, ci: bool = False,
             n_boot: int = 1000, seed: int | None = 0) -> AgreementResult:
    """Scott's pi (1955) for two coders: p_e = sum_k pi_k^2 with pi_k the mean of both marginals.

    Units coded by both coders only. For more coders use :func:`fleiss_kappa`.
    """
    rd = _two_coders(data, order, "Scott's pi")
    w = np.eye(rd.n_categories)
    details = {"categories": list(rd.categories), "definition": "Scott 1955, listwise"}
    return _compute("scott_pi", rd, w, True, details, ci, n_boot, seed)


def cohen_kappa_from_table(table: Any, weights: Any = None,
                           categories: Sequence[Hashable] | None = None,
                           weight_basis: WeightBasis = "position", ci: bool = False,
                           n_boot: int = 1000, seed: int | None = 0) -> AgreementResult:
    """Cohen's kappa from a q x q contingency table (rows coder 1, columns coder 2).

    ``categories`` names the rows/columns (in order); it defaults to 0..q-1 and gives the scale
    for ``weight_basis="value"``. Same definition as :func:`cohen_kappa`.
    """
    t = np.asarray(table, dtype=np.float64)
    if t.ndim != 2 or t.shape[0] != t.shape[1]:
        raise ValidationError("the contingency table must be square (q x q)")
    if not np.all(np.isfinite(t)) or np.any(t < 0):
        raise ValidationError("table counts must be finite and non-negative")
    q = t.shape[0]
    cats = tuple(categories) if categories is not None else tuple(range(q))
    if len(cats) != q:
        raise ValidationError(f"{len(cats)} categories given for a {q} x {q} table")
    rd = ReliabilityData(np.zeros((0, 2), dtype=np.int64), cats, True)
    w = agreement_weights(weights, rd, weight_basis)
    details = {"weights": weight_name(weights), "weight_basis": weight_basis,
               "categories": list(cats), "definition": "Cohen 1960/1968"}
    if not ci:
        return _result("cohen_kappa", t, w, False, details)
    bounds, info = bootstrap_cells(lambda d: _value(d, w, False), t, n_boot, seed)
    return _result("cohen_kappa", t, w, False, details, bounds, info)
