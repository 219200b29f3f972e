"""Choosing importers, catching lying extensions, reading files safely, wrapping parser bugs."""

from __future__ import annotations

import importlib.util
import io
import os
import zipfile
from pathlib import Path

import docx
import pytest

from annotator.services.importing.base import MAX_FILE_BYTES, ImportFailed
from annotator.services.importing.docx import DocxImporter
from annotator.services.importing.markdown import MarkdownImporter
from annotator.services.importing.pdf import PdfImporter
from annotator.services.importing.plain_text import PlainTextImporter
from annotator.services.importing.reading import extract_file, read_source
from annotator.services.importing.registry import (
    importer_for,
    sniff_kind,
    sniff_mismatch,
    supported_extensions,
)

PDF = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100


def _zip(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, b"<x/>")
    return out.getvalue()


def _docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _message(exc_info: pytest.ExceptionInfo[ImportFailed]) -> str:
    message = str(exc_info.value)
    assert message and "\n" not in message
    return message


def test_supported_extensions() -> None:
    assert set(supported_extensions()) == {".txt", ".md", ".markdown", ".html", ".htm",
                                           ".docx", ".pdf"}


@pytest.mark.parametrize("name, kind", [
    ("a.txt", PlainTextImporter), ("A.TXT", PlainTextImporter), ("notes.md", MarkdownImporter),
    ("notes.Markdown", MarkdownImporter), ("r.docx", DocxImporter), ("r.PDF", PdfImporter),
    ("dir.with.dots/r.pdf", PdfImporter),
])
def test_importer_for(name: str, kind: type) -> None:
    importer = importer_for(Path(name))
    assert isinstance(importer, kind)
    assert Path(name).suffix.lower() in importer.extensions


@pytest.mark.skipif(importlib.util.find_spec("annotator.services.importing.html") is None,
                    reason="the HTML importer is written separately")
@pytest.mark.parametrize("name", ["page.html", "page.HTM"])
def test_html_importer_is_found_lazily(name: str) -> None:
    assert type(importer_for(name)).__name__ == "HtmlImporter"


def test_unknown_extension() -> None:
    with pytest.raises(ImportFailed) as info:
        importer_for("scan.xyz")
    assert _message(info) == ("unsupported file type '.xyz' (supported: .txt, .md, .markdown, "
                              ".html, .htm, .docx, .pdf)")
    with pytest.raises(ImportFailed, match="^unsupported file type without an extension"):
        importer_for("README")


@pytest.mark.parametrize("data, kind", [
    (PDF, "pdf"), (b"junk\n" + PDF, "pdf"), (PNG, "png"), (b"\xff\xd8\xff\xe0", "jpeg"),
    (OLE, "ole"), (_zip("word/document.xml"), "docx"), (_zip("xl/workbook.xml"), "xlsx"),
    (_zip("a.txt"), "zip"), (b"PK\x03\x04broken", "zip"), (b"{\\rtf1\\ansi hi}", "rtf"),
    (b"plain text", None), (b"", None),
])
def test_sniff_kind(data: bytes, kind: str | None) -> None:
    assert sniff_kind(data) == kind


@pytest.mark.parametrize("name, data, expected", [
    ("r.txt", PDF, "looks like a PDF file, not .txt"),
    ("r.txt", _zip("word/document.xml"), "looks like a Word .docx file, not .txt"),
    ("r.md", PNG, "looks like a PNG image, not .md"),
    ("r.pdf", _zip("word/document.xml"), "looks like a Word .docx file, not .pdf"),
    ("r.pdf", PNG, "looks like a PNG image, not .pdf"),
    ("r.docx", PDF, "looks like a PDF file, not .docx"),
    ("r.docx", _zip("xl/workbook.xml"), "looks like an Excel .xlsx file, not .docx"),
    ("r.docx", OLE, "looks like an old-style Office file (.doc/.xls) or a password-protected "
                    "Office document, not .docx"),
    ("r.html", PDF, "looks like a PDF file, not .html"),
])
def test_sniff_mismatch_names_the_real_type(name: str, data: bytes, expected: str) -> None:
    with pytest.raises(ImportFailed) as info:
        sniff_mismatch(Path(name), data)
    assert _message(info) == expected


