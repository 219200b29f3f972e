"""Follow codings of an older edition into the newer one through an :class:`Alignment`.

* Inside sentences whose text is unchanged, boundaries map exactly: the carried passage equals
  the original character for character (method ``same``).
* Across edited sentences, boundaries map through the word diff of the two sentences; the
  similarity of the old and new passage is recorded (method ``edited``; ``moved`` when a
  covered sentence now stands in another section).
* A passage whose sentences are all gone is not carried, and is listed with the reason. When
  only some of its sentences are gone, the passage shrinks to those that remain.
* A coding outside any sentence (a heading, say) is carried when its exact text occurs once in
  the new edition (method ``found``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from rapidfuzz import fuzz

from annotator.domain.alignment import MOVED, Alignment, DiffOp, Pair, char_diff, map_offset


@dataclass(frozen=True, slots=True)
class SourceCoding:
    uuid: str
    start: int
    end: int
    code_uuid: str


@dataclass(frozen=True, slots=True)
class Carried:
    source: SourceCoding
    start: int
    end: int
    method: str  # same | edited | moved | found
    similarity: float


@dataclass(frozen=True, slots=True)
class NotCarried:
    source: SourceCoding
    reason: str


class _Mapper:
    def __init__(self, al: Alignment) -> None:
        self.al = al
        self.old_s = al.old.sentences
        self.new_s = al.new.sentences
        self.starts = [s.start for s in self.old_s]
        self.ends = [s.end for s in self.old_s]
        self.pair_of_old: dict[int, Pair] = al.by_old()
        self._diffs: dict[int, list[DiffOp]] = {}

    def covered(self, start: int, end: int) -> range:
        """Old sentences overlapping [start, end)."""
        lo = bisect_right(self.ends, start)
        hi = bisect_left(self.starts, end)
        return range(lo, hi)

    def diff(self, o: int) -> list[DiffOp]:
        ops = self._diffs.get(o)
        if ops is None:
            p = self.pair_of_old[o]
            assert p.new is not None
            a, b = self.old_s[o], self.new_s[p.new]
            ops = char_diff(self.al.old.text[a.start:a.end], self.al.new.text[b.start:b.end])
            self._diffs[o] = ops
        return ops

    def map(self, o: int, pos: int, side: str) -> int:
        """Map ``pos`` (clamped into old sentence ``o``) into its matched new sentence."""
        p = self.pair_of_old[o]
        assert p.new is not None
        a, b = self.old_s[o], self.new_s[p.new]
        pos = min(max(pos, a.start), a.end)
        old_t = self.al.old.text[a.start:a.end]
        new_t = self.al.new.text[b.start:b.end]
        if old_t == new_t:
            return b.start + (pos - a.start)
        return b.start + map_offset(self.diff(o), pos - a.start, side=side)


def carry(al: Alignment, codings: list[SourceCoding], *, min_similarity: float = 0.0
          ) -> tuple[list[Carried], list[NotCarried]]:
    """Carry ``codings`` (on the old edition) into the new one. Deterministic, in input order."""
    m = _Mapper(al)
    old_text, new_text = al.old.text, al.new.text
    done: list[Carried] = []
    gone: list[NotCarried] = []
    for c in codings:
        sents = m.covered(c.start, c.end)
        kept = [o for o in sents if o in m.pair_of_old]
        if not len(sents):
            found = _find_once(new_text, old_text[c.start:c.end])
            if found is None:
                gone.append(NotCarried(c, "outside any sentence, and its text is not found "
                                          "once in the new edition"))
            else:
                done.append(Carried(c, found, found + (c.end - c.start), "found", 1.0))
            continue
        if not kept:
            gone.append(NotCarried(c, "its text is gone (every sentence removed)"))
            continue
        first, last = kept[0], kept[-1]
        start = m.map(first, c.start, "start")
        end = m.map(last, c.end, "end")
        new_first = m.pair_of_old[first].new
        new_last = m.pair_of_old[last].new
        assert new_first is not None and new_last is not None
        if end <= start or new_last < new_first or new_last - new_first > 2 * len(sents) + 4:
            gone.append(NotCarried(c, "its sentences were split up or reordered in the new "
                                      "edition"))
            continue
        old_passage, new_passage = old_text[c.start:c.end], new_text[start:end]
        pairs = [m.pair_of_old[o] for o in kept]
        exact = (old_passage == new_passage and len(kept) == len(sents)
                 and all(p.identical for p in pairs))
        if exact:
            method = MOVED if any(p.status == MOVED for p in pairs) else "same"
            sim = 1.0
        else:
            method = MOVED if any(p.status == MOVED for p in pairs) else "edited"
            sim = round(fuzz.ratio(old_passage, new_passage) / 100.0, 4)
        if sim < min_similarity:
            gone.append(NotCarried(c, f"similarity {sim:.2f} is below {min_similarity:.2f}"))
            continue
        done.append(Carried(c, start, end, method, sim))
    return done, gone


def _find_once(text: str, needle: str) -> int | None:
    if not needle.strip():
        return None
    i = text.find(needle)
    if i < 0 or text.find(needle, i + 1) >= 0:
        return None
    return i
