"""The one place where the view's code points meet Qt's UTF-16 positions (Qt-free).

Also builds the *display copy* of a canonical text: the same length, but very long lines get a
space swapped for a line break every few thousand characters, so that no Qt block (the unit of
layout and highlighting work) grows huge. Offsets are unchanged because the length is.
"""

from __future__ import annotations

from annotator.domain.text import Utf16Index

SPLIT_TARGET = 3000  # aim for a display line break about this often inside a long line
SPLIT_MIN = 2000  # never closer than this
SPLIT_MAX = 5000  # lines up to this long are left alone
_BREAKABLE = " \t"


def display_text(text: str) -> str:
    """Copy of ``text`` for the widget, with long lines broken at spaces (same length)."""
    cuts: list[int] = []
    n = len(text)
    line_start = 0
    while line_start < n:
        nl = text.find("\n", line_start)
        line_end = n if nl == -1 else nl
        if line_end - line_start > SPLIT_MAX:
            cuts.extend(_cuts_in_line(text, line_start, line_end))
        line_start = line_end + 1
    if not cuts:
        return text
    parts: list[str] = []
    prev = 0
    for c in cuts:
        parts.append(text[prev:c])
        parts.append("\n")
        prev = c + 1
    parts.append(text[prev:])
    return "".join(parts)


def _cuts_in_line(text: str, start: int, end: int) -> list[int]:
    """Positions of spaces to turn into breaks, preferring the end of a sentence."""
    cuts: list[int] = []
    cur = start
    while end - cur > SPLIT_MAX:
        target = cur + SPLIT_TARGET
        lo = cur + SPLIT_MIN
        hi = min(end - 1, cur + SPLIT_MAX)
        cut = -1
        for mark in (". ", "? ", "! "):
            p = text.rfind(mark, lo, target + 1)
            if p != -1 and p + 1 > cut:
                cut = p + 1
        if cut == -1:
            cut = max(text.rfind(ch, lo, target + 1) for ch in _BREAKABLE)
        if cut == -1:
            cands = [p for p in (text.find(ch, target, hi) for ch in _BREAKABLE) if p != -1]
            cut = min(cands) if cands else -1
        if cut == -1:  # no space at all (e.g. CJK): leave this stretch unbroken
            nxt = [p for p in (text.find(ch, hi, end) for ch in _BREAKABLE) if p != -1]
            if not nxt:
                break
            cut = min(nxt)
        cuts.append(cut)
        cur = cut + 1
    return cuts


class Offsets:
    """Code point <-> UTF-16 for one text, with a fast path when there is nothing astral."""

    __slots__ = ("_index", "_trivial", "length")

    def __init__(self, text: str) -> None:
        self._index = Utf16Index(text)
        self._trivial = self._index.length == self._index.length_utf16
        self.length = len(text)

    @property
    def trivial(self) -> bool:
        return self._trivial

    @property
    def length_utf16(self) -> int:
        return self._index.length_utf16

    def to_u16(self, cp: int) -> int:
        if self._trivial:
            return cp
        return self._index.to_utf16(max(0, min(cp, self.length)))

    def to_cp(self, u16: int) -> int:
        """UTF-16 position to code point; a position inside a surrogate pair goes left."""
        if self._trivial:
            return max(0, min(u16, self.length))
        return self._index.to_codepoint_floor(max(0, min(u16, self._index.length_utf16)))
