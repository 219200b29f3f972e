"""Which codes go together: a code x code matrix under an explicit co-occurrence rule.

Rules (``rule=``):

``"overlap"``
    A coding of A and a coding of B co-occur when they are in the same document and their
    spans share at least one character. A cell counts such pairs of codings; the diagonal
    counts the codings of the code.
``"paragraph"``
    A and B co-occur in a paragraph when each has a coding touching that paragraph. A cell
    counts paragraphs; the diagonal counts paragraphs holding the code. Codings outside every
    paragraph (headings) do not count.

With ``same_coder=True`` (the default) only codings by the same coder are paired, so the matrix
shows how each coder combines codes and not where two coders disagreed on a passage.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from annotator.services.analysis.dataset import AnalysisData, CodeRef, Interval
from annotator.services.analysis.passages import Passage, make_passage
from annotator.storage.exchange_queries import CodingRow

RULES = ("overlap", "paragraph")


def describe_rule(rule: str, same_coder: bool = True) -> str:
    """The rule in one sentence, for reports and tooltips."""
    who = " by the same coder" if same_coder else " (by any coders)"
    if rule == "overlap":
        return ("Two codes co-occur when a coding of one overlaps a coding of the other (at "
                f"least one shared character in the same document){who}; a cell counts such "
                "pairs of codings, the diagonal the codings of the code.")
    if rule == "paragraph":
        return ("Two codes co-occur in a paragraph when both are applied within it"
                f"{who}; a cell counts paragraphs, the diagonal the paragraphs holding the "
                "code.")
    raise ValueError(f"unknown co-occurrence rule {rule!r} (use {' or '.join(RULES)})")


@dataclass(frozen=True)
class CooccurrenceMatrix:
    rule: str
    same_coder: bool
    codes: list[CodeRef]
    counts: list[list[int]]  # symmetric

    @property
    def description(self) -> str:
        return describe_rule(self.rule, self.same_coder)

    def index(self, ref: str) -> int:
        for i, c in enumerate(self.codes):
            if ref in (c.uuid, c.path):
                return i
        raise KeyError(ref)

    def count(self, a: str, b: str) -> int:
        """The cell of two codes given by uuid or path."""
        return self.counts[self.index(a)][self.index(b)]

    def max_off_diagonal(self) -> int:
        n = len(self.codes)
        return max((self.counts[i][j] for i in range(n) for j in range(n) if i != j), default=0)

    def top_pairs(self, n: int = 10) -> list[tuple[CodeRef, CodeRef, int]]:
        """The ``n`` largest off-diagonal cells (each pair once), largest first."""
        pairs = [(self.codes[i], self.codes[j], self.counts[i][j])
                 for i, j in combinations(range(len(self.codes)), 2) if self.counts[i][j]]
        pairs.sort(key=lambda p: -p[2])
        return pairs[:n]


def _check(rule: str) -> None:
    if rule not in RULES:
        raise ValueError(f"unknown co-occurrence rule {rule!r} (use {' or '.join(RULES)})")


def _groups(codings: Iterable[CodingRow], same_coder: bool
            ) -> dict[tuple[int, int], list[CodingRow]]:
    out: dict[tuple[int, int], list[CodingRow]] = defaultdict(list)
    for c in codings:
        out[(c.document_id, c.coder_id if same_coder else 0)].append(c)
    return out


def _overlapping_pairs(items: list[CodingRow]) -> Iterable[tuple[CodingRow, CodingRow]]:
    """Pairs of codings (in one group) whose spans overlap: a sweep by start."""
    items = sorted(items, key=lambda c: (c.start, c.end))
    active: list[CodingRow] = []
    for c in items:
        active = [a for a in active if a.end > c.start]
        for a in active:
            yield a, c
        active.append(c)


def _paragraph_hits(paragraphs: list[Interval], ends: list[int], c: CodingRow) -> range:
    """Indices of the (sorted, disjoint) paragraphs a coding touches (``ends``: their ends)."""
    first = bisect.bisect_right(ends, c.start)
    last = first
    while last < len(paragraphs) and paragraphs[last][0] < c.end:
        last += 1
    return range(first, last)


def _paragraph_codes(data: AnalysisData, codings: Iterable[CodingRow], same_coder: bool
                     ) -> dict[tuple[int, int], dict[int, set[int]]]:
    """(document, paragraph index) -> coder group -> code ids applied there."""
    paragraphs = data.paragraphs()
    ends = {d: [e for _, e in spans] for d, spans in paragraphs.items()}
    out: dict[tuple[int, int], dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for c in codings:
        paras = paragraphs.get(c.document_id, [])
        for i in _paragraph_hits(paras, ends.get(c.document_id, []), c):
            out[(c.document_id, i)][c.coder_id if same_coder else 0].add(c.code_id)
    return out


def cooccurrence(data: AnalysisData, rule: str = "overlap", *, same_coder: bool = True,
                 codes: Sequence[str] | None = None) -> CooccurrenceMatrix:
    """The matrix over ``codes`` (uuids; default: every selected code with codings, in
    codebook order). Codings of a code count for that code only (no roll-up)."""
    _check(rule)
    if codes is None:
        used = {c.code_id for c in data.codings}
        ids = [cid for cid in data.code_order if cid in used]
    else:
        by_uuid = data.code_ids_by_uuid
        ids = [by_uuid[u] for u in codes]
    pos = {cid: i for i, cid in enumerate(ids)}
    n = len(ids)
    counts = [[0] * n for _ in range(n)]
    relevant = [c for c in data.codings if c.code_id in pos]
    if rule == "overlap":
        for c in relevant:
            counts[pos[c.code_id]][pos[c.code_id]] += 1
        for items in _groups(relevant, same_coder).values():
            for a, b in _overlapping_pairs(items):
                i, j = pos[a.code_id], pos[b.code_id]
                if i != j:
                    counts[i][j] += 1
                    counts[j][i] += 1
    else:
        for per_coder in _paragraph_codes(data, relevant, same_coder).values():
            present: set[int] = set()
            pairs: set[tuple[int, int]] = set()
            for code_ids in per_coder.values():
                idx = sorted(pos[c] for c in code_ids)
                present.update(idx)
                pairs.update(combinations(idx, 2))
            for i in present:
                counts[i][i] += 1
            for i, j in pairs:
                counts[i][j] += 1
                counts[j][i] += 1
    return CooccurrenceMatrix(rule, same_coder, [data.ref(cid) for cid in ids], counts)


def cooccurrence_passages(data: AnalysisData, code_a: str, code_b: str,
                          rule: str = "overlap", *, same_coder: bool = True,
                          limit: int | None = None) -> list[Passage]:
    """Where two codes (uuids) co-occur: for ``"overlap"`` the stretch covered by each pair
    of overlapping codings (identical stretches once), for ``"paragraph"`` the paragraph.
    ``code_a == code_b`` lists where the code occurs. In document order."""
    _check(rule)
    ids = data.code_ids_by_uuid
    a_id, b_id = ids[code_a], ids[code_b]
    relevant = [c for c in data.codings if c.code_id in (a_id, b_id)]
    label = data.code_paths[a_id] if a_id == b_id else (
        f"{data.code_paths[a_id]} + {data.code_paths[b_id]}")
    found: dict[tuple[int, int, int], list[CodingRow]] = {}
    if rule == "overlap":
        if a_id == b_id:
            for c in relevant:
                found.setdefault((c.document_id, c.start, c.end), []).append(c)
        for items in _groups(relevant, same_coder).values():
            for x, y in _overlapping_pairs(items):
                if {x.code_id, y.code_id} == {a_id, b_id} and a_id != b_id:
                    key = (x.document_id, min(x.start, y.start), max(x.end, y.end))
                    found.setdefault(key, []).extend((x, y))
    else:
        paragraphs = data.paragraphs()
        by_doc: dict[int, list[CodingRow]] = defaultdict(list)
        for c in relevant:
            by_doc[c.document_id].append(c)
        for (doc, i), per_coder in _paragraph_codes(data, relevant, same_coder).items():
            if any({a_id, b_id} <= codes for codes in per_coder.values()):
                s, e = paragraphs[doc][i]
                found[(doc, s, e)] = [c for c in by_doc[doc] if c.start < e and c.end > s]
    order = {d.id: k for k, d in enumerate(data.documents)}
    keys = sorted(found, key=lambda k: (order.get(k[0], 0), k[1], k[2]))
    if limit is not None:
        keys = keys[:limit]
    texts = data.texts(k[0] for k in keys)
    return [make_passage(data, d, s, e, code_path=label,
                         codings=list({c.uuid: c for c in found[(d, s, e)]}.values()),
                         text=texts[d]) for d, s, e in keys]
