"""Inter-coder agreement over a project's codings (the statistics live in ``annotator.agreement``).

Usage::

    from annotator.services.agreement import AgreementRequest, compute_agreement
    report = compute_agreement(project, AgreementRequest(("alice", "bob"), unit="paragraph",
                                                         statistics=("alpha", "kappa")))
    report.overall.value("alpha"); report.code("Rights/Torture").results["kappa"].ci

Refusals (no common documents, a unit type the documents lack, codes without codings) raise
:class:`annotator.domain.errors.ValidationError` with a message meant for the user.
"""

from __future__ import annotations

from annotator.services.agreement.compute import Cancelled, Progress, compute_report
from annotator.services.agreement.matrix import export_matrix, write_matrix_csv
from annotator.services.agreement.report import (GOOD, TENTATIVE, AgreementReport, StatRow,
                                                 grade)
from annotator.services.agreement.request import (DEFAULT_STATISTICS, SPAN_STATS, STAT_LABELS,
                                                  STAT_SHORT, STATISTICS, UNIT_STATS, UNITS,
                                                  AgreementRequest, stat_label)
from annotator.services.agreement.study import Study, load_study
from annotator.services.project import Project


def compute_agreement(project: Project, request: AgreementRequest,
                      progress: Progress | None = None,
                      cancelled: Cancelled | None = None) -> AgreementReport:
    """Load the codings of ``request`` and compute its report.

    ``progress(done, total, what)`` and ``cancelled() -> bool`` are optional hooks for a
    background worker; a cancelled run raises ``compute.ComputationCancelled``.
    """
    return compute_report(load_study(project, request), progress, cancelled)


__all__ = [
    "DEFAULT_STATISTICS", "GOOD", "SPAN_STATS", "STATISTICS", "STAT_LABELS", "STAT_SHORT",
    "TENTATIVE", "UNITS", "UNIT_STATS", "AgreementReport", "AgreementRequest", "StatRow",
    "Study", "compute_agreement", "export_matrix", "grade", "load_study", "stat_label",
    "write_matrix_csv",
]
