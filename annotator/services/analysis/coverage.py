"""Coded share of text: how many characters at least one coding covers.

Overlapping codings count once (the union of their spans), so the share never exceeds 1.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from annotator.services.analysis.dataset import AnalysisData, Interval


def union_length(spans: Iterable[Interval]) -> int:
    """Characters covered by at least one of the half-open ``spans``."""
    total, reach = 0, -1
    for s, e in sorted(spans):
        if e <= reach:
            continue
        total += e - max(s, reach)
        reach = e
    return total


@dataclass(frozen=True, slots=True)
class CodedShare:
    """Characters of the selected documents, how many are coded, and the same per coder."""

    characters: int
    coded: int
    per_coder: dict[str, int]
    documents_coded: int  # documents with at least one coding

    @property
    def share(self) -> float:
        return self.coded / self.characters if self.characters else 0.0

    def coder_share(self, name: str) -> float:
        return self.per_coder.get(name, 0) / self.characters if self.characters else 0.0


def coded_share(data: AnalysisData) -> CodedShare:
    """Union of coded characters over all codings and per coder, for the selected documents."""
    by_doc: dict[int, list[Interval]] = defaultdict(list)
    by_doc_coder: dict[tuple[int, int], list[Interval]] = defaultdict(list)
    for c in data.codings:
        by_doc[c.document_id].append((c.start, c.end))
        by_doc_coder[(c.document_id, c.coder_id)].append((c.start, c.end))
    per_coder = {data.coders[i].name: 0 for i in data.coder_ids}
    for (_, coder), spans in by_doc_coder.items():
        name = data.coders[coder].name
        per_coder[name] = per_coder.get(name, 0) + union_length(spans)
    return CodedShare(characters=sum(d.chars for d in data.documents),
                      coded=sum(union_length(s) for s in by_doc.values()),
                      per_coder=per_coder, documents_coded=len(by_doc))
