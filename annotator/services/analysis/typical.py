"""The most typical passages of each code, chosen by a rule a reader can check.

For one code, overlapping codings of it in the same document (by any coder) form one
*passage*. Passages are ranked by, in order:

1. how many coders applied the code there (most first);
2. how closely those codings agree: characters all of them cover / characters any covers;
3. how many of the codings carry a memo;
4. document order, then position (so the choice is reproducible).

The best passage of each document is taken first, so the examples come from as many documents
as possible. A passage spans all its codings; ``core`` is the part every one of them covers
(``None`` for a single coding or when they share no character).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from annotator.services.analysis.dataset import AnalysisData
from annotator.services.analysis.passages import Passage, make_passage
from annotator.storage.exchange_queries import CodingRow

RULE = ("Passages where most coders applied the code come first; ties go to the closest "
        "agreement on the boundaries (shared characters / covered characters), then to "
        "passages with memos; at most one passage per document until every document had a "
        "turn.")


@dataclass(frozen=True, slots=True)
class TypicalPassage:
    passage: Passage
    coders: int  # distinct coders who applied the code here
    agreement: float  # shared / covered characters of those codings (1.0 for one coding)
    memos: int
    core: tuple[int, int] | None = None  # what every coding covers, when it is a real part

    @property
    def reason(self) -> str:
        """Why it ranks high, in a few words."""
        parts = ["1 coder" if self.coders == 1 else
                 f"{self.coders} coders, {round(self.agreement * 100)}% boundary agreement"]
        if self.memos:
            parts.append(f"{self.memos} memo{'s' if self.memos > 1 else ''}")
        return ", ".join(parts)


@dataclass(slots=True)
class _Cluster:
    """Overlapping codings of one code in one document, with their ranking facts."""

    document_id: int
    codings: list[CodingRow]
    start: int = 0
    end: int = 0
    core: tuple[int, int] = (0, 0)
    score: tuple[int, float, int] = (0, 0.0, 0)

    def close(self) -> _Cluster:
        cs = self.codings
        if len(cs) == 1:
            c = cs[0]
            self.start, self.end, self.core = c.start, c.end, (c.start, c.end)
            self.score = (1, 1.0, 1 if c.memo else 0)
            return self
        self.start, self.end = min(c.start for c in cs), max(c.end for c in cs)
        self.core = (max(c.start for c in cs), min(c.end for c in cs))
        agreement = max(0, self.core[1] - self.core[0]) / (self.end - self.start)
        self.score = (len({c.coder_id for c in cs}), agreement, sum(1 for c in cs if c.memo))
        return self


def _clusters(codings: list[CodingRow]) -> list[_Cluster]:
    """Chains of overlapping codings of one code in one document."""
    out: list[_Cluster] = []
    reach = -1
    for c in sorted(codings, key=lambda c: (c.start, c.end, c.id)):
        if out and c.start < reach:
            out[-1].codings.append(c)
            reach = max(reach, c.end)
        else:
            out.append(_Cluster(c.document_id, [c]))
            reach = c.end
    return [k.close() for k in out]


def _pick(clusters: list[_Cluster], per_code: int, order: dict[int, int]) -> list[_Cluster]:
    ranked = sorted(clusters, key=lambda k: (-k.score[0], -k.score[1], -k.score[2],
                                             order.get(k.document_id, 0), k.start))
    picked: list[_Cluster] = []
    used_docs: set[int] = set()
    for k in ranked:  # first round: one per document
        if len(picked) == per_code:
            break
        if k.document_id not in used_docs:
            used_docs.add(k.document_id)
            picked.append(k)
    if len(picked) < per_code:
        chosen = {id(k) for k in picked}
        picked += [k for k in ranked if id(k) not in chosen][:per_code - len(picked)]
    return picked


def typical_passages(data: AnalysisData, per_code: int = 3) -> dict[str, list[TypicalPassage]]:
    """code uuid -> up to ``per_code`` passages (codes without codings are left out)."""
    grouped: dict[int, dict[int, list[CodingRow]]] = defaultdict(lambda: defaultdict(list))
    for c in data.codings:
        grouped[c.code_id][c.document_id].append(c)
    order = {d.id: i for i, d in enumerate(data.documents)}
    chosen: dict[int, list[_Cluster]] = {}
    for code_id, per_doc in grouped.items():
        clusters = [k for items in per_doc.values() for k in _clusters(items)]
        chosen[code_id] = _pick(clusters, per_code, order)
    texts = data.texts(k.document_id for ks in chosen.values() for k in ks)
    out: dict[str, list[TypicalPassage]] = {}
    for code_id in data.code_order:
        if code_id not in chosen:
            continue
        items = []
        for k in chosen[code_id]:
            s, e = k.core
            core = (s, e) if s < e and (s, e) != (k.start, k.end) else None
            n_coders, agreement, memos = k.score
            passage = make_passage(data, k.document_id, k.start, k.end,
                                   code_path=data.code_paths[code_id], codings=k.codings,
                                   text=texts[k.document_id])
            items.append(TypicalPassage(passage, n_coders, agreement, memos, core))
        out[data.codes[code_id].uuid] = items
    return out
