"""Which section a position falls in: the innermost section or subsection containing it."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from annotator.domain.model import Segment

SECTION_KINDS = ("section", "subsection")


class SectionIndex:
    """Innermost ``section``/``subsection`` at a code-point position, in O(log n).

    Built once per document from its segments: the boundaries of all sections cut the text
    into pieces, and each piece remembers the deepest section covering it.
    """

    __slots__ = ("_owner", "_starts")

    def __init__(self, segments: Sequence[Segment]) -> None:
        secs = [s for s in segments if s.kind in SECTION_KINDS and s.end > s.start]
        points = sorted({p for s in secs for p in (s.start, s.end)})
        self._starts: list[int] = []
        self._owner: list[Segment | None] = []
        for a, b in zip(points, points[1:], strict=False):
            best: Segment | None = None
            for s in secs:
                if s.start <= a and b <= s.end and (
                        best is None or (s.level, s.start, -s.end) > (best.level, best.start,
                                                                       -best.end)):
                    best = s
            if self._owner and self._owner[-1] is best:
                continue
            self._starts.append(a)
            self._owner.append(best)
        if points:
            self._starts.append(points[-1])
            self._owner.append(None)

    def at(self, position: int) -> Segment | None:
        """The innermost section containing ``position`` (``None`` outside every section)."""
        i = bisect.bisect_right(self._starts, position) - 1
        return self._owner[i] if i >= 0 else None
