"""What changed between two versions of a codebook, matched by code uuid."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotator.domain.codebook import Codebook, CodeNode

DESCRIPTION_FIELDS = ("definition", "inclusion", "exclusion", "examples", "atypical_examples")
OTHER_FIELDS = ("label", "shortcut", "codable", "deprecated")
TOP_LEVEL = "(top level)"


@dataclass(frozen=True, slots=True)
class DiffEntry:
    """One change to one code. ``old``/``new`` hold the before/after value where one applies."""

    kind: str
    uuid: str
    path: str
    old: str = ""
    new: str = ""
    fields: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "uuid": self.uuid, "path": self.path, "old": self.old,
                "new": self.new, "fields": list(self.fields)}


@dataclass(frozen=True)
class CodebookDiff:
    """Changes from an old to a new codebook; each list is in tree order.

    A code that was renamed and moved appears in both lists. ``metadata`` holds changes to the
    codebook's own name, description and version (``uuid`` empty, ``fields`` names the item).
    """

    added: tuple[DiffEntry, ...] = ()
    removed: tuple[DiffEntry, ...] = ()
    renamed: tuple[DiffEntry, ...] = ()
    moved: tuple[DiffEntry, ...] = ()
    reordered: tuple[DiffEntry, ...] = ()
    redescribed: tuple[DiffEntry, ...] = ()
    recoloured: tuple[DiffEntry, ...] = ()
    attributes_changed: tuple[DiffEntry, ...] = ()
    other_changed: tuple[DiffEntry, ...] = ()
    metadata: tuple[DiffEntry, ...] = ()

    def entries(self) -> list[DiffEntry]:
        return [e for f in fields(self) for e in getattr(self, f.name)]

    def __bool__(self) -> bool:
        return bool(self.entries())

    def to_dict(self) -> dict[str, list[dict[str, Any]]]:
        return {f.name: [e.to_dict() for e in getattr(self, f.name)] for f in fields(self)}

    def lines(self) -> list[str]:
        """One readable line per change (empty list when nothing changed)."""
        out = []
        for e in self.metadata:
            out.append(f"Codebook {e.fields[0]} changed: {e.old!r} → {e.new!r}")
        out += [f"Added: {e.path}" for e in self.added]
        out += [f"Removed: {e.path}" for e in self.removed]
        out += [f"Renamed: {e.old} → {e.new} ({e.path})" for e in self.renamed]
        out += [f"Moved: {e.path} (from {e.old} to {e.new})" for e in self.moved]
        out += [f"Reordered: {e.path}" for e in self.reordered]
        out += [f"Description edited: {e.path} ({', '.join(e.fields)})" for e in self.redescribed]
        out += [f"Recoloured: {e.path} ({e.old} → {e.new})" for e in self.recoloured]
        out += [f"Attributes changed: {e.path} ({', '.join(e.fields)})"
                for e in self.attributes_changed]
        out += [f"Changed: {e.path} ({', '.join(e.fields)})" for e in self.other_changed]
        return out


def diff_codebooks(old: Codebook, new: Codebook) -> CodebookDiff:
    """Compare two codebooks code by code (by uuid)."""
    old_ids = {n.uuid for n in old.nodes}
    new_ids = {n.uuid for n in new.nodes}
    lists: dict[str, list[DiffEntry]] = {f.name: [] for f in fields(CodebookDiff)}
    for key in ("name", "about", "version"):
        if getattr(old, key) != getattr(new, key):
            lists["metadata"].append(DiffEntry("metadata", "", "", str(getattr(old, key)),
                                               str(getattr(new, key)), (key,)))
    for node in old.nodes:
        if node.uuid not in new_ids:
            lists["removed"].append(DiffEntry("removed", node.uuid, old.path(node.uuid)))
    moved_ranks = _reordered(old, new)
    for node in new.nodes:
        path = new.path(node.uuid)
        if node.uuid not in old_ids:
            lists["added"].append(DiffEntry("added", node.uuid, path))
            continue
        before = old.get(node.uuid)
        _compare(before, node, path, old, new, lists)
        if node.uuid in moved_ranks:
            lists["reordered"].append(DiffEntry("reordered", node.uuid, path))
    return CodebookDiff(**{k: tuple(v) for k, v in lists.items()})


def _parent_path(book: Codebook, node: CodeNode) -> str:
    if node.parent_uuid is None or node.parent_uuid not in book:
        return TOP_LEVEL
    return book.path(node.parent_uuid)


def _compare(before: CodeNode, after: CodeNode, path: str, old: Codebook, new: Codebook,
             lists: dict[str, list[DiffEntry]]) -> None:
    uid = after.uuid
    if before.name != after.name:
        lists["renamed"].append(DiffEntry("renamed", uid, path, before.name, after.name))
    if before.parent_uuid != after.parent_uuid:
        lists["moved"].append(DiffEntry("moved", uid, path, _parent_path(old, before),
                                        _parent_path(new, after)))
    changed = tuple(f for f in DESCRIPTION_FIELDS if getattr(before, f) != getattr(after, f))
    if changed:
        lists["redescribed"].append(DiffEntry("redescribed", uid, path, fields=changed))
    if before.color.upper() != after.color.upper():
        lists["recoloured"].append(DiffEntry("recoloured", uid, path, before.color, after.color))
    if before.attributes != after.attributes:
        lists["attributes_changed"].append(
            DiffEntry("attributes_changed", uid, path, ", ".join(a.name for a in before.attributes),
                      ", ".join(a.name for a in after.attributes),
                      _attribute_names(before, after)))
    other = tuple(f for f in OTHER_FIELDS if getattr(before, f) != getattr(after, f))
    if other:
        lists["other_changed"].append(DiffEntry("other_changed", uid, path, fields=other))


def _attribute_names(before: CodeNode, after: CodeNode) -> tuple[str, ...]:
    old = {a.name: a for a in before.attributes}
    new = {a.name: a for a in after.attributes}
    names = [n for n in new if old.get(n) != new[n]] + [n for n in old if n not in new]
    if not names:  # same attributes, different order
        names = list(new)
    return tuple(names)


def _reordered(old: Codebook, new: Codebook) -> set[str]:
    """Codes whose rank among siblings that exist in both versions (same parent) changed."""
    result: set[str] = set()
    parents = {n.parent_uuid for n in new.nodes} | {None}
    for parent in parents:
        if parent is not None and parent not in old:
            continue
        new_kids = [n.uuid for n in new.children(parent)]
        old_kids = [n.uuid for n in old.children(parent)]
        common = set(new_kids) & set(old_kids)
        rank = {u: i for i, u in enumerate(u for u in old_kids if u in common)}
        order = [u for u in new_kids if u in common]
        keep = _longest_increasing(order, rank)
        result |= {u for u in order if u not in keep}
    return result


def _longest_increasing(order: list[str], rank: dict[str, int]) -> set[str]:
    """The largest set of codes whose relative order did not change (the rest were moved)."""
    tails: list[int] = []  # index into order of the smallest tail of each run length
    prev: list[int] = [-1] * len(order)
    for i, u in enumerate(order):
        lo = bisect.bisect_left([rank[order[t]] for t in tails], rank[u])
        if lo:
            prev[i] = tails[lo - 1]
        if lo == len(tails):
            tails.append(i)
        else:
            tails[lo] = i
    keep: set[str] = set()
    i = tails[-1] if tails else -1
    while i != -1:
        keep.add(order[i])
        i = prev[i]
    return keep
