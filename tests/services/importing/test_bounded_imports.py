"""Imports stay bounded (issue 11): zip parts read as counted streams, DTDs refused, paragraph
and element limits, file names of any bytes, empty folders."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

import pytest

from annotator.domain.display import shown_name, stored_name, terminal_safe
from annotator.domain.text import paragraph_count_exceeds, paragraph_spans
from annotator.services.importing import base, zip_package
from annotator.services.importing.base import ImportFailed
from annotator.services.importing.docx import DocxImporter
from annotator.services.importing.pipeline import import_files
from annotator.services.project import Project
from bench.hostile_inputs import WORD_NS as W
from bench.hostile_inputs import minimal_docx

def word(body: str, prolog: str = "") -> bytes:
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document xmlns:w="{W}"><w:body>'
           f"{body}</w:body></w:document>")
    return minimal_docx(xml.encode("utf-8"))


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def extract(data: bytes):
    return DocxImporter().extract(Path("x.docx"), data)


def refusal(data: bytes) -> str:
    with pytest.raises(ImportFailed) as info:
        extract(data)
    assert "\n" not in str(info.value)
    return str(info.value)


def lie_about_size(data: bytes, name: str, size: int) -> bytes:
    """Overwrite the uncompressed size of ``name`` in its local and central headers."""
    buf = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(name)
    struct.pack_into("<I", buf, info.header_offset + 22, size)
    pos = buf.find(b"PK\x01\x02")
    while pos != -1:
        length = struct.unpack_from("<H", buf, pos + 28)[0]
        if bytes(buf[pos + 46:pos + 46 + length]) == name.encode():
            struct.pack_into("<I", buf, pos + 24, size)
        pos = buf.find(b"PK\x01\x02", pos + 4)
    return bytes(buf)


def test_a_plain_word_document_still_imports() -> None:
    assert extract(word(para("One") + para("Two"))).text == "One\n\nTwo"


def test_a_docx_with_a_dtd_is_refused_not_silently_shortened() -> None:
    dtd = '<!DOCTYPE w:document [<!ENTITY e "entity text">]>'
    message = refusal(word(para("before &e; after"), prolog=dtd))
    assert "DTD" in message and "word/document.xml" in message


def test_a_dtd_in_any_part_is_refused() -> None:
    data = word(para("text"))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            z.writestr(info, src.read(info))
        z.writestr("docProps/core.xml", '<?xml version="1.0"?><!DOCTYPE x SYSTEM '
                                        '"file:///etc/passwd"><x/>')
    assert "DTD" in refusal(out.getvalue())


def test_header_sizes_are_not_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """A part claiming a few bytes but inflating far more is refused while streaming."""
    data = lie_about_size(word(para("a" * 300_000)), "word/document.xml", 4000)
    message = refusal(data)
    assert "word/document.xml" in message or "CRC" in message
    monkeypatch.setattr(zip_package, "MAX_PART_BYTES", 100_000)
    honest_but_big = word(para("a" * 300_000))
    assert "unpack" in refusal(honest_but_big)
    # an understated header cannot get past the real, counted cap either
    assert refusal(lie_about_size(honest_but_big, "word/document.xml", 50_000))


def test_the_counted_cap_holds_when_headers_understate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zip_package, "MAX_PART_BYTES", 100_000)
    data = word(para("a" * 300_000))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        real = z.getinfo("word/document.xml").file_size
    assert real > 100_000
    # claim less than the cap: zipfile stops at the claimed size and the checksum fails
    assert refusal(lie_about_size(data, "word/document.xml", 90_000))


def test_too_many_elements_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zip_package, "MAX_MARKUP_ELEMENTS", 500)
    assert "XML elements" in refusal(word(para("a") * 200))
    assert extract(word(para("a") * 100)).text.count("a") == 100


def test_paragraph_count_is_cheap_and_exact() -> None:
    text = "a\n\nb\n \n\nc"
    assert len(paragraph_spans(text)) == 3
    assert paragraph_count_exceeds(text, 2) and not paragraph_count_exceeds(text, 3)
    long_line = "word " * 400_000
    assert paragraph_spans(long_line) == paragraph_spans(long_line)[:1]


def test_too_many_paragraphs_are_refused_and_nothing_is_stored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "MAX_PARAGRAPHS", 50)
    many = tmp_path / "many.txt"
    many.write_text("p\n\n" * 60, encoding="utf-8")
    lines = tmp_path / "lines.txt"
    lines.write_text("line\n" * 60, encoding="utf-8")
    ok = tmp_path / "ok.txt"
    ok.write_text("p\n\n" * 40, encoding="utf-8")
    with Project.create(tmp_path / "p.annotator") as project:
        report = import_files(project, [many, lines, ok], workers=1)
        with project.read() as tx:
            titles = [d.title for d in tx.documents()]
    assert titles == ["ok"]
    assert [r for _, r in report.failed] == [
        f"{many}: more than 50 paragraphs (the limit for one document); split the file",
        f"{lines}: more than 50 paragraphs (the limit for one document); split the file"]


def test_an_html_page_with_too_many_tags_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.services.importing import html

    monkeypatch.setattr(html, "MAX_MARKUP_ELEMENTS", 100)
    with pytest.raises(ImportFailed, match="more than 100 tags"):
        html.HtmlImporter().extract(Path("x.html"), b"<p>a</p>" * 60)


def test_any_file_name_is_imported_or_refused_with_escapes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    latin1 = os.fsdecode(b"caf\xe9.txt")
    (folder / latin1).write_text("Text of a cafe.\n", encoding="utf-8")
    (folder / "two\nlines.txt").write_text("Second text.\n", encoding="utf-8")
    (folder / "bad\x1b[31m.txt").write_bytes(b"\x00\x01\x02" * 100)
    with Project.create(tmp_path / "p.annotator") as project:
        report = import_files(project, [folder], workers=1)
        with project.read() as tx:
            docs = tx.documents()
    assert sorted(d.source_name for d in docs) == ["caf\ufffd.txt", "two\ufffdlines.txt"]
    assert sorted(d.title for d in docs) == ["caf\ufffd", "two\ufffdlines"]
    [(name, reason)] = report.failed
    assert name.endswith("bad\\x1b[31m.txt") and "\x1b" not in reason and "\n" not in reason
    assert reason.endswith("bad\\x1b[31m.txt: binary file, not text")


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.xyz").write_text("x", encoding="utf-8")
    with Project.create(tmp_path / "p.annotator") as project:
        report = import_files(project, [tmp_path / "empty", tmp_path / "other"])
    assert [r for _, r in report.failed] == [f"no importable files in {tmp_path / 'empty'}",
                                             f"no importable files in {tmp_path / 'other'}"]


def test_display_helpers() -> None:
    name = os.fsdecode(b"caf\xe9\nx.txt")
    assert shown_name(name) == "caf\\xe9\\nx.txt"
    assert stored_name(name) == "caf\ufffd\ufffdx.txt"
    assert terminal_safe("a\x1b]0;t\x07b\n\tc\x9b") == "a\\x1b]0;t\\x07b\n\tc\\x9b"


def test_the_benchmarks_text_pdf_is_a_real_pdf_that_imports(tmp_path: Path) -> None:
    """The generator behind the 47 MB PDF of the hostile-import benchmark, at a small size."""
    from bench.hostile_inputs import text_pdf

    pdf = text_pdf(tmp_path / "pages.pdf", 200_000)
    project = Project.create(tmp_path / "p.annotator")
    try:
        report = import_files(project, [pdf])
        assert not report.failed and len(report.imported) == 1
        text = project.text(report.imported[0].id)
        assert text.count("Security forces detained journalists") > 1000
    finally:
        project.close()
