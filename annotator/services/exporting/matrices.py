"""Wide matrices for statistics: coding counts per document and code presence per unit.

Both put the units (documents, paragraphs or sections) in rows, with their country and year,
and one column per code (its path), so they load straight into a data frame.
"""

from __future__ import annotations

import bisect
from collections import Counter
from typing import Any

from annotator.domain.model import Segment
from annotator.domain.text import paragraph_spans
from annotator.services.exporting.data import ExportData
from annotator.domain.section_index import SECTION_KINDS
from annotator.storage.exchange_queries import CodingRow

UNITS = ("paragraph", "section")


def matrix_codes(data: ExportData) -> list[int]:
    """Code columns: selected codes in tree order, grouping nodes only when coded."""
    used = {c.code_id for c in data.codings}
    return [cid for cid in data.code_order if data.codes[cid].codable or cid in used]


def code_document_counts(data: ExportData) -> tuple[list[str], list[list[Any]]]:
    """Rows = documents, columns = codes; cells count codings (all selected coders)."""
    codes = matrix_codes(data)
    header = ["document_id", "document_uuid", "document_title", "country", "year",
              "codings", *[data.code_paths[c] for c in codes]]
    rows: list[list[Any]] = []
    for doc, codings in data.codings_by_document():
        counts = Counter(c.code_id for c in codings)
        rows.append([doc.id, doc.uuid, doc.title, doc.country, doc.year,
                     sum(counts[c] for c in codes), *[counts.get(c, 0) for c in codes]])
    return header, rows


def presence_matrix(data: ExportData, unit: str = "paragraph") -> tuple[list[str], list[list[Any]]]:
    """Rows = units, columns = codes; 1 when a selected coding overlaps the unit.

    ``unit="paragraph"``: the blank-line separated paragraphs. ``unit="section"``: every
    section and subsection with its full span (so a section row also covers its subsections;
    filter on ``unit_kind``). A document without sections is one ``document`` unit.
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}")
    codes = matrix_codes(data)
    col = {c: i for i, c in enumerate(codes)}
    header = ["document_id", "document_uuid", "document_title", "country", "year",
              "unit_kind", "unit_path", "unit_title", "start", "end",
              *[data.code_paths[c] for c in codes]]
    paragraphs = _paragraphs(data) if unit == "paragraph" else {}
    rows: list[list[Any]] = []
    for doc, codings in data.codings_by_document():
        if unit == "paragraph":
            units = paragraphs.get(doc.id) or [
                Segment("paragraph", str(i + 1), "", s.start, s.end, level=0)
                for i, s in enumerate(paragraph_spans(data.text(doc.id)))]
        else:
            units = [s for s in data.sections.get(doc.id, []) if s.kind in SECTION_KINDS]
            if not units:
                units = [Segment("document", "", "", 0, doc.chars, level=0)]
        units = sorted(units, key=lambda s: (s.start, s.level, -s.end))
        flags = _presence(units, [c for c in codings if c.code_id in col], col)
        for u, present in zip(units, flags, strict=True):
            rows.append([doc.id, doc.uuid, doc.title, doc.country, doc.year, u.kind, u.path,
                         u.title, u.start, u.end, *present])
    return header, rows


def _paragraphs(data: ExportData) -> dict[int, list[Segment]]:
    out: dict[int, list[Segment]] = {}
    with data.project.read() as tx:
        for d in data.documents:
            out[d.id] = tx.segments(d.id, kinds=("paragraph",))
    return out


def _presence(units: list[Segment], codings: list[CodingRow],
              col: dict[int, int]) -> list[list[int]]:
    flags = [[0] * len(col) for _ in units]
    starts = [u.start for u in units]
    disjoint = all(units[i].start >= units[i - 1].end for i in range(1, len(units)))
    ends = [u.end for u in units]
    for c in codings:
        j = col[c.code_id]
        if disjoint:
            i = bisect.bisect_right(ends, c.start)
            while i < len(units) and units[i].start < c.end:
                flags[i][j] = 1
                i += 1
        else:
            for i in range(bisect.bisect_left(starts, c.end)):
                if units[i].end > c.start:
                    flags[i][j] = 1
    return flags
