"""Side tables that make a codings export self-explanatory: the codes and the documents."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from annotator.services.exporting.data import ExportData
from annotator.services.exporting.tabular import Table, iso

CODE_COLUMNS = ["code_uuid", "code_path", "name", "parent_uuid", "color", "codable",
                "deprecated", "label", "definition", "inclusion", "exclusion", "examples",
                "atypical_examples", "attributes", "codings"]
DOCUMENT_COLUMNS = ["document_id", "document_uuid", "title", "country", "year", "source_name",
                    "source_type", "chars", "sha256", "imported_at", "codings"]


def codes_table(data: ExportData) -> Table:
    """Selected codes in tree order with their definitions and coding counts (after filters)."""
    counts = Counter(c.code_id for c in data.codings)
    rows: list[list[Any]] = []
    for cid in data.code_order:
        c = data.codes[cid]
        parent = data.codes.get(c.parent_id) if c.parent_id is not None else None
        rows.append([c.uuid, data.code_paths[cid], c.name, parent.uuid if parent else None,
                     c.color, int(c.codable), int(c.deprecated), c.label, c.definition,
                     c.inclusion, c.exclusion, c.examples, c.atypical_examples,
                     json.dumps([a.to_json() for a in c.attributes], ensure_ascii=False)
                     if c.attributes else "", counts.get(cid, 0)])
    return CODE_COLUMNS, rows


def documents_table(data: ExportData) -> Table:
    counts = Counter(c.document_id for c in data.codings)
    rows = [[d.id, d.uuid, d.title, d.country, d.year, d.source_name, d.source_type, d.chars,
             d.sha256, iso(d.imported_at), counts.get(d.id, 0)] for d in data.documents]
    return DOCUMENT_COLUMNS, rows
