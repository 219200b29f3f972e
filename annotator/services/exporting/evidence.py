"""The long "country-year-right" evidence table used for CIRIGHTS- and PTS-style scoring.

One row per country, year, code and coder: how many codings and documents support it, the
attribute values the coder gave (distinct values, ';'-joined, in the attribute's level order)
and the supporting coding uuids.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from annotator.domain.model import AttributeDef
from annotator.services.exporting.data import ExportData
from annotator.storage.exchange_queries import CodingRow

Key = tuple[str, int | None, int, int]  # country, year, code id, coder id


def _ordered(values: set[str], definition: AttributeDef | None) -> list[str]:
    if definition and definition.levels:
        rank = {v: i for i, v in enumerate(definition.levels)}
        return sorted(values, key=lambda v: (rank.get(v, len(rank)), v))
    try:
        return sorted(values, key=float)
    except ValueError:
        return sorted(values)


def evidence_table(data: ExportData) -> tuple[list[str], list[list[Any]]]:
    attrs = data.attribute_names()
    defs = data.attribute_defs()
    docs = data.docs_by_id
    groups: dict[Key, list[CodingRow]] = defaultdict(list)
    for c in data.codings:
        d = docs[c.document_id]
        groups[(d.country or "", d.year, c.code_id, c.coder_id)].append(c)
    rank = {cid: i for i, cid in enumerate(data.code_order)}
    header = ["country", "year", "code_path", "code_uuid", "coder", "gold", "codings",
              "documents", *attrs, "coding_uuids"]
    rows: list[list[Any]] = []
    for key in sorted(groups, key=lambda k: (k[0].casefold(), k[1] if k[1] is not None else -1,
                                             rank.get(k[2], 1 << 30),
                                             data.coders[k[3]].name.casefold())):
        country, year, code_id, coder_id = key
        items = groups[key]
        coder = data.coders[coder_id]
        scores = []
        for a in attrs:
            found = {str(c.attributes[a]) for c in items if c.attributes.get(a) not in (None, "")}
            scores.append(";".join(_ordered(found, defs.get(a))))
        rows.append([country or None, year, data.code_paths[code_id],
                     data.codes[code_id].uuid, coder.name, int(coder.is_gold), len(items),
                     len({c.document_id for c in items}), *scores,
                     ";".join(c.uuid for c in items)])
    return header, rows
