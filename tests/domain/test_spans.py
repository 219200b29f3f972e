"""SpanIndex against a brute-force model: overlap, stabbing and sweep queries under edits."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from annotator.domain.spans import SpanIndex, SpanInfo

LIMIT = 300


def span(uuid: str, start: int, end: int, coder: int = 1) -> SpanInfo:
    return SpanInfo(uuid, start, end, f"code-{start % 3}", coder, "#E69F00")


bounds = st.tuples(st.integers(0, LIMIT), st.integers(1, 80)).map(lambda t: (t[0], t[0] + t[1]))


def brute_query(spans: dict[str, SpanInfo], a: int, b: int) -> set[str]:
    return {u for u, s in spans.items() if s.start < b and s.end > a} if b > a else set()


def brute_segments(spans: list[SpanInfo], a: int, b: int) -> list[tuple[int, int, set[str]]]:
    """Character by character, then merge equal neighbours."""
    out: list[tuple[int, int, set[str]]] = []
    for x in range(a, b):
        here = {s.uuid for s in spans if s.start <= x < s.end}
        if out and out[-1][1] == x and out[-1][2] == here:
            out[-1] = (out[-1][0], x + 1, here)
        else:
            out.append((x, x + 1, here))
    return [seg for seg in out if seg[2]]


class IndexMachine(RuleBasedStateMachine):
    """Random adds, removes and moves; every query must agree with the model."""

    @initialize(initial=st.lists(bounds, max_size=30))
    def load(self, initial: list[tuple[int, int]]) -> None:
        self.model = {f"u{i}": span(f"u{i}", s, e) for i, (s, e) in enumerate(initial)}
        self.index = SpanIndex(self.model.values())
        self.next_id = len(self.model)

    @rule(b=bounds)
    def add(self, b: tuple[int, int]) -> None:
        uid = f"u{self.next_id}"
        self.next_id += 1
        self.model[uid] = span(uid, *b)
        self.index.add(self.model[uid])

    @rule(data=st.data())
    def remove(self, data: st.DataObject) -> None:
        if self.model:
            uid = data.draw(st.sampled_from(sorted(self.model)))
            assert self.index.remove(uid) == self.model.pop(uid)

    @rule(data=st.data(), b=bounds)
    def move(self, data: st.DataObject, b: tuple[int, int]) -> None:
        if self.model:
            uid = data.draw(st.sampled_from(sorted(self.model)))
            self.model[uid] = span(uid, *b, coder=2)
            self.index.update(self.model[uid])

    @rule(a=st.integers(-2, LIMIT + 90), n=st.integers(0, 120))
    def overlap(self, a: int, n: int) -> None:
        got = [s.uuid for s in self.index.query(a, a + n)]
        assert len(got) == len(set(got))
        assert set(got) == brute_query(self.model, a, a + n)

    @rule(x=st.integers(-1, LIMIT + 90))
    def stab(self, x: int) -> None:
        assert {s.uuid for s in self.index.at(x)} == brute_query(self.model, x, x + 1)

    @rule(a=st.integers(0, LIMIT + 80), n=st.integers(1, 100))
    def sweep(self, a: int, n: int) -> None:
        got = [(s, e, {x.uuid for x in sp}) for s, e, sp in self.index.segments(a, a + n)]
        assert got == brute_segments(list(self.model.values()), a, a + n)

    @invariant()
    def size(self) -> None:
        assert len(self.index) == len(self.model)
        assert {s.uuid for s in self.index} == set(self.model)


TestIndexMachine = IndexMachine.TestCase
TestIndexMachine.settings = settings(max_examples=120, stateful_step_count=40, deadline=None)


@settings(max_examples=150, deadline=None)
@given(st.lists(bounds, max_size=25), st.integers(0, LIMIT), st.integers(1, 120))
def test_sweep_orders_by_priority_and_filters(spans_b: list[tuple[int, int]], a: int,
                                              n: int) -> None:
    spans = [span(f"s{i}", s, e, coder=i % 2) for i, (s, e) in enumerate(spans_b)]
    index = SpanIndex(spans)
    key = lambda s: (s.end - s.start, s.uuid)  # noqa: E731 - shortest first
    visible = [s for s in spans if s.coder_id == 0]
    segs = index.segments(a, a + n, include=lambda s: s.coder_id == 0, key=key)
    assert [(s, e, {x.uuid for x in sp}) for s, e, sp in segs] == brute_segments(visible, a, a + n)
    for _, _, sp in segs:
        assert sp == sorted(sp, key=key)


def test_rejects_bad_spans_and_duplicates() -> None:
    index = SpanIndex([span("a", 0, 5)])
    with pytest.raises(ValueError):
        index.add(span("b", 4, 4))
    with pytest.raises(ValueError):
        index.add(span("c", -1, 3))
    with pytest.raises(KeyError):
        index.add(span("a", 1, 2))
    with pytest.raises(KeyError):
        index.remove("zzz")
    with pytest.raises(KeyError):
        index.update(span("zzz", 1, 2))
    with pytest.raises(KeyError):
        SpanIndex([span("a", 0, 1), span("a", 2, 3)])
    assert index.get("a") == span("a", 0, 5)


def test_large_and_far_offsets() -> None:
    spans = [span(f"x{i}", i * 50, i * 50 + 2000) for i in range(20000)]
    spans.append(span("whole", 0, 1_000_000))
    index = SpanIndex(spans)
    got = {s.uuid for s in index.query(500_000, 500_100)}
    want = {s.uuid for s in spans if s.start < 500_100 and s.end > 500_000}
    assert got == want and len(got) == 42
    assert {s.uuid for s in index.at(999_999)} == {"whole", "x19960", "x19999"} | {
        f"x{i}" for i in range(19961, 19999)}
    index.remove("whole")
    assert "whole" not in {s.uuid for s in index.at(999_999)}
    assert index.at(1_001_949)[0].uuid == "x19999" and index.at(1_001_950) == []
    index.clear()
    assert len(index) == 0 and index.query(0, 10**6) == []
