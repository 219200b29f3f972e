"""Reports as plain tables (headers + rows of strings): what the CLI prints and the GUI shows."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.domain.agreement import AgreementResult
from annotator.services.agreement.report import AgreementReport, StatRow
from annotator.services.agreement.request import STAT_SHORT, UNIT_NOUNS


def fmt_value(v: float | None, digits: int = 3) -> str:
    """``.812``, ``-.050``, ``1.000``; ``–`` when undefined."""
    if v is None:
        return "–"
    s = f"{v:.{digits}f}"
    if s.startswith("0."):
        return s[1:]
    if s.startswith("-0."):
        return "-" + s[2:]
    return s


def fmt_result(r: AgreementResult | None, with_ci: bool = True) -> str:
    if r is None:
        return ""
    text = fmt_value(r.value)
    if with_ci and r.ci is not None:
        text += f" [{fmt_value(r.ci[0])}, {fmt_value(r.ci[1])}]"
    return text


def stat_columns(report: AgreementReport) -> list[str]:
    return [s for s in report.statistics]


def units_text(row: StatRow) -> str:
    """``"9"``, or ``"3 × 9"`` for a row pooling 3 codes over 9 units."""
    if row.n_codes > 1:
        return f"{row.n_codes} × {row.n_units // row.n_codes:,}"
    return f"{row.n_units:,}"


def _row(row: StatRow, stats: Sequence[str], coders: Sequence[str], indent: bool,
         with_ci: bool) -> list[str]:
    label = ("  " * row.depth + row.label.rsplit("/", 1)[-1]) if indent else row.label
    if row.aggregated:
        label += " (+ below)"
    marked = " / ".join(str(row.marked.get(c, "")) for c in coders)
    return [label, units_text(row), marked] + [fmt_result(row.results.get(s), with_ci)
                                                 for s in stats]


def headers(report: AgreementReport, first: str = "code") -> list[str]:
    noun = UNIT_NOUNS[report.unit][1]
    return [first, noun, "marked by " + " / ".join(report.coders)] + [
        STAT_SHORT[s] for s in report.statistics]


def code_table(report: AgreementReport, with_ci: bool = True
               ) -> tuple[list[str], list[list[str]]]:
    """Codes (indented by depth), then the hierarchy levels and the pooled total."""
    stats = report.statistics
    rows = [_row(r, stats, report.coders, True, with_ci) for r in report.codes]
    rows += [_row(r, stats, report.coders, False, with_ci) for r in report.levels]
    rows.append(_row(report.overall, stats, report.coders, False, with_ci))
    return headers(report), rows


def document_table(report: AgreementReport) -> tuple[list[str], list[list[str]]]:
    stats = report.statistics
    return (headers(report, "document"),
            [_row(r, stats, report.coders, False, False) for r in report.per_document])


def pair_table(report: AgreementReport) -> tuple[list[str], list[list[str]]]:
    stats = [s for s in report.statistics if any(s in r.results for r in report.pairwise)]
    heads = ["pair", UNIT_NOUNS[report.unit][1]] + [STAT_SHORT[s] for s in stats]
    return heads, [[r.label, units_text(r)] + [fmt_result(r.results.get(s), False)
                                                for s in stats] for r in report.pairwise]


def pair_matrix(report: AgreementReport, stat: str) -> tuple[list[str], list[list[float | None]]]:
    """Coders x coders values of ``stat`` (diagonal None) from the pairwise rows."""
    coders = list(report.coders)
    idx = {c: i for i, c in enumerate(coders)}
    mat: list[list[float | None]] = [[None] * len(coders) for _ in coders]
    for r in report.pairwise:
        a, b = r.coders
        v = r.value(stat)
        mat[idx[a]][idx[b]] = mat[idx[b]][idx[a]] = v
    return coders, mat
