"""Agreement for the report: paragraph units, every pair of the analysed coders.

Uses the project-level agreement service; when agreement cannot be computed (e.g. fewer than
two coders) the report gets a note saying why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.domain.errors import ValidationError
from annotator.services.analysis.dataset import AnalysisData

if TYPE_CHECKING:
    from annotator.services.agreement import AgreementReport

UNIT = "paragraph"
STATISTICS = ("alpha", "kappa", "percent")


@dataclass
class AgreementPart:
    """The computed report, or ``None`` with the reason in ``note``."""

    report: AgreementReport | None
    note: str = ""
    notes: list[str] = field(default_factory=list)


def compute_for_report(data: AnalysisData, codes: tuple[str, ...] = ()) -> AgreementPart:
    """Agreement of all analysed coders on the selected documents and codes."""
    from annotator.services.agreement import AgreementRequest, compute_agreement

    coders = tuple(data.coder_names)
    if len(coders) < 2:
        return AgreementPart(None, "Agreement needs codings by at least two coders; "
                                   f"{'only ' + coders[0] + ' has' if coders else 'no coder has'}"
                                   " codings in this selection.")
    documents: tuple[int, ...] = ()
    selected = data.base.selection.document_ids
    if selected is not None:
        documents = tuple(sorted(selected))
        if not documents:
            return AgreementPart(None, "No document matches the selection.")
    kwargs: dict[str, Any] = {"unit": UNIT, "statistics": STATISTICS, "codes": codes,
                              "documents": documents, "per_document": False, "pairwise": True}
    try:
        report = compute_agreement(data.project, AgreementRequest(coders, **kwargs))
    except ValidationError as exc:
        return AgreementPart(None, f"Agreement could not be computed: {exc}")
    return AgreementPart(report, notes=list(report.notes))
