"""Raw-data coefficients: definitions, weights, degenerate data, bad input, bootstrap, JSON."""

from __future__ import annotations

import json

import numpy as np
import pytest

from annotator import agreement as ag
from annotator.domain.errors import ValidationError

K2011 = [[1, 1, None, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
         [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [None, 5, 5, 5], [None, None, 1, 1],
         [None, None, 3, None]]
RAW_FUNCTIONS = [ag.percent_agreement, ag.fleiss_kappa, ag.brennan_prediger, ag.gwet_ac1,
                 ag.gwet_ac2, ag.conger_kappa, ag.krippendorff_alpha]
TWO_CODER_FUNCTIONS = [ag.cohen_kappa, ag.scott_pi]


def test_facade_reexports_domain() -> None:
    import annotator.domain.agreement as dom

    assert ag.krippendorff_alpha is dom.krippendorff_alpha
    assert set(ag.__all__) == set(dom.__all__)


def test_cohen_kappa_simple_two_coders() -> None:
    rows = [["a", "a"], ["a", "b"], ["b", "b"], ["b", "b"], [None, "a"]]
    r = ag.cohen_kappa(rows)
    # 4 complete units: p_o = 3/4; marginals coder1 (a 2, b 2), coder2 (a 1, b 3) -> p_e = 1/2.
    assert r.observed == pytest.approx(0.75)
    assert r.expected == pytest.approx(0.5)
    assert r.value == pytest.approx(0.5)
    assert r.n_units == 4 and r.kind == "agreement"


def test_weighted_kappa_by_hand() -> None:
    rows = [[1, 1], [1, 2], [2, 3], [3, 3], [3, 1], [2, 2]]
    w = ag.cohen_kappa(rows, weights="linear")
    # positions 0,1,2 -> linear weights 1, .5, 0
    table = np.zeros((3, 3))
    for a, b in rows:
        table[a - 1, b - 1] += 1
    p = table / table.sum()
    wt = 1 - np.abs(np.subtract.outer(np.arange(3), np.arange(3))) / 2
    po, pe = (wt * p).sum(), p.sum(1) @ wt @ p.sum(0)
    assert w.value == pytest.approx((po - pe) / (1 - pe))
    assert ag.cohen_kappa(rows, weights=wt).value == pytest.approx(w.value)


def test_weight_basis_position_versus_value() -> None:
    """Unevenly spaced levels {1,2,3,4,6}: position and numeric-value weights differ."""
    rows = [[1, 1], [2, 3], [3, 3], [4, 6], [6, 6], [2, 1], [4, 4], [3, 2]]
    pos = ag.cohen_kappa(rows, weights="linear")
    val = ag.cohen_kappa(rows, weights="linear", weight_basis="value")
    assert pos.value != pytest.approx(val.value, abs=1e-3)
    # With the codebook order including the unused 5, positions equal the values 1..6.
    full = ag.cohen_kappa(rows, weights="quadratic", order=[1, 2, 3, 4, 5, 6])
    assert full.value == pytest.approx(
        ag.cohen_kappa(rows, weights="quadratic", weight_basis="value").value)


def test_ac2_and_weighted_bp_reduce_to_unweighted_with_identity() -> None:
    assert ag.gwet_ac2(K2011, weights=None).value == pytest.approx(ag.gwet_ac1(K2011).value)
    assert ag.brennan_prediger(K2011, weights="identity").value == pytest.approx(
        ag.brennan_prediger(K2011).value)
    assert ag.gwet_ac2(K2011).details["weights"] == "quadratic"


def test_order_fixes_q_for_chance_free_coefficients() -> None:
    """Brennan-Prediger and AC1 take q from the codebook, so an unused value changes them."""
    rows = [["x", "x"], ["y", "y"], ["x", "y"]]
    assert ag.brennan_prediger(rows).expected == pytest.approx(1 / 2)
    assert ag.brennan_prediger(rows, order=["x", "y", "z"]).expected == pytest.approx(1 / 3)
    assert ag.gwet_ac1(rows, order=["x", "y", "z"]).value != pytest.approx(
        ag.gwet_ac1(rows).value)
    # alpha ignores unused values, at every level
    for level in ("nominal", "ordinal"):
        assert ag.krippendorff_alpha(rows, level, order=["x", "y", "z"]).value == pytest.approx(
            ag.krippendorff_alpha(rows, level, order=["x", "y"]).value)


def test_ordinal_alpha_needs_an_order_for_unsortable_values() -> None:
    rows = [[1, "a"], ["a", 1], [1, 1]]
    assert ag.krippendorff_alpha(rows).value is not None
    with pytest.raises(ValidationError, match="order"):
        ag.krippendorff_alpha(rows, "ordinal")
    assert ag.krippendorff_alpha(rows, "ordinal", order=["a", 1]).value is not None


def test_ordinal_alpha_follows_the_given_order() -> None:
    rows = [["lo", "mid"], ["mid", "hi"], ["lo", "lo"], ["hi", "hi"], ["mid", "mid"]]
    natural = ag.krippendorff_alpha(rows, "ordinal", order=["lo", "mid", "hi"]).value
    scrambled = ag.krippendorff_alpha(rows, "ordinal", order=["mid", "lo", "hi"]).value
    assert natural is not None and scrambled is not None and natural > scrambled


@pytest.mark.parametrize("func", [f for f in RAW_FUNCTIONS + TWO_CODER_FUNCTIONS
                                  if f is not ag.percent_agreement])
def test_single_category_is_undefined_with_a_note(func) -> None:
    r = func([["a", "a"], ["a", "a"], ["a", "a"]])
    assert r.value is None and r.note and "undefined" in r.note
    json.dumps(r.to_dict())


@pytest.mark.parametrize("func", RAW_FUNCTIONS + TWO_CODER_FUNCTIONS)
def test_no_pairable_unit_is_undefined(func) -> None:
    r = func([["a", None], [None, "b"], [None, None]])
    assert r.value is None and r.note


@pytest.mark.parametrize("func", RAW_FUNCTIONS)
def test_empty_data_is_undefined(func) -> None:
    r = func([])
    assert r.value is None and r.note and r.n_units == 0


def test_percent_agreement_is_defined_with_one_category() -> None:
    r = ag.percent_agreement([["a", "a"], ["a", "a"]])
    assert r.value == 1.0 and r.expected is None


def test_perfect_agreement_on_two_categories_gives_one() -> None:
    rows = [["a", "a", "a"], ["b", "b", "b"], ["a", "a", None]]
    for func in RAW_FUNCTIONS:
        assert func(rows).value == pytest.approx(1.0), func.__name__


@pytest.mark.parametrize("func", TWO_CODER_FUNCTIONS)
def test_two_coder_coefficients_refuse_three_coders(func) -> None:
    with pytest.raises(ValidationError, match="exactly two coders"):
        func([[1, 2, 3]])


@pytest.mark.parametrize("bad", [
    [[1, 2], [1]],                   # ragged
    "not a matrix",
    [1, 2, 3],                       # rows are not sequences
    np.zeros(3),                     # 1-D array
    [[{"x": 1}, 1]],                 # unhashable category
])
def test_malformed_reliability_data_is_refused(bad) -> None:
    with pytest.raises(ValidationError):
        ag.krippendorff_alpha(bad)


def test_other_bad_arguments() -> None:
    with pytest.raises(ValidationError, match="level"):
        ag.krippendorff_alpha(K2011, level="cardinal")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="numeric"):
        ag.krippendorff_alpha([["a", "b"], ["b", "b"]], level="interval")
    with pytest.raises(ValidationError, match="non-negative"):
        ag.krippendorff_alpha([[-1, 2], [2, 2]], level="ratio")
    with pytest.raises(ValidationError, match="not in the given order"):
        ag.cohen_kappa([[1, 2], [2, 3]], order=[1, 2])
    with pytest.raises(ValidationError, match="twice"):
        ag.fleiss_kappa([[1, 2]], order=[1, 2, 1])
    with pytest.raises(ValidationError, match="weights"):
        ag.cohen_kappa([[1, 2], [2, 2]], weights="cubic")
    with pytest.raises(ValidationError, match="2 x 2"):
        ag.cohen_kappa([[1, 2], [2, 2]], weights=np.eye(3))
    with pytest.raises(ValidationError, match="diagonal"):
        ag.cohen_kappa([[1, 2], [2, 2]], weights=np.zeros((2, 2)))
    with pytest.raises(ValidationError, match="square"):
        ag.cohen_kappa_from_table([[1, 2, 3], [4, 5, 6]])
    with pytest.raises(ValidationError, match="non-negative"):
        ag.cohen_kappa_from_table([[1, -2], [4, 5]])
    with pytest.raises(ValidationError, match="n_boot"):
        ag.krippendorff_alpha(K2011, ci=True, n_boot=0)
    with pytest.raises(ValidationError, match="integers"):
        ag.krippendorff_alpha_from_counts([[0.5, 1.5]])


def test_numpy_inputs_match_lists() -> None:
    rng = np.random.default_rng(3)
    m = rng.integers(0, 4, (40, 3)).astype(float)
    m[rng.random((40, 3)) < 0.2] = np.nan
    as_list = [[None if np.isnan(x) else int(x) for x in row] for row in m]
    for func in RAW_FUNCTIONS:
        assert func(m).value == pytest.approx(func(as_list).value), func.__name__
    b = rng.random((30, 2)) < 0.4
    assert ag.cohen_kappa(b).value == pytest.approx(ag.cohen_kappa(b.astype(int)).value)
    assert ag.reliability_data(b).categories == (False, True)
    assert ag.reliability_data(np.zeros((5, 2), bool)).n_categories == 2


def test_reliability_data_reuse_and_select_coders() -> None:
    rd = ag.reliability_data(K2011)
    assert ag.fleiss_kappa(rd).value == pytest.approx(ag.fleiss_kappa(K2011).value)
    sub = rd.select_coders([1, 3])
    ref = ag.cohen_kappa([[row[1], row[3]] for row in K2011], order=rd.categories)
    assert ag.cohen_kappa(sub).value == pytest.approx(ref.value)
    assert ag.cohen_kappa(sub).n_units == 10


def test_bootstrap_ci_is_seeded_and_brackets_the_estimate() -> None:
    rng = np.random.default_rng(1)
    truth = rng.integers(0, 3, 200)
    noisy = np.where(rng.random(200) < 0.8, truth, rng.integers(0, 3, 200))
    data = np.stack([truth, noisy, truth], axis=1)
    for func in (ag.krippendorff_alpha, ag.fleiss_kappa, ag.gwet_ac1, ag.percent_agreement):
        a = func(data, ci=True, seed=5, n_boot=300)
        b = func(data, ci=True, seed=5, n_boot=300)
        assert a.ci == b.ci and a.ci is not None
        assert a.ci[0] <= a.value <= a.ci[1]
        assert a.details["n_boot"] == 300 and a.details["seed"] == 5
    pair = data[:, :2]
    k = ag.cohen_kappa(pair, ci=True, n_boot=300)
    assert k.ci is not None and k.ci[0] < k.value < k.ci[1]
    t = ag.cohen_kappa_from_table([[40, 9], [6, 45]], ci=True, n_boot=300)
    assert t.ci is not None and t.ci[0] < t.value < t.ci[1]
    assert ag.krippendorff_alpha(data).ci is None


def test_alpha_forms_agree() -> None:
    table = [[20, 5], [10, 15]]
    rows = [[i, j] for i in range(2) for j in range(2) for _ in range(table[i][j])]
    counts = [[int(a == 0) + int(b == 0), int(a == 1) + int(b == 1)] for a, b in rows]
    a = ag.krippendorff_alpha(rows).value
    assert ag.krippendorff_alpha_from_table(table).value == pytest.approx(a)
    assert ag.krippendorff_alpha_from_counts(counts).value == pytest.approx(a)
    cats, o = ag.coincidence_matrix(rows)
    assert cats == (0, 1) and o.sum() == pytest.approx(100.0)


def test_to_dict_is_json_ready() -> None:
    r = ag.fleiss_kappa(K2011, ci=True, n_boot=50)
    d = json.loads(json.dumps(r.to_dict()))
    assert d["statistic"] == "fleiss_kappa" and d["value"] == pytest.approx(0.76117, abs=1e-5)
    assert set(d["per_category"]) == {"1", "2", "3", "4", "5"}
    assert len(d["ci"]) == 2
    with pytest.raises(Exception):
        r.value = 0.0  # type: ignore[misc]  # frozen
