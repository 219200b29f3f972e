"""What the report shows, computed once: the options, then every analysis result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from annotator.services.analysis import (CooccurrenceMatrix, FrequencyTable, ProjectSummary,
                                         TypicalPassage, code_frequencies, cooccurrence,
                                         load_analysis, project_summary, typical_passages)
from annotator.services.analysis.cooccurrence import RULES
from annotator.services.analysis.dataset import AnalysisData
from annotator.services.exporting.filters import ExportFilter
from annotator.services.project import Project
from annotator.services.reporting.report_agreement import AgreementPart, compute_for_report

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ReportOptions:
    """What to report on. ``filter`` selects coders, code subtrees, documents, country, year
    (as for exports); the rest tunes the sections."""

    filter: ExportFilter = field(default_factory=ExportFilter)
    passages_per_code: int = 3
    cooccurrence_rule: str = "overlap"  # or "paragraph"
    same_coder: bool = True
    agreement: bool = True
    title: str = ""

    def __post_init__(self) -> None:
        if self.cooccurrence_rule not in RULES:
            raise ValueError(f"co-occurrence rule must be one of {', '.join(RULES)}")
        if self.passages_per_code < 0:
            raise ValueError("passages per code cannot be negative")


@dataclass
class ReportContent:
    options: ReportOptions
    data: AnalysisData
    generated_at: datetime
    summary: ProjectSummary
    frequencies: FrequencyTable
    cooccurrence: CooccurrenceMatrix
    typical: dict[str, list[TypicalPassage]]
    agreement: AgreementPart

    @property
    def title(self) -> str:
        return self.options.title or f"Analysis report: {self.summary.name}"

    def filter_text(self) -> str:
        """The selection in words ("" when everything is included)."""
        f = self.options.filter
        parts = []
        if f.coders:
            parts.append("coders " + ", ".join(f.coders))
        if f.gold_only:
            parts.append("gold coders only")
        if f.codes:
            parts.append("codes under " + ", ".join(f.codes))
        if f.documents:
            parts.append(f"{len(f.documents)} chosen document(s)")
        if f.country:
            parts.append(f"country {f.country}")
        if f.year is not None:
            parts.append(f"year {f.year}")
        return "; ".join(parts)


def build_content(project: Project, options: ReportOptions | None = None,
                  progress: Progress | None = None) -> ReportContent:
    """Load the selection and run every analysis the report shows.

    ``progress(done, total, what)`` is called between steps (for a GUI worker).
    """
    options = options or ReportOptions()
    steps = ("reading the project", "counting codes", "co-occurrence", "typical passages",
             "agreement")

    def tick(i: int) -> None:
        if progress is not None:
            progress(i, len(steps), steps[i] if i < len(steps) else "writing")

    tick(0)
    data = load_analysis(project, options.filter)
    tick(1)
    summary = project_summary(data)
    freq = code_frequencies(data)
    tick(2)
    matrix = cooccurrence(data, options.cooccurrence_rule, same_coder=options.same_coder)
    tick(3)
    typical = typical_passages(data, options.passages_per_code) if options.passages_per_code \
        else {}
    tick(4)
    agreement = (compute_for_report(data, options.filter.codes) if options.agreement
                 else AgreementPart(None, "Agreement was left out of this report."))
    tick(5)
    return ReportContent(options, data, datetime.now(UTC), summary, freq, matrix, typical,
                         agreement)
