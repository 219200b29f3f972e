"""Write a project as a REFI-QDA project exchange file (``.qdpx``).

The zip holds ``project.qde`` (namespace ``urn:QDA-XML:project:1.0``), one UTF-8 text file per
document in ``sources/`` and ``annotator.json`` with what REFI-QDA has no place for (coding
attributes, coder roles, segments, codebook versions); other programs ignore that file.

Mapping: coders are Users; the codebook is CodeBook (extra code fields go into the Description,
as for ``.qdc``); each document is a TextSource with ``plainTextPath="internal://<uuid>.txt"``;
each coding is one PlainTextSelection (code-point positions into the canonical text) holding
one Coding with ``creatingUser``; memos are Notes with NoteRefs from what they are about; a
coding's own memo is a Note referenced from its Coding; country and year are Variables with a
VariableValue on each source. GUIDs are our uuids (or derived from them), and elements are
written in a fixed order, so two exports differ only in their timestamps.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lxml import etree

from annotator import __version__
from annotator.domain.codebook import CodeNode
from annotator.services.exchange.qdc import qdc_export_warnings
from annotator.services.exchange.qdc_description import compose_description
from annotator.services.exchange.qdpx_common import (
    COUNTRY_VARIABLE, EXTRAS_FILE, INTERNAL, NS, PROJECT_FILE, SOURCES_DIR,
    YEAR_VARIABLE, coding_memo_guid, excerpt_name, format_datetime, q, selection_guid, xml_text,
)
from annotator.services.exchange.qdpx_extras import collect_extras
from annotator.services.exporting.atomic import atomic_path
from annotator.services.exporting.data import ExportData, load
from annotator.services.exporting.filters import ExportFilter
from annotator.services.project import Project

_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


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


def _sub(parent: etree._Element, tag: str, **attrs: Any) -> etree._Element:
    return _set(etree.SubElement(parent, q(tag)), **attrs)


class _Notes:
    """Collects Note elements in the order they are referenced."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str, str, str | None, datetime | None, datetime | None]] = []

    def add(self, guid: str, name: str, text: str, user: str | None,
            created: datetime | None, modified: datetime | None) -> str:
        self.items.append((guid, name, text, user, created, modified))
        return guid


def _memo_targets(memos: list[dict[str, Any]]) -> dict[tuple[str, str | None], list[dict]]:
    out: dict[tuple[str, str | None], list[dict]] = {}
    for m in memos:
        out.setdefault((m["target_type"], m["target_uuid"]), []).append(m)
    return out


