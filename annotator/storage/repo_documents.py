"""Documents and their structural segments."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from annotator.domain.model import DocumentInfo, Segment, new_uuid
from annotator.storage import rows
from annotator.storage.schema import codings, documents, segments

_INFO_COLS = [c for c in documents.c if c.name != "text"]
# built once (every code key checks its bounds against the document): see repo_codings
_DOCUMENT_BY_ID = select(*_INFO_COLS).where(documents.c.id == bindparam("doc_id"))


class DocumentRepo:
    conn: Connection

    def add_document(self, *, title: str, country: str | None, year: int | None,
                     source_name: str, source_type: str, text: str, sha256: str,
                     is_report: bool, segs: Sequence[Segment], uuid: str | None = None,
                     imported_at: datetime | None = None) -> DocumentInfo:
        values: dict[str, Any] = dict(
            uuid=uuid or new_uuid(), title=title, country=country, year=year,
            source_name=source_name, source_type=source_type, sha256=sha256, chars=len(text),
            text=text, is_report=is_report, imported_at=imported_at or datetime.now(UTC))
        doc_id = self.conn.execute(insert(documents).values(**values)).inserted_primary_key[0]
        self.add_segments(doc_id, segs)
        return self.document(doc_id)

    def add_segments(self, doc_id: int, segs: Iterable[Segment]) -> None:
        payload = [dict(document_id=doc_id, kind=s.kind, path=s.path, title=s.title,
                        start=s.start, end=s.end, inferred=s.inferred, level=s.level, position=i)
                   for i, s in enumerate(segs)]
        if payload:
            self.conn.execute(insert(segments), payload)

    def document(self, doc_id: int) -> DocumentInfo:
        from annotator.domain.errors import NotFoundError

        r = self.conn.execute(_DOCUMENT_BY_ID, {"doc_id": doc_id}).first()
        if r is None:
            raise NotFoundError(f"no document with id {doc_id}")
        return rows.document(r)

    def document_by_uuid(self, uuid: str) -> DocumentInfo | None:
        r = self.conn.execute(select(*_INFO_COLS).where(documents.c.uuid == uuid)).first()
        return rows.document(r) if r else None

    def documents(self) -> list[DocumentInfo]:
        q = select(*_INFO_COLS).order_by(documents.c.id)
        return [rows.document(r) for r in self.conn.execute(q)]

    def documents_by_sha(self, sha256: str) -> list[DocumentInfo]:
        q = select(*_INFO_COLS).where(documents.c.sha256 == sha256)
        return [rows.document(r) for r in self.conn.execute(q)]

    def document_text(self, doc_id: int) -> str:
        from annotator.domain.errors import NotFoundError

        t = self.conn.execute(select(documents.c.text).where(documents.c.id == doc_id)).scalar()
        if t is None:
            raise NotFoundError(f"no document with id {doc_id}")
        return str(t)

    def segments(self, doc_id: int, kinds: Sequence[str] | None = None) -> list[Segment]:
        q = select(segments).where(segments.c.document_id == doc_id)
        if kinds:
            q = q.where(segments.c.kind.in_(kinds))
        q = q.order_by(segments.c.start, segments.c.level, segments.c.position)
        return [rows.segment(r) for r in self.conn.execute(q)]

    def all_section_segments(self) -> dict[int, list[Segment]]:
        """Non-paragraph segments of every document, in one query (for listings)."""
        out: dict[int, list[Segment]] = {}
        c = segments.c
        q = (select(c.document_id, c.kind, c.path, c.title, c.start, c.end, c.inferred, c.level)
             .where(c.kind != "paragraph")
             .order_by(c.document_id, c.start, c.level, c.position))
        for doc, kind, path, title, start, end, inferred, level in self.conn.execute(q):
            out.setdefault(doc, []).append(
                Segment(kind, path, title, start, end, bool(inferred), level))
        return out

    def paragraph_counts(self) -> dict[int, int]:
        q = (select(segments.c.document_id, func.count()).where(segments.c.kind == "paragraph")
             .group_by(segments.c.document_id))
        return {d: n for d, n in self.conn.execute(q)}

    def confirm_segment(self, doc_id: int, path: str, title: str | None = None) -> None:
        values: dict[str, Any] = {"confirmed": True, "inferred": False}
        if title is not None:
            values["title"] = title
        self.conn.execute(update(segments).where(segments.c.document_id == doc_id,
                                                 segments.c.kind != "paragraph",
                                                 segments.c.path == path).values(**values))

    def delete_document(self, doc_id: int) -> None:
        self.conn.execute(delete(codings).where(codings.c.document_id == doc_id))
        self.conn.execute(delete(documents).where(documents.c.id == doc_id))

    def rename_document(self, doc_id: int, title: str) -> None:
        self.conn.execute(update(documents).where(documents.c.id == doc_id).values(title=title))

    def set_document_meta(self, doc_id: int, *, title: str, country: str | None,
                          year: int | None) -> None:
        self.conn.execute(update(documents).where(documents.c.id == doc_id)
                          .values(title=title, country=country, year=year))
