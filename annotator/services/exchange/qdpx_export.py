"""Write a project as a REFI-QDA project exchange file (``.qdpx``).

The zip holds ``project.qde`` (namespace ``urn:QDA-XML:project:1.0``), one UTF-8 text file per
document in ``sources/`` and, in ``annotator/``, what REFI-QDA has no place for (coding
attributes, coder roles, outlines, codebook versions); other programs ignore that folder.

Mapping: coders are Users; the codebook is CodeBook (extra code fields go into the Description,
as for ``.qdc``); each document is a TextSource with ``plainTextPath="internal://<uuid>.txt"``;
each coding is one PlainTextSelection (code-point positions into the canonical text) holding
one Coding with ``creatingUser``; memos are Notes with NoteRefs from what they are about; a
coding's own memo is a Note referenced from its Coding and, for QualCoder, also the selection's
Description; sources and the project name a creating User; country and year are Variables with a
VariableValue on each source. GUIDs are our uuids (or derived from them), and elements are
written in a fixed order, so two exports differ only in their timestamps.

``project.qde`` is streamed one source at a time, so memory stays flat for large projects.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from lxml import etree

from annotator import __version__
from annotator.domain.codebook import CodeNode
from annotator.domain.model import DocumentInfo
from annotator.services.exchange.qdc import qdc_export_warnings
from annotator.services.exchange.qdc_description import compose_description
from annotator.services.exchange.qdpx_common import (
    COUNTRY_VARIABLE, EXTRAS_FILE, NS, PROJECT_FILE, SEGMENTS_DIR, SOURCES_DIR, YEAR_VARIABLE,
    format_datetime, q, xml_text,
)
from annotator.services.exchange.qdpx_extras import collect_extras, outlines
from annotator.services.exchange.qdpx_textsource import text_source_xml
from annotator.services.exporting.atomic import atomic_path
from annotator.services.exporting.data import ExportData, load
from annotator.services.exporting.filters import ExportFilter
from annotator.services.project import Project
from annotator.storage.exchange_queries import CodingRow

_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_LEVEL = 1
Memo = dict[str, Any]


@dataclass
class QdpxExportResult:
    path: Path
    sources: int = 0
    codings: int = 0
    notes: int = 0
    warnings: list[str] = field(default_factory=list)


def _set(el: etree._Element, **attrs: Any) -> etree._Element:
    for key, value in attrs.items():
        if value is not None:
            el.set(key, str(value))
    return el


@lru_cache(maxsize=64)
def _tag(name: str) -> str:
    return q(name)


def _sub(parent: etree._Element, tag: str, **attrs: Any) -> etree._Element:
    return etree.SubElement(parent, _tag(tag),
                            {k: v if isinstance(v, str) else str(v)
                             for k, v in attrs.items() if v is not None})


def _element(tag: str) -> etree._Element:
    """A detached part of the document, in the default (unprefixed) project namespace."""
    return etree.Element(q(tag), nsmap={None: NS})


def project_user(data: ExportData) -> str | None:
    """The User named as creator of the project and its sources (QualCoder wants one): the
    first owner, else the first person, else the first coder."""
    coders = sorted(data.coders.values(), key=lambda c: (c.role != "owner", c.kind != "person",
                                                         c.id))
    return coders[0].uuid if coders else None


def same_name_codes(data: ExportData) -> list[str]:
    """Code names used by more than one code (under different parents)."""
    seen: dict[str, int] = {}
    for node in data.book.nodes:
        seen[node.name] = seen.get(node.name, 0) + 1
    return sorted(n for n, k in seen.items() if k > 1)


class _QdeWriter:
    """Builds one top-level part at a time and hands it to an incremental XML writer."""

    def __init__(self, data: ExportData, memos: list[Memo]) -> None:
        self.data = data
        self.coder_uuid = {c.id: c.uuid for c in data.coders.values()}
        self.code_uuid = {c.id: c.uuid for c in data.codes.values()}
        self.by_target: dict[tuple[str, str | None], list[Memo]] = {}
        for m in memos:
            self.by_target.setdefault((m["target_type"], m["target_uuid"]), []).append(m)
        self.memos = memos
        self.notes: list[tuple[str, str, str, str | None, datetime | None, datetime | None]] = []
        self.used: set[str] = set()
        self.counts = {"sources": 0, "codings": 0, "notes": 0}
        self.owner = project_user(data)

    def _note(self, guid: str, name: str, text: str, user: str | None,
              created: datetime | None, modified: datetime | None) -> None:
        self.notes.append((guid, name, text, user, created, modified))

    def _refs(self, target_type: str, target: str | None) -> list[str]:
        """GUIDs of the memos about a target; each becomes a Note."""
        out = []
        for m in self.by_target.get((target_type, target), []):
            self.used.add(m["uuid"])
            self._note(m["uuid"], m["title"] or "Memo", m["text"],
                       self.coder_uuid.get(m["coder_id"]), m["created_at"], m["modified_at"])
            out.append(m["uuid"])
        return out

    def _memo_refs(self, parent: etree._Element, target_type: str, target: str | None) -> None:
        for g in self._refs(target_type, target):
            _sub(parent, "NoteRef", targetGUID=g)

    def users(self) -> etree._Element | None:
        if not self.data.coders:
            return None
        users = _element("Users")
        for c in sorted(self.data.coders.values(), key=lambda c: c.id):
            _sub(users, "User", guid=c.uuid, name=xml_text(c.name))
        return users

    def codebook(self) -> etree._Element | None:
        book = self.data.book
        if not len(book):
            return None
        top = _element("CodeBook")
        codes_el = _sub(top, "Codes")
        stack: list[tuple[etree._Element, CodeNode]] = [
            (codes_el, n) for n in reversed(book.roots())]
        while stack:
            parent_el, node = stack.pop()
            el = _sub(parent_el, "Code", guid=node.uuid, name=xml_text(node.name),
                      isCodable="true" if node.codable else "false", color=node.color.upper())
            description = xml_text(compose_description(node))
            if description:
                _sub(el, "Description").text = description
            self._memo_refs(el, "code", node.uuid)
            stack.extend((el, c) for c in reversed(book.children(node.uuid)))
        return top

    def variables(self) -> etree._Element | None:
        if not self.data.documents:
            return None
        variables = _element("Variables")
        _sub(variables, "Variable", guid=COUNTRY_VARIABLE, name="country", typeOfVariable="Text")
        _sub(variables, "Variable", guid=YEAR_VARIABLE, name="year", typeOfVariable="Integer")
        return variables

    def source(self, doc: DocumentInfo, codings: list[CodingRow]) -> str:
        self.counts["sources"] += 1
        self.counts["codings"] += len(codings)
        return text_source_xml(doc, codings, self.data.text(doc.id) if codings else "",
                               user_of=self.coder_uuid, code_of=self.code_uuid,
                               refs=self._refs, add_note=self._note,
                               creating_user=self.owner)

    def project_refs(self) -> list[etree._Element]:
        holder = _element("Project")
        self._memo_refs(holder, "project", None)
        # Memos about something not exported here (or unknown) still travel, as project notes.
        for m in self.memos:
            if m["uuid"] not in self.used and m["target_type"] not in ("document", "coding"):
                self.used.add(m["uuid"])
                self._note(m["uuid"], m["title"] or "Memo", m["text"],
                           self.coder_uuid.get(m["coder_id"]), m["created_at"],
                           m["modified_at"])
                _sub(holder, "NoteRef", targetGUID=m["uuid"])
        return list(holder)

    def notes_element(self) -> etree._Element | None:
        if not self.notes:
            return None
        notes_el = _element("Notes")
        for guid, name, text, user, created, modified in self.notes:
            note = _sub(notes_el, "Note", guid=guid, name=xml_text(name), creatingUser=user,
                        creationDateTime=format_datetime(created),
                        modifiedDateTime=format_datetime(modified))
            _sub(note, "PlainTextContent").text = xml_text(text)
        self.counts["notes"] = len(self.notes)
        return notes_el

    def write(self, stream: IO[bytes], name: str, now: datetime) -> dict[str, int]:
        """Stream the whole ``project.qde`` to ``stream``, one top-level part at a time."""
        head = _element("Project")
        _set(head, name=xml_text(name) or "project", origin=f"annotator {__version__}",
             creatingUserGUID=self.owner, modifiedDateTime=format_datetime(now))
        start = etree.tostring(head, encoding="UTF-8", xml_declaration=False)
        stream.write(b'<?xml version="1.0" encoding="UTF-8"?>\n' + start[:-2] + b">")
        for part in (self.users(), self.codebook(), self.variables()):
            _put(stream, part)
        if self.data.documents:
            stream.write(b"\n  <Sources>")
            for doc, codings in self.data.codings_by_document():
                stream.write(b"\n    " + self.source(doc, codings).encode("utf-8"))
            stream.write(b"\n  </Sources>")
        refs = self.project_refs()  # collects the project-level notes first
        _put(stream, self.notes_element())
        for ref in refs:
            _put(stream, ref)
        stream.write(b"\n</Project>\n")
        return self.counts


_DECLARATION = f' xmlns="{NS}"'.encode()


def _put(stream: IO[bytes], el: etree._Element | None, level: int = 1) -> None:
    """Write one part, indented for its depth, without repeating the namespace declaration
    (it is declared once on <Project>)."""
    if el is None:
        return
    etree.indent(el, space="  ", level=level)
    data = etree.tostring(el, encoding="UTF-8", xml_declaration=False)
    stream.write(b"\n" + b"  " * level + data.replace(_DECLARATION, b"", 1))


def build_project_xml(data: ExportData, memos: list[Memo], *, name: str = "",
                      now: datetime | None = None) -> tuple[bytes, dict[str, int]]:
    """The ``project.qde`` bytes for ``data`` and counts for the report."""
    buffer = io.BytesIO()
    counts = _QdeWriter(data, memos).write(buffer, name or data.project.name,
                                           now or datetime.now(UTC))
    return buffer.getvalue(), counts


def _entry(name: str) -> zipfile.ZipInfo:
    """A member with a fixed date, so unchanged content gives unchanged bytes."""
    info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    # Fast deflate: a third of the time of the default level for a slightly larger file.
    # (Python 3.13 names the attribute compress_level; older versions _compresslevel.)
    setattr(info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel",
            _LEVEL)
    return info


def export_qdpx(project: Project, path: Path | str, flt: ExportFilter | None = None, *,
                validate: bool = False) -> QdpxExportResult:
    """Write ``project`` (or the part selected by ``flt``) to ``path`` as ``.qdpx``.

    ``validate=True`` checks ``project.qde`` against the REFI-QDA schema before writing (a
    failure is a bug on our side and raises).
    """
    data = load(project, flt)
    with project.read() as tx:
        memos = tx.memos()
        name = tx.meta().get("name") or project.name
    now = datetime.now(UTC)
    result = QdpxExportResult(Path(path))
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w") as archive:
        if validate:
            from annotator.services.exchange.qdpx_schema import schema_problems

            xml, counts = build_project_xml(data, memos, name=name, now=now)
            problems = schema_problems(xml)
            if problems:
                raise RuntimeError(f"project.qde does not match the REFI-QDA schema: "
                                   f"{problems[0]}")
            archive.writestr(_entry(PROJECT_FILE), xml, compresslevel=_LEVEL)
        else:
            with archive.open(_entry(PROJECT_FILE), "w", force_zip64=True) as entry:
                counts = _QdeWriter(data, memos).write(entry, name, now)
        for doc in data.documents:
            archive.writestr(_entry(f"{SOURCES_DIR}{doc.uuid}.txt"),
                             data.text(doc.id).encode("utf-8"), compresslevel=_LEVEL)
        for uuid, outline in outlines(project, data):
            archive.writestr(_entry(f"{SEGMENTS_DIR}{uuid}.json"), outline,
                             compresslevel=_LEVEL)
        extras = collect_extras(project, data)
        archive.writestr(_entry(EXTRAS_FILE), json.dumps(
            extras, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8"),
            compresslevel=_LEVEL)
    result.sources, result.codings, result.notes = (counts["sources"], counts["codings"],
                                                    counts["notes"])
    result.warnings += qdc_export_warnings(data.book)
    twins = same_name_codes(data)
    if twins:
        shown = ", ".join(repr(n) for n in twins[:5]) + (", …" if len(twins) > 5 else "")
        result.warnings.append(
            f"{len(twins)} code name(s) are used by more than one code under different parents "
            f"({shown}); QualCoder keeps only one code per name, so importing this file there "
            "merges them (NVivo, ATLAS.ti, MAXQDA and annotator keep them apart)")
    if extras.get("codings"):
        result.warnings.append(
            f"{len(extras['codings'])} coding(s) carry attributes or a codebook version; REFI-QDA "
            f"has no place for them, so they are kept in {EXTRAS_FILE} inside the file (annotator "
            "reads them back; other programs ignore them)")
    return result
