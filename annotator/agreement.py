"""Public facade: ``from annotator import agreement``; ``agreement.krippendorff_alpha(...)``.

Re-exports :mod:`annotator.domain.agreement` (see there and ``reference/agreement.md``).
"""

from annotator.domain.agreement import (AgreementResult, ReliabilityData, SpanTable,
                                        brennan_prediger, character_kappa,
                                        character_kappa_from_counts, cohen_kappa,
                                        cohen_kappa_from_table, coincidence_matrix, conger_kappa,
                                        fleiss_kappa, gwet_ac1, gwet_ac2, krippendorff_alpha,
                                        krippendorff_alpha_from_counts,
                                        krippendorff_alpha_from_table, percent_agreement,
                                        presence_matrices, presence_matrix, reliability_data,
                                        scott_pi, segment_agreement, span_f1, span_table,
                                        unitized_alpha, unitizing_distance)

__all__ = [
    "AgreementResult", "ReliabilityData", "SpanTable", "brennan_prediger", "character_kappa",
    "character_kappa_from_counts", "cohen_kappa", "cohen_kappa_from_table", "coincidence_matrix",
    "conger_kappa", "fleiss_kappa", "gwet_ac1", "gwet_ac2", "krippendorff_alpha",
    "krippendorff_alpha_from_counts", "krippendorff_alpha_from_table", "percent_agreement",
    "presence_matrices", "presence_matrix", "reliability_data", "scott_pi", "segment_agreement",
    "span_f1", "span_table", "unitized_alpha", "unitizing_distance",
]