@pytest.mark.parametrize("name, data", [
    ("r.txt", b"A text that mentions the %PDF-1.7 header is still text."),
    ("r.md", b"<html><body>inline HTML is fine in markdown</body></html>"),
    ("r.pdf", PDF), ("r.docx", _zip("word/document.xml")), ("r.docx", _zip("other.xml")),
    ("r.docx", b"not a zip: the importer explains"), ("r.txt", b""),
])
def test_sniff_accepts_matching_or_unrecognised_content(name: str, data: bytes) -> None:
    sniff_mismatch(Path(name), data)


# --- reading -------------------------------------------------------------------------------


def test_read_source_reads_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    assert read_source(path) == b"abc"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed) as info:
        read_source(tmp_path / "missing.txt")
    assert _message(info) == "no such file"


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(ImportFailed) as info:
        read_source(folder)
    assert _message(info) == "is a directory, not a file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_special_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ImportFailed) as info:
        read_source(fifo)  # must not block waiting for a writer
    assert _message(info) == "not a regular file"


def test_too_large_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk space, no time
    with pytest.raises(ImportFailed) as info:
        read_source(path)
    assert _message(info) == "file is larger than 50 MB"


def test_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "limit.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES)
    assert len(read_source(path)) == MAX_FILE_BYTES


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_bytes(b"x")
    path.chmod(0)
    try:
        with pytest.raises(ImportFailed, match="^permission denied"):
            read_source(path)
    finally:
        path.chmod(0o600)


# --- extract_file --------------------------------------------------------------------------


def test_extract_file_end_to_end(tmp_path: Path) -> None:
    txt = tmp_path / "report.TXT"
    txt.write_bytes("Доклад\r\n\r\nТекст.".encode("cp1251"))
    assert extract_file(txt).text == "Доклад\n\nТекст."
    word = tmp_path / "report.docx"
    word.write_bytes(_docx_bytes("Hello from Word"))
    assert extract_file(word).text == "Hello from Word"


@pytest.mark.parametrize("name, data, expected", [
    ("empty.txt", b"", "file is empty"),
    ("empty.pdf", b"", "file is empty"),
    ("empty.docx", b"", "file is empty"),
    ("blank.md", b"\n \n", "file is empty"),
    ("garbage.txt", bytes(range(256)) * 4, "binary file, not text"),
    ("fake.txt", PDF, "looks like a PDF file, not .txt"),
    ("fake.pdf", b"Plain words.", "not a valid PDF (no %PDF header)"),
    ("fake.docx", b"Plain words.", "not a valid .docx file (not a zip archive, or truncated)"),
    ("image.pdf", PNG, "looks like a PNG image, not .pdf"),
    ("data.xyz", b"x", "unsupported file type '.xyz' (supported: .txt, .md, .markdown, "
                       ".html, .htm, .docx, .pdf)"),
])
def test_extract_file_failures(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ImportFailed) as info:
        extract_file(path)
    assert _message(info) == expected


def test_missing_file_is_reported_before_its_extension(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="^no such file$"):
        extract_file(tmp_path / "gone.xyz")


def test_unexpected_parser_errors_become_one_line(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(self: PlainTextImporter, path: Path, data: bytes) -> None:
        raise KeyError("multi\nline internal detail " + "x" * 300)
    monkeypatch.setattr(PlainTextImporter, "extract", explode)
    path = tmp_path / "a.txt"
    path.write_bytes(b"hello")
    with pytest.raises(ImportFailed) as info:
        extract_file(path)
    message = _message(info)
    assert message.startswith("could not read the file (KeyError: ")
    assert len(message) < 200
    assert isinstance(info.value.__cause__, KeyError)


def test_memory_error_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def exhaust(self: PlainTextImporter, path: Path, data: bytes) -> None:
        raise MemoryError
    monkeypatch.setattr(PlainTextImporter, "extract", exhaust)
    path = tmp_path / "a.txt"
    path.write_bytes(b"hello")
    with pytest.raises(ImportFailed, match="^not enough memory to import this file$"):
        extract_file(path)
