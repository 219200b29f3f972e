"""The project at a glance: documents, coders, codes, codings and the coded share of text."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from annotator.services.analysis.coverage import CodedShare, coded_share
from annotator.services.analysis.dataset import AnalysisData


@dataclass(frozen=True, slots=True)
class CoderSummary:
    name: str
    codings: int
    documents: int
    coded_share: float
    is_gold: bool


@dataclass(frozen=True)
class ProjectSummary:
    name: str
    documents: int
    characters: int
    countries: list[str]
    years: list[int]
    codes: int  # codes selected
    codes_used: int  # of those, codes with at least one coding
    codings: int
    coders: list[CoderSummary]
    share: CodedShare

    @property
    def year_span(self) -> str:
        if not self.years:
            return ""
        lo, hi = self.years[0], self.years[-1]
        return str(lo) if lo == hi else f"{lo}–{hi}"


def project_summary(data: AnalysisData) -> ProjectSummary:
    share = coded_share(data)
    per_coder = Counter(c.coder_id for c in data.codings)
    docs_per_coder: dict[int, set[int]] = {}
    for c in data.codings:
        docs_per_coder.setdefault(c.coder_id, set()).add(c.document_id)
    coders = [CoderSummary(data.coders[i].name, per_coder.get(i, 0),
                           len(docs_per_coder.get(i, ())),
                           share.coder_share(data.coders[i].name), data.coders[i].is_gold)
              for i in data.coder_ids]
    with data.project.read() as tx:
        name = tx.meta().get("name") or data.project.name
    return ProjectSummary(
        name=name, documents=len(data.documents),
        characters=share.characters,
        countries=sorted({d.country for d in data.documents if d.country}, key=str.casefold),
        years=sorted({d.year for d in data.documents if d.year is not None}),
        codes=len(data.code_order), codes_used=len({c.code_id for c in data.codings}),
        codings=len(data.codings), coders=coders, share=share)
