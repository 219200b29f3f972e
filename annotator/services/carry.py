"""Carry codings forward from one edition to the next, as proposals (origin ``carry``).

Every coding on OLD of one coder (or of the gold standard) is followed into NEW through the
sentence alignment (:mod:`annotator.domain.carry`) and offered as a proposal to that coder:
exact inside unchanged sentences, through the word diff across edited ones, not at all where
the text is gone (those are listed). ``accept_same`` then accepts the exact carries as one
batch. A coder working blind on NEW may carry only their own codings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.domain.carry import Carried, NotCarried, SourceCoding, carry
from annotator.domain.errors import NotFoundError, ValidationError
from annotator.domain.model import Coder, DocumentInfo
from annotator.domain.proposals import CARRY, NewProposal
from annotator.services.alignment import edition, pair_warnings
from annotator.services.commands import Command, Outcome
from annotator.services.proposals import DecideProposals, MadeProposals, MakeProposals

if TYPE_CHECKING:
    from annotator.domain.alignment import Alignment
    from annotator.services.project import Project

Run = Callable[[Command], Outcome]
DEFAULT_MIN_SIMILARITY = 0.85


@dataclass(slots=True)
class CarryReport:
    old: DocumentInfo
    new: DocumentInfo
    coder: Coder
    alignment: Alignment
    carried: list[Carried]
    not_carried: list[NotCarried]
    warnings: list[str] = field(default_factory=list)
    batch: str | None = None
    made: int = 0
    duplicates: int = 0
    rejected_before: int = 0
    accepted: int = 0
    proposal_uuids: list[str] = field(default_factory=list)

    @property
    def methods(self) -> Counter[str]:
        return Counter(c.method for c in self.carried)

    def to_dict(self, *, listing: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "from": self.old.id, "to": self.new.id, "coder": self.coder.name,
            "batch": self.batch, "codings": len(self.carried) + len(self.not_carried),
            "carried": len(self.carried), "methods": dict(self.methods),
            "proposals_made": self.made, "duplicates": self.duplicates,
            "rejected_before": self.rejected_before, "accepted": self.accepted,
            "not_carried": len(self.not_carried), "warnings": self.warnings,
            "alignment": dict(self.alignment.counts())}
        if listing:
            d["not_carried_list"] = [{"coding": n.source.uuid, "start": n.source.start,
                                      "end": n.source.end, "code_uuid": n.source.code_uuid,
                                      "reason": n.reason} for n in self.not_carried]
        return d


def source_coder(project: Project, *, coder: str | None = None, gold: bool = False) -> Coder:
    """Whose codings are carried: ``coder`` by name, the gold standard, or the acting coder."""
    if coder and gold:
        raise ValidationError("choose either a coder or the gold standard, not both")
    with project.read() as tx:
        everyone = tx.coders()
    if gold:
        found = [c for c in everyone if c.is_gold]
        if not found:
            raise ValidationError("the project has no gold standard yet")
        return found[0]
    if coder:
        named = next((c for c in everyone if c.name == coder), None)
        if named is None:
            raise NotFoundError(f"no coder named {coder!r}")
        return named
    if project.coder is not None:
        return project.coder
    raise ValidationError("name the coder whose codings to carry (--coder NAME) or --gold")


def plan(project: Project, old_id: int, new_id: int, who: Coder, *,
         min_similarity: float = DEFAULT_MIN_SIMILARITY, blind: bool | None = None,
         ) -> CarryReport:
    """Align and map (nothing is written)."""
    if not 0.0 <= min_similarity <= 1.0:
        raise ValidationError("--min-similarity must lie between 0 and 1")
    acting = project.coder
    with project.read() as tx:
        old, new = tx.document(old_id), tx.document(new_id)
        if blind is None and acting is not None:
            a = tx.assignment(new_id, acting.id)
            blind = bool(a and a["blind"] and not a["done"])
        if blind and acting is not None and who.id != acting.id:
            raise ValidationError("in blind mode you may carry forward only your own codings "
                                  f"({acting.name}), not {who.name}'s")
        uuid_of = {c.id: c.uuid for c in tx.codes()}
        sources = [SourceCoding(c.uuid, c.start, c.end, uuid_of[c.code_id])
                   for c in tx.codings(document_id=old_id, coder_ids=[who.id])]
        if not sources:
            raise ValidationError(f"document {old.id} ({old.title}) has no codings by "
                                  f"{who.name}; nothing to carry forward")
        a_ed, b_ed = edition(tx, old_id), edition(tx, new_id)
    from annotator.domain.alignment import align

    al = align(a_ed, b_ed)
    carried, gone = carry(al, sources, min_similarity=min_similarity)
    return CarryReport(old, new, who, al, carried, gone, pair_warnings(old, new))


def carry_forward(project: Project, old_id: int, new_id: int, *, coder: str | None = None,
                  gold: bool = False, min_similarity: float = DEFAULT_MIN_SIMILARITY,
                  accept_same: bool = False, blind: bool | None = None,
                  run: Run | None = None) -> CarryReport:
    """Carry and store the proposals (one undo step); with ``accept_same`` accept the exact
    carries as a second, single step. ``run`` executes a command (default
    ``project.execute``; the app passes its undo stack)."""
    execute = run or project.execute
    who = source_coder(project, coder=coder, gold=gold)
    report = plan(project, old_id, new_id, who, min_similarity=min_similarity, blind=blind)
    year = report.old.year
    items = [NewProposal(new_id, c.start, c.end, c.source.code_uuid, who.id, CARRY,
                         c.source.uuid, c.similarity,
                         {"method": c.method, "source_document": report.old.uuid,
                          "source_document_id": report.old.id, "source_year": year,
                          "source_start": c.source.start, "source_end": c.source.end})
             for c in report.carried]
    if items:
        out = execute(MakeProposals(items, description=f"carry forward from {year or 'OLD'}"))
        made: MadeProposals = out.result
        report.batch = made.batch if made.uuids else None
        report.made = len(made.uuids)
        report.duplicates, report.rejected_before = made.duplicates, made.rejected_before
        report.proposal_uuids = list(made.uuids)
        if accept_same and made.uuids:
            with project.read() as tx:
                exact = [p.uuid for p in tx.proposals(batch=made.batch, status="pending")
                         if p.exact]
            if exact:
                execute(DecideProposals(exact, "accept",
                                        description=f"accept {len(exact)} exact carries"))
                report.accepted = len(exact)
    return report
