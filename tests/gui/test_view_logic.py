"""The Qt-free parts of the document view: style runs, margin lanes, word/sentence snapping."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.spans import SpanIndex, SpanInfo
from annotator.gui.document_view import textnav
from annotator.gui.document_view.lanes import Lanes
from annotator.gui.document_view.runs import HighlightRuns, StylePolicy

N = 200
COLORS = ["#E69F00", "#56B4E9", "#009E73"]
bounds = st.tuples(st.integers(0, N - 1), st.integers(1, 60)).map(
    lambda t: (t[0], min(N, t[0] + t[1])))


def mk(i: int, b: tuple[int, int]) -> SpanInfo:
    return SpanInfo(f"s{i:03d}", b[0], b[1], f"code{i % 3}", i % 2, COLORS[i % 3])


def flatten(runs: HighlightRuns) -> list[object]:
    """One style key per character: comparable however the runs happen to be cut."""
    out: list[object] = [None] * runs.length
    for a, b, k in runs.runs_in(0, runs.length):
        out[a:b] = [k] * (b - a)
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(bounds, max_size=15), st.lists(st.tuples(st.booleans(), bounds), max_size=15),
       st.sets(st.integers(0, 1), max_size=1))
def test_incremental_runs_equal_a_full_rebuild(initial, edits, hidden) -> None:  # noqa: ANN001
    policy = StylePolicy(hidden_coders=set(hidden))
    spans = [mk(i, b) for i, b in enumerate(initial)]
    index = SpanIndex(spans)
    runs = HighlightRuns(N)
    runs.rebuild(index, N, policy)
    next_id = len(spans)
    for add, b in edits:
        if add or not len(index):
            sp = mk(next_id, b)
            next_id += 1
            index.add(sp)
            runs.refresh(index, sp.start, sp.end, policy)
        else:
            victim = sorted(index, key=lambda s: s.uuid)[b[0] % len(index)]
            index.remove(victim.uuid)
            runs.refresh(index, victim.start, victim.end, policy)
        fresh = HighlightRuns(N)
        fresh.rebuild(index, N, policy)
        assert flatten(runs) == flatten(fresh)
        assert all(k1 != k2 for k1, k2 in zip(runs.keys, runs.keys[1:], strict=False))
    # a character's key names its top span (the shortest) and the depth
    for x in range(N):
        here = sorted((s for s in index.at(x) if policy.visible(s)), key=policy.priority)
        key = flatten(runs)[x]
        if not here:
            assert key is None
        else:
            assert key.top == here[0].color and key.depth == min(3, len(here))  # type: ignore[union-attr]


@settings(max_examples=100, deadline=None)
@given(st.lists(bounds, max_size=30), st.lists(bounds, max_size=10))
def test_lanes_never_collide(initial, added) -> None:  # noqa: ANN001
    spans = [mk(i, b) for i, b in enumerate(initial)]
    index = SpanIndex(spans)
    lanes = Lanes()
    lanes.rebuild(spans)
    depth = max((len(index.at(x)) for x in range(N)), default=0)
    assert lanes.count == depth  # greedy colouring is optimal for intervals
    for j, b in enumerate(added):
        sp = mk(100 + j, b)
        index.add(sp)
        lanes.add(sp, index)
    for s in index:
        for t in index.query(s.start, s.end):
            if t.uuid != s.uuid:
                assert lanes.get(s.uuid) != lanes.get(t.uuid)


def test_snap_to_words() -> None:
    t = "The police's raid on café\u0301 «Liberté» ended; 👍🏽 ok."
    i = t.index("olice")
    assert textnav.snap_to_words(t, i, i + 3) == (t.index("police's"), t.index("police's") + 8)
    assert textnav.snap_to_words(t, 3, 5) == (4, 12)  # leading space trimmed, word completed
    thumb = t.index("👍")
    assert textnav.snap_to_words(t, thumb, thumb + 1) == (thumb, thumb + 2)  # skin tone kept
    semi = t.index(";")
    assert textnav.snap_to_words(t, semi, semi + 1) == (semi, semi + 1)  # lone symbol kept
    assert textnav.snap_to_words(t, semi + 1, semi + 2) == (semi + 1, semi + 2)  # lone space
    assert textnav.snap_to_words(t, 5, 5) == (5, 5)


def test_word_and_sentence_steps() -> None:
    t = "First one. Second sentence here! Third?\nNew paragraph"
    assert textnav.word_start_after(t, 0) == 6
    assert textnav.word_start_before(t, 6) == 0
    assert textnav.word_end_after(t, 5) == 9
    assert textnav.word_end_before(t, 9) == 5
    assert textnav.nearest_word_boundary(t, 13) == 11
    assert textnav.nearest_word_boundary(t, 16) == 17
    assert textnav.sentence_end_after(t, 0) == 10
    assert textnav.sentence_end_after(t, 10) == t.index("!") + 1
    assert textnav.sentence_end_after(t, t.index("Third")) == t.index("?") + 1
    assert textnav.sentence_end_after(t, t.index("New")) == len(t)
    assert textnav.sentence_start_before(t, t.index("here")) == t.index("Second")
    assert textnav.sentence_start_before(t, t.index("Second")) == 0
    assert textnav.sentence_start_before(t, t.index("New")) == t.index("Third")
