"""Property tests: vectorised statistics against plain loop implementations, and invariants."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator import agreement as ag

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
Rows = list[list[Any]]


@st.composite
def reliability(draw: st.DrawFn, min_coders: int = 2, max_coders: int = 5,
                missing: bool = True) -> Rows:
    width = draw(st.integers(min_coders, max_coders))
    values = st.sampled_from([1, 2, 3, 5]) if not missing else st.one_of(
        st.sampled_from([1, 2, 3, 5]), st.none())
    return draw(st.lists(st.lists(values, min_size=width, max_size=width), min_size=1,
                         max_size=25))


# ---------------------------------------------------------------- plain reference versions


def _delta(level: str, c: int, k: int, n: dict[int, float], cats: list[int]) -> float:
    if level == "nominal":
        return float(c != k)
    if level == "interval":
        return float((c - k) ** 2)
    if level == "ratio":
        return 0.0 if c == k else ((c - k) / (c + k)) ** 2
    lo, hi = sorted((cats.index(c), cats.index(k)))
    between = sum(n[g] for g in cats[lo:hi + 1])
    return (between - (n[c] + n[k]) / 2) ** 2


def alpha_reference(rows: Rows, level: str) -> float | None:
    o: Counter[tuple[int, int]] = Counter()
    for row in rows:
        vals = [v for v in row if v is not None]
        if len(vals) < 2:
            continue
        for i, j in itertools.permutations(range(len(vals)), 2):
            o[(vals[i], vals[j])] += 1 / (len(vals) - 1)
    n_c: Counter[int] = Counter()
    for (c, _), x in o.items():
        n_c[c] += x
    n = sum(n_c.values())
    cats = sorted(n_c)
    if n <= 1:
        return None
    d_o = sum(x * _delta(level, c, k, n_c, cats) for (c, k), x in o.items())
    d_e = sum(n_c[c] * n_c[k] * _delta(level, c, k, n_c, cats) for c in cats for k in cats)
    if d_e == 0:
        return None
    return 1 - (n - 1) * d_o / d_e


def gwet_reference(rows: Rows, q_cats: list[int]) -> dict[str, float | None]:
    agree, pis, rated = [], Counter(), 0
    for row in rows:
        vals = [v for v in row if v is not None]
        if vals:
            rated += 1
            for c in q_cats:
                pis[c] += vals.count(c) / len(vals)
        if len(vals) >= 2:
            pairs = list(itertools.permutations(vals, 2))
            agree.append(sum(a == b for a, b in pairs) / len(pairs))
    if not agree:
        return {"pa": None}
    pa = sum(agree) / len(agree)
    pi = {c: pis[c] / rated for c in q_cats}
    q = len(q_cats)
    pe_f = sum(p * p for p in pi.values())
    pe_ac1 = sum(p * (1 - p) for p in pi.values()) / (q - 1)
    return {"pa": pa,
            "fleiss": None if pe_f >= 1 - 1e-12 else (pa - pe_f) / (1 - pe_f),
            "ac1": (pa - pe_ac1) / (1 - pe_ac1),
            "bp": (pa - 1 / q) / (1 - 1 / q)}


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9


# ---------------------------------------------------------------- properties


@FAST
@given(reliability(), st.sampled_from(["nominal", "ordinal", "interval", "ratio"]))
def test_alpha_matches_pairwise_reference(rows: Rows, level: str) -> None:
    assert _same(ag.krippendorff_alpha(rows, level).value, alpha_reference(rows, level))


@FAST
@given(reliability())
def test_gwet_family_matches_reference(rows: Rows) -> None:
    cats = [1, 2, 3, 5]
    ref = gwet_reference(rows, cats)
    assert _same(ag.percent_agreement(rows).value, ref["pa"])
    if ref["pa"] is None:
        return
    assert _same(ag.fleiss_kappa(rows, order=cats).value, ref["fleiss"])
    assert _same(ag.gwet_ac1(rows, order=cats).value, ref["ac1"])
    assert _same(ag.brennan_prediger(rows, order=cats).value, ref["bp"])


@FAST
@given(reliability(min_coders=2, max_coders=2))
def test_cohen_matches_reference(rows: Rows) -> None:
    pairs = [(a, b) for a, b in rows if a is not None and b is not None]
    got = ag.cohen_kappa(rows).value
    if not pairs:
        assert got is None
        return
    n = len(pairs)
    po = sum(a == b for a, b in pairs) / n
    m1, m2 = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    pe = sum(m1[c] * m2[c] for c in m1) / n**2
    assert _same(got, None if pe >= 1 - 1e-12 else (po - pe) / (1 - pe))


SYMMETRIC = [ag.percent_agreement, ag.fleiss_kappa, ag.gwet_ac1, ag.brennan_prediger,
             ag.conger_kappa, ag.krippendorff_alpha]


@FAST
@given(reliability(), st.randoms(use_true_random=False))
def test_permuting_units_and_coders_changes_nothing(rows: Rows, rnd: random.Random) -> None:
    cols = list(range(len(rows[0])))
    rnd.shuffle(cols)
    shuffled = [[row[c] for c in cols] for row in rows]
    rnd.shuffle(shuffled)
    for func in SYMMETRIC:
        assert _same(func(rows, order=[1, 2, 3, 5]).value,
                     func(shuffled, order=[1, 2, 3, 5]).value), func.__name__
    if len(cols) == 2:
        assert _same(ag.cohen_kappa(rows).value, ag.cohen_kappa(shuffled).value)


@FAST
@given(st.lists(st.sampled_from(["a", "b", "c"]), min_size=2, max_size=30),
       st.integers(2, 5))
def test_perfect_agreement_gives_one(labels: list[str], width: int) -> None:
    rows = [[lab] * width for lab in labels]
    funcs = SYMMETRIC + ([ag.cohen_kappa, ag.scott_pi] if width == 2 else [])
    for func in funcs:
        r = func(rows)
        if len(set(labels)) == 1 and func is not ag.percent_agreement:
            assert r.value is None and r.note, func.__name__
        else:
            assert r.value == pytest.approx(1.0), func.__name__


@FAST
@given(reliability(min_coders=2, max_coders=2, missing=False))
def test_alpha_list_table_and_count_forms_agree(rows: Rows) -> None:
    cats = [1, 2, 3, 5]
    table = [[sum(1 for a, b in rows if (a, b) == (c, k)) for k in cats] for c in cats]
    counts = [[row.count(c) for c in cats] for row in rows]
    for level in ("nominal", "interval", "ordinal"):
        direct = ag.krippendorff_alpha(rows, level, order=cats).value
        assert _same(ag.krippendorff_alpha_from_table(table, level, cats).value, direct)
        assert _same(ag.krippendorff_alpha_from_counts(counts, level, cats).value, direct)


@FAST
@given(reliability(min_coders=2, max_coders=2, missing=False))
def test_scott_pi_and_nominal_alpha_relation(rows: Rows) -> None:
    """alpha = 1 - (n - 1)/n (1 - pi) with n = 2N pairable values (agreement.md 2.3)."""
    pi, alpha = ag.scott_pi(rows).value, ag.krippendorff_alpha(rows).value
    if pi is None:
        assert alpha is None
        return
    n = 2 * len(rows)
    assert alpha == pytest.approx(1 - (n - 1) / n * (1 - pi), abs=1e-9)


@FAST
@given(reliability())
def test_coefficients_are_bounded(rows: Rows) -> None:
    pa = ag.percent_agreement(rows).value
    assert pa is None or 0.0 <= pa <= 1.0
    for func in SYMMETRIC[1:]:
        v = func(rows).value
        assert v is None or v <= 1.0 + 1e-12, func.__name__


@FAST
@given(reliability(missing=False), st.integers(2, 4))
def test_repeating_every_unit_keeps_mean_based_coefficients(rows: Rows, times: int) -> None:
    more = rows * times
    for func in (ag.percent_agreement, ag.fleiss_kappa, ag.gwet_ac1, ag.brennan_prediger):
        assert _same(func(rows).value, func(more).value), func.__name__


@pytest.mark.parametrize("n_values, width", [(3, 2), (150, 3), (200, 9)])
def test_many_categories_and_coders(n_values: int, width: int) -> None:
    """Every row-grouping path (dense keys, sorted keys, row sort) gives the same statistics."""
    rnd = random.Random(n_values)
    rows = [[rnd.choice([None, *range(n_values // 10 + 1)]) if rnd.random() < 0.3
             else rnd.randrange(n_values) for _ in range(width)] for _ in range(300)]
    rows += rows[:100]  # repeated rows share a pattern
    for level in ("nominal", "interval"):
        assert _same(ag.krippendorff_alpha(rows, level).value, alpha_reference(rows, level))
    cats = sorted({v for row in rows for v in row if v is not None})
    ref = gwet_reference(rows, cats)
    assert _same(ag.fleiss_kappa(rows).value, ref["fleiss"])
    assert _same(ag.gwet_ac1(rows).value, ref["ac1"])
    rd = ag.reliability_data(rows)
    assert rd.patterns.size < len(rows) and rd.patterns.weight.sum() == len(rows)
    sub = rd.select_coders([width - 1, 0])
    direct = ag.cohen_kappa([[row[width - 1], row[0]] for row in rows], order=rd.categories)
    assert _same(ag.cohen_kappa(sub).value, direct.value)
