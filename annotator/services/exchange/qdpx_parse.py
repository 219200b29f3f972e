"""Read ``project.qde`` into plain records, leniently (other programs bend the schema).

Only what we can import is kept; everything else is counted in ``not_imported`` so the user
learns what was left behind (REFI-QDA 1.5, §7). Element names are matched without their
namespace; unexpected attributes are ignored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from annotator.domain.errors import ValidationError
from annotator.services.exchange.qdpx_common import NS, parse_datetime

_MEDIA = {"PictureSource": "picture source", "PDFSource": "PDF source",
          "AudioSource": "audio source", "VideoSource": "video source"}
_SELECTIONS = {"PictureSelection": "picture selection", "PDFSelection": "PDF selection",
               "AudioSelection": "audio selection", "VideoSelection": "video selection",
               "TranscriptSelection": "transcript selection", "Transcript": "transcript",
               "Representation": "plain-text representation of a PDF"}
_GROUPS = {"Links": ("Link", "link"), "Sets": ("Set", "set"), "Graphs": ("Graph", "graph"),
           "Cases": ("Case", "case")}


@dataclass(slots=True)
class PCoding:
    guid: str | None
    code_ref: str | None
    user: str | None
    created: datetime | None
    note_refs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PSelection:
    guid: str | None
    name: str | None
    start: str | None
    end: str | None
    user: str | None
    created: datetime | None
    modified: datetime | None
    description: str = ""
    codings: list[PCoding] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PSource:
    guid: str | None
    name: str
    plain_path: str | None
    rich_path: str | None
    content: str | None
    created: datetime | None
    description: str = ""
    selections: list[PSelection] = field(default_factory=list)
    codings: list[PCoding] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)
    values: list[tuple[str | None, str | None]] = field(default_factory=list)


@dataclass(slots=True)
class PNote:
    guid: str | None
    name: str
    content: str | None
    path: str | None
    user: str | None
    created: datetime | None
    modified: datetime | None
    description: str = ""


@dataclass(slots=True)
class PCase:
    values: list[tuple[str | None, str | None]]
    sources: list[str]


@dataclass(slots=True)
class ParsedProject:
    name: str
    origin: str
    creating_user: str | None
    description: str
    users: list[tuple[str | None, str]] = field(default_factory=list)
    variables: dict[str, tuple[str, str]] = field(default_factory=dict)  # guid -> (name, type)
    sources_element: etree._Element | None = None
    notes: list[PNote] = field(default_factory=list)
    project_note_refs: list[str] = field(default_factory=list)
    code_note_refs: dict[str, list[str]] = field(default_factory=dict)
    cases: list[PCase] = field(default_factory=list)
    has_codebook: bool = False
    not_imported: Counter[str] = field(default_factory=Counter)
    namespace: str | None = None


def local(el: etree._Element) -> str:
    """The element's name without its namespace ("" for comments and the like)."""
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _kids(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if local(c) == name]


def _text(el: etree._Element, name: str) -> str | None:
    found = _kids(el, name)
    return (found[0].text or "") if found else None


def _attr(el: etree._Element, name: str) -> str | None:
    value = el.get(name)
    if value is None:  # some writers vary the case of attribute names
        low = name.lower()
        value = next((v for k, v in el.attrib.items()
                      if etree.QName(k).localname.lower() == low), None)
    return value


def _refs(el: etree._Element, name: str = "NoteRef") -> list[str]:
    return [r for c in _kids(el, name) if (r := _attr(c, "targetGUID"))]


def _values(el: etree._Element) -> list[tuple[str | None, str | None]]:
    out = []
    for vv in _kids(el, "VariableValue"):
        ref = next(iter(_refs(vv, "VariableRef")), None)
        value = next((c.text or "" for c in vv if local(c).endswith("Value")), None)
        out.append((ref, value))
    return out


def _coding(el: etree._Element) -> PCoding:
    ref: str | None = None
    notes: list[str] = []
    for c in el:
        kind = local(c)
        if kind == "CodeRef" and ref is None:
            ref = _attr(c, "targetGUID")
        elif kind == "NoteRef" and (target := _attr(c, "targetGUID")):
            notes.append(target)
    return PCoding(_attr(el, "guid"), ref, _attr(el, "creatingUser"),
                   parse_datetime(_attr(el, "creationDateTime")), notes)


