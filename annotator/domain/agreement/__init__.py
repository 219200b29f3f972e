"""Inter-coder agreement statistics (pure numpy; no Qt, no storage, no I/O).

Raw-data coefficients take a units x coders matrix (``None`` = missing); span statistics take
``(coder, start, end, category)`` spans on a continuum ``(begin, end)``. Every function returns an
:class:`AgreementResult`; an undefined coefficient has ``value=None`` and a ``note``. Definitions
follow ``reference/agreement.md``; each function's docstring names the one it uses.
"""

from annotator.domain.agreement.alpha import (coincidence_matrix, krippendorff_alpha,
                                              krippendorff_alpha_from_counts,
                                              krippendorff_alpha_from_table)
from annotator.domain.agreement.character import character_kappa, character_kappa_from_counts
from annotator.domain.agreement.data import ReliabilityData, reliability_data
from annotator.domain.agreement.pairwise import cohen_kappa, cohen_kappa_from_table, scott_pi
from annotator.domain.agreement.presence import presence_matrices, presence_matrix
from annotator.domain.agreement.reliability import (brennan_prediger, conger_kappa, fleiss_kappa,
                                                    gwet_ac1, gwet_ac2, percent_agreement)
from annotator.domain.agreement.results import AgreementResult
from annotator.domain.agreement.segments import segment_agreement, span_f1
from annotator.domain.agreement.spans import SpanTable, span_table
from annotator.domain.agreement.unitized import unitized_alpha, unitizing_distance

__all__ = [
    "AgreementResult", "ReliabilityData", "SpanTable", "brennan_prediger", "character_kappa",
    "character_kappa_from_counts", "cohen_kappa", "cohen_kappa_from_table", "coincidence_matrix",
    "conger_kappa", "fleiss_kappa", "gwet_ac1", "gwet_ac2", "krippendorff_alpha",
    "krippendorff_alpha_from_counts", "krippendorff_alpha_from_table", "percent_agreement",
    "presence_matrices", "presence_matrix", "reliability_data", "scott_pi", "segment_agreement",
    "span_f1", "span_table", "unitized_alpha", "unitizing_distance",
]
