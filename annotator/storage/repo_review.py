"""Double coding and review: assignments, adjudication records, bulk reads for agreement, and
removing a coder together with their codings (restorable, for undo)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from annotator.domain.errors import NotFoundError
from annotator.domain.model import new_uuid
from annotator.storage.schema import (adjudications, assignments, coders, codings, documents,
                                      memos, segments)

Row = dict[str, Any]


def _utc(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _chunks(values: Sequence[Any], size: int = 500) -> Iterable[list[Any]]:
    for i in range(0, len(values), size):
        yield list(values[i:i + size])


class ReviewRepo:
    conn: Connection

    # --- assignments ------------------------------------------------------------------------
    def put_assignment(self, document_id: int, coder_id: int, *, blind: bool = True,
                       done: bool = False, assigned_at: datetime | None = None,
                       done_at: datetime | None = None) -> None:
        """Create or overwrite the assignment of one document to one coder."""
        values = dict(blind=blind, done=done, assigned_at=assigned_at or datetime.now(UTC),
                      done_at=done_at)
        n = self.conn.execute(update(assignments).where(
            assignments.c.document_id == document_id,
            assignments.c.coder_id == coder_id).values(**values)).rowcount
        if not n:
            self.conn.execute(insert(assignments).values(document_id=document_id,
                                                         coder_id=coder_id, **values))

    def assignment(self, document_id: int, coder_id: int) -> Row | None:
        r = self.conn.execute(select(assignments).where(
            assignments.c.document_id == document_id,
            assignments.c.coder_id == coder_id)).first()
        return _assignment(r) if r else None

    def assignments(self, *, coder_id: int | None = None,
                    document_id: int | None = None) -> list[Row]:
        q = select(assignments)
        if coder_id is not None:
            q = q.where(assignments.c.coder_id == coder_id)
        if document_id is not None:
            q = q.where(assignments.c.document_id == document_id)
        q = q.order_by(assignments.c.document_id, assignments.c.coder_id)
        return [_assignment(r) for r in self.conn.execute(q)]

    def delete_assignment(self, document_id: int, coder_id: int) -> None:
        self.conn.execute(delete(assignments).where(assignments.c.document_id == document_id,
                                                    assignments.c.coder_id == coder_id))

    # --- adjudication records ---------------------------------------------------------------
    def put_adjudication(self, rec: Row) -> None:
        """Insert the record ``rec`` (keys as the table's columns; ``id`` optional). A record
        put back by undo keeps its old id when that id is still free (explicitly: PostgreSQL
        sequences, unlike SQLite, never hand out an id twice)."""
        values = {k: v for k, v in rec.items() if k in adjudications.c and k != "id"}
        values.setdefault("uuid", new_uuid())
        values.setdefault("reason", "")
        values.setdefault("decided_at", datetime.now(UTC))
        if rec.get("id") is not None and self.conn.execute(select(adjudications.c.id).where(
                adjudications.c.id == rec["id"])).first() is None:
            values["id"] = rec["id"]
        self.conn.execute(insert(adjudications).values(**values))

    def adjudication(self, uuid: str) -> Row | None:
        r = self.conn.execute(select(adjudications).where(adjudications.c.uuid == uuid)).first()
        return _adjudication(r) if r else None

    def adjudications(self, *, document_ids: Iterable[int] | None = None) -> list[Row]:
        q = select(adjudications)
        if document_ids is not None:
            q = q.where(adjudications.c.document_id.in_(list(document_ids)))
        q = q.order_by(adjudications.c.document_id, adjudications.c.start, adjudications.c.id)
        return [_adjudication(r) for r in self.conn.execute(q)]

    def adjudicated_documents(self) -> set[int]:
        return {d for (d,) in self.conn.execute(select(adjudications.c.document_id).distinct())}

    def delete_adjudication(self, uuid: str) -> None:
        self.conn.execute(delete(adjudications).where(adjudications.c.uuid == uuid))

    # --- bulk reads for agreement -----------------------------------------------------------
    def coding_columns(self, coder_ids: Sequence[int], document_ids: Sequence[int] | None = None
                       ) -> list[tuple[int, int, int, int, int]]:
        """(document_id, start, end, code_id, coder_id) of the given coders' codings."""
        c = codings.c
        q = select(c.document_id, c.start, c.end, c.code_id, c.coder_id).where(
            c.coder_id.in_(list(coder_ids)))
        if document_ids is not None and len(document_ids) <= 500:
            q = q.where(c.document_id.in_(list(document_ids)))
        rows = self.conn.execute(q).all()
        if document_ids is not None and len(document_ids) > 500:
            wanted = set(document_ids)
            return [tuple(r) for r in rows if r[0] in wanted]  # type: ignore[misc]
        return [tuple(r) for r in rows]  # type: ignore[misc]

    def coding_passages(self, coder_ids: Sequence[int], document_ids: Sequence[int]
                        ) -> list[tuple[str, int, int, int, int, int]]:
        """(uuid, document_id, start, end, code_id, coder_id), by document and start."""
        c = codings.c
        out: list[tuple[str, int, int, int, int, int]] = []
        for chunk in _chunks(list(document_ids)):
            q = (select(c.uuid, c.document_id, c.start, c.end, c.code_id, c.coder_id)
                 .where(c.coder_id.in_(list(coder_ids)), c.document_id.in_(chunk)))
            out.extend(tuple(r) for r in self.conn.execute(q))  # type: ignore[misc]
        out.sort(key=lambda r: (r[1], r[2], r[3]))
        return out

    def coded_documents_by_coder(self, coder_ids: Sequence[int]) -> dict[int, set[int]]:
        """coder id -> ids of the documents where that coder has at least one coding."""
        q = (select(codings.c.coder_id, codings.c.document_id)
             .where(codings.c.coder_id.in_(list(coder_ids))).distinct())
        out: dict[int, set[int]] = {c: set() for c in coder_ids}
        for coder_id, doc_id in self.conn.execute(q):
            out[coder_id].add(doc_id)
        return out

    def document_facts(self) -> dict[int, tuple[str, int, bool]]:
        """document id -> (title, length in code points, imported as a report)."""
        q = select(documents.c.id, documents.c.title, documents.c.chars, documents.c.is_report)
        return {i: (t, n, bool(r)) for i, t, n, r in self.conn.execute(q)}

    def segment_bounds(self, document_ids: Sequence[int], kinds: Sequence[str]
                       ) -> dict[int, list[tuple[str, str, int, int, int]]]:
        """document id -> (kind, path, start, end, level) of its segments of ``kinds``, by start."""
        c = segments.c
        out: dict[int, list[tuple[str, str, int, int, int]]] = {d: [] for d in document_ids}
        for chunk in _chunks(list(document_ids)):
            q = (select(c.document_id, c.kind, c.path, c.start, c.end, c.level)
                 .where(c.document_id.in_(chunk), c.kind.in_(list(kinds)))
                 .order_by(c.document_id, c.start, c.level, c.position))
            for doc, kind, path, start, end, level in self.conn.execute(q):
                out[doc].append((kind, path, start, end, level))
        return out

    def document_texts(self, document_ids: Sequence[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        for chunk in _chunks(list(document_ids)):
            q = select(documents.c.id, documents.c.text).where(documents.c.id.in_(chunk))
            out.update({i: str(t) for i, t in self.conn.execute(q)})
        return out

    # --- removing a coder -------------------------------------------------------------------
    def coder_record(self, coder_id: int) -> Row:
        r = self.conn.execute(select(coders).where(coders.c.id == coder_id)).first()
        if r is None:
            raise NotFoundError(f"no coder with id {coder_id}")
        rec = dict(r._mapping)
        rec["created_at"] = _utc(rec["created_at"])
        return rec

    def put_coder_record(self, rec: Row) -> int:
        """Re-insert a removed coder (same id when free, same uuid)."""
        values = {k: v for k, v in rec.items() if k in coders.c}
        if self.conn.execute(select(coders.c.id).where(coders.c.id == rec["id"])).first():
            values.pop("id")
        return int(self.conn.execute(insert(coders).values(**values)).inserted_primary_key[0])

    def coder_memo_uuids(self, coder_id: int) -> list[str]:
        return [u for (u,) in self.conn.execute(select(memos.c.uuid).where(
            memos.c.coder_id == coder_id))]

    def set_memo_coder(self, memo_uuids: Sequence[str], coder_id: int | None) -> None:
        for chunk in _chunks(list(memo_uuids)):
            self.conn.execute(update(memos).where(memos.c.uuid.in_(chunk))
                              .values(coder_id=coder_id))

    def delete_coder(self, coder_id: int) -> None:
        """Delete a coder, their codings and assignments (memos must be detached first)."""
        self.conn.execute(delete(codings).where(codings.c.coder_id == coder_id))
        self.conn.execute(delete(assignments).where(assignments.c.coder_id == coder_id))
        self.conn.execute(delete(coders).where(coders.c.id == coder_id))

    def count_by_coder(self) -> dict[int, int]:
        q = select(codings.c.coder_id, func.count()).group_by(codings.c.coder_id)
        return {c: int(n) for c, n in self.conn.execute(q)}


def _assignment(r: Any) -> Row:
    return {"document_id": r.document_id, "coder_id": r.coder_id, "blind": bool(r.blind),
            "done": bool(r.done), "assigned_at": _utc(r.assigned_at), "done_at": _utc(r.done_at)}


def _adjudication(r: Any) -> Row:
    rec = dict(r._mapping)
    rec["decided_at"] = _utc(rec["decided_at"])
    rec["sources"] = list(rec["sources"] or [])
    rec["gold_coding_uuids"] = list(rec["gold_coding_uuids"] or [])
    return rec
