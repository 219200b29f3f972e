"""Loose comparison of heading texts: case, punctuation, plurals and filler words do not count.

Report headings drift between editions and pages ("Internally Displaced Persons:",
"Workers’ Rights", "Indigenous Peoples"), so headings are compared as sets of content tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_TOKEN = re.compile(r"[^\W_]+")
_FILLER = frozenset(
    "a an the and or of in for to with on by at from as its their".split()
)


def _stem(token: str) -> str:
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


@lru_cache(maxsize=4096)
def tokens(text: str) -> frozenset[str]:
    """Content tokens of ``text``: lower case, filler words dropped, a plural ``s`` removed."""
    return frozenset(
        _stem(t) for t in _TOKEN.findall(text.casefold()) if t not in _FILLER
    )


@lru_cache(maxsize=4096)
def title_key(text: str) -> str:
    """A comparison key: content tokens in order, joined by spaces (used for exact lookups)."""
    return " ".join(_stem(t) for t in _TOKEN.findall(text.casefold()) if t not in _FILLER)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared tokens divided by the size of the larger set (0.0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / max(len(a), len(b))


def best_match(text: str, candidates: Iterable[tuple[frozenset[str], str]]) -> tuple[float, str]:
    """The best ``(score, title)`` among ``(tokens, title)`` candidates; ``(0.0, "")`` if none."""
    toks = tokens(text)
    best = (0.0, "")
    for cand_tokens, title in candidates:
        score = overlap(toks, cand_tokens)
        if score > best[0]:
            best = (score, title)
    return best
