"""Codings: the coded passages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (Connection, Text, bindparam, case, delete, func, insert, select, type_coerce,
                        update)

from annotator.domain.errors import ConflictError, NotFoundError
from annotator.domain.model import Coding, new_uuid
from annotator.storage import rows
from annotator.storage.schema import codebook_versions, codes, codings

CODING_FIELDS = ("start", "end", "code_id", "memo", "attributes", "coder_id")

# The statements of a code key and its undo, built once with their values bound at execution:
# building ``insert(...).values(...)`` or a select anew each time cost more than running it.
_INSERT_CODING = insert(codings)
_CODING_BY_ID = (select(codings, codebook_versions.c.name.label("vname"))
                 .outerjoin(codebook_versions,
                            codebook_versions.c.id == codings.c.codebook_version_id)
                 .where(codings.c.id == bindparam("coding_id")))
_CODING_ID_BY_UUID = select(codings.c.id).where(codings.c.uuid == bindparam("coding_uuid"))
_DELETE_CODING = delete(codings).where(codings.c.id == bindparam("coding_id"))
_RECORDS = (select(codings, codes.c.uuid.label("code_uuid"),
                   codebook_versions.c.uuid.label("version_uuid"))
            .join(codes, codes.c.id == codings.c.code_id)
            .outerjoin(codebook_versions, codebook_versions.c.id == codings.c.codebook_version_id))
_RECORDS_BY_UUIDS = _RECORDS.where(codings.c.uuid.in_(bindparam("uuids", expanding=True)))


class CodingRepo:
    conn: Connection

    def add_coding(self, *, document_id: int, start: int, end: int, code_id: int, coder_id: int,
                   memo: str = "", attributes: dict[str, str] | None = None,
                   uuid: str | None = None, codebook_version_id: int | None = None,
                   created_at: datetime | None = None,
                   modified_at: datetime | None = None, origin: str | None = None,
                   origin_ref: str | None = None) -> Coding:
        now = datetime.now(UTC)
        cid = self.conn.execute(_INSERT_CODING, {
            "uuid": uuid or new_uuid(), "document_id": document_id, "start": start, "end": end,
            "code_id": code_id, "coder_id": coder_id, "memo": memo,
            "attributes": attributes or {}, "codebook_version_id": codebook_version_id,
            "created_at": created_at or now, "modified_at": modified_at or now,
            "origin": origin, "origin_ref": origin_ref}).inserted_primary_key[0]
        return self.coding(cid)

    def add_codings_bulk(self, items: Sequence[dict[str, Any]]) -> None:
        now = datetime.now(UTC)
        payload = [{"uuid": new_uuid(), "memo": "", "attributes": {}, "created_at": now,
                    "modified_at": now, "codebook_version_id": None, **it} for it in items]
        if payload:
            self.conn.execute(insert(codings), payload)

    def coding(self, coding_id: int) -> Coding:
        r = self.conn.execute(_CODING_BY_ID, {"coding_id": coding_id}).first()
        if r is None:
            raise NotFoundError(f"no coding with id {coding_id}")
        return rows.coding(r, r.vname)

    def coding_by_uuid(self, uuid: str) -> Coding | None:
        cid = self.conn.execute(_CODING_ID_BY_UUID, {"coding_uuid": uuid}).scalar()
        return self.coding(cid) if cid is not None else None

    def codings(self, *, document_id: int | None = None, code_ids: Iterable[int] | None = None,
                coder_ids: Iterable[int] | None = None) -> list[Coding]:
        # timestamps and attributes come as the driver's raw values and are converted by
        # rows.coding: SQLAlchemy's per-row type processing was most of the time of opening a
        # document with 20,000 codings
        raw = {"created_at", "modified_at", "attributes"}
        cols = [type_coerce(c, Text).label(c.name) if c.name in raw else c for c in codings.c]
        q = (select(*cols, codebook_versions.c.name.label("vname"))
             .outerjoin(codebook_versions, codebook_versions.c.id == codings.c.codebook_version_id))
        if document_id is not None:
            q = q.where(codings.c.document_id == document_id)
        if code_ids is not None:
            q = q.where(codings.c.code_id.in_(list(code_ids)))
        if coder_ids is not None:
            q = q.where(codings.c.coder_id.in_(list(coder_ids)))
        q = q.order_by(codings.c.document_id, codings.c.start, codings.c.end, codings.c.id)
        return rows.codings_from(self.conn.execute(q).all(),
                                 [c.name for c in codings.c] + ["vname"])

    def coding_tuples(self, document_id: int) -> list[tuple[int, int, int, int, int]]:
        """(id, start, end, code_id, coder_id) for one document: the fast path for the view."""
        q = (select(codings.c.id, codings.c.start, codings.c.end, codings.c.code_id,
                    codings.c.coder_id).where(codings.c.document_id == document_id)
             .order_by(codings.c.start))
        return [tuple(r) for r in self.conn.execute(q)]  # type: ignore[misc]

    def covered_chars(self) -> dict[int, int]:
        """Per document: characters covered by at least one coding (overlaps counted once),
        in one aggregate query. Each coding, in (start, end) order, adds what reaches beyond
        the furthest end of the codings before it in its document."""
        c = codings.c
        reach = func.max(c.end).over(partition_by=c.document_id, order_by=(c.start, c.end),
                                     rows=(None, -1))
        sub = select(c.document_id.label("doc"), c.start.label("s"), c.end.label("e"),
                     reach.label("r")).subquery()
        begin = case((sub.c.r > sub.c.s, sub.c.r), else_=sub.c.s)
        gain = case((sub.c.e > begin, sub.c.e - begin), else_=0)
        q = select(sub.c.doc, func.sum(gain)).group_by(sub.c.doc)
        return {int(d): int(n or 0) for d, n in self.conn.execute(q)}

    def update_coding(self, coding_id: int, expected_version: int | None = None,
                      **fields: Any) -> Coding:
        values = {k: v for k, v in fields.items() if k in CODING_FIELDS}
        q = update(codings).where(codings.c.id == coding_id)
        if expected_version is not None:
            q = q.where(codings.c.version == expected_version)
        n = self.conn.execute(q.values(modified_at=datetime.now(UTC),
                                       version=codings.c.version + 1, **values)).rowcount
        if n == 0:
            self.coding(coding_id)
            raise ConflictError("this coding was changed by someone else; reload and try again")
        return self.coding(coding_id)

    def recode_all(self, from_code: int, to_code: int) -> int:
        """Recode every coding of ``from_code``; its proposals follow too (they stay out of
        the count returned)."""
        from annotator.storage.schema import proposals

        uuids = dict(self.conn.execute(select(codes.c.id, codes.c.uuid).where(
            codes.c.id.in_([from_code, to_code]))).all())
        if from_code in uuids and to_code in uuids:
            self.conn.execute(update(proposals).where(
                proposals.c.code_uuid == uuids[from_code]).values(code_uuid=uuids[to_code]))
        return int(self.conn.execute(update(codings).where(codings.c.code_id == from_code).values(
            code_id=to_code, modified_at=datetime.now(UTC),
            version=codings.c.version + 1)).rowcount)

    def delete_coding(self, coding_id: int) -> None:
        self.conn.execute(_DELETE_CODING, {"coding_id": coding_id})

    def count_codings(self, **filters: Any) -> int:
        q = select(func.count()).select_from(codings)
        for k, v in filters.items():
            q = q.where(getattr(codings.c, k) == v)
        return int(self.conn.execute(q).scalar() or 0)

    # --- exact records, for undo ------------------------------------------------------------
    def coding_records(self, *, uuids: Iterable[str] | None = None,
                       code_ids: Iterable[int] | None = None) -> dict[str, dict[str, Any]]:
        """Full rows keyed by uuid, with the code and codebook version given by uuid."""
        params: dict[str, Any] = {}
        if uuids is not None and code_ids is None:  # (undo's path: the statement is built once)
            q, params = _RECORDS_BY_UUIDS, {"uuids": list(uuids)}
        else:
            q = _RECORDS
            if uuids is not None:
                q = q.where(codings.c.uuid.in_(list(uuids)))
            if code_ids is not None:
                q = q.where(codings.c.code_id.in_(list(code_ids)))
        out: dict[str, dict[str, Any]] = {}
        for r in self.conn.execute(q, params):
            rec = dict(r._mapping)
            rec.pop("code_id")
            rec.pop("codebook_version_id")
            out[rec["uuid"]] = rec
        return out

    def put_coding_record(self, rec: dict[str, Any]) -> None:
        """Make the coding ``rec["uuid"]`` exactly ``rec`` (insert or overwrite); a re-inserted
        coding keeps its old id when that id is still free."""
        values = {k: v for k, v in rec.items() if k not in ("id", "code_uuid", "version_uuid")}
        code_id = self.conn.execute(select(codes.c.id).where(
            codes.c.uuid == rec["code_uuid"])).scalar()
        if code_id is None:
            raise NotFoundError(f"no code with uuid {rec['code_uuid']}")
        values["code_id"] = code_id
        values["codebook_version_id"] = self.conn.execute(select(codebook_versions.c.id).where(
            codebook_versions.c.uuid == rec["version_uuid"])).scalar() if rec[
            "version_uuid"] else None
        n = self.conn.execute(update(codings).where(codings.c.uuid == rec["uuid"])
                              .values(**values)).rowcount
        if n:
            return
        if rec.get("id") is not None and self.conn.execute(
                select(codings.c.id).where(codings.c.id == rec["id"])).first() is None:
            values["id"] = rec["id"]
        self.conn.execute(insert(codings).values(**values))

    def delete_coding_by_uuid(self, uuid: str) -> None:
        self.conn.execute(delete(codings).where(codings.c.uuid == uuid))
