"""Agreement of each coder with the gold standard: the same report as between coders, plus
precision, recall and F1 of the coder's passages against the gold passages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotator import agreement as ag
from annotator.domain.agreement import AgreementResult
from annotator.domain.errors import ValidationError
from annotator.services.adjudication import gold_coder
from annotator.services.agreement import (DEFAULT_STATISTICS, AgreementReport, AgreementRequest,
                                          load_study)
from annotator.services.agreement.compute import compute_report
from annotator.services.project import Project


@dataclass(frozen=True)
class GoldComparison:
    coder: str
    gold: str
    report: AgreementReport
    span_f1: AgreementResult  # coder (candidate) against gold (reference), overlap matching

    def to_dict(self) -> dict[str, Any]:
        return {"coder": self.coder, "gold": self.gold, "report": self.report.to_dict(),
                "span_f1": self.span_f1.to_dict()}


def gold_agreement(project: Project, coders: Sequence[str], *, unit: str = "paragraph",
                   statistics: Sequence[str] = DEFAULT_STATISTICS, codes: Sequence[str] = (),
                   documents: Sequence[int] = (), overlap: float = 0.0, ci: bool = False,
                   seed: int = 0) -> list[GoldComparison]:
    """One comparison per coder, over the documents that have decisions or gold codings.

    ``overlap`` is the intersection-over-union a passage needs to match a gold passage for the
    F1 (0: any shared character).
    """
    gold = gold_coder(project)
    if gold is None:
        raise ValidationError("there is no gold standard yet: settle some disagreements first")
    out = []
    for coder in coders:
        if coder == gold.name:
            raise ValidationError("compare the coders with gold, not gold with itself")
        req = AgreementRequest((coder, gold.name), unit=unit, statistics=tuple(statistics),
                               codes=tuple(codes), documents=tuple(documents), ci=ci, seed=seed,
                               per_document=False, pairwise=False)
        study = load_study(project, req)
        report = compute_report(study)
        f1 = ag.span_f1(study.table, reference=gold.name, candidate=coder, overlap=overlap,
                        categories=study.leaf_rows)
        out.append(GoldComparison(coder, gold.name, report, f1))
    return out
