"""Find text in a canonical document, diacritic- and case-insensitive, with code-point offsets."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=64)
def _folded(text: str) -> tuple[str, tuple[int, ...]]:
    """Case- and accent-folded copy of ``text`` plus, per folded char, its source offset."""
    out: list[str] = []
    src: list[int] = []
    for i, ch in enumerate(text):
        base = unicodedata.normalize("NFD", ch)
        kept = "".join(c for c in base if not unicodedata.combining(c)).casefold()
        for c in kept or ch:
            out.append(c)
            src.append(i)
    src.append(len(text))
    return "".join(out), tuple(src)


def _fold(s: str) -> str:
    return _folded(s)[0]


def find_in_text(text: str, query: str, *, whole_words: bool = False) -> list[tuple[int, int]]:
    """All non-overlapping matches of ``query`` in ``text`` as code-point ``(start, end)``."""
    q = _fold(query.strip())
    if not q:
        return []
    folded, src = _folded(text)
    pattern = re.escape(q)
    if whole_words:
        pattern = rf"\b{pattern}\b"
    hits = []
    for m in re.finditer(pattern, folded):
        s, e = src[m.start()], src[m.end() - 1] + 1
        hits.append((s, e))
    return hits
