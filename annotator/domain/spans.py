"""An interval index over the codings of one open document (pure Python, code points).

The document view asks it, for every text block it paints, which codings overlap the block;
the margin asks it per visible line. Both need answers in ``O(log n + k)`` while codings are
added, removed and moved one at a time.

How it works: an overlap query ``[a, b)`` splits into two disjoint parts,

* spans that contain the point ``a`` (``start <= a < end``): a *stabbing* query, and
* spans that start strictly inside ``(a, b)``: a range query on the sorted start offsets.

Stabbing uses a centred interval tree laid over the integer axis itself: a span
``[s, e)`` lives in the node where ``s`` and ``e - 1`` part ways in binary, i.e. at level
``(s ^ (e - 1)).bit_length()``. That node's midpoint lies inside the span, so within one node the
spans holding a point left of the midpoint are a prefix of the list sorted by start, and those
right of it a prefix of the list sorted by descending end. A point visits one node per level
(about 21 levels for a million characters), so no rebalancing is ever needed.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class SpanInfo:
    """What the document view needs to know about one coding (offsets in code points)."""

    uuid: str  # coding uuid
    start: int  # half-open [start, end)
    end: int
    code_uuid: str
    coder_id: int
    color: str  # "#RRGGBB" of the code


Segment = tuple[int, int, list[SpanInfo]]


class _Node:
    """The spans whose binary split point is this node's midpoint, sorted two ways."""

    __slots__ = ("by_end", "by_start")

    def __init__(self) -> None:
        self.by_start: list[tuple[int, str]] = []  # (start, uuid), ascending
        self.by_end: list[tuple[int, str]] = []  # (-end, uuid), i.e. end descending


def _node_key(start: int, end: int) -> tuple[int, int]:
    level = (start ^ (end - 1)).bit_length()
    return level, start >> level


