"""Exact undo for codebook commands.

A codebook command records the rows it is about to change (:class:`Tracker`), makes its change
with the ordinary repository methods, and returns a :class:`RestoreState` as its inverse: the
recorded rows keyed by uuid, ``None`` meaning "must not exist". Applying it puts every row back
as it was (ids, versions and timestamps included) and returns the opposite restore, so redo is
exact too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.domain.changes import Changes
from annotator.domain.codebook import Codebook, CodeNode
from annotator.domain.errors import ConflictError, ValidationError
from annotator.services.commands import Context, Outcome

if TYPE_CHECKING:
    from annotator.storage.store import Tx

Record = dict[str, Any]
Records = dict[str, Record | None]
LogEntry = tuple[str, str, str | None, dict[str, Any]]


def book_from_records(records: dict[str, Record], name: str = "codebook") -> Codebook:
    """The domain codebook for full code rows (as returned by ``Tx.code_records``)."""
    return Codebook(name=name, nodes=tuple(CodeNode.from_dict(r) for r in records.values()))


@dataclass(slots=True)
class RestoreState:
    """Put codes, codings and codebook versions back to recorded rows (``None`` = absent)."""

    codes: Records = field(default_factory=dict)
    codings: Records = field(default_factory=dict)
    versions: Records = field(default_factory=dict)
    description: str = "undo"
    inverse_description: str = "redo"
    #: the rows as the action being undone left them (codes, codings, versions); when they
    #: changed since (another window or user), the restore is refused instead of overwriting
    expected: tuple[Records, Records, Records] | None = None

    def apply(self, tx: Tx, ctx: Context) -> Outcome:
        now_codes = tx.code_records()
        now_codings = tx.coding_records(uuids=list(self.codings)) if self.codings else {}
        now_versions = tx.version_records(list(self.versions)) if self.versions else {}
        if self.expected is not None:
            for wanted, now in zip(self.expected, (now_codes, now_codings, now_versions),
                                   strict=True):
                if any(now.get(u) != rec for u, rec in wanted.items()):
                    raise ConflictError(f"cannot {self.description}: the codebook was changed "
                                        "since (in another window or by another user)")
        _check_unused(tx, self, now_codes, now_versions)
        inverse = RestoreState({u: now_codes.get(u) for u in self.codes},
                               {u: now_codings.get(u) for u in self.codings},
                               {u: now_versions.get(u) for u in self.versions},
                               self.inverse_description, self.description,
                               (self.codes, self.codings, self.versions))
        for u, rec in self.codings.items():
            if rec is None:
                tx.delete_coding_by_uuid(u)
        for rec in self.versions.values():
            if rec is not None:
                tx.put_version_record(rec)
        _put_codes(tx, now_codes, {u: r for u, r in self.codes.items() if r is not None})
        for rec in self.codings.values():
            if rec is not None:
                tx.put_coding_record(rec)
        _delete_codes(tx, now_codes, self.codes)
        for u, rec in self.versions.items():
            if rec is None:
                tx.delete_version_by_uuid(u)
        changes = Changes(codebook=True)
        for recs in (now_codes, self.codes):
            changes.codes |= {r["id"] for u, r in recs.items() if r and u in self.codes}
        for recs in (now_codings, self.codings):
            _coding_changes(changes, [r for r in recs.values() if r], now_codes, self.codes)
        log: list[LogEntry] = [("codebook.restore", "codebook", None, {
            "description": self.description, "codes": sorted(self.codes),
            "codings": len(self.codings), "versions": sorted(self.versions)})]
        return Outcome(changes, inverse, self.description, None, log)


def _check_unused(tx: Tx, restore: RestoreState, now_codes: dict[str, Record],
                  now_versions: Records) -> None:
    """Refuse to remove a code or version that codings made since still refer to."""
    rewritten = set(restore.codings)  # these are deleted or pointed elsewhere by the restore
    for u, rec in restore.codes.items():
        if rec is None and u in now_codes:
            cid = now_codes[u]["id"]
            kept = [c for c in tx.codings(code_ids=[cid]) if c.uuid not in rewritten]
            if kept:
                raise ValidationError(f"cannot {restore.description}: "
                                      f"{now_codes[u]['name']!r} has {len(kept)} coding(s) "
                                      "made since")
    for u, rec in restore.versions.items():
        old = now_versions.get(u)
        if rec is None and old and tx.count_codings(codebook_version_id=old["id"]):
            raise ValidationError(f"cannot {restore.description}: codings made since refer to "
                                  f"version {old['name']!r}")


def _put_codes(tx: Tx, now: dict[str, Record], wanted: dict[str, Record]) -> None:
    """Write codes so that every parent exists before its children are written."""
    exists = set(now)
    pending = list(wanted.values())
    while pending:
        later = []
        for rec in pending:
            if rec["parent_uuid"] is None or rec["parent_uuid"] in exists:
                tx.put_code_record(rec)
                exists.add(rec["uuid"])
            else:
                later.append(rec)
        if len(later) == len(pending):
            raise ValidationError("cannot restore the codebook: a parent code is missing")
        pending = later


def _delete_codes(tx: Tx, now: dict[str, Record], wanted: Records) -> None:
    """Delete the codes recorded as absent, children before their parents."""
    remaining = {u for u, r in wanted.items() if r is None and u in now}
    parent_of = {u: (wanted.get(u) or now[u])["parent_uuid"] for u in now}
    parent_of.update({u: r["parent_uuid"] for u, r in wanted.items() if r is not None})
    while remaining:
        parents = {parent_of.get(u) for u in remaining}
        leaves = [u for u in remaining if u not in parents]
        if not leaves:
            raise ValidationError("cannot restore the codebook: cyclic parent references")
        for u in leaves:
            tx.delete_code_by_uuid(u)
        remaining -= set(leaves)


class Tracker:
    """Remember the rows a command starts from; :meth:`outcome` builds the exact inverse."""

    def __init__(self, tx: Tx, coding_uuids: list[str] | tuple[str, ...] = (),
                 version_uuids: list[str] | tuple[str, ...] = ()) -> None:
        self.tx = tx
        self.codes = tx.code_records()
        self.codings: Records = dict.fromkeys(coding_uuids)
        if coding_uuids:
            self.codings.update(tx.coding_records(uuids=list(coding_uuids)))
        self.versions: Records = dict.fromkeys(version_uuids)
        if version_uuids:
            self.versions.update(tx.version_records(list(version_uuids)))
        self._book: Codebook | None = None

    @property
    def book(self) -> Codebook:
        """The codebook as it was when the command started."""
        if self._book is None:
            self._book = book_from_records(self.codes)
        return self._book

    def track_versions(self, uuids: list[str]) -> None:
        for u in uuids:
            self.versions.setdefault(u, None)

    def outcome(self, description: str, log: list[LogEntry], result: Any = None, *,
                validate: bool = True) -> Outcome:
        """Check the invariants the command may have broken, then describe what changed."""
        after = self.tx.code_records()
        changed = {u for u in self.codes.keys() | after.keys()
                   if self.codes.get(u) != after.get(u)}
        if validate and changed:
            _check_new_problems(self.book, book_from_records(after))
        codings_after = (self.tx.coding_records(uuids=list(self.codings))
                         if self.codings else {})
        changes = Changes(codebook=True)
        for recs in (self.codes, after):
            changes.codes |= {recs[u]["id"] for u in changed if recs.get(u)}
        coding_changed = {u for u in self.codings if self.codings[u] != codings_after.get(u)}
        for u in coding_changed:
            _coding_changes(changes, [r for r in (self.codings[u], codings_after.get(u)) if r],
                            self.codes, after)
        versions_after = (self.tx.version_records(list(self.versions))
                          if self.versions else {})
        version_changed = {u for u in self.versions if self.versions[u] != versions_after.get(u)}
        inverse = RestoreState({u: self.codes.get(u) for u in changed},
                               {u: self.codings[u] for u in coding_changed},
                               {u: self.versions[u] for u in version_changed},
                               f"undo {description}", description,
                               ({u: after.get(u) for u in changed},
                                {u: codings_after.get(u) for u in coding_changed},
                                {u: versions_after.get(u) for u in version_changed}))
        return Outcome(changes, inverse, description, result, log)


def _coding_changes(changes: Changes, records: list[Record], *code_records: Records) -> None:
    """Add codings, their documents and their codes (for count refreshes) to ``changes``."""
    for r in records:
        changes.codings.add(r["id"])
        changes.coded_documents.add(r["document_id"])
        for recs in code_records:
            code = recs.get(r["code_uuid"])
            if code:
                changes.codes.add(code["id"])


def _check_new_problems(before: Codebook, after: Codebook) -> None:
    """Refuse a change that breaks a codebook invariant (problems present before are ignored)."""
    found = after.problems()
    if not found:
        return
    old = set(before.problems())
    new = [p for p in found if p not in old]
    if new:
        raise ValidationError(new[0])
