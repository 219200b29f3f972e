"""Project contents in a portable form: row ids replaced by uuids and content hashes.

A package and its origin project number their rows independently, so everything the merge
compares is keyed by uuid, and documents are named by the SHA-256 of their text. A
*fingerprint* is a short hash of the fields that carry meaning (for a coding: document text,
bounds, code, coder, memo and attributes); two records with the same fingerprint are the same
edit, whatever their timestamps.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from annotator.domain.model import Coder
from annotator.storage import team_queries

if TYPE_CHECKING:
    from annotator.storage.store import Tx

Record = dict[str, Any]

CODING_CONTENT = ("sha256", "start", "end", "code_uuid", "coder_uuid", "memo", "attributes")
MEMO_CONTENT = ("target_type", "target", "coder_uuid", "title", "text")
#: Code fields merged one by one (a code's identity is its uuid; times are metadata).
CODE_FIELDS = ("name", "parent_uuid", "position", "label", "definition", "inclusion",
               "exclusion", "examples", "atypical_examples", "color", "shortcut", "codable",
               "deprecated", "attributes")


def fingerprint(value: Any) -> str:
    """A 16-hex-digit hash of a JSON-able value (stable across runs and platforms)."""
    raw = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                     default=str)
    return hashlib.blake2b(raw.encode("utf-8"), digest_size=8).hexdigest()


def coding_fp(rec: Record | None) -> str | None:
    """The fingerprint of a coding's content, computed once and kept in ``rec["fp"]``."""
    if rec is None:
        return None
    found = rec.get("fp")
    if found is None:
        attrs = rec["attributes"]
        extra = json.dumps(attrs, sort_keys=True, ensure_ascii=False,
                           separators=(",", ":")) if attrs else ""
        raw = "\x1f".join((rec["sha256"], str(rec["start"]), str(rec["end"]),
                           rec["code_uuid"], rec["coder_uuid"], rec["memo"], extra))
        found = rec["fp"] = hashlib.blake2b(raw.encode("utf-8"), digest_size=8).hexdigest()
    return found


def memo_fp(rec: Record | None) -> str | None:
    return None if rec is None else fingerprint([rec[k] for k in MEMO_CONTENT])


def iso(value: datetime | str | None) -> str | None:
    """A timestamp as ``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC: one text form whatever the
    database driver returned, so records from two files compare equal."""
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) == 26 and value[10] == " ":
            return value  # SQLite's own form of a UTC time
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def when(text: str | None) -> datetime | None:
    if text is None:
        return None
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class DocRef:
    id: int
    uuid: str
    sha256: str
    title: str


@dataclass(slots=True)
class State:
    """Everything the merge compares, read in one transaction."""

    meta: dict[str, str]
    docs: dict[str, DocRef]  # by uuid
    docs_by_id: dict[int, DocRef]
    by_sha: dict[str, list[DocRef]]
    coders: dict[str, Coder]  # by uuid
    codes: dict[str, Record]  # Tx.code_records(): full rows by uuid, parent by uuid
    codings: dict[str, Record]  # portable, by uuid
    memos: dict[str, Record]  # portable, by uuid
    versions: dict[str, Record]  # by uuid
    coder_ids: dict[str, int] = field(default_factory=dict)

    def doc_for_sha(self, sha: str, prefer_uuid: str | None = None) -> DocRef | None:
        """The document with this text; the same uuid wins, else the smallest uuid."""
        found = self.by_sha.get(sha) or []
        for d in found:
            if d.uuid == prefer_uuid:
                return d
        return min(found, key=lambda d: d.uuid) if found else None


def read_state(tx: Tx, *, codings: bool = True) -> State:
    docs = tx.documents()
    refs = {d.uuid: DocRef(d.id, d.uuid, d.sha256, d.title) for d in docs}
    by_id = {r.id: r for r in refs.values()}
    by_sha: dict[str, list[DocRef]] = {}
    for r in refs.values():
        by_sha.setdefault(r.sha256, []).append(r)
    coder_list = tx.coders()
    coders = {c.uuid: c for c in coder_list}
    coder_uuid = {c.id: c.uuid for c in coder_list}
    state = State(tx.meta(), refs, by_id, by_sha, coders, tx.code_records(), {}, {},
                  tx.version_records(), {c.uuid: c.id for c in coder_list})
    if codings:
        state.codings = {r[0]: portable_row(r, by_id, coder_uuid)
                         for r in team_queries.coding_tuples(tx)}
    state.memos = {m["uuid"]: portable_memo(m, refs) for m in team_queries.memo_records(tx)}
    return state


def portable_row(row: tuple[Any, ...], docs: dict[int, DocRef], coder_uuid: dict[int, str]
                 ) -> Record:
    """A row of :func:`annotator.storage.team_queries.coding_tuples` as a portable record."""
    (uuid, doc_id, coder_id, code_uuid, version_uuid, start, end, memo, attrs, created,
     modified, version) = row
    doc = docs[doc_id]
    if isinstance(attrs, str):
        attrs = json.loads(attrs) if attrs not in ("{}", "null", "") else {}
    return {"uuid": uuid, "doc_uuid": doc.uuid, "sha256": doc.sha256, "start": start,
            "end": end, "code_uuid": code_uuid, "coder_uuid": coder_uuid[coder_id],
            "memo": memo or "", "attributes": dict(attrs or {}), "version_uuid": version_uuid,
            "created_at": iso(created), "modified_at": iso(modified), "version": version}


def portable_memo(rec: Record, docs: dict[str, DocRef]) -> Record:
    """A memo; ``target`` names a document by its text hash, anything else by uuid."""
    target = rec["target_uuid"]
    if rec["target_type"] == "document" and target in docs:
        target = docs[target].sha256
    return {"uuid": rec["uuid"], "target_type": rec["target_type"],
            "target_uuid": rec["target_uuid"], "target": target,
            "coder_uuid": rec.get("coder_uuid"), "title": rec["title"] or "",
            "text": rec["text"], "created_at": iso(rec["created_at"]),
            "modified_at": iso(rec["modified_at"]), "version": rec["version"]}


def portable_code(rec: Record) -> Record:
    """A code row as JSON-able data (for the base snapshot kept in a package)."""
    out = {k: rec[k] for k in CODE_FIELDS}
    out["attributes"] = list(rec["attributes"] or [])
    out.update(uuid=rec["uuid"], created_at=iso(rec["created_at"]),
               modified_at=iso(rec["modified_at"]), version=rec["version"])
    return out


def code_value(rec: Record, name: str) -> Any:
    """One code field in comparable form."""
    value = rec[name]
    if name == "attributes":
        return list(value or [])
    if name in ("codable", "deprecated"):
        return bool(value)
    return value


def same_metadata(a: Record, b: Record) -> bool:
    """True when two records with equal content also agree on times and version."""
    return all(a.get(k) == b.get(k) for k in ("created_at", "modified_at", "version",
                                               "version_uuid", "target_uuid", "doc_uuid"))
