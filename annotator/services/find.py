"""Find text in a canonical document, diacritic- and case-insensitive, with code-point offsets."""

from __future__ import annotations

import re
import unicodedata
from array import array
from functools import lru_cache


# Small cache: the find bar searches one document per keystroke; a project search walks many
# documents once each, and a 240k-character report's map is ~1 MB, so keep only a few.
@lru_cache(maxsize=4)
def _folded(text: str) -> tuple[str, array | None]:
    """Case- and accent-folded copy of ``text`` plus, per folded char, its source offset
    (``None`` when folding kept every offset, as for ASCII text)."""
    if text.isascii():
        return text.lower(), None
    out: list[str] = []
    src = array("l")
    for i, ch in enumerate(text):
        base = unicodedata.normalize("NFD", ch)
        kept = "".join(c for c in base if not unicodedata.combining(c)).casefold()
        # a lone combining mark (one NFC could not compose) folds to nothing, like its
        # composed cousins; it stays inside a hit that spans it
        for c in kept:
            out.append(c)
            src.append(i)
    src.append(len(text))
    return "".join(out), src


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
        if src is None:
            hits.append((m.start(), m.end()))
        else:
            hits.append((src[m.start()], src[m.end() - 1] + 1))
    return hits
