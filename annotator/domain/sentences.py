"""Split canonical text into sentences (code-point spans), for sentence-level agreement units.

Rules, in order:

* Sentences never cross a paragraph: the text is first cut into blank-line separated blocks
  (:func:`annotator.domain.text.paragraph_spans`) unless other blocks are given.
* Inside a block, a sentence may end after ``.``, ``!``, ``?`` or ``…`` (plus closing quotes and
  brackets), where whitespace follows and the next word starts like a sentence: an upper-case
  letter, a digit, an opening quote or bracket, or any letter of a script without case.
* A full stop does **not** end a sentence after a known abbreviation (``Mr.``, ``No.``, ``Art.``,
  ``e.g.``, month names...), after a single initial (``John F. Kennedy``), after a dotted
  acronym (``U.S.``, ``U.N.``), after a numbered heading (``Section 1.``), or when the next
  word starts in lower case.

A heuristic: it errs towards longer sentences, which only makes the units coarser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from annotator.domain.text import Span, paragraph_spans

#: Lower-cased abbreviations (without the final dot) after which a full stop is not an ending.
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof st sr jr mt ft gen col lt sgt capt cmdr adm maj gov sen rep pres amb hon rev
no nos art arts para paras sec secs ch chap vol vols pp p fig figs ed eds est approx dept univ
inc ltd co corp bros assn intl govt jan feb mar apr jun jul aug sep sept oct nov dec
e.g i.e etc cf vs v viz al ca op
""".split())

#: "Section 1. Respect for..." is a heading, not a sentence ending after "1".
_NUMBERED = re.compile(r"(?:^|\s)(?:section|chapter|article|part|paragraph|annex|appendix|"
                       r"table|figure|rule|item|step)\s+[0-9ivxlc]+[a-z]?\.$", re.IGNORECASE)
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"(\S+)$")
_WINDOW = 200
_ACRONYM = re.compile(r"^(?:[A-Za-z]\.){2,}$")
_INITIAL = re.compile(r"^[A-Z]\.$")


def _starts_sentence(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` can open a sentence."""
    if pos >= len(text):
        return False
    ch = text[pos]
    if ch in "\"'“‘«([¿¡—–-•*" or ch.isdigit():
        return True
    if ch.isalpha():
        return ch.isupper() or ch == ch.lower() == ch.upper()  # caseless scripts count
    return False


def _is_abbreviation(token: str) -> bool:
    """``token`` is the text before whitespace, ending with the candidate full stop."""
    if not token.endswith("."):
        return False
    word = token.lstrip("\"'“‘«([").rstrip(".")
    if _INITIAL.match(token.lstrip("\"'“‘«([")) or _ACRONYM.match(word + "."):
        return True
    return word.lower() in ABBREVIATIONS


def _split_block(text: str, start: int, end: int) -> list[Span]:
    out: list[Span] = []
    block = text[start:end]
    begin = 0
    for m in _END.finditer(block):
        stop = m.end()
        after = stop
        while after < len(block) and block[after].isspace():
            after += 1
        if after >= len(block) or not _starts_sentence(block, after):
            continue
        if m.group().startswith(".") and len(m.group().rstrip("\"'”’»)]")) == 1:
            # the word before the stop (searched in a window: from 0 it is quadratic in the
            # paragraph's length; words longer than the window are never abbreviations)
            token = _WORD_BEFORE.search(block, max(0, m.start() - _WINDOW), m.start() + 1)
            if token and _is_abbreviation(token.group(1)):
                continue
            if _NUMBERED.search(block, max(0, m.start() - 40), m.start() + 1):
                continue
        out.append(_trimmed(text, start + begin, start + stop))
        begin = after
    if begin < len(block):
        out.append(_trimmed(text, start + begin, end))
    return [s for s in out if len(s)]


def _trimmed(text: str, s: int, e: int) -> Span:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Span(s, e)


def sentence_spans(text: str, blocks: Iterable[tuple[int, int]] | None = None) -> list[Span]:
    """Sentences of ``text`` as sorted, non-overlapping spans, trimmed of surrounding space.

    ``blocks`` are the ``(start, end)`` paragraphs to split (default: blank-line blocks).
    """
    if blocks is None:
        pairs = [(s.start, s.end) for s in paragraph_spans(text)]
    else:
        pairs = sorted((int(s), int(e)) for s, e in blocks)
    out: list[Span] = []
    last = 0
    for s, e in pairs:
        s = max(s, last)
        if e <= s:
            continue
        out.extend(_split_block(text, s, e))
        last = e
    return out
