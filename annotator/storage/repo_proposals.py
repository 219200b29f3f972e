"""Proposed codings (table ``proposals``) and the series links of documents."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from annotator.domain.model import new_uuid
from annotator.domain.proposals import PENDING, Proposal
from annotator.storage.rows import utc
from annotator.storage.schema import codes, codings, documents, proposals


def _proposal(r: Any) -> Proposal:
    return Proposal(id=r.id, uuid=r.uuid, document_id=r.document_id, start=r.start, end=r.end,
                    code_uuid=r.code_uuid, coder_id=r.coder_id, origin=r.origin,
                    origin_ref=r.origin_ref or "", score=r.score,
                    evidence=dict(r.evidence or {}), status=r.status, batch=r.batch,
                    decided_by=r.decided_by, decided_at=utc(r.decided_at),
                    coding_uuid=r.coding_uuid, doc_sha256=r.doc_sha256,
                    created_at=utc(r.created_at))


class ProposalRepo:
    conn: Connection

    def add_proposals_bulk(self, items: Sequence[dict[str, Any]]) -> list[str]:
        """Insert proposals (dicts of column values; uuid, status and times default)."""
        now = datetime.now(UTC)
        payload = [{"uuid": new_uuid(), "status": PENDING, "evidence": {}, "origin_ref": "",
                    "created_at": now, **it} for it in items]
        if payload:
            self.conn.execute(insert(proposals), payload)
        return [p["uuid"] for p in payload]

    def proposals(self, *, document_id: int | None = None, status: str | None = None,
                  batch: str | None = None, origin: str | None = None,
                  coder_ids: Iterable[int] | None = None, uuids: Iterable[str] | None = None,
                  live_codes_only: bool = True) -> list[Proposal]:
        """Proposals in document order. A proposal whose code was deleted is withdrawn: it is
        left out (``live_codes_only``) until the deletion is undone."""
        q = select(proposals)
        if live_codes_only:
            q = q.where(proposals.c.code_uuid.in_(select(codes.c.uuid)))
        if document_id is not None:
            q = q.where(proposals.c.document_id == document_id)
        if status is not None:
            q = q.where(proposals.c.status == status)
        if batch is not None:
            q = q.where(proposals.c.batch == batch)
        if origin is not None:
            q = q.where(proposals.c.origin == origin)
        if coder_ids is not None:
            q = q.where(proposals.c.coder_id.in_(list(coder_ids)))
        if uuids is not None:
            q = q.where(proposals.c.uuid.in_(list(uuids)))
        q = q.order_by(proposals.c.document_id, proposals.c.start, proposals.c.end,
                       proposals.c.id)
        return [_proposal(r) for r in self.conn.execute(q)]

    def proposal_by_uuid(self, uuid: str) -> Proposal | None:
        r = self.conn.execute(select(proposals).where(proposals.c.uuid == uuid)).first()
        return _proposal(r) if r else None

    def proposal_keys(self, document_ids: Iterable[int], statuses: Sequence[str]
                      ) -> set[tuple[int, int, int, str, int]]:
        """(document, start, end, code uuid, coder) of the proposals with these statuses."""
        q = select(proposals.c.document_id, proposals.c.start, proposals.c.end,
                   proposals.c.code_uuid, proposals.c.coder_id).where(
            proposals.c.document_id.in_(list(document_ids)),
            proposals.c.status.in_(list(statuses)))
        return {tuple(r) for r in self.conn.execute(q)}  # type: ignore[misc]

    def coding_keys(self, document_ids: Iterable[int]) -> set[tuple[int, int, int, str, int]]:
        """The same key for the codings of these documents."""
        q = (select(codings.c.document_id, codings.c.start, codings.c.end, codes.c.uuid,
                    codings.c.coder_id).join(codes, codes.c.id == codings.c.code_id)
             .where(codings.c.document_id.in_(list(document_ids))))
        return {tuple(r) for r in self.conn.execute(q)}  # type: ignore[misc]

    def decide_proposal(self, uuid: str, *, status: str, decided_by: str | None,
                        coding_uuid: str | None = None, code_uuid: str | None = None) -> None:
        values: dict[str, Any] = {"status": status, "decided_by": decided_by,
                                  "coding_uuid": coding_uuid,
                                  "decided_at": None if status == PENDING else datetime.now(UTC)}
        if code_uuid is not None:
            values["code_uuid"] = code_uuid
        self.conn.execute(update(proposals).where(proposals.c.uuid == uuid).values(**values))

    def proposal_records(self, uuids: Iterable[str]) -> list[dict[str, Any]]:
        """Full rows (for undo and for packages)."""
        q = select(proposals).where(proposals.c.uuid.in_(list(uuids))).order_by(proposals.c.id)
        return [dict(r._mapping) for r in self.conn.execute(q)]

    def all_proposal_records(self) -> list[dict[str, Any]]:
        return [dict(r._mapping) for r in self.conn.execute(
            select(proposals).order_by(proposals.c.id))]

    def put_proposal_records(self, records: Sequence[dict[str, Any]]) -> None:
        """Make each ``rec["uuid"]`` exactly ``rec`` (insert or overwrite)."""
        for rec in records:
            values = {k: v for k, v in rec.items() if k != "id"}
            n = self.conn.execute(update(proposals).where(proposals.c.uuid == rec["uuid"])
                                  .values(**values)).rowcount
            if not n:
                if rec.get("id") is not None and self.conn.execute(select(proposals.c.id).where(
                        proposals.c.id == rec["id"])).first() is None:
                    values["id"] = rec["id"]
                self.conn.execute(insert(proposals).values(**values))

    def delete_proposals(self, uuids: Iterable[str]) -> int:
        return int(self.conn.execute(delete(proposals).where(
            proposals.c.uuid.in_(list(uuids)))).rowcount)

    def recode_proposals(self, from_code_uuid: str, to_code_uuid: str) -> int:
        return int(self.conn.execute(update(proposals).where(
            proposals.c.code_uuid == from_code_uuid).values(code_uuid=to_code_uuid)).rowcount)

    def pending_counts(self, coder_ids: Iterable[int] | None = None) -> dict[int, int]:
        """Pending proposals per document (live codes only)."""
        q = (select(proposals.c.document_id, func.count())
             .where(proposals.c.status == PENDING,
                    proposals.c.code_uuid.in_(select(codes.c.uuid)))
             .group_by(proposals.c.document_id))
        if coder_ids is not None:
            q = q.where(proposals.c.coder_id.in_(list(coder_ids)))
        return {d: int(n) for d, n in self.conn.execute(q)}

    def proposal_problems(self) -> list[str]:
        return proposal_problems(self.conn)

    # --- provenance of accepted proposals (codings.origin / origin_ref) ----------------------
    def coding_origins(self) -> dict[str, tuple[str, str | None]]:
        """uuid -> (origin, origin_ref) of every coding made from a proposal."""
        q = select(codings.c.uuid, codings.c.origin, codings.c.origin_ref).where(
            codings.c.origin.is_not(None))
        return {u: (o, r) for u, o, r in self.conn.execute(q)}

    def set_coding_origins(self, origins: dict[str, tuple[str, str | None]], *,
                           only_missing: bool = False) -> None:
        for uuid, (origin, ref) in sorted(origins.items()):
            q = update(codings).where(codings.c.uuid == uuid)
            if only_missing:
                q = q.where(codings.c.origin.is_(None))
            self.conn.execute(q.values(origin=origin, origin_ref=ref))

    # --- series links ------------------------------------------------------------------------
    def set_series_key(self, document_id: int, key: str | None) -> None:
        self.conn.execute(update(documents).where(documents.c.id == document_id)
                          .values(series_key=key))

    def document_flags_and_keys(self) -> dict[int, tuple[bool, str | None]]:
        """is_report and series_key per document."""
        return {i: (bool(r), k) for i, r, k in self.conn.execute(
            select(documents.c.id, documents.c.is_report, documents.c.series_key))}


def proposal_problems(conn: Connection) -> list[str]:
    """Pending proposals outside their document or made for another text (for ``check``)."""
    out = []
    q = (select(proposals.c.uuid, proposals.c.start, proposals.c.end, proposals.c.doc_sha256,
                documents.c.id, documents.c.chars, documents.c.sha256)
         .join(documents, documents.c.id == proposals.c.document_id)
         .where(proposals.c.status == PENDING))
    for uuid, s, e, sha, did, n, doc_sha in conn.execute(q):
        if s < 0 or e > n or e <= s:
            out.append(f"proposal {uuid}: [{s}, {e}) outside its document {did} (0..{n})")
        elif sha != doc_sha:
            out.append(f"proposal {uuid}: made for another text than document {did} has now; "
                       "withdraw it ('annotator proposals P withdraw')")
    return out
