"""What one project (or package) has that another lacks, matched the way the merge matches:
documents by text hash, everything else by uuid."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from annotator.services.codebook_state import book_from_records
from annotator.services.project import Project
from annotator.services.team.records import CODE_FIELDS, Record, State, code_value, read_state

Rows = list[dict[str, Any]]


@dataclass(slots=True)
class ProjectDiff:
    a: str
    b: str
    documents_only_a: Rows = field(default_factory=list)
    documents_only_b: Rows = field(default_factory=list)
    documents_text_differs: Rows = field(default_factory=list)  # same uuid, other text
    coders_only_a: Rows = field(default_factory=list)
    coders_only_b: Rows = field(default_factory=list)
    coders_changed: Rows = field(default_factory=list)
    codes_only_a: Rows = field(default_factory=list)
    codes_only_b: Rows = field(default_factory=list)
    codes_changed: Rows = field(default_factory=list)
    codings_only_a: Rows = field(default_factory=list)
    codings_only_b: Rows = field(default_factory=list)
    codings_changed: Rows = field(default_factory=list)
    memos_only_a: Rows = field(default_factory=list)
    memos_only_b: Rows = field(default_factory=list)
    memos_changed: Rows = field(default_factory=list)

    def _lists(self) -> dict[str, Rows]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("a", "b")}

    def __bool__(self) -> bool:
        return any(self._lists().values())

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "same": not self, **self._lists()}

    def counts(self) -> dict[str, int]:
        return {k: len(v) for k, v in self._lists().items()}

    def lines(self, limit: int = 20) -> list[str]:
        """Readable summary; long lists are cut after ``limit`` entries."""
        if not self:
            return [f"{self.a} and {self.b} hold the same documents, codebook, codings "
                    "and memos"]
        out = [f"A = {self.a}", f"B = {self.b}"]
        for name, rows in self._lists().items():
            if not rows:
                continue
            out.append(f"{name.replace('_', ' ')}: {len(rows)}")
            out += [f"  {_describe(r)}" for r in rows[:limit]]
            if len(rows) > limit:
                out.append(f"  … {len(rows) - limit} more")
        return out


def _describe(row: dict[str, Any]) -> str:
    keys = ("title", "path", "name", "code", "document", "coder")
    label = next((str(row[k]) for k in keys if row.get(k)), "")
    extra = ""
    if row.get("fields"):
        extra = " (" + ", ".join(row["fields"]) + ")"
    if "start" in row:
        extra += f" [{row['start']}, {row['end']})"
    return f"{row['uuid'][:8]} {label}{extra}".rstrip()


def diff_projects(a: Project, b: Project) -> ProjectDiff:
    with a.read() as tx:
        sa = read_state(tx)
    with b.read() as tx:
        sb = read_state(tx)
    out = ProjectDiff(a.name, b.name)
    _documents(sa, sb, out)
    for c in sorted(set(sa.coders) - set(sb.coders), key=lambda u: (sa.coders[u].name, u)):
        out.coders_only_a.append({"uuid": c, "name": sa.coders[c].name})
    for c in sorted(set(sb.coders) - set(sa.coders), key=lambda u: (sb.coders[u].name, u)):
        out.coders_only_b.append({"uuid": c, "name": sb.coders[c].name})
    for c in sorted(set(sa.coders) & set(sb.coders)):
        x, y = sa.coders[c], sb.coders[c]
        changed = [f for f in ("name", "role", "is_gold") if getattr(x, f) != getattr(y, f)]
        if changed:
            out.coders_changed.append({"uuid": c, "name": y.name, "fields": changed,
                                       "a": x.name, "b": y.name})
    _codes(sa, sb, out)
    _codings(sa, sb, out)
    _memos(sa, sb, out)
    return out


def _documents(sa: State, sb: State, out: ProjectDiff) -> None:
    for ref in sorted(sa.docs.values(), key=lambda d: d.id):
        if ref.sha256 not in sb.by_sha:
            row = {"uuid": ref.uuid, "title": ref.title, "sha256": ref.sha256}
            other = sb.docs.get(ref.uuid)
            if other is not None:
                out.documents_text_differs.append({**row, "title_b": other.title,
                                                   "sha256_b": other.sha256})
            else:
                out.documents_only_a.append(row)
    for ref in sorted(sb.docs.values(), key=lambda d: d.id):
        if ref.sha256 not in sa.by_sha and ref.uuid not in sa.docs:
            out.documents_only_b.append({"uuid": ref.uuid, "title": ref.title,
                                         "sha256": ref.sha256})


def _codes(sa: State, sb: State, out: ProjectDiff) -> None:
    ba, bb = book_from_records(sa.codes), book_from_records(sb.codes)
    for node in ba.walk():
        if node.uuid not in bb:
            out.codes_only_a.append({"uuid": node.uuid, "path": ba.path(node.uuid)})
    for node in bb.walk():
        u = node.uuid
        if u not in ba:
            out.codes_only_b.append({"uuid": u, "path": bb.path(u)})
            continue
        changed = [f for f in CODE_FIELDS
                   if code_value(sa.codes[u], f) != code_value(sb.codes[u], f)]
        if changed:
            out.codes_changed.append({"uuid": u, "path": bb.path(u), "path_a": ba.path(u),
                                      "fields": changed, "renamed": "name" in changed})


_CODING_FIELDS = {"bounds": ("start", "end"), "code": ("code_uuid",), "memo": ("memo",),
                  "attributes": ("attributes",), "document": ("sha256",),
                  "coder": ("coder_uuid",)}


def _coding_row(state: State, rec: Record, book: Any) -> dict[str, Any]:
    doc = state.docs.get(rec["doc_uuid"])
    coder = state.coders.get(rec["coder_uuid"])
    code = book.path(rec["code_uuid"]) if rec["code_uuid"] in book else rec["code_uuid"]
    return {"uuid": rec["uuid"], "document": doc.title if doc else rec["doc_uuid"],
            "coder": coder.name if coder else rec["coder_uuid"], "code": code,
            "start": rec["start"], "end": rec["end"]}


def _codings(sa: State, sb: State, out: ProjectDiff) -> None:
    ba, bb = book_from_records(sa.codes), book_from_records(sb.codes)
    for u in sorted(set(sa.codings) - set(sb.codings), key=lambda u: _order(sa, u)):
        out.codings_only_a.append(_coding_row(sa, sa.codings[u], ba))
    for u in sorted(set(sb.codings) - set(sa.codings), key=lambda u: _order(sb, u)):
        out.codings_only_b.append(_coding_row(sb, sb.codings[u], bb))
    for u in sorted(set(sa.codings) & set(sb.codings), key=lambda u: _order(sb, u)):
        x, y = sa.codings[u], sb.codings[u]
        changed = [name for name, keys in _CODING_FIELDS.items()
                   if any(x[k] != y[k] for k in keys)]
        if changed:
            row = _coding_row(sb, y, bb)
            row.update(fields=changed, start_a=x["start"], end_a=x["end"])
            out.codings_changed.append(row)


def _order(state: State, u: str) -> tuple[str, int, int, str]:
    r = state.codings[u]
    return (r["sha256"], r["start"], r["end"], u)


def _memos(sa: State, sb: State, out: ProjectDiff) -> None:
    def row(m: Record) -> dict[str, Any]:
        return {"uuid": m["uuid"], "title": m["title"] or m["text"][:60],
                "target_type": m["target_type"]}

    out.memos_only_a += [row(sa.memos[u]) for u in sorted(set(sa.memos) - set(sb.memos))]
    out.memos_only_b += [row(sb.memos[u]) for u in sorted(set(sb.memos) - set(sa.memos))]
    for u in sorted(set(sa.memos) & set(sb.memos)):
        x, y = sa.memos[u], sb.memos[u]
        changed = [k for k in ("target", "title", "text", "coder_uuid") if x[k] != y[k]]
        if changed:
            out.memos_changed.append({**row(y), "fields": changed})