def build_project_xml(data: ExportData, memos: list[dict[str, Any]], *, name: str = "",
                      now: datetime | None = None) -> tuple[bytes, dict[str, int]]:
    """The ``project.qde`` bytes for ``data``; also returns counts for the report."""
    now = now or datetime.now(UTC)
    coder_uuid = {c.id: c.uuid for c in data.coders.values()}
    code_uuid = {c.id: c.uuid for c in data.codes.values()}
    by_target = _memo_targets(memos)
    notes = _Notes()
    used_memos: set[str] = set()

    def memo_refs(parent: etree._Element, target_type: str, target: str | None) -> None:
        for m in by_target.get((target_type, target), []):
            used_memos.add(m["uuid"])
            notes.add(m["uuid"], m["title"] or "Memo", m["text"],
                      coder_uuid.get(m["coder_id"]), m["created_at"], m["modified_at"])
            _sub(parent, "NoteRef", targetGUID=m["uuid"])

    root = etree.Element(q("Project"), nsmap={None: NS})
    _set(root, name=xml_text(name or data.project.name) or "project", origin=f"annotator {__version__}",
         modifiedDateTime=format_datetime(now))
    if data.coders:
        users = _sub(root, "Users")
        for c in sorted(data.coders.values(), key=lambda c: c.id):
            _sub(users, "User", guid=c.uuid, name=xml_text(c.name))
    if len(data.book):
        codes_el = _sub(_sub(root, "CodeBook"), "Codes")
        stack: list[tuple[etree._Element, CodeNode]] = [
            (codes_el, n) for n in reversed(data.book.roots())]
        while stack:
            parent_el, node = stack.pop()
            el = _sub(parent_el, "Code", guid=node.uuid, name=xml_text(node.name),
                      isCodable="true" if node.codable else "false", color=node.color.upper())
            description = xml_text(compose_description(node))
            if description:
                _sub(el, "Description").text = description
            memo_refs(el, "code", node.uuid)
            stack.extend((el, c) for c in reversed(data.book.children(node.uuid)))
    if data.documents:
        variables = _sub(root, "Variables")
        _sub(variables, "Variable", guid=COUNTRY_VARIABLE, name="country", typeOfVariable="Text")
        _sub(variables, "Variable", guid=YEAR_VARIABLE, name="year", typeOfVariable="Integer")
    counts = {"sources": 0, "codings": 0}
    if data.documents:
        sources = _sub(root, "Sources")
        for doc, codings in data.codings_by_document():
            counts["sources"] += 1
            src = _sub(sources, "TextSource", guid=doc.uuid, name=xml_text(doc.title),
                       plainTextPath=f"{INTERNAL}{doc.uuid}.txt",
                       creationDateTime=format_datetime(doc.imported_at))
            text = data.text(doc.id) if codings else ""
            for c in codings:
                counts["codings"] += 1
                user = coder_uuid[c.coder_id]
                sel = _sub(src, "PlainTextSelection", guid=selection_guid(c.uuid),
                           name=excerpt_name(text[c.start:c.end]), startPosition=c.start,
                           endPosition=c.end, creatingUser=user,
                           creationDateTime=format_datetime(c.created_at), modifyingUser=user,
                           modifiedDateTime=format_datetime(c.modified_at))
                coding = _sub(sel, "Coding", guid=c.uuid, creatingUser=user,
                              creationDateTime=format_datetime(c.created_at))
                _sub(coding, "CodeRef", targetGUID=code_uuid[c.code_id])
                if c.memo:
                    ref = notes.add(coding_memo_guid(c.uuid), "Coding memo", c.memo, user,
                                    c.created_at, c.modified_at)
                    _sub(coding, "NoteRef", targetGUID=ref)
                memo_refs(coding, "coding", c.uuid)
            memo_refs(src, "document", doc.uuid)
            if doc.country:
                vv = _sub(src, "VariableValue")
                _sub(vv, "VariableRef", targetGUID=COUNTRY_VARIABLE)
                _sub(vv, "TextValue").text = xml_text(doc.country)
            if doc.year is not None:
                vv = _sub(src, "VariableValue")
                _sub(vv, "VariableRef", targetGUID=YEAR_VARIABLE)
                _sub(vv, "IntegerValue").text = str(doc.year)
    project_refs = etree.Element(q("Project"))
    memo_refs(project_refs, "project", None)
    # Memos whose target is not exported (or unknown) still travel, as project notes.
    for m in memos:
        if m["uuid"] not in used_memos and m["target_type"] not in ("document", "coding"):
            used_memos.add(m["uuid"])
            notes.add(m["uuid"], m["title"] or "Memo", m["text"], coder_uuid.get(m["coder_id"]),
                      m["created_at"], m["modified_at"])
            _sub(project_refs, "NoteRef", targetGUID=m["uuid"])
    if notes.items:
        notes_el = _sub(root, "Notes")
        for guid, name, text, user, created, modified in notes.items:
            note = _sub(notes_el, "Note", guid=guid, name=xml_text(name), creatingUser=user,
                        creationDateTime=format_datetime(created),
                        modifiedDateTime=format_datetime(modified))
            _sub(note, "PlainTextContent").text = xml_text(text)
    for ref in project_refs:
        root.append(ref)
    counts["notes"] = len(notes.items)
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False, pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body, counts


def _write_entry(archive: zipfile.ZipFile, name: str, payload: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, payload, compresslevel=6)


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
    xml, counts = build_project_xml(data, memos, name=name)
    if validate:
        from annotator.services.exchange.qdpx_schema import schema_problems

        problems = schema_problems(xml)
        if problems:
            raise RuntimeError(f"project.qde does not match the REFI-QDA schema: {problems[0]}")
    extras = collect_extras(project, data)
    result = QdpxExportResult(Path(path), counts["sources"], counts["codings"], counts["notes"])
    result.warnings += qdc_export_warnings(data.book)
    if extras.get("codings"):
        result.warnings.append(
            f"{len(extras['codings'])} coding(s) carry attributes or a codebook version; REFI-QDA "
            f"has no place for them, so they are kept in {EXTRAS_FILE} inside the file (annotator "
            "reads them back; other programs ignore them)")
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w") as archive:
        _write_entry(archive, PROJECT_FILE, xml)
        for doc in data.documents:
            _write_entry(archive, f"{SOURCES_DIR}{doc.uuid}.txt",
                         data.text(doc.id).encode("utf-8"))
        _write_entry(archive, EXTRAS_FILE,
                     json.dumps(extras, ensure_ascii=False, sort_keys=True,
                                separators=(",", ":")).encode("utf-8"))
    return result
