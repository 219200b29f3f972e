"""Removing a coder together with their codings and assignments (undoable).

Adjudication records are untouched: they name the settled codings' coders in their own copies,
so the gold standard's provenance still says whose work a decision settled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.domain.changes import Changes
from annotator.domain.errors import NotFoundError, ValidationError
from annotator.services.commands import Context, Outcome

if TYPE_CHECKING:
    from annotator.storage.store import Tx


@dataclass(slots=True)
class RemoveCoder:
    """Delete the coder ``name``, every coding and assignment of theirs; memos they wrote stay
    (without an author)."""

    name: str

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        coder = tx.coder_by_name(self.name)
        if coder is None:
            raise NotFoundError(f"no coder named {self.name!r}")
        if ctx.coder is not None and ctx.coder.id == coder.id:
            raise ValidationError("switch to another coder before removing yourself")
        if coder.is_gold and tx.adjudications():
            raise ValidationError(f"{coder.name} holds the gold standard of "
                                  f"{len(tx.adjudications())} decision(s); take them back first")
        record = tx.coder_record(coder.id)
        codings = _coder_codings(tx, coder.id)
        assignments = tx.assignments(coder_id=coder.id)
        memo_uuids = tx.coder_memo_uuids(coder.id)
        tx.set_memo_coder(memo_uuids, None)
        docs = {r["document_id"] for r in codings}
        tx.delete_coder(coder.id)
        inverse = RestoreCoder(record, codings, assignments, memo_uuids)
        return Outcome(Changes(coded_documents=docs, coders=True, codebook=bool(codings)),
                       inverse, f"remove coder '{coder.name}' ({len(codings)} codings)", None,
                       [("coder.remove", "coder", coder.uuid,
                         {"name": coder.name, "codings": len(codings)})])


def _coder_codings(tx: Tx, coder_id: int) -> list[dict[str, Any]]:
    uuids = [c.uuid for c in tx.codings(coder_ids=[coder_id])]
    return list(tx.coding_records(uuids=uuids).values()) if uuids else []


@dataclass(slots=True)
class RestoreCoder:
    """Put back a removed coder exactly (same uuid, codings, assignments, memo authorship)."""

    record: dict[str, Any]
    codings: list[dict[str, Any]] = field(default_factory=list)
    assignments: list[dict[str, Any]] = field(default_factory=list)
    memo_uuids: list[str] = field(default_factory=list)

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        if tx.coder_by_name(self.record["name"]) is not None:
            raise ValidationError(f"a coder named {self.record['name']!r} exists again")
        coder_id = tx.put_coder_record(dict(self.record))
        for rec in self.codings:
            tx.put_coding_record({**rec, "coder_id": coder_id})
        for a in self.assignments:
            tx.put_assignment(a["document_id"], coder_id, blind=a["blind"], done=a["done"],
                              assigned_at=a["assigned_at"], done_at=a["done_at"])
        tx.set_memo_coder(self.memo_uuids, coder_id)
        docs = {r["document_id"] for r in self.codings}
        return Outcome(Changes(coded_documents=docs, coders=True, codebook=bool(self.codings)),
                       RemoveCoder(self.record["name"]), f"restore coder '{self.record['name']}'",
                       None, [("coder.restore", "coder", self.record["uuid"], {})])
