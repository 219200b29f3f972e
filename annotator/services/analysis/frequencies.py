"""How often each code was applied, per coder, with counts rolled up over subtrees.

``own`` counts the codings of the code itself; ``rolled`` adds every code below it, so a
grouping code such as "Physical integrity" shows how much of the text its children cover.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from annotator.services.analysis.dataset import AnalysisData, CodeRef


@dataclass(frozen=True, slots=True)
class CodeFrequency:
    """One code's counts. Dicts are keyed by coder name (coders without codings give 0)."""

    code: CodeRef
    own: dict[str, int]
    rolled: dict[str, int]
    documents: int  # documents with a coding of this code
    rolled_documents: int  # documents with a coding of this code or one below it

    @property
    def own_total(self) -> int:
        return sum(self.own.values())

    @property
    def rolled_total(self) -> int:
        return sum(self.rolled.values())


@dataclass(frozen=True)
class FrequencyTable:
    coders: list[str]
    rows: list[CodeFrequency] = field(default_factory=list)

    def row(self, ref: str) -> CodeFrequency:
        """A row by code uuid or path."""
        for r in self.rows:
            if ref in (r.code.uuid, r.code.path):
                return r
        raise KeyError(ref)

    def used(self) -> list[CodeFrequency]:
        """Rows with at least one coding of the code or below it."""
        return [r for r in self.rows if r.rolled_total]

    @property
    def total(self) -> int:
        return sum(r.own_total for r in self.rows)


def code_frequencies(data: AnalysisData) -> FrequencyTable:
    """Counts for every selected code, in codebook order."""
    coder_ids = data.coder_ids
    names = {i: data.coders[i].name for i in coder_ids}
    own: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    rolled: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    docs: dict[int, set[int]] = defaultdict(set)
    rolled_docs: dict[int, set[int]] = defaultdict(set)
    # count per (code, coder, document) first: far fewer roll-up steps than per coding
    tally: dict[tuple[int, int, int], int] = defaultdict(int)
    for c in data.codings:
        tally[(c.code_id, c.coder_id, c.document_id)] += 1
    ancestors = data.ancestors
    for (code, coder, doc), n in tally.items():
        own[code][coder] += n
        docs[code].add(doc)
        for target in (code, *ancestors.get(code, ())):
            rolled[target][coder] += n
            rolled_docs[target].add(doc)
    rows = [CodeFrequency(data.ref(cid),
                          {names[k]: own[cid].get(k, 0) for k in coder_ids},
                          {names[k]: rolled[cid].get(k, 0) for k in coder_ids},
                          len(docs.get(cid, ())), len(rolled_docs.get(cid, ())))
            for cid in data.code_order]
    return FrequencyTable([names[k] for k in coder_ids], rows)