class SpanIndex:
    """Spans by uuid, with overlap, stabbing and sweep queries. Offsets are half-open."""

    __slots__ = ("_levels", "_nodes", "_spans", "_starts")

    def __init__(self, spans: Iterable[SpanInfo] = ()) -> None:
        self._spans: dict[str, SpanInfo] = {}
        self._nodes: dict[tuple[int, int], _Node] = {}
        self._starts: list[tuple[int, str]] = []
        self._levels = 0  # one more than the highest level holding a node
        self._bulk_load(spans)

    # --- mutation ---------------------------------------------------------------------------
    def _bulk_load(self, spans: Iterable[SpanInfo]) -> None:
        for sp in spans:
            _check(sp)
            if sp.uuid in self._spans:
                raise KeyError(f"duplicate span uuid {sp.uuid}")
            self._spans[sp.uuid] = sp
        nodes = self._nodes
        for sp in self._spans.values():
            key = _node_key(sp.start, sp.end)
            node = nodes.get(key)
            if node is None:
                node = nodes[key] = _Node()
            node.by_start.append((sp.start, sp.uuid))
            node.by_end.append((-sp.end, sp.uuid))
            if key[0] >= self._levels:
                self._levels = key[0] + 1
        for node in nodes.values():
            node.by_start.sort()
            node.by_end.sort()
        self._starts = sorted((sp.start, sp.uuid) for sp in self._spans.values())

    def add(self, span: SpanInfo) -> None:
        """Insert a new span; a uuid already present is refused with KeyError."""
        _check(span)
        if span.uuid in self._spans:
            raise KeyError(f"duplicate span uuid {span.uuid}")
        self._spans[span.uuid] = span
        key = _node_key(span.start, span.end)
        node = self._nodes.get(key)
        if node is None:
            node = self._nodes[key] = _Node()
        bisect.insort(node.by_start, (span.start, span.uuid))
        bisect.insort(node.by_end, (-span.end, span.uuid))
        bisect.insort(self._starts, (span.start, span.uuid))
        if key[0] >= self._levels:
            self._levels = key[0] + 1

    def remove(self, uuid: str) -> SpanInfo:
        """Remove and return the span with this uuid (KeyError if absent)."""
        span = self._spans.pop(uuid)
        key = _node_key(span.start, span.end)
        node = self._nodes[key]
        _discard(node.by_start, (span.start, uuid))
        _discard(node.by_end, (-span.end, uuid))
        if not node.by_start:
            del self._nodes[key]
        _discard(self._starts, (span.start, uuid))
        return span

    def update(self, span: SpanInfo) -> SpanInfo:
        """Replace the span with the same uuid (KeyError if absent); returns the old one."""
        _check(span)
        old = self.remove(span.uuid)
        self.add(span)
        return old

    def clear(self) -> None:
        self._spans.clear()
        self._nodes.clear()
        self._starts.clear()
        self._levels = 0

    # --- lookup -----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._spans)

    def __contains__(self, uuid: object) -> bool:
        return uuid in self._spans

    def __iter__(self) -> Iterator[SpanInfo]:
        return iter(list(self._spans.values()))

    def in_start_order(self) -> list[SpanInfo]:
        """All spans by ascending start (then uuid)."""
        spans = self._spans
        return [spans[u] for _, u in self._starts]

    def get(self, uuid: str) -> SpanInfo | None:
        return self._spans.get(uuid)

    def at(self, pos: int) -> list[SpanInfo]:
        """Spans containing the character at ``pos`` (``start <= pos < end``)."""
        spans = self._spans
        return [spans[u] for u in self._stab(pos)]

    def query(self, a: int, b: int) -> list[SpanInfo]:
        """Spans overlapping ``[a, b)`` (``start < b and end > a``); empty when ``b <= a``."""
        if b <= a:
            return []
        spans = self._spans
        out = [spans[u] for u in self._stab(a)]
        starts = self._starts
        lo = bisect.bisect_left(starts, (a + 1,))
        hi = bisect.bisect_left(starts, (b,), lo)
        out.extend(spans[u] for _, u in starts[lo:hi])
        return out

    def starting_after(self, pos: int, uuid: str = "\U0010ffff") -> Iterator[SpanInfo]:
        """Spans in start order after ``(pos, uuid)``; the default skips all starting at ``pos``."""
        starts, spans = self._starts, self._spans
        for i in range(bisect.bisect_right(starts, (pos, uuid)), len(starts)):
            yield spans[starts[i][1]]

    def starting_before(self, pos: int, uuid: str = "") -> Iterator[SpanInfo]:
        """Spans in reverse start order before ``(pos, uuid)``; the default skips those at ``pos``."""
        starts, spans = self._starts, self._spans
        for i in range(bisect.bisect_left(starts, (pos, uuid)) - 1, -1, -1):
            yield spans[starts[i][1]]

    def _stab(self, x: int) -> list[str]:
        found: list[str] = []
        nodes = self._nodes
        if x < 0:
            return found
        node = nodes.get((0, x))
        if node is not None:
            found.extend(u for _, u in node.by_start)
        for level in range(1, self._levels):
            prefix = x >> level
            node = nodes.get((level, prefix))
            if node is None:
                continue
            mid = (prefix << level) + (1 << (level - 1))
            if x < mid:  # every span here reaches past mid > x: keep those starting by x
                for s, u in node.by_start:
                    if s > x:
                        break
                    found.append(u)
            else:  # every span here starts before mid <= x: keep those ending after x
                neg = -x
                for ne, u in node.by_end:
                    if ne >= neg:
                        break
                    found.append(u)
        return found

    # --- sweep ------------------------------------------------------------------------------
    def segments(self, a: int, b: int, *, include: Callable[[SpanInfo], bool] | None = None,
                 key: Callable[[SpanInfo], Any] | None = None) -> list[Segment]:
        """Elementary segments of ``[a, b)``: maximal runs where the same spans are active.

        Only runs covered by at least one (included) span are returned, clipped to ``[a, b)``,
        in order. Each run's spans are sorted by ``key`` (default: start, end, uuid), so with a
        priority key the first span is the one to show on top.
        """
        spans = self.query(a, b)
        if include is not None:
            spans = [s for s in spans if include(s)]
        if not spans:
            return []
        keyf = key or _default_key
        # (position, kind, rank) events; kind 0 = leave, 1 = enter, so leaving sorts first.
        ranked = sorted(((keyf(s), i) for i, s in enumerate(spans)))
        rank_of = [0] * len(spans)
        for r, (_, i) in enumerate(ranked):
            rank_of[i] = r
        ordered = [spans[i] for _, i in ranked]
        events: list[tuple[int, int, int]] = []
        for i, s in enumerate(spans):
            r = rank_of[i]
            events.append((s.start if s.start > a else a, 1, r))
            events.append((s.end if s.end < b else b, 0, r))
        events.sort()
        out: list[Segment] = []
        active: list[int] = []
        n = len(events)
        j = 0
        while j < n:
            pos = events[j][0]
            while j < n and events[j][0] == pos:
                _, kind, r = events[j]
                if kind:
                    bisect.insort(active, r)
                else:
                    del active[bisect.bisect_left(active, r)]
                j += 1
            if active and j < n:
                out.append((pos, events[j][0], [ordered[r] for r in active]))
        return out


def _default_key(s: SpanInfo) -> tuple[int, int, str]:
    return s.start, s.end, s.uuid


def _check(span: SpanInfo) -> None:
    if span.start < 0 or span.end <= span.start:
        raise ValueError(f"invalid span [{span.start}, {span.end}) for {span.uuid}")


def _discard(items: list[tuple[int, str]], item: tuple[int, str]) -> None:
    i = bisect.bisect_left(items, item)
    if i == len(items) or items[i] != item:
        raise KeyError(item)
    del items[i]
