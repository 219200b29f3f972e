"""Selections and their codings become codings; Notes become memos."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from annotator.domain.model import new_uuid
from annotator.services.exchange.qdpx_common import (
    SOURCES_DIR, coding_memo_guid, guid, internal_name,
)
from annotator.services.exchange.qdpx_parse import PCoding, PNote, PSelection, PSource
from annotator.services.exchange.qdpx_state import SourceDoc, State
from annotator.services.exchange.qdpx_positions import Converter, decide
from annotator.services.exchange.qdpx_text import EncodingProblem, decode_source
from annotator.storage import exchange_queries as xq


class Notes:
    """The file's Notes by GUID, each used at most once."""

    def __init__(self, st: State) -> None:
        self.st = st
        self.by_guid: dict[str, PNote] = {}
        for note in st.parsed.notes:
            g = guid(note.guid)
            if g is None:
                g = new_uuid()
            if g in self.by_guid:
                st.skipped.add("dupnote", "{n} note(s) were skipped because another note has "
                               "the same GUID ({examples})", note.name)
                continue
            self.by_guid[g] = note
        self.used: set[str] = set()

    def text(self, note: PNote) -> str:
        if note.content is not None:
            return note.content
        name = internal_name(note.path)
        if name:
            member = self.st.archive.find(SOURCES_DIR + name)
            if member:
                try:
                    return decode_source(self.st.archive.read(member))[0]
                except EncodingProblem:
                    self.st.skipped.add("noteenc", "{n} note file(s) were not UTF-8 and were "
                                        "left empty ({examples})", note.name)
        return note.description

    def take(self, ref: str) -> tuple[str, PNote] | None:
        g = guid(ref)
        if g is None or g not in self.by_guid:
            if ref:
                self.st.skipped.add("noteref", "{n} reference(s) to notes that are not in the "
                                    "file were ignored ({examples})", ref)
            return None
        if g in self.used:
            self.st.warnings.add("noteref2", "{n} note(s) are referenced from several places; "
                                 "each was attached to the first only ({examples})",
                                 self.by_guid[g].name)
            return None
        self.used.add(g)
        return g, self.by_guid[g]

    def memo(self, g: str, note: PNote, target_type: str, target_uuid: str | None) -> None:
        st = self.st
        if xq.existing_uuids(st.tx, "memos", [g]):
            return
        saved = st.extras.memos.get(g)
        title = saved["title"] if saved and saved.get("title") is not None else note.name
        if target_type == "project" and saved and saved["target_type"] != "project":
            # our own export puts memos about missing things on the project; restore them
            target_type, target_uuid = saved["target_type"], saved["target_uuid"]
        xq.add_memo_record(st.tx, uuid=g, target_type=target_type, target_uuid=target_uuid,
                           text=self.text(note), title=" ".join(title.split())[:300],
                           coder_id=st.coder_for(note.user) if note.user else None,
                           created_at=note.created, modified_at=note.modified)
        st.report.memos_added += 1


