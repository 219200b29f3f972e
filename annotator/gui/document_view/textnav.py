"""Word, sentence and grapheme boundaries on the canonical text (Qt-free, code points).

Used to snap selections to whole words, to move a coding's edge by a word, and to extend a
selection by a sentence. All functions take and return code-point offsets.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = "'\u2019"
_ZWJ = "\u200d"
_SENTENCE_END = re.compile(r"[.!?\u2026\u061f\u06d4\u3002\uff01\uff1f]+[\"'\u201d\u2019\u00bb)\]]*"
                           r"(?=\s|$)")
_SENTENCE_OR_LINE_END = re.compile(_SENTENCE_END.pattern + r"|\n")
_WINDOW = 4000  # how far back/forward sentence searches look


def is_extender(ch: str) -> bool:
    """Characters that belong to the grapheme before them (marks, joiners, selectors...)."""
    o = ord(ch)
    return (unicodedata.category(ch) in ("Mn", "Mc", "Me") or ch == _ZWJ
            or 0xFE00 <= o <= 0xFE0F or 0xE0100 <= o <= 0xE01EF or 0x1F3FB <= o <= 0x1F3FF
            or 0xE0020 <= o <= 0xE007F)


def is_word_char(text: str, i: int) -> bool:
    """Is ``text[i]`` part of a word (letters, digits, marks, an apostrophe inside a word)?"""
    ch = text[i]
    if ch.isalnum() or ch == "_" or is_extender(ch):
        return True
    if ch in _APOSTROPHES and 0 < i < len(text) - 1:
        return text[i - 1].isalnum() and text[i + 1].isalnum()
    return False


def grapheme_floor(text: str, pos: int) -> int:
    """Move ``pos`` left until it does not split a grapheme (combining mark, ZWJ sequence)."""
    while 0 < pos < len(text) and (is_extender(text[pos]) or text[pos - 1] == _ZWJ):
        pos -= 1
    return pos


def grapheme_ceil(text: str, pos: int) -> int:
    """Move ``pos`` right until it does not split a grapheme."""
    while 0 < pos < len(text) and (is_extender(text[pos]) or text[pos - 1] == _ZWJ):
        pos += 1
    return pos


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow ``[start, end)`` to whole words and trim surrounding white space.

    A selection of only spaces or punctuation is kept as it was (grapheme-aligned), so the
    user can still code a lone symbol.
    """
    n = len(text)
    start, end = max(0, min(start, n)), max(0, min(end, n))
    if end <= start:
        return start, start
    s = grapheme_floor(text, start)
    e = grapheme_ceil(text, end)
    while s > 0 and is_word_char(text, s) and is_word_char(text, s - 1):
        s -= 1
    while e < n and is_word_char(text, e - 1) and is_word_char(text, e):
        e += 1
    ts, te = s, e
    while ts < te and text[ts].isspace():
        ts += 1
    while te > ts and text[te - 1].isspace():
        te -= 1
    return (ts, te) if te > ts else (s, e)


def word_start_before(text: str, pos: int) -> int:
    """Start of the word before ``pos`` (skipping non-word characters first)."""
    i = min(pos, len(text))
    while i > 0 and not is_word_char(text, i - 1):
        i -= 1
    while i > 0 and is_word_char(text, i - 1):
        i -= 1
    return i


def word_start_after(text: str, pos: int) -> int:
    """Start of the next word after ``pos`` (``len(text)`` if none)."""
    n = len(text)
    i = max(0, pos)
    while i < n and is_word_char(text, i):
        i += 1
    while i < n and not is_word_char(text, i):
        i += 1
    return i


def word_end_after(text: str, pos: int) -> int:
    """End of the word after ``pos`` (skipping non-word characters first)."""
    n = len(text)
    i = max(0, pos)
    while i < n and not is_word_char(text, i):
        i += 1
    while i < n and is_word_char(text, i):
        i += 1
    return i


def word_end_before(text: str, pos: int) -> int:
    """End of the previous word strictly before ``pos`` (0 if none)."""
    i = min(pos, len(text))
    while i > 0 and is_word_char(text, i - 1):
        i -= 1
    while i > 0 and not is_word_char(text, i - 1):
        i -= 1
    return i


def nearest_word_boundary(text: str, pos: int) -> int:
    """``pos`` moved to the closer end of the word it falls in (unchanged between words)."""
    n = len(text)
    if not (0 < pos < n and is_word_char(text, pos) and is_word_char(text, pos - 1)):
        return grapheme_floor(text, pos)
    left = pos
    while left > 0 and is_word_char(text, left - 1):
        left -= 1
    right = pos
    while right < n and is_word_char(text, right):
        right += 1
    return left if pos - left <= right - pos else right


def sentence_end_after(text: str, pos: int) -> int:
    """End of the sentence holding ``pos`` (after its final punctuation), or the next one's
    if ``pos`` already sits at an end. A line break also ends a sentence."""
    n = len(text)
    i = pos
    while i < n and text[i].isspace():
        i += 1
    stop = min(n, i + _WINDOW)
    nl = text.find("\n", i, stop)
    limit = nl if nl != -1 else stop
    m = _SENTENCE_END.search(text, i, limit)
    end = m.end() if m else limit
    return end if end > pos else min(n, pos + 1)


def sentence_start_before(text: str, pos: int) -> int:
    """Start of the sentence holding ``pos``, or of the previous one if ``pos`` is at a start."""
    lo = max(0, pos - _WINDOW)
    starts = [lo] + [m.end() for m in _SENTENCE_OR_LINE_END.finditer(text, lo, pos)]
    cands = []
    for s in starts:
        while s < pos and text[s].isspace():
            s += 1
        if s < pos:
            cands.append(s)
    return max(cands) if cands else max(0, pos - 1) if pos else 0


def mostly_right_to_left(text: str, sample: int = 20000) -> bool:
    """Do right-to-left letters (Hebrew, Arabic...) outnumber left-to-right ones?"""
    head = text[:sample]
    if head.isascii():
        return False
    ltr = len(_ASCII_LETTERS.findall(head))  # left-to-right, counted without a Python loop
    rtl = 0
    for ch in _NON_ASCII.findall(head):
        if ch.isalpha():
            d = unicodedata.bidirectional(ch)
            if d in ("R", "AL"):
                rtl += 1
            elif d == "L":
                ltr += 1
    return rtl > ltr


_ASCII_LETTERS = re.compile(r"[A-Za-z]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
