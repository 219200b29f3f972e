"""Blind double coding: assign documents to two or more coders, track who is done.

While a coder has a blind assignment for a document that they have not marked done, the
workbench hides every other coder's codings in it (:func:`blind_state`). Marking the document
done lifts the blind for that coder only.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from annotator.domain.changes import Changes
from annotator.domain.errors import NotFoundError, ValidationError
from annotator.services.commands import Command, Context, Outcome
from annotator.services.project import Project

if TYPE_CHECKING:
    from annotator.storage.store import Tx

Execute = Callable[[Command], Outcome]


@dataclass(frozen=True, slots=True)
class BlindState:
    """What the workbench must hide for one coder in one document."""

    blind: bool
    hidden_coders: frozenset[int]
    assigned: bool
    done: bool
    message: str


@dataclass(slots=True)
class AssignDocuments:
    """Assign each document to each coder (coders are created when new); existing assignments
    are left as they are."""

    document_ids: list[int]
    coders: list[str]
    blind: bool = True

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        if len(set(self.coders)) < 2:
            raise ValidationError("double coding needs at least two different coders")
        for d in self.document_ids:
            tx.document(d)
        ids = []
        created = []
        for name in self.coders:
            c = tx.coder_by_name(name.strip())
            if c is None:
                c = tx.add_coder(name)
                created.append(c.uuid)
            if c.is_gold:
                raise ValidationError(f"{c.name} holds the gold standard; assign coders only")
            ids.append(c.id)
        new = [(d, c) for d in self.document_ids for c in ids if tx.assignment(d, c) is None]
        now = datetime.now(UTC)
        for d, c in new:
            tx.put_assignment(d, c, blind=self.blind, assigned_at=now)
        what = f"assign {len(self.document_ids)} document(s) to {', '.join(self.coders)}"
        return Outcome(Changes(documents=set(self.document_ids), coders=bool(created)),
                       Unassign(new) if new else None, what, len(new),
                       [("assignment.add", "document", None,
                         {"documents": self.document_ids, "coders": self.coders,
                          "blind": self.blind, "new": len(new)})])


@dataclass(slots=True)
class Unassign:
    pairs: list[tuple[int, int]]

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        old = [a for d, c in self.pairs if (a := tx.assignment(d, c)) is not None]
        for a in old:
            tx.delete_assignment(a["document_id"], a["coder_id"])
        return Outcome(Changes(documents={d for d, _ in self.pairs}), RestoreAssignments(old),
                       f"remove {len(old)} assignment(s)", None,
                       [("assignment.remove", "document", None, {"count": len(old)})])


@dataclass(slots=True)
class RestoreAssignments:
    records: list[dict[str, Any]] = field(default_factory=list)

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        for a in self.records:
            tx.put_assignment(a["document_id"], a["coder_id"], blind=a["blind"], done=a["done"],
                              assigned_at=a["assigned_at"], done_at=a["done_at"])
        pairs = [(a["document_id"], a["coder_id"]) for a in self.records]
        return Outcome(Changes(documents={d for d, _ in pairs}), Unassign(pairs),
                       f"restore {len(pairs)} assignment(s)", None,
                       [("assignment.restore", "document", None, {"count": len(pairs)})])


@dataclass(slots=True)
class MarkDone:
    """Mark (or unmark) a document done for a coder; done lifts their blind mode there."""

    document_id: int
    coder: str
    done: bool = True

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        c = tx.coder_by_name(self.coder)
        if c is None:
            raise NotFoundError(f"no coder named {self.coder!r}")
        doc = tx.document(self.document_id)
        a = tx.assignment(self.document_id, c.id)
        if a is None:
            raise ValidationError(f"'{doc.title}' is not assigned to {c.name}")
        if a["done"] == self.done:
            return Outcome(Changes(), None, "no change")
        tx.put_assignment(self.document_id, c.id, blind=a["blind"], done=self.done,
                          assigned_at=a["assigned_at"],
                          done_at=datetime.now(UTC) if self.done else None)
        verb = "done" if self.done else "not done"
        return Outcome(Changes(documents={self.document_id}, coders=True),
                       MarkDone(self.document_id, self.coder, not self.done),
                       f"mark '{doc.title}' {verb} for {c.name}", None,
                       [("assignment.done" if self.done else "assignment.reopen", "document",
                         doc.uuid, {"coder": c.name})])


def sample_documents(project: Project, size: int, seed: int = 0,
                     among: Sequence[int] | None = None) -> list[int]:
    """A seeded random sample of document ids (sorted), from ``among`` or all documents."""
    pool = sorted(among) if among is not None else [d.id for d in project.documents()]
    if size < 1:
        raise ValidationError("the sample needs at least one document")
    if size > len(pool):
        raise ValidationError(f"the sample of {size} is larger than the {len(pool)} documents "
                              "available")
    return sorted(random.Random(seed).sample(pool, size))


def assign(project: Project, coders: Sequence[str], *, sample: int | None = None,
           documents: Sequence[int] | None = None, seed: int = 0, blind: bool = True,
           execute: Execute | None = None) -> list[int]:
    """Assign documents for double coding; returns the document ids assigned.

    ``documents`` alone assigns those; ``sample=N`` draws N of them (or of all documents) with
    the seeded generator, so the same seed gives the same sample.
    """
    known = {d.id for d in project.documents()}
    if documents is not None:
        bad = [d for d in documents if d not in known]
        if bad:
            raise NotFoundError(f"no document with id {bad[0]}")
    if sample is not None:
        chosen = sample_documents(project, sample, seed, documents)
    elif documents:
        chosen = sorted(set(documents))
    else:
        raise ValidationError("say which documents to assign: a sample size or document ids")
    (execute or project.execute)(AssignDocuments(chosen, list(coders), blind))
    return chosen


def mark_done(project: Project, document_id: int, coder: str, done: bool = True,
              execute: Execute | None = None) -> Outcome:
    return (execute or project.execute)(MarkDone(document_id, coder, done))


def blind_state(project: Project, coder: str | int, document_id: int) -> BlindState:
    """Whether ``coder`` (name or id) must not see other coders' codings in the document."""
    with project.read() as tx:
        everyone = tx.coders()
        me = next((c for c in everyone if coder in (c.name, c.id)), None)
        if me is None:
            raise NotFoundError(f"no coder {coder!r}")
        a = tx.assignment(document_id, me.id)
    others = frozenset(c.id for c in everyone if c.id != me.id)
    if a is None:
        return BlindState(False, frozenset(), False, False, "")
    if a["blind"] and not a["done"]:
        return BlindState(True, others, True, False,
                          "Blind double coding: other coders' codings stay hidden until you "
                          "mark this document done.")
    return BlindState(False, frozenset(), True, a["done"],
                      "Done: all coders' codings are visible." if a["done"] else "")


def assignments(project: Project, coder: str | None = None) -> list[dict[str, Any]]:
    """Assignments with document title and coder name (optionally of one coder)."""
    with project.read() as tx:
        names = {c.id: c.name for c in tx.coders()}
        coder_id = None
        if coder is not None:
            coder_id = next((i for i, n in names.items() if n == coder), None)
            if coder_id is None:
                raise NotFoundError(f"no coder named {coder!r}")
        titles = {d: f[0] for d, f in tx.document_facts().items()}
        rows = tx.assignments(coder_id=coder_id)
    return [{**a, "coder": names[a["coder_id"]], "title": titles.get(a["document_id"], "")}
            for a in rows]
