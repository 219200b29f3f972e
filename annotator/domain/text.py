"""Canonical text and the one place where code points meet UTF-16.

Every document has one immutable canonical text; every offset in a project is a code-point
index into it, half-open ``[start, end)``. Qt counts UTF-16 units, so the document view converts
with :class:`Utf16Index`, and nothing else does.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
import unicodedata
from dataclasses import dataclass

_LINE_BREAKS = re.compile("\r\n|\r|\u0085|\u2028|\u2029")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Qt treats U+FDD0/U+FDD1 as frame markers (they become block separators); NUL is also unsafe.
_QT_UNSAFE = re.compile("[\ufdd0\ufdd1\x00]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def canonical_text(raw: str) -> str:
    """Return the canonical form of ``raw``: NFC, LF line endings, no BOM, no lone surrogates.

    Applied once at import, before any coding exists. Idempotent.
    """
    text = _SURROGATE.sub("\ufffd", raw)
    text = text.lstrip("\ufeff")
    text = _LINE_BREAKS.sub("\n", text)
    text = _QT_UNSAFE.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text)
    # NFC can (in theory) expose a new leading BOM or line separator; repeat until stable.
    again = _LINE_BREAKS.sub("\n", text.lstrip("\ufeff"))
    return text if again == text else canonical_text(again)


def text_sha256(text: str) -> str:
    """SHA-256 (hex) of the UTF-8 encoding of a canonical text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open code-point interval ``[start, end)``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


class Utf16Index:
    """Converts between code-point offsets and UTF-16 offsets for one text, in O(log k)."""

    __slots__ = ("_astral", "_astral_u16", "length", "length_utf16")

    def __init__(self, text: str) -> None:
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # UTF-16 position of the high surrogate of each astral character.
        self._astral_u16 = [cp + i for i, cp in enumerate(self._astral)]
        self.length = len(text)
        self.length_utf16 = len(text) + len(self._astral)

    def to_utf16(self, cp: int) -> int:
        if not 0 <= cp <= self.length:
            raise ValueError(f"code-point offset {cp} outside 0..{self.length}")
        return cp + bisect.bisect_left(self._astral, cp)

    def to_codepoint(self, u16: int) -> int:
        """Map a UTF-16 offset to a code point. A position inside a surrogate pair is refused."""
        if not 0 <= u16 <= self.length_utf16:
            raise ValueError(f"UTF-16 offset {u16} outside 0..{self.length_utf16}")
        k = bisect.bisect_left(self._astral_u16, u16)
        if k > 0 and self._astral_u16[k - 1] + 1 == u16:
            raise ValueError(f"UTF-16 offset {u16} falls inside a surrogate pair")
        return u16 - k

    def to_codepoint_floor(self, u16: int) -> int:
        """Like :meth:`to_codepoint`, but a position inside a pair snaps to the pair's start."""
        try:
            return self.to_codepoint(u16)
        except ValueError:
            if not 0 <= u16 <= self.length_utf16:
                raise
            return self.to_codepoint(u16 - 1)


_BLOCK_SEPARATOR = re.compile(r"\n\s*\n")


def paragraph_count_exceeds(text: str, limit: int) -> bool:
    """True when ``text`` has more than ``limit`` blank-line separated blocks (cheap: it counts
    separators, so a block of only whitespace counts too)."""
    separators = 0
    for _ in _BLOCK_SEPARATOR.finditer(text):
        separators += 1
        if separators >= limit:
            return True
    return False


def paragraph_spans(text: str) -> list[Span]:
    """Blank-line separated blocks of a canonical text (the corpus convention), trimmed."""
    spans: list[Span] = []
    # Blocks are what lies between separators (a line break, blank lines, a line break). A
    # scan over the separators needs constant memory; a pattern matching the blocks themselves
    # kept one backtracking entry per character (6 GB for a 50 MB line).
    s = 0
    separators = (m.span() for m in _BLOCK_SEPARATOR.finditer(text))
    for e, after in itertools.chain(separators, [(len(text), len(text))]):
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            spans.append(Span(s, e))
        s = after
    return spans
