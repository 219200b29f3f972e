"""The innermost section at a position: the one rule used by exports, analysis, examples and the
app's codings list and outline.

"Innermost" is the deepest ``level`` among the segments holding the position (``start <= pos <
end``). Ties, which only a malformed outline has (two segments of one level overlapping), go to
the one that started later (the heading read most recently), then to the shorter one.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from annotator.domain.model import Segment

SECTION_KINDS = ("section", "subsection")


def _rank(s: Segment) -> tuple[int, int, int]:
    return (s.level, s.start, -s.end)


class SectionIndex:
    """Innermost segment at a code-point position, in O(log n).

    Built once per document: the boundaries of the segments cut the text into pieces, and each
    piece remembers the innermost segment covering it. ``kinds`` restricts the segments
    considered (default: sections and subsections; ``None``: every segment given).
    """

    __slots__ = ("_owner", "_starts", "segments")

    def __init__(self, segments: Iterable[Segment],
                 kinds: Sequence[str] | None = SECTION_KINDS) -> None:
        self.segments = list(segments)
        secs = sorted((s for s in self.segments
                       if s.end > s.start and (kinds is None or s.kind in kinds)),
                      key=lambda s: s.start)
        points = sorted({p for s in secs for p in (s.start, s.end)})
        self._starts: list[int] = []
        self._owner: list[Segment | None] = []
        active: list[Segment] = []
        k = 0
        for a in points:
            while k < len(secs) and secs[k].start <= a:
                active.append(secs[k])
                k += 1
            active = [s for s in active if s.end > a]
            best = max(active, key=_rank) if active else None
            if self._owner and self._owner[-1] is best:
                continue
            self._starts.append(a)
            self._owner.append(best)

    def at(self, position: int) -> Segment | None:
        """The innermost segment containing ``position`` (``None`` outside every one)."""
        i = bisect.bisect_right(self._starts, position) - 1
        return self._owner[i] if i >= 0 else None

    def label(self, position: int) -> str:
        """``"1.c Torture and Other…"`` for the innermost segment at ``position`` ("" if none)."""
        return section_label(self.at(position))


def section_label(s: Segment | None) -> str:
    """``path title`` (just the title when the path repeats it); "" for ``None``."""
    if s is None:
        return ""
    return f"{s.path} {s.title}".strip() if s.path and s.path != s.title else s.title


def innermost_section(segments: Iterable[Segment], position: int,
                      kinds: Sequence[str] | None = SECTION_KINDS) -> Segment | None:
    """One look-up without keeping an index (build a :class:`SectionIndex` for many)."""
    return SectionIndex(segments, kinds).at(position)
