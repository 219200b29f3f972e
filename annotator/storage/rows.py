"""Row → domain object mappers."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from annotator.domain.model import AttributeDef, Code, Coder, Coding, DocumentInfo, Segment


def utc(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def coder(r: Any) -> Coder:
    return Coder(id=r.id, uuid=r.uuid, name=r.name, role=r.role, is_gold=bool(r.is_gold),
                 kind=getattr(r, "kind", None) or "person")


def document(r: Any) -> DocumentInfo:
    return DocumentInfo(id=r.id, uuid=r.uuid, title=r.title, country=r.country, year=r.year,
                        source_name=r.source_name, source_type=r.source_type, chars=r.chars,
                        sha256=r.sha256, imported_at=utc(r.imported_at),
                        series_key=getattr(r, "series_key", None))


def segment(r: Any) -> Segment:
    return Segment(kind=r.kind, path=r.path, title=r.title, start=r.start, end=r.end,
                   inferred=bool(r.inferred), level=r.level)


def code(r: Any) -> Code:
    return Code(id=r.id, uuid=r.uuid, name=r.name, parent_id=r.parent_id, label=r.label,
                definition=r.definition, inclusion=r.inclusion, exclusion=r.exclusion,
                examples=r.examples, atypical_examples=r.atypical_examples, color=r.color,
                shortcut=r.shortcut, codable=bool(r.codable), position=r.position,
                deprecated=bool(r.deprecated),
                attributes=tuple(AttributeDef.from_json(a) for a in (r.attributes or [])),
                version=r.version)


def coding(r: Any, version_name: str | None = None) -> Coding:
    return Coding(id=r.id, uuid=r.uuid, document_id=r.document_id, start=r.start, end=r.end,
                  code_id=r.code_id, coder_id=r.coder_id, memo=r.memo,
                  attributes=_attributes(r.attributes), created_at=_timestamp(r.created_at),
                  modified_at=_timestamp(r.modified_at), codebook_version=version_name,
                  version=r.version, origin=getattr(r, "origin", None),
                  origin_ref=getattr(r, "origin_ref", None))


def codings_from(result: Any, columns: list[str]) -> list[Coding]:
    """Codings from plain result tuples whose columns are named by ``columns`` (the codings
    table's, plus ``vname``): the bulk read behind opening a document."""
    k = {name: i for i, name in enumerate(columns)}
    (i_id, i_uuid, i_doc, i_start, i_end, i_code, i_coder, i_memo, i_attr, i_created, i_mod,
     i_ver, i_vname) = (k[n] for n in ("id", "uuid", "document_id", "start", "end", "code_id",
                                       "coder_id", "memo", "attributes", "created_at",
                                       "modified_at", "version", "vname"))
    i_origin, i_ref = k.get("origin"), k.get("origin_ref")
    ts, attrs = _timestamp, _attributes
    return [Coding(id=t[i_id], uuid=t[i_uuid], document_id=t[i_doc], start=t[i_start],
                   end=t[i_end], code_id=t[i_code], coder_id=t[i_coder], memo=t[i_memo],
                   attributes=attrs(t[i_attr]), created_at=ts(t[i_created]),
                   modified_at=ts(t[i_mod]), codebook_version=t[i_vname], version=t[i_ver],
                   origin=None if i_origin is None else t[i_origin],
                   origin_ref=None if i_ref is None else t[i_ref])
            for t in result]


def _timestamp(v: datetime | str | None) -> datetime | None:
    """A stored timestamp, as the driver gave it or as raw text (the fast bulk reads)."""
    if isinstance(v, str):  # SQLite's naive UTC text; "+00:00" makes it aware in one step
        return datetime.fromisoformat(v if v[-6] in "+-" else v + "+00:00")
    return utc(v)


def _attributes(v: dict[str, str] | str | None) -> dict[str, str]:
    """Coding attributes, as the driver gave them or as raw JSON text (the fast bulk reads)."""
    if not v or v == "{}" or v == "null":
        return {}
    if isinstance(v, str):
        return dict(json.loads(v))
    return dict(v)
