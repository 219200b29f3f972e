"""Word import: blocks, headings, titles, tables, hidden corners, corrupt packages."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from annotator.domain.text import canonical_text, paragraph_spans
from annotator.services.importing.base import ImportFailed
from annotator.services.importing.docx import DocxImporter

W = nsdecls("w")
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def build(fill: Callable[[docx.document.Document], None], title: str = "") -> bytes:
    document = docx.Document()
    document.core_properties.title = title
    fill(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def run(data: bytes):
    return DocxImporter().extract(Path("report.docx"), data)


def failure(data: bytes) -> str:
    with pytest.raises(ImportFailed) as info:
        run(data)
    assert "\n" not in str(info.value)
    return str(info.value)


def hints(result) -> list[tuple[int, str, str]]:
    return [(h.level, result.text[h.start:h.end], h.css_class) for h in result.headings]


def report(d: docx.document.Document) -> None:
    d.add_paragraph("2019 Country Reports on Human Rights Practices: Kazakhstan", style="Title")
    d.add_paragraph("")
    d.add_heading("Executive Summary", level=1)
    d.add_paragraph("Kazakhstan's government is a presidential republic.")
    d.add_paragraph("   ")
    d.add_heading("Section 1. Respect for the Integrity of the Person", level=1)
    d.add_heading("a. Arbitrary Deprivation of Life", level=2)
    d.add_paragraph("There were no reports.")


def test_paragraphs_and_headings() -> None:
    result = run(build(report))
    assert result.text == (
        "2019 Country Reports on Human Rights Practices: Kazakhstan\n\nExecutive Summary\n\n"
        "Kazakhstan's government is a presidential republic.\n\n"
        "Section 1. Respect for the Integrity of the Person\n\n"
        "a. Arbitrary Deprivation of Life\n\nThere were no reports.")
    assert result.source_type == "docx"
    assert hints(result) == [
        (1, "2019 Country Reports on Human Rights Practices: Kazakhstan", "Title"),
        (1, "Executive Summary", "Heading 1"),
        (1, "Section 1. Respect for the Integrity of the Person", "Heading 1"),
        (2, "a. Arbitrary Deprivation of Life", "Heading 2"),
    ]
    assert result.title == "2019 Country Reports on Human Rights Practices: Kazakhstan"
    assert len(paragraph_spans(result.text)) == 6
    assert canonical_text(result.text) == result.text


def test_core_property_title_wins() -> None:
    assert run(build(report, title="Kazakhstan 2019")).title == "Kazakhstan 2019"


def test_no_title_at_all() -> None:
    result = run(build(lambda d: d.add_paragraph("Just text.")))
    assert result.title is None and result.headings == []


def test_custom_style_based_on_heading_and_outline_level() -> None:
    def fill(d: docx.document.Document) -> None:
        style = d.styles.add_style("Report Subsection", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = d.styles["Heading 3"]
        d.add_paragraph("Custom styled", style="Report Subsection")
        p = d.add_paragraph("Outlined body paragraph")
        p._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W} w:val="1"/>'))
        q = d.add_paragraph("Body text level")
        q._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W} w:val="9"/>'))
    assert hints(run(build(fill))) == [(3, "Custom styled", "Heading 3"),
                                       (2, "Outlined body paragraph", "")]


def test_tables_become_one_block_per_cell() -> None:
    def fill(d: docx.document.Document) -> None:
        d.add_paragraph("Before")
        table = d.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "Year"
        table.cell(0, 1).text = "Cases"
        merged = table.cell(1, 0).merge(table.cell(1, 1))
        merged.text = "Merged row"
        merged.add_paragraph("second line")
        inner = table.cell(0, 1).add_table(rows=1, cols=1)
        inner.cell(0, 0).text = "Nested"
        d.add_paragraph("After")
    assert run(build(fill)).text == ("Before\n\nYear\n\nCases\n\nNested\n\n"
                                     "Merged row\nsecond line\n\nAfter")


def test_breaks_tabs_and_blank_lines_inside_a_paragraph() -> None:
    def fill(d: docx.document.Document) -> None:
        p = d.add_paragraph("Line one")
        p.add_run().add_break()
        p.add_run().add_break()
        p.add_run("line\ttwo")
    assert run(build(fill)).text == "Line one\nline\ttwo"


def test_content_controls_text_boxes_and_tracked_changes() -> None:
    def fill(d: docx.document.Document) -> None:
        body = d.element.body
        sdt = parse_xml(f"<w:sdt {W}><w:sdtContent><w:p><w:r><w:t>In a control</w:t></w:r>"
                        "</w:p></w:sdtContent></w:sdt>")
        body.insert(0, sdt)
        box = ("<w:txbxContent><w:p><w:r><w:t>Box text</w:t></w:r></w:p></w:txbxContent>")
        anchored = parse_xml(
            f"<w:p {W} {MC}><w:r><w:t>Anchor</w:t></w:r><w:r><mc:AlternateContent>"
            f"<mc:Choice Requires=\"wps\"><w:pict>{box}</w:pict></mc:Choice>"
            f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>")
        body.insert(1, anchored)
        tracked = parse_xml(
            f"<w:p {W}><w:r><w:t xml:space=\"preserve\">Kept </w:t></w:r>"
            "<w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>deleted </w:delText></w:r></w:del>"
            "<w:ins w:id=\"2\" w:author=\"a\"><w:r><w:t>inserted</w:t></w:r></w:ins>"
            "<w:r><w:t>-</w:t></w:r><w:r><w:noBreakHyphen/><w:t>x</w:t></w:r></w:p>")
        body.insert(2, tracked)
        custom = parse_xml(f"<w:customXml {W} w:element=\"x\"><w:p><w:r><w:t>Custom</w:t>"
                           "</w:r></w:p></w:customXml>")
        body.insert(3, custom)
    assert run(build(fill)).text == \
        "In a control\n\nAnchor\n\nBox text\n\nKept inserted--x\n\nCustom"


def test_unicode_passes_unchanged() -> None:
    text = "احترمت الحكومة 𠀀 👨‍👩‍👧 שלום Cafe\u0301"
    result = run(build(lambda d: d.add_paragraph(text)))
    assert result.text == canonical_text(text)


def test_document_without_text_is_refused() -> None:
    assert failure(build(lambda d: d.add_paragraph("  "))) == "document contains no text"


def test_not_a_zip() -> None:
    assert failure(b"This is plain text, not a Word file.") == \
        "not a valid .docx file (not a zip archive, or truncated)"


def test_truncated_docx() -> None:
    data = build(report)
    assert failure(data[: len(data) // 2]) == \
        "not a valid .docx file (not a zip archive, or truncated)"


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_zip_without_document_part() -> None:
    assert failure(_zip({"hello.txt": b"hi"})) == "not a valid .docx file (no word/document.xml)"


def test_broken_document_xml() -> None:
    source = zipfile.ZipFile(io.BytesIO(build(report)))
    entries = {name: source.read(name) for name in source.namelist()}
    entries["word/document.xml"] = b"<w:document><unclosed>"
    message = failure(_zip(entries))
    assert message.startswith("not a valid .docx file (")


def test_declared_zip_bomb_is_refused_before_unpacking() -> None:
    data = bytearray(build(report))
    # Rewrite the uncompressed size recorded in the central directory for word/document.xml.
    name = b"word/document.xml"
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46: at + 46 + name_len] == name:
            struct.pack_into("<I", data, at + 24, 300 * 1024 * 1024)
            break
        at = data.find(b"PK\x01\x02", at + 4)
    assert at != -1
    assert failure(bytes(data)) == ("not a valid .docx file (word/document.xml would unpack to "
                                    "300 MB; limit 200 MB)")
