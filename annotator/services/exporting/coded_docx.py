"""A coded document as a Word file: shaded passages, numbered markers, a legend table of the
codes and a table of the codings.

The outermost coding shades a passage in its code's colour; a passage under two or more
codings is also double-underlined in the next code's colour, and every coding starts with a
superscript number in its colour, so overlaps can be told apart on paper.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from annotator.domain.model import DocumentInfo
from annotator.services.exporting.atomic import atomic_path
from annotator.services.exporting.data import ExportData
from annotator.services.exporting.highlight import Mark, legend, marks_for, runs, tint
from annotator.storage.exchange_queries import CodingRow

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PARA_BREAK = re.compile(r"\n[ \t]*\n\s*")
_AFTER_SHD = ("w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
              "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _clean(text: str) -> str:
    return _XML_BAD.sub("\ufffd", text)


def _shade(element: Any, color: str) -> None:
    """Give a run (``w:rPr``) or a table cell (``w:tcPr``) a background colour."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), color.lstrip("#"))
    element.insert_element_before(shd, *_AFTER_SHD)


def _add_text(paragraph: Any, text: str, active: tuple[Mark, ...]) -> None:
    from docx.enum.text import WD_UNDERLINE
    from docx.shared import RGBColor

    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(_clean(line))
        if i < len(lines) - 1:
            run.add_break()
        if active:
            _shade(run._r.get_or_add_rPr(), tint(active[0].color, 0.35))
            if len(active) > 1:
                run.font.underline = WD_UNDERLINE.DOUBLE
                run.font.color.rgb = RGBColor.from_string("000000")
                u = run._r.rPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/"
                                    "main}u")
                if u is not None:
                    u.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}color",
                          active[1].color.lstrip("#"))


def _marker(paragraph: Any, m: Mark) -> None:
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(f"[{m.number}]")
    run.font.superscript = True
    run.font.bold = True
    run.font.size = Pt(7)
    run.font.color.rgb = RGBColor.from_string(m.color.lstrip("#"))


def _document(doc: Any, data: ExportData, info: DocumentInfo, codings: list[CodingRow]) -> None:
    doc.add_heading(_clean(info.title), level=1)
    meta = " · ".join(str(x) for x in (info.country, info.year) if x)
    marks = marks_for(data, codings)
    doc.add_paragraph(_clean(f"{meta}{' · ' if meta else ''}{len(marks)} codings"))
    entries = legend(data, marks)
    if entries:
        table = doc.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, label in zip(table.rows[0].cells, ("Colour", "Code", "Codings"), strict=True):
            cell.text = label
        for e in entries:
            cells = table.add_row().cells
            _shade(cells[0]._tc.get_or_add_tcPr(), e.color)
            cells[1].text = _clean(e.code_path)
            cells[2].text = str(e.count)
        doc.add_paragraph()
    text = data.text(info.id)
    breaks = [p for m in _PARA_BREAK.finditer(text) for p in (m.start(), m.end())]
    starts: dict[int, list[Mark]] = {}
    for m in marks:
        starts.setdefault(m.coding.start, []).append(m)
    paragraph = doc.add_paragraph()
    gaps = [(m.start(), m.end()) for m in _PARA_BREAK.finditer(text)]
    g = 0
    pending: list[Mark] = []
    for a, b, active in runs(len(text), marks, breaks):
        pending += starts.pop(a, [])
        while g < len(gaps) and gaps[g][1] <= a:
            g += 1
        if g < len(gaps) and gaps[g][0] <= a and b <= gaps[g][1]:
            if a == gaps[g][0]:
                paragraph = doc.add_paragraph()
            continue  # the blank lines between paragraphs
        for m in pending:
            _marker(paragraph, m)
        pending = []
        _add_text(paragraph, text[a:b], active)
    if marks:
        doc.add_heading("Codings", level=2)
        table = doc.add_table(rows=1, cols=6)
        table.style = "Table Grid"
        for cell, label in zip(table.rows[0].cells, ("#", "Code", "Coder", "Characters",
                                                     "Attributes", "Memo"), strict=True):
            cell.text = label
        for m in marks:
            cells = table.add_row().cells
            values = (str(m.number), m.code_path, m.coder, f"{m.coding.start}–{m.coding.end}",
                      ", ".join(f"{k}: {v}" for k, v in sorted(m.coding.attributes.items())),
                      m.coding.memo)
            for cell, value in zip(cells, values, strict=True):
                cell.text = _clean(value)
            _shade(cells[1]._tc.get_or_add_tcPr(), tint(m.color, 0.35))


def write_coded_docx(data: ExportData, path: Path | str) -> int:
    """Write every selected document into one .docx; returns the number of documents."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    first = True
    for info, codings in data.codings_by_document():
        if not first:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        first = False
        _document(document, data, info, codings)
    with atomic_path(path) as tmp:
        document.save(str(tmp))
    return len(data.documents)
