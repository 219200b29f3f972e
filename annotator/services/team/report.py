"""What a merge did, or would do (preview): per package and in total, as data and as text."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

#: Codebook change kinds and the code fields each one carries.
DESCRIPTION = ("definition", "inclusion", "exclusion", "examples", "atypical_examples")
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "renamed": ("name",), "moved": ("parent_uuid", "position"), "reordered": ("position",),
    "redescribed": DESCRIPTION, "recoloured": ("color",), "attributes_changed": ("attributes",),
    "other_changed": ("label", "shortcut", "codable", "deprecated"),
}
KIND_LABELS = {"added": "new code", "removed": "removed code", "renamed": "renamed",
               "moved": "moved", "reordered": "reordered", "redescribed": "description edited",
               "recoloured": "recoloured", "attributes_changed": "attributes changed",
               "other_changed": "changed"}


@dataclass(slots=True)
class Conflict:
    """Something the merge did not decide; the project keeps its value until the owner does."""

    kind: str  # coding | memo | code | document | coder
    uuid: str
    reason: str
    package: str = ""
    coder: str = ""
    label: str = ""  # what the item is, in words (e.g. a coding's document, code and bounds)

    def line(self) -> str:
        return f"{self.kind} {self.label or self.uuid[:8]}: {self.reason}" + (
            f" [{self.package}]" if self.package else "")


@dataclass(slots=True)
class CodebookChange:
    """One change a package made to one code, relative to the codebook it was given."""

    change_id: str  # "<kind>:<code uuid>", the id to accept
    kind: str
    uuid: str
    path: str
    old: str = ""
    new: str = ""
    fields: tuple[str, ...] = ()
    package: str = ""
    coder: str = ""
    #: applied | unchanged (the project has it already) | pending (not accepted) |
    #: conflict | not applied (removals are never applied by a merge)
    status: str = "pending"
    note: str = ""
    codings: int = 0  # package codings that wait for this change

    def line(self) -> str:
        what = KIND_LABELS.get(self.kind, self.kind)
        detail = f" ({self.old} → {self.new})" if self.old or self.new else ""
        extra = f"; {self.note}" if self.note else ""
        uses = f"; {self.codings} coding(s) depend on it" if self.codings else ""
        return f"[{self.status}] {what}: {self.path}{detail}{uses}{extra}  id={self.change_id}"


@dataclass(slots=True)
class Pending:
    """A coding or memo of the package that was not merged, and why."""

    kind: str
    uuid: str
    reason: str
    needs: str = ""  # the uuid of the new code it waits for, if that is the reason


@dataclass(slots=True)
class PackageReport:
    path: str
    package_id: str
    coder: str
    documents_matched: int = 0
    documents_imported: list[str] = field(default_factory=list)
    documents_changed: list[dict[str, str]] = field(default_factory=list)
    coders_added: list[str] = field(default_factory=list)
    codings: Counter[str] = field(default_factory=Counter)
    codings_by_coder: dict[str, Counter[str]] = field(default_factory=dict)
    memos: Counter[str] = field(default_factory=Counter)
    codebook: list[CodebookChange] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)
    #: proposed codings: added, decided (a decision taken in the package), kept
    proposals: Counter[str] = field(default_factory=Counter)

    def count(self, kind: str, what: str, coder: str = "", n: int = 1) -> None:
        (self.codings if kind == "coding" else self.memos)[what] += n
        if kind == "coding" and coder:
            self.codings_by_coder.setdefault(coder, Counter())[what] += n

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in ("path", "package_id", "coder", "documents_matched",
                                           "documents_imported", "documents_changed",
                                           "coders_added")}
        d["codings"] = dict(self.codings)
        if +self.proposals:
            d["proposals"] = dict(+self.proposals)
        d["codings_by_coder"] = {c: dict(v) for c, v in sorted(self.codings_by_coder.items())}
        d["memos"] = dict(self.memos)
        d["codebook"] = [asdict(c) for c in self.codebook]
        d["conflicts"] = [asdict(c) for c in self.conflicts]
        d["pending"] = [asdict(p) for p in self.pending]
        return d


@dataclass(slots=True)
class MergeReport:
    packages: list[PackageReport]
    dry_run: bool
    backup: str | None = None

    @property
    def conflicts(self) -> list[Conflict]:
        return [c for p in self.packages for c in p.conflicts]

    @property
    def codebook_changes(self) -> list[CodebookChange]:
        return [c for p in self.packages for c in p.codebook]

    @property
    def pending(self) -> list[Pending]:
        return [x for p in self.packages for x in p.pending]

    @property
    def changed(self) -> bool:
        """True when the merge wrote (or would write) anything to the project."""
        moved = ("added", "updated", "deleted", "restored")
        return any(p.codings[k] or p.memos[k] for p in self.packages for k in moved) or any(
            p.documents_imported or p.coders_added for p in self.packages) or any(
            c.status == "applied" for c in self.codebook_changes)

    def totals(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for p in self.packages:
            total.update(p.codings)
        return dict(total)

    def to_dict(self) -> dict[str, Any]:
        return {"dry_run": self.dry_run, "backup": self.backup, "changed": self.changed,
                "codings": self.totals(), "conflicts": [asdict(c) for c in self.conflicts],
                "packages": [p.to_dict() for p in self.packages]}

    def lines(self) -> list[str]:
        """A readable summary, one fact per line."""
        out = ["Preview (nothing was changed):" if self.dry_run else "Merged:"]
        for p in self.packages:
            out.append(f"{p.path} — coder {p.coder}")
            c = p.codings
            out.append(f"  codings: {c['added']} new, {c['updated']} changed, {c['deleted']} "
                       f"deleted, {c['restored']} put back, {c['already']} merged before, "
                       + (f"{c['present']} already present (same place, code and coder), "
                          if c["present"] else "") +
                       f"{len([x for x in p.pending if x.kind == 'coding'])} waiting")
            if any(p.memos.values()):
                m = p.memos
                out.append(f"  memos: {m['added']} new, {m['updated']} changed, "
                           f"{m['deleted']} deleted")
            out.append(f"  documents: {p.documents_matched} matched by text"
                       + (f", {len(p.documents_imported)} new" if p.documents_imported else ""))
            for d in p.documents_changed:
                out.append(f"  document text differs: {d['title']} (not merged)")
            for name in p.coders_added:
                out.append(f"  new coder: {name}")
            for ch in p.codebook:
                out.append("  codebook " + ch.line())
            for x in p.pending[:20]:
                out.append(f"  waiting: {x.kind} {x.uuid[:8]}: {x.reason}")
            if len(p.pending) > 20:
                out.append(f"  … and {len(p.pending) - 20} more waiting")
        conflicts = self.conflicts
        out.append(f"{len(conflicts)} conflict(s)" + (":" if conflicts else ""))
        out += ["  " + c.line() for c in conflicts]
        if self.backup:
            out.append(f"backup: {self.backup}")
        return out
