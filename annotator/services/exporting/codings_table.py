"""The codings table: one row per coding, ready for R, Stata, pandas or Excel."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from annotator.services.exporting.data import ExportData
from annotator.services.exporting.tabular import iso

BASE_COLUMNS = ("coding_uuid", "document_id", "document_uuid", "document_title", "country",
                "year", "section_path", "section_title", "start", "end", "text", "code_path",
                "code_uuid", "coder", "coder_is_gold")
TAIL_COLUMNS = ("memo", "created_at", "modified_at", "codebook_version")
ATTRIBUTE_PREFIX = "attr_"
#: index of the excerpt column (the one that may exceed a spreadsheet cell)
TEXT_COLUMN = BASE_COLUMNS.index("text")


def header(data: ExportData) -> list[str]:
    attrs = [ATTRIBUTE_PREFIX + a for a in data.attribute_names()]
    return [*BASE_COLUMNS, *attrs, *TAIL_COLUMNS]


def rows(data: ExportData) -> Iterator[list[Any]]:
    """Rows in document order, then by start; one document text in memory at a time."""
    attrs = data.attribute_names()
    for doc, codings in data.codings_by_document():
        if not codings:
            continue
        text = data.text(doc.id)
        for c in codings:
            section = data.section_at(doc.id, c.start)
            code = data.codes[c.code_id]
            coder = data.coders[c.coder_id]
            created = iso(c.created_at)
            modified = created if c.modified_at == c.created_at else iso(c.modified_at)
            yield [c.uuid, doc.id, doc.uuid, doc.title, doc.country, doc.year,
                   section.path if section else "", section.title if section else "",
                   c.start, c.end, text[c.start:c.end], data.code_paths[c.code_id], code.uuid,
                   coder.name, int(coder.is_gold),
                   *[c.attributes.get(a) for a in attrs],
                   c.memo, created, modified, c.codebook_version]
