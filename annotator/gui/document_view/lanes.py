"""Margin lanes: each visible coding gets a column so overlapping bars never collide (Qt-free).

Lanes are global (not per screen), so a bar keeps its column while the user scrolls. A full
assignment is the greedy interval colouring (optimal for intervals); an added coding takes the
lowest lane free along its extent; a removed one just frees its lane.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable

from annotator.domain.spans import SpanIndex, SpanInfo


class Lanes:
    __slots__ = ("_lane", "count", "hidden")

    def __init__(self) -> None:
        self._lane: dict[str, int] = {}
        self.count = 0  # one more than the highest lane in use (never shrinks until rebuild)
        self.hidden: frozenset[int] | None = None  # the hidden coders these lanes were made for

    def keep(self, wanted: Callable[[str], bool]) -> None:
        """Drop the lanes of the codings not ``wanted``; the others keep theirs."""
        self._lane = {u: k for u, k in self._lane.items() if wanted(u)}
        self.count = max(self._lane.values(), default=-1) + 1

    def get(self, uuid: str) -> int:
        return self._lane.get(uuid, 0)

    def rebuild(self, spans: Iterable[SpanInfo], *, ordered: bool = False) -> None:
        """Greedy colouring in start order: the fewest lanes any assignment could use.

        ``ordered`` says ``spans`` already come by ascending start (ties in any order).
        """
        lane: dict[str, int] = {}
        busy: list[int] = []  # (end << 20 | lane) of the spans still open, as a min-heap
        free: list[int] = []  # lanes free again, as a min-heap
        count = 0
        heappush, heappop = heapq.heappush, heapq.heappop
        for sp in spans if ordered else sorted(spans, key=lambda s: (s.start, s.uuid)):
            limit = (sp.start + 1) << 20  # spans ending at or before this start are done
            while busy and busy[0] < limit:
                heappush(free, heappop(busy) & 0xFFFFF)
            if free:
                k = heappop(free)
            else:
                k = count
                count += 1
            lane[sp.uuid] = k
            heappush(busy, (sp.end << 20) | k)
        self._lane = lane
        self.count = count

    def add(self, span: SpanInfo, index: SpanIndex, visible: set[str] | None = None) -> int:
        """Give ``span`` the lowest lane unused by the visible codings it overlaps."""
        used = {self._lane[s.uuid] for s in index.query(span.start, span.end)
                if s.uuid != span.uuid and s.uuid in self._lane
                and (visible is None or s.uuid in visible)}
        k = 0
        while k in used:
            k += 1
        self._lane[span.uuid] = k
        self.count = max(self.count, k + 1)
        return k

    def discard(self, uuid: str) -> None:
        self._lane.pop(uuid, None)

    def __contains__(self, uuid: object) -> bool:
        return uuid in self._lane