def _position(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


def _span(st: State, sel: PSelection, doc: SourceDoc, src: PSource,
          convert: Converter) -> tuple[int, int] | None:
    start, end = _position(sel.start), _position(sel.end)
    if start is None or end is None:
        st.skipped.add("pos", "{n} selection(s) skipped: positions are not whole numbers "
                       "({examples})", f"{src.name}: {sel.start!r}–{sel.end!r}")
        return None
    s, e = convert(start), convert(end)
    if s is None or e is None or not 0 <= s < e <= len(doc.raw):
        st.skipped.add("range", "{n} selection(s) skipped: positions lie beyond the source "
                       "text or are empty ({examples})",
                       f"{src.name}: [{start}, {end}) of {len(doc.raw)}")
        return None
    return doc.positions.start(s), doc.positions.end(e)


def _memo_text(parts: list[str]) -> str:
    """The parts of a coding's memo, each once: a memo written both as the selection's
    Description and as a Note (as our export does, for QualCoder) is not doubled."""
    return "\n\n".join(dict.fromkeys(p.strip() for p in parts if p and p.strip()))


class CodingBuilder:
    """Collects coding rows for one bulk insert."""

    def __init__(self, st: State, notes: Notes) -> None:
        self.st = st
        self.notes = notes
        self.rows: list[dict[str, Any]] = []
        self.pending_memos: list[tuple[str, PNote, str]] = []  # (note guid, note, coding uuid)
        self.seen: set[str] = set()
        self.existing: dict[str, tuple[int, int, int, int]] = {}
        #: per document: (document, start, end, code, coder) -> (uuid, memo) before the import
        self.keys: dict[int, dict[tuple[int, int, int, int, int], tuple[str, str]]] = {}
        self.check_existing = xq.has_codings(st.tx)  # an empty project needs no look-ups
        self.versions = xq.version_ids_by_name(st.tx)
        self.now = datetime.now(UTC)

    def source(self, src: PSource, doc: SourceDoc) -> None:
        if self.check_existing:  # codings of this file already in the project
            guids = [g for sel in src.selections for c in sel.codings if (g := guid(c.guid))]
            guids += [g for c in src.codings if (g := guid(c.guid))]
            self.existing = xq.coding_keys(self.st.tx, guids)
        convert = self._reading(src, doc)
        for sel in src.selections:
            span = _span(self.st, sel, doc, src, convert)
            if span is None:
                continue
            extra_memo = [sel.description]
            for ref in sel.note_refs:
                taken = self.notes.take(ref)
                if taken:
                    extra_memo.append(self.notes.text(taken[1]))
            for coding in sel.codings:
                self.coding(coding, src, doc, span, sel, extra_memo)
        for coding in src.codings:
            self.coding(coding, src, doc, (0, doc.length), None, [])

    def _reading(self, src: PSource, doc: SourceDoc) -> Converter:
        """How this source's positions count (see :mod:`qdpx_positions`), reported."""
        st = self.st
        sels = [(a, b, sel.name) for sel in src.selections
                if (a := _position(sel.start)) is not None
                and (b := _position(sel.end)) is not None]
        d = decide(doc.raw, sels, origin=st.parsed.origin, mode=st.positions,
                   earlier=st.reading, name=src.name or src.guid or "")
        if d.decisive:
            st.reading = d.reading
        if d.message:
            st.report.positions.append(d.message)
        if d.warning:
            st.warnings.add("reading:" + (src.name or ""), d.warning)
        return d.converter

    def coding(self, c: PCoding, src: PSource, doc: SourceDoc, span: tuple[int, int],
               sel: PSelection | None, extra_memo: list[str]) -> None:
        st = self.st
        start, end = span
        if start >= end:
            st.skipped.add("emptyspan", "{n} selection(s) became empty after normalising the "
                           "text and were skipped ({examples})", src.name)
            return
        code = st.code_by_guid.get(guid(c.code_ref) or "")
        if code is None:
            st.skipped.add("nocode", "{n} coding(s) skipped: they refer to a code that is not "
                           "in the codebook ({examples})", str(c.code_ref))
            return
        file_guid = guid(c.guid)
        uuid = file_guid or new_uuid()
        if file_guid is not None:
            if file_guid in self.seen:
                st.skipped.add("dupcoding", "{n} coding(s) skipped: their GUID was already used "
                               "by another coding in the file ({examples})", file_guid)
                return
            self.seen.add(file_guid)
            if file_guid in self.existing:
                if self.existing[file_guid] == (doc.document_id, start, end, code[0]):
                    st.report.codings_present += 1
                    self._memo_parts(c, file_guid, file_guid, [])
                    return
                st.warnings.add("codingid", "{n} coding(s) got a new id because their GUID is "
                                "already used by a different coding in the project")
                uuid = new_uuid()
        user = c.user or (sel.user if sel else None) or st.parsed.creating_user
        coder_id = st.coder_for(user)
        key = (doc.document_id, start, end, code[0], coder_id)
        twin = self._twin(key)
        if twin is not None:  # the same coding under another GUID: already present
            memo = _memo_text(self._memo_parts(c, file_guid, twin[0], extra_memo))
            st.report.codings_present += 1
            if memo and memo != twin[1]:
                st.warnings.add("dupmemo", "{n} coding(s) were already present with another "
                                "memo; the project's memo was kept ({examples})",
                                memo[:60])
            return
        memo_parts = self._memo_parts(c, file_guid, uuid, extra_memo)
        extra = st.extras.codings.get(file_guid or "", {})
        version = extra.get("codebook_version")
        created = c.created or (sel.created if sel else None) or self.now
        memo_text = _memo_text(memo_parts)
        self.rows.append({
            "uuid": uuid, "document_id": doc.document_id, "start": start, "end": end,
            "code_id": code[0], "coder_id": coder_id, "memo": memo_text,
            "attributes": dict(extra.get("attributes") or {}),
            "codebook_version_id": self.versions.get(version) if version else None,
            "created_at": created, "modified_at": (sel.modified if sel else None) or created})

    def _twin(self, key: tuple[int, int, int, int, int]) -> tuple[str, str] | None:
        """``(uuid, memo)`` of a coding the project held before this import that equals
        ``key`` (document, start, end, code, coder), else ``None``. Repeats inside the file
        are kept, as the exporting project had them."""
        if not self.check_existing:
            return None
        doc_id = key[0]
        known = self.keys.get(doc_id)
        if known is None:
            known = self.keys[doc_id] = {}
            for r in xq.coding_rows(self.st.tx, document_ids=[doc_id]):
                known.setdefault((r.document_id, r.start, r.end, r.code_id, r.coder_id),
                                 (r.uuid, r.memo))
        return known.get(key)

    def _memo_parts(self, c: PCoding, file_guid: str | None, uuid: str,
                    extra_memo: list[str]) -> list[str]:
        """The coding's memo text parts; other notes it refers to become memos about it."""
        parts = list(extra_memo)
        for ref in c.note_refs:
            taken = self.notes.take(ref)
            if taken is None:
                continue
            if file_guid and taken[0] == coding_memo_guid(file_guid):
                parts.insert(0, self.notes.text(taken[1]))
            else:
                self.pending_memos.append((taken[0], taken[1], uuid))
        return parts

    def flush(self) -> None:
        """Insert the collected codings."""
        if self.rows:
            xq.add_coding_rows(self.st.tx, self.rows)
            self.st.report.codings_added += len(self.rows)
            self.rows = []

    def flush_memos(self) -> None:
        """Memos about codings (after the codings exist)."""
        for g, note, coding_uuid in self.pending_memos:
            self.notes.memo(g, note, "coding", coding_uuid)
        self.pending_memos = []


def import_versions(st: State) -> None:
    """Codebook versions named by the extras that the project does not have yet."""
    have = xq.version_ids_by_name(st.tx)
    wanted = {e["codebook_version"] for e in st.extras.codings.values()
              if e.get("codebook_version")}
    for v in st.extras.versions:
        if v["name"] in wanted and v["name"] not in have:
            if xq.existing_uuids(st.tx, "codebook_versions", [v["uuid"]]):
                continue
            have[v["name"]] = xq.add_version_record(st.tx, uuid=v["uuid"], name=v["name"],
                                                    snapshot=v["snapshot"],
                                                    created_at=v["created_at"])


def source_notes(st: State, notes: Notes, src: PSource) -> None:
    """Notes referenced from a source become memos about its document."""
    target = st.source_uuid.get(guid(src.guid) or "")
    for ref in src.note_refs:
        if target and (taken := notes.take(ref)):
            notes.memo(taken[0], taken[1], "document", target)


def import_notes(st: State, notes: Notes) -> None:
    """Notes referenced from the project and codes, then the free-standing ones."""
    for ref in st.parsed.project_note_refs:
        if taken := notes.take(ref):
            notes.memo(taken[0], taken[1], "project", None)
    for code_guid, refs in st.parsed.code_note_refs.items():
        code = st.code_by_guid.get(guid(code_guid) or "")
        for ref in refs:
            if code and (taken := notes.take(ref)):
                notes.memo(taken[0], taken[1], "code", code[1])
    for g, note in notes.by_guid.items():
        if g in notes.used:
            continue
        notes.used.add(g)
        notes.memo(g, note, "project", None)
