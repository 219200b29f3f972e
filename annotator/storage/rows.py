"""Row → domain object mappers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from annotator.domain.model import AttributeDef, Code, Coder, Coding, DocumentInfo, Segment


def utc(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def coder(r: Any) -> Coder:
    return Coder(id=r.id, uuid=r.uuid, name=r.name, role=r.role, is_gold=bool(r.is_gold))


def document(r: Any) -> DocumentInfo:
    return DocumentInfo(id=r.id, uuid=r.uuid, title=r.title, country=r.country, year=r.year,
                        source_name=r.source_name, source_type=r.source_type, chars=r.chars,
                        sha256=r.sha256, imported_at=utc(r.imported_at))


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
                  attributes=dict(r.attributes or {}), created_at=utc(r.created_at),
                  modified_at=utc(r.modified_at), codebook_version=version_name,
                  version=r.version)
