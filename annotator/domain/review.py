"""Reviewing double-coded text: passage sets, disagreement clusters and adjudication decisions.

Offsets are code points, half-open ``[start, end)``. A coder's passages for one code are treated
as a set of characters: overlapping or touching passages are merged first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from annotator.domain.errors import ValidationError

Interval = tuple[int, int]

ACCEPT = "accept"
UNION = "union"
INTERSECTION = "intersection"
EDIT = "edit"
REJECT = "reject"
DECISIONS = (ACCEPT, UNION, INTERSECTION, EDIT, REJECT)


def merge(spans: Iterable[Interval]) -> list[Interval]:
    """The union of intervals as sorted, disjoint intervals (touching ones are joined)."""
    out: list[Interval] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def intersect(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """Characters in both interval sets (inputs merged first)."""
    a, b = merge(a), merge(b)
    out: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        s, e = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if s < e:
            out.append((s, e))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def clip(spans: Iterable[Interval], start: int, end: int) -> list[Interval]:
    """The parts of ``spans`` inside ``[start, end)``, merged."""
    return merge((max(s, start), min(e, end)) for s, e in spans if s < end and e > start)


def length(spans: Iterable[Interval]) -> int:
    return sum(e - s for s, e in merge(spans))


@dataclass(frozen=True, slots=True)
class Passage:
    """One coder's coded passage (a coding) inside a review item."""

    coder: str
    coding_uuid: str
    start: int
    end: int


def clusters(passages: Iterable[Passage]) -> list[tuple[int, int, list[Passage]]]:
    """Group passages into chains of overlap (sharing at least one character).

    Returns ``(start, end, members)`` per group, sorted by start; ``[start, end)`` covers every
    member. Passages of one code in one document are expected.
    """
    out: list[tuple[int, int, list[Passage]]] = []
    for p in sorted(passages, key=lambda p: (p.start, p.end, p.coder, p.coding_uuid)):
        if out and p.start < out[-1][1]:
            s, e, members = out[-1]
            members.append(p)
            out[-1] = (s, max(e, p.end), members)
        else:
            out.append((p.start, p.end, [p]))
    return out


def by_coder(passages: Iterable[Passage], coders: Sequence[str], start: int | None = None,
             end: int | None = None) -> dict[str, list[Interval]]:
    """Each coder's merged intervals (clipped to ``[start, end)`` when given)."""
    raw: dict[str, list[Interval]] = {c: [] for c in coders}
    for p in passages:
        if p.coder in raw:
            raw[p.coder].append((p.start, p.end))
    if start is None or end is None:
        return {c: merge(v) for c, v in raw.items()}
    return {c: clip(v, start, end) for c, v in raw.items()}


def coders_agree(spans: Mapping[str, Sequence[Interval]]) -> bool:
    """True when every coder marked exactly the same characters."""
    sets = [merge(v) for v in spans.values()]
    return all(s == sets[0] for s in sets[1:])


def parse_decision(decision: str, coders: Sequence[str]) -> tuple[str, str | None]:
    """``"accept:alice"`` -> ``("accept", "alice")``; other decisions -> ``(name, None)``."""
    kind, _, who = decision.partition(":")
    kind = kind.strip().lower()
    if kind not in DECISIONS:
        raise ValidationError(f"unknown decision {decision!r}; use accept:<coder>, union, "
                              "intersection, edit or reject")
    if kind == ACCEPT:
        who = who.strip()
        if who not in coders:
            listed = ", ".join(coders)
            raise ValidationError(f"accept needs one of the compared coders ({listed}); "
                                  f"got {who or 'none'!r}")
        return kind, who
    if who:
        raise ValidationError(f"{kind} takes no coder name")
    return kind, None


def decided_spans(decision: str, spans: Mapping[str, Sequence[Interval]],
                  edit: Sequence[Interval] | None = None) -> list[Interval]:
    """The gold passages that a decision yields from each coder's passages.

    ``accept:<coder>`` copies that coder's passages (none is a valid answer: the coder was right
    that nothing is there); ``union`` joins everyone's; ``intersection`` keeps what all coders
    marked (refused when that is nothing); ``edit`` uses ``edit``; ``reject`` yields nothing.
    """
    kind, who = parse_decision(decision, list(spans))
    if kind == ACCEPT:
        assert who is not None
        return merge(spans[who])
    if kind == UNION:
        return merge(s for v in spans.values() for s in v)
    if kind == INTERSECTION:
        sets = list(spans.values())
        common = merge(sets[0]) if sets else []
        for other in sets[1:]:
            common = intersect(common, other)
        if not common:
            missing = [c for c, v in spans.items() if not v]
            why = (f"{', '.join(missing)} did not code it" if missing
                   else "their passages do not overlap")
            raise ValidationError(f"nothing in common to keep ({why}); choose accept, union, "
                                  "edit or reject")
        return common
    if kind == EDIT:
        chosen = merge(edit or [])
        if not chosen:
            raise ValidationError("edit needs at least one passage (start, end)")
        return chosen
    return []
