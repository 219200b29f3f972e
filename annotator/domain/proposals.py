"""Proposed codings: a passage, a code and a coder, offered by an origin, awaiting a decision.

A proposal is not a coding: it lives in its own table, so no query of codings can count it.
Origins: ``carry`` (last year's coding followed into the new edition) and ``suggest`` (a code
suggestion from a model); later ones use the same state. See ``README.md`` ("Proposed codings").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"
STATUSES = (PENDING, ACCEPTED, REJECTED)
CARRY, SUGGEST = "carry", "suggest"


@dataclass(frozen=True, slots=True)
class Proposal:
    id: int
    uuid: str
    document_id: int
    start: int
    end: int
    code_uuid: str
    coder_id: int
    origin: str
    origin_ref: str
    score: float | None
    evidence: dict[str, Any] = field(default_factory=dict)
    status: str = PENDING
    batch: str = ""
    decided_by: str | None = None
    decided_at: datetime | None = None
    coding_uuid: str | None = None
    doc_sha256: str = ""
    created_at: datetime | None = None

    @property
    def key(self) -> tuple[int, int, int, str, int]:
        """What makes two proposals (or a proposal and a coding) the same offer."""
        return (self.document_id, self.start, self.end, self.code_uuid, self.coder_id)

    @property
    def exact(self) -> bool:
        """An exact offer: carried from an unchanged sentence (or any score of 1)."""
        return self.evidence.get("method") == "same" or (self.score is not None
                                                         and self.score >= 1.0)


@dataclass(frozen=True, slots=True)
class NewProposal:
    """A proposal to be made (the service dedupes and stores it)."""

    document_id: int
    start: int
    end: int
    code_uuid: str
    coder_id: int
    origin: str
    origin_ref: str = ""
    score: float | None = None
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[int, int, int, str, int]:
        return (self.document_id, self.start, self.end, self.code_uuid, self.coder_id)


def describe(p: Proposal) -> str:
    """One line for a tooltip: the origin and its evidence."""
    ev = p.evidence or {}
    if p.origin == CARRY:
        year = ev.get("source_year")
        method = ev.get("method", "")
        where = f" as {year}" if year else ""
        if method == "same":
            return f"carried forward: same sentence{where}"
        sim = f" (similarity {p.score:.2f})" if p.score is not None else ""
        return f"carried forward: {method or 'edited'} sentence{where}{sim}"
    if p.origin == SUGGEST:
        words = ev.get("features") or ev.get("words") or []
        conf = f"confidence {p.score:.2f}" if p.score is not None else "suggested"
        return f"suggested ({conf})" + (f"; words: {', '.join(map(str, words[:8]))}"
                                        if words else "")
    return f"proposed by {p.origin}"
