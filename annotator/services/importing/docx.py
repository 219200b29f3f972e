"""Word import (``.docx``) with python-docx.

Body paragraphs, table cells, content controls and text boxes become blocks separated by one
blank line (the corpus convention); a table cell is one block. ``Title`` and ``Heading N`` styles
(also custom styles based on them, and explicit outline levels) become heading hints. Headers,
footers, footnotes, comments and deleted (tracked) text are not imported.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from lxml import etree

from annotator.domain.text import canonical_text
from annotator.services.importing import zip_package
from annotator.services.importing.base import Extracted, HeadingHint, ImportFailed
from annotator.services.importing.reading import short_reason

_MAIN_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TC, _SDT, _SDT_CONTENT = (qn(t) for t in
                                     ("w:p", "w:tbl", "w:tc", "w:sdt", "w:sdtContent"))
_T, _TAB, _BR, _CR, _NBH = (qn(t) for t in ("w:t", "w:tab", "w:br", "w:cr", "w:noBreakHyphen"))
_TXBX, _CUSTOM_XML = qn("w:txbxContent"), qn("w:customXml")
_HEADING_NAME = re.compile(r"heading (\d)$", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n\s*\n")


class DocxImporter:
    """Word 2007+ documents."""

    extensions: tuple[str, ...] = (".docx",)

    def extract(self, path: Path, data: bytes) -> Extracted:
        check_package(data)
        try:
            document = docx.Document(io.BytesIO(data))
        except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors...
            raise ImportFailed(f"not a valid .docx file ({short_reason(exc)})") from exc
        levels = _StyleLevels(document)
        parts: list[str] = []
        headings: list[HeadingHint] = []
        pos = 0
        title_text: str | None = None
        for raw, p in _blocks(document.element.body):
            block = _BLANK_LINES.sub("\n", canonical_text(raw)).strip()
            if not block:
                continue
            if parts:
                pos += 2
            level, style = levels.of(p) if p is not None else (None, "")
            if level is not None:
                headings.append(HeadingHint(pos, pos + len(block), level, style))
                if style == "Title" and title_text is None:
                    title_text = block
            parts.append(block)
            pos += len(block)
        if not parts:
            raise ImportFailed("document contains no text")
        core_title = _core_title(document)
        title = canonical_text(core_title) if core_title else title_text
        return Extracted(text="\n\n".join(parts), source_type="docx", title=title,
                         headings=headings)


def check_package(data: bytes) -> None:
    """Refuse what is not a Word package, would expand too far, or declares a DTD.

    Every part is inflated as a counted stream first (:mod:`.zip_package`), so python-docx only
    ever reads parts whose real size is known to be within the limits.
    """
    with zip_package.check_package(data, ".docx") as archive:
        main = _main_part_name(archive)
        if main not in archive.namelist():
            raise ImportFailed(f"not a valid .docx file (no {main})")


def _core_title(document: Any) -> str:
    try:
        return (document.core_properties.title or "").strip()
    except Exception:  # a damaged docProps/core.xml must not fail the import
        return ""


def _main_part_name(archive: zipfile.ZipFile) -> str:
    try:
        root = etree.fromstring(archive.read("_rels/.rels"),
                                etree.XMLParser(resolve_entities=False, no_network=True))
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, OSError):
        return "word/document.xml"
    for rel in root:
        if rel.get("Type") == _MAIN_REL and rel.get("Target"):
            return str(rel.get("Target")).lstrip("/")
    return "word/document.xml"


def _blocks(container: Any) -> Iterator[tuple[str, Any]]:
    """Yield ``(text, paragraph element or None)`` for each block, in document order."""
    for child in container.iterchildren():
        if child.tag == _P:
            extra: list[Any] = []
            yield _paragraph_text(child, extra), child
            for box in extra:
                yield from _blocks(box)
        elif child.tag == _TBL:
            yield from _table_blocks(child)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)
        elif child.tag == _CUSTOM_XML:
            yield from _blocks(child)


def _table_blocks(table: Any) -> Iterator[tuple[str, Any]]:
    """One block per cell (its paragraphs joined by line breaks); nested tables follow it."""
    for cell in table.iter(_TC):
        if next(cell.iterancestors(_TBL)) is not table:
            continue  # a cell of a nested table: handled when its own table is reached
        lines: list[str] = []
        nested: list[tuple[str, Any]] = []
        for text, element in _blocks(cell):
            if element is not None and next(element.iterancestors(_TC, _TXBX)) is cell:
                lines.append(text.strip())
            else:
                nested.append((text, element))
        yield "\n".join(line for line in lines if line), None
        yield from nested


def _paragraph_text(p: Any, text_boxes: list[Any]) -> str:
    """Visible text of a paragraph; text-box contents are collected into ``text_boxes``."""
    out: list[str] = []

    def walk(element: Any) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if tag == _T:
                out.append(child.text or "")
            elif tag == _TAB:
                out.append("\t")
            elif tag in (_BR, _CR):
                out.append("\n")
            elif tag == _NBH:
                out.append("-")
            elif tag == _TXBX:
                text_boxes.append(child)
            elif tag != _MC_FALLBACK and tag != _P:
                walk(child)

    walk(p)
    return "".join(out)


class _StyleLevels:
    """Heading level of a paragraph, from its style (and the style's ancestors) or outline level."""

    def __init__(self, document: Any) -> None:
        self._styles = document.styles
        self._cache: dict[str, tuple[int | None, str]] = {}

    def of(self, p: Any) -> tuple[int | None, str]:
        ppr = p.find(qn("w:pPr"))
        style_id = None
        if ppr is not None:
            pstyle = ppr.find(qn("w:pStyle"))
            style_id = pstyle.get(qn("w:val")) if pstyle is not None else None
            own = _outline_level(ppr)
            if own is not None:
                return own, ""
        if not style_id:
            return None, ""
        if style_id not in self._cache:
            self._cache[style_id] = self._resolve(style_id)
        return self._cache[style_id]

    def _resolve(self, style_id: str) -> tuple[int | None, str]:
        style = next((s for s in self._styles if s.style_id == style_id), None)
        for _ in range(10):  # follow "based on" links; a cycle cannot trap us
            if style is None:
                break
            name = style.name or ""
            if name.lower() == "title":
                return 1, "Title"
            m = _HEADING_NAME.match(name)
            if m:
                return int(m.group(1)), f"Heading {m.group(1)}"
            ppr = style.element.find(qn("w:pPr"))
            level = _outline_level(ppr) if ppr is not None else None
            if level is not None:
                return level, name
            style = style.base_style
        return None, ""


def _outline_level(ppr: Any) -> int | None:
    """Word outline levels 0-8 are heading levels 1-9; 9 means body text."""
    node = ppr.find(qn("w:outlineLvl"))
    value = node.get(qn("w:val")) if node is not None else None
    if value is not None and value.isdigit() and int(value) < 9:
        return int(value) + 1
    return None

