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
