"""Agreement at the edges: tiny scales, weighted kappa with missing values, silent coders.

Expected values were computed once with the independent packages named in each test
(krippendorff 0.9, scikit-learn 1.x) and are hard-coded here.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from annotator import agreement as ag

TINY = [[0, 1e-7], [1e-7, 1e-7], [0, 0]]


@pytest.mark.parametrize("level", ["interval", "ratio"])
def test_alpha_of_tiny_values_is_defined_and_scale_free(level: str) -> None:
    small = ag.krippendorff_alpha(TINY, level=level)
    big = ag.krippendorff_alpha((np.array(TINY) * 1e7).tolist(), level=level)
    assert small.value == pytest.approx(0.4444444444, abs=1e-9)  # krippendorff.alpha: 0.4444
    assert small.value == pytest.approx(big.value, rel=1e-12)
    assert small.note is None


def test_alpha_from_counts_with_tiny_categories() -> None:
    counts = [[1, 1], [0, 2], [2, 0]]  # the TINY data as value counts per unit
    res = ag.krippendorff_alpha_from_counts(counts, level="interval", categories=[0, 1e-7])
    assert res.value == pytest.approx(4 / 9, abs=1e-12)
    ratio = ag.krippendorff_alpha_from_counts(counts, level="ratio", categories=[0, 1e-7])
    assert ratio.value == pytest.approx(4 / 9, abs=1e-12)


def test_one_value_is_still_undefined_at_any_scale() -> None:
    for scale in (1.0, 1e-9, 1e9):
        res = ag.krippendorff_alpha([[scale, scale], [scale, scale]], level="interval")
        assert res.value is None and "only one value" in (res.note or "")


def _random_sets(n: int, seed: int) -> list[list[list[float | None]]]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        units, coders = rnd.randint(3, 12), rnd.randint(2, 4)
        scale = rnd.choice([1, 5, 100])
        rows = [[None if rnd.random() < 0.15 else float(rnd.randint(0, scale))
                 for _ in range(coders)] for _ in range(units)]
        out.append(rows)
    return out


@pytest.mark.parametrize("level", ["interval", "ratio"])
def test_random_sets_scaled_by_1e_minus_6_give_the_same_alpha(level: str) -> None:
    compared = 0
    for rows in _random_sets(120, seed=7):
        plain = ag.krippendorff_alpha(rows, level=level)
        scaled = ag.krippendorff_alpha([[None if v is None else v * 1e-6 for v in r]
                                        for r in rows], level=level)
        if plain.value is None:
            assert scaled.value is None
            continue
        compared += 1
        assert scaled.value is not None
        assert math.isclose(plain.value, scaled.value, rel_tol=1e-9, abs_tol=1e-12)
    assert compared > 80


# ----- weighted Cohen's kappa with missing values ---------------------------------------------
KAPPA_MISSING = [[1, 1], [2, 4], [4, 4], [1, 2], [3, float("nan")]]


def test_weighted_kappa_positions_come_from_paired_units() -> None:
    # sklearn.metrics.cohen_kappa_score([1, 2, 4, 1], [1, 4, 4, 2], weights=...): 0.6923 / 0.5;
    # R irr::kappa2 (squared / equal) gives the same.
    assert ag.cohen_kappa(KAPPA_MISSING, weights="quadratic").value == pytest.approx(9 / 13)
    assert ag.cohen_kappa(KAPPA_MISSING, weights="linear").value == pytest.approx(0.5)
    # An explicit order is the codebook scale: its unused value 3 keeps its place.
    with_order = ag.cohen_kappa(KAPPA_MISSING, weights="quadratic", order=[1, 2, 3, 4])
    assert with_order.value == pytest.approx(2 / 3)


def test_weighted_kappa_with_missing_equals_kappa_of_the_paired_rows() -> None:
    rnd = random.Random(11)
    for _ in range(150):
        rows = [[rnd.choice([1, 2, 3, 4, 5, None]), rnd.choice([1, 2, 3, 4, 5, None])]
                for _ in range(rnd.randint(4, 15))]
        paired = [r for r in rows if None not in r]
        if len({v for r in paired for v in r}) < 2:
            continue
        for weights in ("linear", "quadratic"):
            a = ag.cohen_kappa(rows, weights=weights).value
            b = ag.cohen_kappa(paired, weights=weights).value
            assert (a is None and b is None) or a == pytest.approx(b, abs=1e-12)


# ----- Conger's kappa and a coder without ratings ---------------------------------------------
def test_conger_says_when_a_coder_gave_no_ratings() -> None:
    rows = [[1, 1, None], [2, 2, None], [1, 2, None], [2, 2, None]]
    res = ag.conger_kappa(rows)
    two = ag.conger_kappa([r[:2] for r in rows])
    assert res.value == pytest.approx(two.value)
    assert res.details["coders_without_ratings"] == [2]
    assert "column 2" in res.note and "left out" in res.note
    assert two.note is None and "coders_without_ratings" not in two.details
