"""Every span statistic offers a seeded bootstrap interval (ci=True)."""

from __future__ import annotations

import random

from annotator import agreement


def _spans(seed: int = 1, n: int = 300, length: int = 20_000) -> list[tuple]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        s = rnd.randrange(0, length - 200)
        e = s + rnd.randrange(5, 150)
        cat = rnd.choice("ABC")
        out.append(("a", s, e, cat))
        if rnd.random() < 0.8:  # b mostly agrees, with jittered boundaries
            bs = max(0, s + rnd.randrange(-5, 6))
            out.append(("b", bs, max(bs + 1, e + rnd.randrange(-5, 6)), cat))
    return out


def test_unitized_alpha_ci_brackets_the_value_and_is_reproducible() -> None:
    spans = _spans()
    plain = agreement.unitized_alpha(spans, (0, 20_000))
    res = agreement.unitized_alpha(spans, (0, 20_000), ci=True, n_boot=60, seed=3)
    assert res.value == plain.value and plain.ci is None
    lo, hi = res.ci
    assert lo <= res.value <= hi and hi - lo < 0.5
    assert agreement.unitized_alpha(spans, (0, 20_000), ci=True, n_boot=60, seed=3).ci == res.ci
    assert "block bootstrap" in res.details["ci_method"]


def test_span_f1_ci() -> None:
    spans = _spans(2)
    res = agreement.span_f1(spans, reference="a", candidate="b", continuum=(0, 20_000),
                            ci=True, n_boot=60, seed=0)
    lo, hi = res.ci
    assert 0 <= lo <= res.value <= hi <= 1


def test_undefined_value_gets_no_interval() -> None:
    res = agreement.unitized_alpha([("a", 0, 5, "A")], (0, 100), ci=True, n_boot=20)
    assert res.value is None and res.ci is None and res.note


def test_interval_holds_its_estimate_when_spans_are_longer_than_equal_blocks() -> None:
    spans = [("A", 0, 40, "x"), ("B", 5, 45, "x")]
    f1 = agreement.span_f1(spans, reference="A", candidate="B", continuum=(0, 100), ci=True)
    assert f1.value == 1.0 and f1.ci[0] <= 1.0 <= f1.ci[1]
    au = agreement.unitized_alpha(spans, (0, 100), ci=True)
    assert au.ci[0] <= au.value <= au.ci[1]
    assert "cut only where no span crosses" in au.details["ci_method"]


def test_whole_continuum_spans_are_clipped_and_said_so() -> None:
    spans = [("A", 0, 100, "x"), ("B", 0, 90, "x"), ("B", 92, 100, "x")]
    res = agreement.unitized_alpha(spans, (0, 100), ci=True, n_boot=20)
    assert "clipped" in res.details["ci_method"]


def _random_study(seed: int) -> tuple[list[tuple], int]:
    """Spans of very different lengths (up to a fifth of the continuum), two coders."""
    rnd = random.Random(seed)
    length = rnd.choice([200, 1000, 5000, 20_000])
    out = []
    for _ in range(rnd.randint(2, 60)):
        ln = rnd.randint(3, max(4, length // rnd.choice([5, 20, 100])))
        s = rnd.randrange(0, length - ln)
        cat = rnd.choice("AB")
        out.append(("a", s, s + ln, cat))
        if rnd.random() < 0.8:
            j = max(1, ln // 10)
            bs = min(max(0, s + rnd.randint(-j, j)), length - 2)
            out.append(("b", bs, min(length, max(bs + 1, s + ln + rnd.randint(-j, j))), cat))
        elif rnd.random() < 0.5:
            s2 = rnd.randrange(0, length - ln)
            out.append(("b", s2, s2 + ln, cat))
    return out, length


def test_intervals_cover_their_estimate_on_random_data() -> None:
    # With 50 equal blocks cutting through spans, 30 of 60 of these intervals missed their
    # own estimate.
    checked = 0
    for seed in range(20, 32):
        spans, length = _random_study(seed)
        for res in (agreement.span_f1(spans, reference="a", candidate="b",
                                      continuum=(0, length), ci=True, n_boot=40, seed=seed),
                    agreement.unitized_alpha(spans, (0, length), ci=True, n_boot=40,
                                             seed=seed)):
            if res.value is None or res.ci is None:
                continue
            checked += 1
            assert res.ci[0] - 1e-12 <= res.value <= res.ci[1] + 1e-12, (seed, res.statistic)
    assert checked >= 20
