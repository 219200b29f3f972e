"""Which style each stretch of the document gets (Qt-free, code points).

The whole document is cut into runs ``[bounds[i], bounds[i + 1])``, each with one style key
(or ``None`` where nothing visible is coded). The highlighter paints a block by bisecting into
these arrays, so painting costs nothing per coding; an edit recomputes only the runs under the
changed coding and splices them in.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import NamedTuple

from annotator.domain.spans import SpanIndex, SpanInfo


class StyleKey(NamedTuple):
    """Everything a run's look depends on; the formats are cached by it."""

    top: str  # colour of the span shown on top
    second: str | None  # colour of the next one (blended in, and the underline colour)
    depth: int  # how many visible codings overlap here, capped at 3


@dataclass(slots=True)
class StylePolicy:
    """Filters and priorities: which spans show, in which colour, which one is on top."""

    hidden_coders: set[int] = field(default_factory=set)
    colors: dict[str, str] = field(default_factory=dict)  # code uuid -> colour override

    def visible(self, span: SpanInfo) -> bool:
        return span.coder_id not in self.hidden_coders

    def color(self, span: SpanInfo) -> str:
        return self.colors.get(span.code_uuid, span.color)

    def priority(self, span: SpanInfo) -> tuple[int, str]:
        """The shortest (most specific) coding first; uuid breaks ties. (The focused code is
        framed over the text, see focus.py: focusing never changes the runs.)"""
        return (span.end - span.start, span.uuid)


class HighlightRuns:
    """Run boundaries and style keys for one document."""

    __slots__ = ("bounds", "keys", "length")

    def __init__(self, length: int = 0) -> None:
        self.length = length
        self.bounds: list[int] = [0, length]
        self.keys: list[StyleKey | None] = [None]

    def rebuild(self, index: SpanIndex, length: int, policy: StylePolicy) -> None:
        """Recompute every run (after a filter or colour change, or on open)."""
        self.length = length
        self.bounds, self.keys = _sweep(index, 0, length, policy)

    def refresh(self, index: SpanIndex, a: int, b: int, policy: StylePolicy) -> None:
        """Recompute the runs of ``[a, b)`` after the spans there changed, and splice them in."""
        a, b = max(0, a), min(self.length, b)
        if b <= a:
            return
        new_b, new_k = _sweep(index, a, b, policy)
        bounds, keys = self.bounds, self.keys
        i = bisect.bisect_right(bounds, a) - 1  # run holding a
        j = bisect.bisect_right(bounds, b - 1) - 1  # run holding b - 1
        lo = i - 1 if i > 0 else i  # one neighbour each side, so equal keys can merge
        hi = j + 1 if j + 1 < len(keys) else j
        left = bounds[i] < a
        right = b < bounds[j + 1]
        seg_b = (bounds[lo:i] + ([bounds[i]] if left else []) + new_b
                 + ([bounds[j + 1]] if right else []) + bounds[j + 2:hi + 2])
        seg_k = (keys[lo:i] + ([keys[i]] if left else []) + new_k
                 + ([keys[j]] if right else []) + keys[j + 1:hi + 1])
        out_b, out_k = [seg_b[0]], [seg_k[0]]
        for t in range(1, len(seg_k)):
            if seg_k[t] != out_k[-1]:
                out_b.append(seg_b[t])
                out_k.append(seg_k[t])
        out_b.append(seg_b[-1])
        bounds[lo:hi + 2] = out_b
        keys[lo:hi + 1] = out_k

    def runs_in(self, a: int, b: int) -> list[tuple[int, int, StyleKey]]:
        """Styled runs overlapping ``[a, b)``, clipped to it."""
        bounds, keys = self.bounds, self.keys
        i = bisect.bisect_right(bounds, a) - 1
        if i < 0:
            i = 0
        out = []
        n = len(keys)
        while i < n and bounds[i] < b:
            k = keys[i]
            if k is not None:
                out.append((max(bounds[i], a), min(bounds[i + 1], b), k))
            i += 1
        return out


def _sweep(index: SpanIndex, a: int, b: int,
           policy: StylePolicy) -> tuple[list[int], list[StyleKey | None]]:
    """Runs covering exactly ``[a, b)``: boundaries (len n + 1) and keys (len n)."""
    spans = [s for s in index.query(a, b) if policy.visible(s)]
    if not spans:
        return [a, b], [None]
    spans.sort(key=policy.priority)  # rank 0 is shown on top
    colors = [policy.color(s) for s in spans]
    # events packed into ints (position, then leave before enter, then rank) to sort fast
    shift = len(spans).bit_length() + 1
    enter_bit = 1 << (shift - 1)
    mask = enter_bit - 1
    events = [((s.start if s.start > a else a) << shift) | enter_bit | r
              for r, s in enumerate(spans)]
    events += [(s.end if s.end < b else b) << shift | r for r, s in enumerate(spans)]
    events.sort()
    starts = [a]
    keys: list[StyleKey | None] = []  # keys of the closed runs; `cur` is the open one's
    cur: StyleKey | None = None
    cache: dict[tuple[int, int, int], StyleKey] = {}
    active: list[int] = []
    insort, bisect_left = bisect.insort, bisect.bisect_left
    n = len(events)
    j = 0
    while j < n:
        pos = events[j] >> shift
        while j < n and events[j] >> shift == pos:
            ev = events[j]
            if ev & enter_bit:
                insort(active, ev & mask)
            else:
                del active[bisect_left(active, ev & mask)]
            j += 1
        if active:
            depth = len(active)
            top = active[0]
            second = active[1] if depth > 1 else -1
            if depth > 3:
                depth = 3
            ck = (top, second, depth)
            key = cache.get(ck)
            if key is None:
                key = cache[ck] = StyleKey(colors[top], colors[second] if second >= 0 else None,
                                           depth)
        else:
            key = None
        if pos == a:
            cur = key
        elif key != cur:
            keys.append(cur)
            starts.append(pos)
            cur = key
    if starts[-1] < b:
        keys.append(cur)
        starts.append(b)
    return starts, keys
