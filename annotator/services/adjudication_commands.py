"""Commands that settle disagreements into the gold layer (undoable like every command).

An adjudication writes, in one transaction, the gold codings a decision yields and a record of
the decision: which passage, which code, what was decided and why, and copies of the coders'
codings it settled (``sources``), so the provenance survives later edits or a removed coder.
Deciding an item again replaces the earlier decision (undo brings the earlier one back).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from annotator.domain.changes import Changes
from annotator.domain.errors import NotFoundError, ValidationError
from annotator.domain.model import Coder, new_uuid
from annotator.services.commands import Batch, Command, Context, Outcome

if TYPE_CHECKING:
    from annotator.storage.store import Tx

GOLD_NAME = "Gold"


def ensure_gold(tx: Tx) -> tuple[Coder, bool]:
    """The project's gold coder, created (named "Gold", role adjudicator) when missing.

    Returns ``(coder, created)``.
    """
    for c in tx.coders():
        if c.is_gold:
            return c, False
    name, n = GOLD_NAME, 1
    while tx.coder_by_name(name) is not None:
        n += 1
        name = f"{GOLD_NAME} {n}"
    return tx.add_coder(name, role="adjudicator", is_gold=True), True


def _item_records(tx: Tx, document_id: int, code_uuid: str, start: int, end: int
                  ) -> list[dict[str, Any]]:
    return [r for r in tx.adjudications(document_ids=[document_id])
            if (r["code_uuid"], r["start"], r["end"]) == (code_uuid, start, end)]


@dataclass(slots=True)
class RemoveAdjudication:
    """Take back a decision: delete its gold codings and its record."""

    uuid: str

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        rec = tx.adjudication(self.uuid)
        if rec is None:
            raise NotFoundError(f"no adjudication {self.uuid} (was it taken back already?)")
        codings = tx.coding_records(uuids=rec["gold_coding_uuids"])
        ids = set()
        for uuid in codings:
            c = tx.coding_by_uuid(uuid)
            if c is not None:
                ids.add(c.id)
            tx.delete_coding_by_uuid(uuid)
        tx.delete_adjudication(self.uuid)
        changes = Changes(codings=ids, coded_documents={rec["document_id"]})
        return Outcome(changes, RestoreAdjudication(rec, list(codings.values())),
                       f"take back decision '{rec['decision']}'", None,
                       [("adjudication.remove", "adjudication", self.uuid,
                         {"decision": rec["decision"]})])


@dataclass(slots=True)
class RestoreAdjudication:
    """Put back a decision exactly as it was (its record and gold codings, same uuids)."""

    record: dict[str, Any]
    codings: list[dict[str, Any]]

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        ids = set()
        for rec in self.codings:
            tx.put_coding_record(dict(rec))
            c = tx.coding_by_uuid(rec["uuid"])
            if c is not None:
                ids.add(c.id)
        tx.put_adjudication(dict(self.record))
        changes = Changes(codings=ids, coded_documents={self.record["document_id"]})
        return Outcome(changes, RemoveAdjudication(self.record["uuid"]),
                       f"decision '{self.record['decision']}'", self.record,
                       [("adjudication.restore", "adjudication", self.record["uuid"], {})])


@dataclass(slots=True)
class Adjudicate:
    """Settle one item: create the gold codings ``spans`` of ``code_uuid`` and the record.

    ``decision`` is ``accept:<coder>``, ``union``, ``intersection``, ``edit``, ``reject`` (or
    ``agreed`` for passages copied because every coder marked them the same). ``sources`` are
    the settled codings as dicts: coder, coder_uuid, coding_uuid, start, end, code_uuid.
    """

    document_id: int
    start: int
    end: int
    code_uuid: str
    decision: str
    spans: list[tuple[int, int]]
    sources: list[dict[str, Any]]
    reason: str = ""
    uuid: str | None = None
    gold_uuids: list[str] = field(default_factory=list)

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        code = tx.code_by_uuid(self.code_uuid)
        if code is None:
            raise NotFoundError(f"no code with uuid {self.code_uuid}")
        doc = tx.document(self.document_id)
        for s, e in self.spans:
            if not 0 <= s < e <= doc.chars:
                raise ValidationError(f"passage [{s}, {e}) is outside the document "
                                      f"(0..{doc.chars}) or empty")
        gold, created = ensure_gold(tx)
        if any(src.get("coder_uuid") == gold.uuid for src in self.sources):
            raise ValidationError("the gold coder cannot be one of the compared coders")
        undo: list[Command] = []
        for old in _item_records(tx, self.document_id, self.code_uuid, self.start, self.end):
            restore = RemoveAdjudication(old["uuid"]).apply(tx, ctx).inverse
            assert restore is not None
            undo.append(restore)
        uuids = list(self.gold_uuids) or [new_uuid() for _ in self.spans]
        version = tx.latest_version_id()
        ids = set()
        for (s, e), uid in zip(self.spans, uuids, strict=True):
            c = tx.add_coding(document_id=self.document_id, start=s, end=e, code_id=code.id,
                              coder_id=gold.id, memo=self.reason, uuid=uid,
                              codebook_version_id=version)
            ids.add(c.id)
        rec = {"uuid": self.uuid or new_uuid(), "document_id": self.document_id,
               "start": self.start, "end": self.end, "code_uuid": self.code_uuid,
               "decision": self.decision, "reason": self.reason,
               "sources": [dict(s) for s in self.sources], "gold_coding_uuids": uuids,
               "decided_by": ctx.actor, "decided_at": datetime.now(UTC)}
        tx.put_adjudication(rec)
        inverse: Command = RemoveAdjudication(rec["uuid"])
        if undo:
            inverse = Batch([inverse, *reversed(undo)], "take back decision")
        changes = Changes(codings=ids, coded_documents={self.document_id}, codes={code.id},
                          coders=created)
        log = [("adjudication.add", "adjudication", rec["uuid"],
                {"decision": self.decision, "document": self.document_id, "code": code.uuid,
                 "start": self.start, "end": self.end})]
        if created:
            log.insert(0, ("coder.add", "coder", gold.uuid, {"name": gold.name, "gold": True}))
        return Outcome(changes, inverse, f"decide '{self.decision}' for '{code.name}'", rec, log)