def _selection(el: etree._Element) -> PSelection:
    sel = PSelection(_attr(el, "guid"), _attr(el, "name"), _attr(el, "startPosition"),
                     _attr(el, "endPosition"), _attr(el, "creatingUser"),
                     parse_datetime(_attr(el, "creationDateTime")),
                     parse_datetime(_attr(el, "modifiedDateTime")))
    for c in el:
        kind = local(c)
        if kind == "Coding":
            sel.codings.append(_coding(c))
        elif kind == "NoteRef" and (target := _attr(c, "targetGUID")):
            sel.note_refs.append(target)
        elif kind == "Description":
            sel.description = c.text or ""
    return sel


def _source(el: etree._Element, counts: Counter[str]) -> PSource:
    src = PSource(guid=_attr(el, "guid"), name=_attr(el, "name") or "",
                  plain_path=_attr(el, "plainTextPath"), rich_path=_attr(el, "richTextPath"),
                  content=_text(el, "PlainTextContent"),
                  created=parse_datetime(_attr(el, "creationDateTime")),
                  description=_text(el, "Description") or "", note_refs=_refs(el),
                  values=_values(el))
    for child in el:
        kind = local(child)
        if kind == "PlainTextSelection":
            src.selections.append(_selection(child))
        elif kind == "Coding":
            src.codings.append(_coding(child))
    if src.rich_path:
        counts["formatting of a text source (richTextPath; the plain text was used)"] += 1
    return src


def _count_media(el: etree._Element, counts: Counter[str]) -> None:
    counts[_MEDIA[local(el)]] += 1
    for sub in el.iter():
        kind = local(sub)
        if kind in _SELECTIONS and sub is not el:
            counts[_SELECTIONS[kind]] += 1
        elif kind == "Coding":
            counts["coding of a picture, PDF, audio or video selection"] += 1


def parse_project(root: etree._Element) -> ParsedProject:
    """Records for everything importable in a parsed ``project.qde``; the sources are read
    later, one at a time, by :func:`iter_sources`."""
    if local(root) != "Project":
        raise ValidationError(f"not a REFI-QDA project: the root element is <{local(root)}>, "
                              "expected <Project>")
    ns = etree.QName(root).namespace
    if ns not in (NS, None):
        raise ValidationError(f"unknown namespace {ns!r} on <Project>; REFI-QDA uses {NS!r}")
    out = ParsedProject(name=_attr(root, "name") or "", origin=_attr(root, "origin") or "",
                        creating_user=_attr(root, "creatingUserGUID"),
                        description=_text(root, "Description") or "", namespace=ns)
    counts = out.not_imported
    for child in root:
        kind = local(child)
        if kind == "Users":
            out.users += [(_attr(u, "guid"), _attr(u, "name") or "") for u in _kids(child, "User")]
        elif kind == "CodeBook":
            out.has_codebook = True
            for code in child.iter():
                if local(code) == "Code" and (g := _attr(code, "guid")) and _refs(code):
                    out.code_note_refs.setdefault(g, []).extend(_refs(code))
        elif kind == "Variables":
            for v in _kids(child, "Variable"):
                if g := _attr(v, "guid"):
                    out.variables[g] = (_attr(v, "name") or "", _attr(v, "typeOfVariable") or "")
        elif kind == "Sources":
            out.sources_element = child
        elif kind == "Notes":
            for n in _kids(child, "Note"):
                out.notes.append(PNote(_attr(n, "guid"), _attr(n, "name") or "",
                                       _text(n, "PlainTextContent"), _attr(n, "plainTextPath"),
                                       _attr(n, "creatingUser"),
                                       parse_datetime(_attr(n, "creationDateTime")),
                                       parse_datetime(_attr(n, "modifiedDateTime")),
                                       _text(n, "Description") or ""))
                if _kids(n, "PlainTextSelection"):
                    counts["selection inside a note"] += len(_kids(n, "PlainTextSelection"))
        elif kind == "Cases":
            for case in _kids(child, "Case"):
                out.cases.append(PCase(_values(case), _refs(case, "SourceRef")))
                counts["case (only its country and year values were used)"] += 1
        elif kind == "NoteRef":
            if g := _attr(child, "targetGUID"):
                out.project_note_refs.append(g)
        elif kind in _GROUPS and kind != "Cases":
            item, label = _GROUPS[kind]
            counts[label] += len(_kids(child, item))
    return out


def iter_sources(parsed: ParsedProject) -> Iterator[PSource]:
    """The text sources in file order. Each source's elements are removed from the tree once
    read, so a large project is never in memory twice (as a tree and as records)."""
    holder = parsed.sources_element
    if holder is None:
        return
    parsed.sources_element = None
    for el in list(holder):
        kind = local(el)
        if kind == "TextSource":
            yield _source(el, parsed.not_imported)
        elif kind in _MEDIA:
            _count_media(el, parsed.not_imported)
        holder.remove(el)
