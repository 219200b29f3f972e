"""The publishable codebook as a Word document (python-docx, default template styles)."""

from __future__ import annotations

import datetime as _dt
import io
import re

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Pt, RGBColor

from annotator.domain.codebook import Codebook, CodeNode
from annotator.services.exchange.codebook_publish import (
    CRITERIA, Examples, meta_line, passages, source_of, status_words,
)
from annotator.services.exchange.safe_xml import xml_safe_text


def _clean(text: str) -> str:
    return xml_safe_text(text)[0]


def _paragraphs(doc: DocxDocument, text: str, style: str | None = None) -> None:
    for chunk in re.split(r"\n\s*\n", text.strip()):
        if chunk.strip():
            doc.add_paragraph(_clean(chunk), style=style)


def _code(doc: DocxDocument, book: Codebook, depth: int, node: CodeNode, examples: Examples | None,
          limit: int | None) -> None:
    heading = doc.add_heading(level=min(depth + 1, 9))
    swatch = heading.add_run("■ ")
    swatch.font.color.rgb = RGBColor.from_string(node.color[1:].upper())
    heading.add_run(_clean(node.name))
    if node.label:
        heading.add_run(f"  [{_clean(node.label)}]").font.size = Pt(10)
    info = doc.add_paragraph()
    info.add_run(_clean(book.path(node.uuid))).italic = True
    for word in status_words(node):
        info.add_run(f" · {word}").italic = True
    _paragraphs(doc, node.definition)
    for key, title in CRITERIA:
        value = getattr(node, key)
        if value:
            para = doc.add_paragraph()
            para.add_run(f"{title}: ").bold = True
            para.add_run(_clean(value))
    for attr in node.attributes:
        para = doc.add_paragraph()
        para.add_run("Attribute ").bold = True
        para.add_run(_clean(attr.name)).bold = True
        para.add_run(f" ({attr.type})" + (f": {_clean(attr.description)}"
                                           if attr.description else ""))
        for level in attr.levels:
            doc.add_paragraph(_clean(level), style="List Bullet")
    shown = passages(node, examples, limit)
    if shown:
        doc.add_paragraph().add_run("Coded passages").bold = True
        for ex in shown:
            _paragraphs(doc, ex.text, style="Quote")
            doc.add_paragraph(f"— {_clean(source_of(ex))}")


def build_docx(codebook: Codebook, examples: Examples | None = None, *,
               date: _dt.date | None = None, max_examples: int | None = None) -> bytes:
    day = date or _dt.date.today()
    doc = Document()
    props = doc.core_properties
    props.title = _clean(codebook.name)
    props.author = "annotator"
    props.last_modified_by = "annotator"
    props.comments = "Codebook exported by annotator"
    props.version = _clean(codebook.version)
    stamp = _dt.datetime(day.year, day.month, day.day)
    props.created = stamp
    props.modified = stamp
    doc.add_heading(_clean(codebook.name), level=0)
    doc.add_paragraph().add_run(meta_line(codebook, day)).italic = True
    _paragraphs(doc, codebook.about)
    for depth, node in codebook.walk_with_depth():
        _code(doc, codebook, depth, node, examples, max_examples)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
