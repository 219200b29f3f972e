"""Analyses of a coded project: frequencies, coded share, co-occurrence, code x country/year,
passage retrieval and typical passages. Pure services: no Qt, no SQL.

Usage::

    from annotator.services import analysis as an
    data = an.load_analysis(project, ExportFilter(coders=("ann", "bob")))
    an.code_frequencies(data).row("Rights/Torture").rolled      # per coder, with subtree
    an.coded_share(data).share                                   # 0..1
    m = an.cooccurrence(data, rule="paragraph")                  # or "overlap"
    an.cooccurrence_passages(data, a_uuid, b_uuid, rule="paragraph")
    an.code_crosstab(data, "year", measure="documents")
    an.retrieve(project, "Rights/Torture", coders=["ann"], country="Kazakhstan", year=2019)
    an.typical_passages(data, per_code=3)

Filters are the exports' :class:`ExportFilter` (coders, code subtrees, documents, country,
year, gold only), so an analysis and an export of one selection agree.
"""

from __future__ import annotations

from annotator.services.analysis.cooccurrence import (RULES, CooccurrenceMatrix, cooccurrence,
                                                      cooccurrence_passages, describe_rule)
from annotator.services.analysis.coverage import CodedShare, coded_share, union_length
from annotator.services.analysis.crosstab import DIMENSIONS, MEASURES, CrossTab, code_crosstab
from annotator.services.analysis.dataset import AnalysisData, CodeRef, load_analysis
from annotator.services.analysis.frequencies import CodeFrequency, FrequencyTable, code_frequencies
from annotator.services.analysis.passages import (Passage, coding_passages, retrieve,
                                                  retrieve_from, select_codings)
from annotator.services.analysis.summary import CoderSummary, ProjectSummary, project_summary
from annotator.services.analysis.typical import RULE as TYPICAL_RULE
from annotator.services.analysis.typical import TypicalPassage, typical_passages
from annotator.services.exporting.filters import ExportFilter

__all__ = [
    "DIMENSIONS", "MEASURES", "RULES", "TYPICAL_RULE", "AnalysisData", "CodeFrequency",
    "CodeRef", "CodedShare", "CoderSummary", "CooccurrenceMatrix", "CrossTab", "ExportFilter",
    "FrequencyTable", "Passage", "ProjectSummary", "TypicalPassage", "code_crosstab",
    "code_frequencies", "coded_share", "coding_passages", "cooccurrence",
    "cooccurrence_passages", "describe_rule", "load_analysis", "project_summary", "retrieve",
    "retrieve_from", "select_codings", "typical_passages", "union_length",
]
