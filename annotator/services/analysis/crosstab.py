"""Code x country and code x year matrices.

Rows are codes in codebook order; with ``rollup=True`` (the default) a code's row includes the
codings of every code below it, so group rows summarise their children. ``measure="codings"``
counts codings; ``measure="documents"`` counts documents holding the code (each once).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from annotator.services.analysis.dataset import AnalysisData, CodeRef

DIMENSIONS = ("country", "year")
MEASURES = ("codings", "documents")
MISSING = "(none)"


@dataclass(frozen=True)
class CrossTab:
    dimension: str
    measure: str
    rollup: bool
    columns: list[str]  # countries A-Z or years ascending; "(none)" last when missing
    documents_per_column: list[int]  # selected documents in each column
    rows: list[CodeRef]
    cells: list[list[int]]

    def cell(self, code: str, column: str) -> int:
        """By code uuid or path and column label (a year as text)."""
        j = self.columns.index(column)
        for i, r in enumerate(self.rows):
            if code in (r.uuid, r.path):
                return self.cells[i][j]
        raise KeyError(code)

    def row_total(self, i: int) -> int:
        return sum(self.cells[i])


def _column_of(value: object) -> str:
    return MISSING if value in (None, "") else str(value)


def _column_order(labels: set[str], dimension: str) -> list[str]:
    present = [c for c in labels if c != MISSING]
    if dimension == "year":
        present.sort(key=int)
    else:
        present.sort(key=str.casefold)
    return present + ([MISSING] if MISSING in labels else [])


def code_crosstab(data: AnalysisData, dimension: str = "country", *, measure: str = "codings",
                  rollup: bool = True, keep_empty: bool = False) -> CrossTab:
    """Codes x countries (or years) over the selected documents and codings.

    Columns are every value the selected documents have (also those without codings); rows
    with no count anywhere are left out unless ``keep_empty``.
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"dimension must be one of {', '.join(DIMENSIONS)}")
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}")
    col_of_doc = {d.id: _column_of(getattr(d, dimension)) for d in data.documents}
    columns = _column_order(set(col_of_doc.values()), dimension)
    col = {c: j for j, c in enumerate(columns)}
    docs_per = [0] * len(columns)
    for label in col_of_doc.values():
        docs_per[col[label]] += 1
    counts: dict[int, list[int]] = defaultdict(lambda: [0] * len(columns))
    seen: set[tuple[int, int]] = set()
    ancestors = data.ancestors
    for c in data.codings:
        j = col.get(col_of_doc.get(c.document_id, MISSING))
        if j is None:
            continue
        targets = (c.code_id, *ancestors.get(c.code_id, ())) if rollup else (c.code_id,)
        for t in targets:
            if measure == "documents":
                if (t, c.document_id) in seen:
                    continue
                seen.add((t, c.document_id))
            counts[t][j] += 1
    ids = [cid for cid in data.code_order if keep_empty or any(counts.get(cid, ()))]
    return CrossTab(dimension, measure, rollup, columns, docs_per, [data.ref(i) for i in ids],
                    [list(counts.get(i, [0] * len(columns))) for i in ids])
