"""Proposed codings: make a batch, accept, reject, change the code then accept, withdraw.

Every decision is a command (one transaction, one undo step). Each returns as its inverse a
:class:`RestoreProposalState` holding the exact rows it changed, so undo and redo put back the
same proposals and codings (same uuids). Proposals never enter counts, agreement or exports:
they live in their own table and only an accepted one becomes an ordinary coding, which
remembers ``origin`` and ``origin_ref``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.domain.changes import Changes
from annotator.domain.errors import NotFoundError, ValidationError
from annotator.domain.model import new_uuid
from annotator.domain.proposals import ACCEPTED, PENDING, REJECTED, NewProposal, Proposal
from annotator.services.coding_commands import ApplyCode
from annotator.services.commands import Context, Outcome

if TYPE_CHECKING:
    from annotator.storage.store import Tx


@dataclass(slots=True)
class MadeProposals:
    """What :class:`MakeProposals` did."""

    batch: str
    uuids: list[str]
    duplicates: int = 0  # equal to an existing coding or pending proposal
    rejected_before: int = 0  # equal to a proposal rejected earlier


@dataclass(slots=True)
class RestoreProposalState:
    """Put proposals and codings back exactly as recorded (the inverse of every command here).

    ``proposals``/``codings``: full rows to put back; ``drop_proposals``/``drop_codings``:
    uuids to delete. Its own inverse is computed from the rows as they are before it runs.
    """

    proposals: list[dict[str, Any]] = field(default_factory=list)
    drop_proposals: list[str] = field(default_factory=list)
    codings: list[dict[str, Any]] = field(default_factory=list)
    drop_codings: list[str] = field(default_factory=list)
    description: str = "restore proposals"

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        p_uuids = [r["uuid"] for r in self.proposals] + list(self.drop_proposals)
        c_uuids = [r["uuid"] for r in self.codings] + list(self.drop_codings)
        before_p = {r["uuid"]: r for r in tx.proposal_records(p_uuids)}
        before_c = tx.coding_records(uuids=c_uuids)
        changes = _changes_for(tx, list(before_p.values()) + self.proposals,
                               [c for c in (tx.coding_by_uuid(u) for u in c_uuids) if c])
        for u in self.drop_codings:
            tx.delete_coding_by_uuid(u)
        tx.delete_proposals(self.drop_proposals)
        for rec in self.codings:
            tx.put_coding_record(dict(rec))
        tx.put_proposal_records([dict(r) for r in self.proposals])
        changes = changes.merge(_changes_for(tx, [], [c for c in (
            tx.coding_by_uuid(r["uuid"]) for r in self.codings) if c]))
        inverse = RestoreProposalState(
            proposals=[before_p[u] for u in p_uuids if u in before_p],
            drop_proposals=[u for u in p_uuids if u not in before_p],
            codings=[before_c[u] for u in c_uuids if u in before_c],
            drop_codings=[u for u in c_uuids if u not in before_c],
            description=self.description)
        return Outcome(changes, inverse, self.description, None,
                       [("proposal.restore", "proposal", None, {"proposals": len(p_uuids)})])


def _changes_for(tx: Tx, proposal_rows: Iterable[dict[str, Any]], codings: Iterable[Any]
                 ) -> Changes:
    ch = Changes(proposals={int(r["document_id"]) for r in proposal_rows})
    for c in codings:
        ch.codings.add(c.id)
        ch.coded_documents.add(c.document_id)
        ch.codes.add(c.code_id)
    return ch


@dataclass(slots=True)
class MakeProposals:
    """Store a batch of proposals from one run (one carry, one suggestion run).

    Offers equal to an existing coding or pending proposal (same document, span, code and
    coder) are not made, nor those rejected before. ``batch`` names the run (new uuid when
    ``None``). The result is a :class:`MadeProposals`.
    """

    items: Sequence[NewProposal]
    batch: str | None = None
    description: str = "propose codings"

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        batch = self.batch or new_uuid()
        docs = sorted({p.document_id for p in self.items})
        infos = {d: tx.document(d) for d in docs}
        taken = tx.coding_keys(docs) | tx.proposal_keys(docs, (PENDING, ACCEPTED))
        rejected = tx.proposal_keys(docs, (REJECTED,))
        live = {c.uuid for c in tx.codes()}
        rows, dup, rej = [], 0, 0
        for p in self.items:
            info = infos[p.document_id]
            if not 0 <= p.start < p.end <= info.chars:
                raise ValidationError(f"proposal [{p.start}, {p.end}) is outside document "
                                      f"{p.document_id} (0..{info.chars}) or empty")
            if p.code_uuid not in live:
                raise NotFoundError(f"no code with uuid {p.code_uuid}")
            if p.key in rejected:
                rej += 1
                continue
            if p.key in taken:
                dup += 1
                continue
            taken.add(p.key)
            rows.append({"uuid": new_uuid(), "document_id": p.document_id, "start": p.start,
                         "end": p.end, "code_uuid": p.code_uuid, "coder_id": p.coder_id,
                         "origin": p.origin, "origin_ref": p.origin_ref or "",
                         "score": p.score, "evidence": dict(p.evidence), "batch": batch,
                         "doc_sha256": info.sha256})
        uuids = tx.add_proposals_bulk(rows)
        made = MadeProposals(batch, uuids, dup, rej)
        inverse = RestoreProposalState(drop_proposals=list(uuids),
                                       description=self.description) if uuids else None
        origins = sorted({r["origin"] for r in rows})
        return Outcome(Changes(proposals={r["document_id"] for r in rows}), inverse,
                       self.description, made,
                       [("proposal.make", "batch", batch, {"made": len(uuids),
                         "duplicates": dup, "rejected_before": rej, "origins": origins})])


@dataclass(slots=True)
class DecideProposals:
    """Accept or reject pending proposals, as one action (one transaction, one undo step).

    ``decision`` is ``"accept"`` or ``"reject"``. On accept, ``code_uuid`` (optional) replaces
    the proposed code first ("change the code, then accept"). An accepted proposal becomes a
    coding of the acting coder (else of the coder it was proposed to; a proposal for the gold
    standard becomes a gold coding) with ``origin`` and ``origin_ref``; if that exact coding exists already, the proposal is linked to it.
    Proposals already decided are skipped.
    """

    uuids: Sequence[str]
    decision: str
    code_uuid: str | None = None
    description: str = ""

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        if self.decision not in ("accept", "reject"):
            raise ValidationError(f"decision must be 'accept' or 'reject', not {self.decision!r}")
        found = {p.uuid: p for p in tx.proposals(uuids=self.uuids, live_codes_only=False)}
        missing = [u for u in self.uuids if u not in found]
        if missing:
            raise NotFoundError(f"no proposal with uuid {missing[0]}")
        todo = [found[u] for u in dict.fromkeys(self.uuids) if found[u].status == PENDING]
        what = self.description or _describe(self.decision, len(todo))
        if not todo:
            return Outcome(Changes(), None, "no pending proposals")
        before = tx.proposal_records([p.uuid for p in todo])
        made: list[str] = []
        changes = Changes(proposals={p.document_id for p in todo})
        existing: dict[tuple[int, int, int, str, int], str] | None = None
        gold = {c.id for c in tx.coders() if c.is_gold}
        for p in todo:
            if self.decision == "reject":
                tx.decide_proposal(p.uuid, status=REJECTED, decided_by=ctx.actor)
                continue
            code_uuid = self.code_uuid or p.code_uuid
            # a proposal for the gold standard stays gold; others become the reviewer's
            coder_id = p.coder_id if p.coder_id in gold or ctx.coder is None else ctx.coder.id
            if existing is None:
                existing = _coding_uuid_by_key(tx, {q.document_id for q in todo})
            key = (p.document_id, p.start, p.end, code_uuid, coder_id)
            coding_uuid = existing.get(key)
            if coding_uuid is None:
                out = ApplyCode(p.document_id, p.start, p.end, code_uuid, coder_id=coder_id,
                                origin=p.origin, origin_ref=p.origin_ref or None).apply(tx, ctx)
                coding_uuid = out.result.uuid
                existing[key] = coding_uuid
                made.append(coding_uuid)
                changes = changes.merge(out.changes)
            tx.decide_proposal(p.uuid, status=ACCEPTED, decided_by=ctx.actor,
                               coding_uuid=coding_uuid,
                               code_uuid=code_uuid if code_uuid != p.code_uuid else None)
        inverse = RestoreProposalState(proposals=before, drop_codings=made, description=what)
        return Outcome(changes, inverse, what, made,
                       [(f"proposal.{self.decision}", "proposal",
                         todo[0].uuid if len(todo) == 1 else None,
                         {"proposals": [p.uuid for p in todo], "codings": made})])


def _describe(decision: str, n: int) -> str:
    verb = "accept" if decision == "accept" else "reject"
    return f"{verb} proposal" if n == 1 else f"{verb} {n} proposals"


def _coding_uuid_by_key(tx: Tx, docs: set[int]) -> dict[tuple[int, int, int, str, int], str]:
    uuid_of = {c.id: c.uuid for c in tx.codes()}
    out = {}
    for d in docs:
        for c in tx.codings(document_id=d):
            out[(c.document_id, c.start, c.end, uuid_of[c.code_id], c.coder_id)] = c.uuid
    return out


def AcceptProposal(uuid: str, code_uuid: str | None = None) -> DecideProposals:  # noqa: N802
    """Accept one proposal (optionally with another code)."""
    return DecideProposals([uuid], "accept", code_uuid,
                           "change code and accept proposal" if code_uuid else "")


def RejectProposal(uuid: str) -> DecideProposals:  # noqa: N802
    return DecideProposals([uuid], "reject")


@dataclass(slots=True)
class WithdrawProposals:
    """Remove pending proposals (a whole batch, or the given uuids); decided ones stay as the
    record of what was accepted or rejected."""

    batch: str | None = None
    uuids: Sequence[str] | None = None
    description: str = "withdraw proposals"

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        if self.batch is None and self.uuids is None:
            raise ValidationError("name a batch or proposals to withdraw")
        found = tx.proposals(batch=self.batch, uuids=self.uuids, status=PENDING,
                             live_codes_only=False)
        if not found:
            return Outcome(Changes(), None, "nothing to withdraw")
        before = tx.proposal_records([p.uuid for p in found])
        tx.delete_proposals([p.uuid for p in found])
        return Outcome(Changes(proposals={p.document_id for p in found}),
                       RestoreProposalState(proposals=before, description=self.description),
                       self.description, len(found),
                       [("proposal.withdraw", "batch", self.batch, {"proposals": len(found)})])


# --- queries ----------------------------------------------------------------------------------
def select_proposals(tx: Tx, *, batch: str | None = None, document_id: int | None = None,
                     origin: str | None = None, min_score: float | None = None,
                     status: str | None = PENDING, coder_ids: Iterable[int] | None = None,
                     exact_only: bool = False) -> list[Proposal]:
    """Proposals matching every filter given (pending ones by default)."""
    found = tx.proposals(batch=batch, document_id=document_id, origin=origin, status=status,
                         coder_ids=coder_ids)
    if min_score is not None:
        found = [p for p in found if p.score is not None and p.score >= min_score]
    if exact_only:
        found = [p for p in found if p.exact]
    return found


def proposal_listing(project: Any, *, document_id: int | None = None,
                     status: str | None = None, origin: str | None = None,
                     batch: str | None = None) -> list[dict[str, Any]]:
    """One dict per proposal for scripts: uuid, document, start, end, code_uuid, code, coder,
    status, origin, score, batch, the origin's own fields (carry: ``similarity``,
    ``source_coding``, ``source_document``, ``method``; suggest: ``confidence`` and the
    evidence), decided_by/at, coding, excerpt."""
    from annotator.services.codebook_bulk import project_codebook

    with project.read() as tx:
        coders = {c.id: c.name for c in tx.coders()}
        book = project_codebook(tx)
        found = tx.proposals(document_id=document_id, status=status, origin=origin,
                             batch=batch)
        texts: dict[int, str] = {}
        out = []
        for p in found:
            if p.document_id not in texts:
                texts[p.document_id] = tx.document_text(p.document_id)
            excerpt = " ".join(texts[p.document_id][p.start:p.end].split())
            if len(excerpt) > 80:
                excerpt = excerpt[:79] + "…"
            row: dict[str, Any] = {
                "uuid": p.uuid, "document": p.document_id, "start": p.start, "end": p.end,
                "code_uuid": p.code_uuid, "code": book.path(p.code_uuid),
                "coder": coders.get(p.coder_id, ""), "status": p.status, "origin": p.origin,
                "origin_ref": p.origin_ref, "score": p.score, "batch": p.batch,
                "decided_by": p.decided_by,
                "decided_at": p.decided_at.isoformat() if p.decided_at else None,
                "coding": p.coding_uuid, "excerpt": excerpt, "evidence": dict(p.evidence)}
            if p.origin == "carry":
                row.update(similarity=p.score, source_coding=p.origin_ref,
                           source_document=p.evidence.get("source_document"),
                           method=p.evidence.get("method"))
            elif p.origin == "suggest":
                row.update(confidence=p.score)
            out.append(row)
        return out
