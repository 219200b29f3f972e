"""Span statistics: alpha-U, character kappa, segment matching, F1 and presence matrices."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator import agreement as ag
from annotator.domain.errors import ValidationError

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
Span = tuple[str, int, int, str]


@st.composite
def coded(draw: st.DrawFn) -> tuple[list[Span], tuple[int, int]]:
    begin = draw(st.integers(0, 50))
    length = draw(st.integers(1, 60))
    end = begin + length
    spans = []
    for _ in range(draw(st.integers(0, 12))):
        s = draw(st.integers(begin, end - 1))
        e = draw(st.integers(s + 1, end))
        spans.append((draw(st.sampled_from("abc")), s, e, draw(st.sampled_from("xy"))))
    return spans, (begin, end)


# ---------------------------------------------------------------- plain reference versions


def _merged(iv: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(iv):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def unitized_reference(spans: list[Span], begin: int, end: int, coders: list[str],
                       cat: str) -> tuple[float, float]:
    length, m = end - begin, len(coders)
    segs: dict[str, list[tuple[int, int, bool]]] = {}
    for c in coders:
        units = _merged([(s, e) for cc, s, e, k in spans if cc == c and k == cat])
        pts = sorted({begin, end, *[p for u in units for p in u]})
        segs[c] = [(p, q, (p, q) in units) for p, q in zip(pts, pts[1:], strict=False)]
    d = 0.0
    for i in coders:
        for j in coders:
            if i == j:
                continue
            for g in segs[i]:
                for h in segs[j]:
                    if g[0] < h[1] and h[0] < g[1]:
                        d += ag.unitizing_distance((g[0], g[1], cat if g[2] else None),
                                                   (h[0], h[1], cat if h[2] else None))
    lengths = [q - p for c in coders for p, q, u in segs[c] if u]
    gaps = [q - p for c in coders for p, q, u in segs[c] if not u]
    n = len(lengths)
    num = sum((n - 1) * (2 * x**3 - 3 * x**2 + x) / 3
              + x**2 * sum(g - x + 1 for g in gaps if g >= x) for x in lengths)
    d_e = (2 / length) * num / (m * length * (m * length - 1) - sum(x * (x - 1) for x in lengths))
    return d / (m * (m - 1) * length**2), d_e


def _mask(spans: list[Span], coder: str, cat: str, begin: int, end: int) -> list[bool]:
    return [any(c == coder and k == cat and s <= p < e for c, s, e, k in spans)
            for p in range(begin, end)]


# ---------------------------------------------------------------- alpha-U


@FAST
@given(coded())
def test_unitized_alpha_matches_reference(case: tuple[list[Span], tuple[int, int]]) -> None:
    spans, (begin, end) = case
    coders = ["a", "b", "c"]
    r = ag.unitized_alpha(spans, (begin, end), coders=coders, categories=["x", "y"])
    for cat in ("x", "y"):
        res = r.per_category[cat]
        if not any(k == cat for *_, k in spans):
            assert res.value is None and res.note
            continue
        d_o, d_e = unitized_reference(spans, begin, end, coders, cat)
        assert res.observed == pytest.approx(d_o, rel=1e-9, abs=1e-12)
        assert res.expected == pytest.approx(d_e, rel=1e-9, abs=1e-12)


@FAST
@given(coded(), st.integers(-40, 40))
def test_unitized_alpha_ignores_a_shift_of_the_axis(case: Any, shift: int) -> None:
    spans, (begin, end) = case
    moved = [(c, s + shift + 100, e + shift + 100, k) for c, s, e, k in spans]
    a = ag.unitized_alpha(spans, (begin, end), coders=["a", "b", "c"])
    b = ag.unitized_alpha(moved, (begin + shift + 100, end + shift + 100), coders=["a", "b", "c"])
    assert (a.value is None) == (b.value is None)
    if a.value is not None:
        assert a.value == pytest.approx(b.value)


def test_unitized_identical_coders_agree_perfectly() -> None:
    spans = [(c, s, e, "x") for c in ("a", "b", "c") for s, e in ((3, 9), (20, 31))]
    r = ag.unitized_alpha(spans, (0, 40))
    assert r.value == 1.0 and r.per_category["x"].observed == 0.0


def test_unitized_merges_overlapping_spans_of_one_coder() -> None:
    merged = ag.unitized_alpha([("a", 0, 10, "x"), ("a", 5, 15, "x"), ("b", 0, 15, "x")], (0, 30))
    single = ag.unitized_alpha([("a", 0, 15, "x"), ("b", 0, 15, "x")], (0, 30))
    assert merged.value == single.value == 1.0
    assert merged.details["merged_overlapping_spans"] == 1


def test_unitized_degenerate_cases() -> None:
    assert "empty" in (ag.unitized_alpha([], (5, 5)).note or "")
    one = ag.unitized_alpha([("a", 0, 3, "x")], (0, 10))
    assert one.value is None and "two coders" in (one.note or "")
    none = ag.unitized_alpha([], (0, 10), coders=["a", "b"])
    assert none.value is None and none.note
    # a listed coder without spans counts as having marked nothing
    lone = ag.unitized_alpha([("a", 2, 5, "x")], (0, 10), coders=["a", "b"])
    assert lone.value is not None and lone.value < 0.5


def test_unitizing_distance_rules() -> None:
    assert ag.unitizing_distance((0, 10, "c"), (20, 30, "c")) == 0.0  # no overlap
    assert ag.unitizing_distance((0, 10, None), (0, 10, None)) == 0.0  # gap-gap
    assert ag.unitizing_distance((5, 8, "c"), (0, 10, None)) == 9.0  # unit inside gap
    assert ag.unitizing_distance((0, 10, "c"), (5, 15, None)) == 0.0  # partial overlap
    with pytest.raises(ValidationError):
        ag.unitizing_distance((0, 10, "c"), (0, 10, "d"))


# ---------------------------------------------------------------- character kappa


@FAST
@given(coded())
def test_character_kappa_matches_masks(case: Any) -> None:
    spans, (begin, end) = case
    a, b = _mask(spans, "a", "x", begin, end), _mask(spans, "b", "x", begin, end)
    both = sum(x and y for x, y in zip(a, b, strict=True))
    only_a = sum(x and not y for x, y in zip(a, b, strict=True))
    only_b = sum(y and not x for x, y in zip(a, b, strict=True))
    r = ag.character_kappa(spans, (begin, end), ("a", "b"), "x")
    assert (r.details["both"], r.details["only_a"], r.details["only_b"]) == (both, only_a, only_b)
    assert r.details["neither"] == (end - begin) - both - only_a - only_b
    assert r.observed == pytest.approx(r.details["percent_agreement"])
    ref = ag.cohen_kappa(list(zip(a, b, strict=True)), order=[False, True])
    if ref.value is not None:
        assert r.value == pytest.approx(ref.value)
    else:  # both coders coded nothing or everything: NVivo's convention
        assert r.value == 1.0 and r.note


def test_character_kappa_nvivo_formula_and_edges() -> None:
    r = ag.character_kappa_from_counts(50, 100, 0, 850)
    ef = (150 * 50 + 850 * 950) / 1000
    assert r.value == pytest.approx((900 - ef) / (1000 - ef))
    assert ag.character_kappa_from_counts(0, 0, 0, 10).value == 1.0
    assert ag.character_kappa_from_counts(0, 4, 0, 6).value == 0.0
    empty = ag.character_kappa([], (3, 3), ("a", "b"), "x")
    assert empty.value is None and "empty" in (empty.note or "")


def test_character_kappa_several_continua() -> None:
    spans = [("a", 0, 10, "x"), ("b", 2, 10, "x"), ("a", 100, 120, "x"), ("b", 130, 140, "x")]
    docs = [(0, 50), (100, 200)]
    r = ag.character_kappa(spans, docs, ("a", "b"), "x")
    rows = r.details["per_continuum"]
    assert [row["both"] for row in rows] == [8, 0]
    pooled = ag.character_kappa_from_counts(8, 22, 10, 110)
    assert r.value == pytest.approx(pooled.value)
    weighted = (rows[0]["kappa"] * 50 + rows[1]["kappa"] * 100) / 150
    assert r.details["kappa_mean_weighted"] == pytest.approx(weighted)
    with pytest.raises(ValidationError, match="one continuum"):
        ag.character_kappa([("a", 40, 110, "x")], docs, ("a", "b"), "x")
    with pytest.raises(ValidationError, match="overlap"):
        ag.character_kappa(spans, [(0, 50), (40, 200)], ("a", "b"), "x")
    ci = ag.character_kappa(spans, docs, ("a", "b"), "x", ci=True, n_boot=200)
    assert ci.ci is not None and ci.ci[0] <= ci.value <= ci.ci[1] and ci.details["ci_note"]
    json.dumps(r.to_dict())


# ---------------------------------------------------------------- segments and F1


def test_segment_agreement_example() -> None:
    spans = [("a", 0, 100, "x"), ("b", 5, 100, "x"),     # overlap 95 % -> both agree
             ("a", 200, 300, "y"), ("b", 250, 300, "y"),  # 50 % -> neither agrees at 90 %
             ("a", 400, 410, "x")]                       # unmatched
    r = ag.segment_agreement(spans, (0, 500))
    assert r.n_units == 5 and r.observed == pytest.approx(2 / 5)
    assert r.expected == pytest.approx(1 / 2) and r.value == pytest.approx((0.4 - 0.5) / 0.5)
    assert r.per_category["x"].details == {"agree": 2, "disagree": 1, "total": 3}
    own = ag.segment_agreement(spans, (0, 500), overlap=0.9, basis="own")
    assert own.per_category["y"].details["agree"] == 1  # b's segment lies inside a's
    loose = ag.segment_agreement(spans, (0, 500), overlap=0.5)
    assert loose.observed == pytest.approx(4 / 5)
    anyo = ag.segment_agreement(spans, (0, 500), overlap=0.0)
    assert anyo.observed == pytest.approx(4 / 5)
    one_code = ag.segment_agreement([s for s in spans if s[3] == "x"], (0, 500))
    assert one_code.value is None and one_code.observed == pytest.approx(2 / 3)
    assert ag.segment_agreement(spans, (0, 500), categories=["x", "y", "z"]).expected == (
        pytest.approx(1 / 3))


def test_segment_agreement_bad_input() -> None:
    spans = [("a", 0, 10, "x"), ("b", 0, 10, "x"), ("c", 0, 10, "x")]
    with pytest.raises(ValidationError, match="exactly two coders"):
        ag.segment_agreement(spans, (0, 20))
    assert ag.segment_agreement(spans, (0, 20), coders=("a", "c")).observed == 1.0
    with pytest.raises(ValidationError, match="overlap"):
        ag.segment_agreement(spans, (0, 20), overlap=1.5, coders=("a", "b"))
    with pytest.raises(ValidationError, match="basis"):
        ag.segment_agreement(spans, (0, 20), coders=("a", "b"), basis="other")  # type: ignore


def test_span_f1_exact_and_overlap() -> None:
    spans = [("gold", 0, 10, "x"), ("gold", 20, 30, "x"), ("gold", 40, 50, "y"),
             ("sys", 0, 10, "x"), ("sys", 22, 30, "x"), ("sys", 60, 70, "y"),
             ("sys", 0, 10, "x")]  # a duplicate, dropped
    r = ag.span_f1(spans, reference="gold", candidate="sys")
    ex, ov = r.details["exact_match"], r.details["overlap_match"]
    assert (ex["precision"], ex["recall"]) == (pytest.approx(1 / 3), pytest.approx(1 / 3))
    assert (ov["precision"], ov["recall"]) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert r.value == pytest.approx(2 / 3) and r.details["duplicates_dropped"] == 1
    assert r.per_category["y"].value == 0.0
    strict = ag.span_f1(spans, reference="gold", candidate="sys", overlap=0.9)
    assert strict.details["overlap_match"]["recall"] == pytest.approx(1 / 3)
    nothing = ag.span_f1([("gold", 0, 5, "x")], reference="gold", candidate="sys")
    assert nothing.value is None and "precision" in (nothing.note or "")
    with pytest.raises(ValidationError):
        ag.span_f1(spans, reference="gold", candidate="gold")


# ---------------------------------------------------------------- presence matrices


@FAST
@given(coded(), st.data())
def test_presence_matrix_matches_loops(case: Any, data: st.DataObject) -> None:
    spans, (begin, end) = case
    cuts = sorted(set(data.draw(st.lists(st.integers(begin, end), max_size=8))) | {begin, end})
    units = [(s, e) for s, e in zip(cuts, cuts[1:], strict=False)
             if data.draw(st.booleans()) or s == begin]
    coders = ["c", "a"]
    got = ag.presence_matrix(spans, units, coders, "x")
    want = [[any(cc == c and k == "x" and s < ue and e > us for cc, s, e, k in spans)
             for c in coders] for us, ue in units]
    assert got.tolist() == want
    cats, all_p = ag.presence_matrices(spans, units, coders, ["y", "x"])
    assert cats == ("y", "x") and np.array_equal(all_p[1], got)


def test_presence_matrix_bad_units() -> None:
    with pytest.raises(ValidationError, match="sorted"):
        ag.presence_matrix([], [(5, 10), (0, 4)], ["a"], "x")
    with pytest.raises(ValidationError, match="start < end"):
        ag.presence_matrix([], [(5, 5)], ["a"], "x")
    assert ag.presence_matrix([], [], ["a", "b"], "x").shape == (0, 2)


# ---------------------------------------------------------------- span input checks


@pytest.mark.parametrize("spans, continuum, match", [
    ([("a", 5, 3, "x")], (0, 10), "empty or reversed"),
    ([("a", 5, 5, "x")], (0, 10), "empty or reversed"),
    ([("a", 0, 11, "x")], (0, 10), "outside"),
    ([("a", 0, 5)], (0, 10), "coder, start, end, category"),
    ([("a", 0.5, 5, "x")], (0, 10), "integers"),
    ([("a", 0, 5, ["x"])], (0, 10), "hashable"),
    ([], (10, 0), "reversed"),
    ([], (0,), "pair"),
    ("abc", (0, 10), "list"),
])
def test_bad_span_input_is_refused(spans: Any, continuum: Any, match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        ag.unitized_alpha(spans, continuum)


def test_span_table_from_arrays_equals_tuples() -> None:
    spans = [("a", 0, 10, "x"), ("b", 3, 12, "x"), ("a", 20, 30, "y"), ("b", 21, 30, "y")]
    table = ag.SpanTable.from_arrays(["a", "b", "a", "b"], [0, 3, 20, 21], [10, 12, 30, 30],
                                     ["x", "x", "y", "y"])
    assert ag.unitized_alpha(table, (0, 40)).value == pytest.approx(
        ag.unitized_alpha(spans, (0, 40)).value)
    assert ag.character_kappa(table, (0, 40), ("a", "b"), "y").value == pytest.approx(
        ag.character_kappa(spans, (0, 40), ("a", "b"), "y").value)
