"""PDF import: text layer, paragraph re-flow, hyphenation, scanned/encrypted/corrupt files.

The PDFs are written by hand (:func:`make_pdf`): Helvetica text drawn line by line, or a page
that only paints an image.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from pypdf.errors import DependencyError

from annotator.services.importing.base import ImportFailed
from annotator.services.importing.pdf import NO_TEXT, PdfImporter, reflow

FULL = "The government generally respected this right, although there were reports that"


def _literal(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(pages: list[list[str]], *, title: str | None = None,
             image_pages: frozenset[int] = frozenset()) -> bytes:
    """A minimal valid PDF: one text line per entry, or just an image on ``image_pages``."""
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
           b"/BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream",
    }
    if title is not None:
        objects[5] = b"<< /Title " + _literal(title) + b" >>"
    kids = []
    for index, lines in enumerate(pages):
        number = 10 + 2 * index
        if index in image_pages:
            content = b"q 200 0 0 200 72 500 cm /Im1 Do Q"
        else:
            content = b"BT /F1 11 Tf 14 TL 72 740 Td\n" + b"".join(
                _literal(line) + b" Tj T*\n" for line in lines) + b"ET"
        objects[number + 1] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)
        objects[number] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                           b"/Contents %d 0 R /Resources << /Font << /F1 3 0 R >> "
                           b"/XObject << /Im1 4 0 R >> >> >>" % (number + 1))
        kids.append(b"%d 0 R" % number)
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else \
            b"0000000000 65535 f \n"
    info = b" /Info 5 0 R" if title is not None else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (size, info, xref)
    return bytes(out)


def run(data: bytes):
    return PdfImporter().extract(Path("report.pdf"), data)


def failure(data: bytes) -> str:
    with pytest.raises(ImportFailed) as info:
        run(data)
    assert "\n" not in str(info.value)
    return str(info.value)


REPORT = [
    ["Section 1. Respect for the Integrity of the Person",
     FULL,
     "security forces used excessive force against protesters in the capital and",
     "in several regions.",
     "The law prohibits arbitrary arrest (see Section 2), and café owners complained",
     "about inspections."],
    ["Page two starts a new paragraph although the sentence may go on"],
]


def test_text_is_reflowed_into_paragraphs() -> None:
    result = run(make_pdf(REPORT, title="Kazakhstan 2019"))
    assert result.text == (
        "Section 1. Respect for the Integrity of the Person\n\n"
        f"{FULL} security forces used excessive force against protesters in the capital and "
        "in several regions.\n\n"
        "The law prohibits arbitrary arrest (see Section 2), and café owners complained "
        "about inspections.\n\n"
        "Page two starts a new paragraph although the sentence may go on")
    assert result.source_type == "pdf"
    assert result.title == "Kazakhstan 2019"
    assert result.warnings == []


def test_no_title_metadata() -> None:
    assert run(make_pdf(REPORT)).title is None


def test_hyphen_removed_only_when_the_document_proves_the_word() -> None:
    lines = [
        FULL + " the govern-",
        "ment detained a well-",
        "known journalist; the well-known case and the government's record are in-",
        "complete, while the non-",
        "state actors and non-state militias and xyz-",
        "abc remained.",
    ]
    text = run(make_pdf([lines])).text
    assert "the government detained" in text          # "government" occurs elsewhere
    assert "a well-known journalist" in text           # the hyphenated form occurs elsewhere
    assert "are in-complete" in text                   # no evidence either way: keep
    assert "the non-state actors" in text
    assert "xyz-abc remained." in text


def test_reflow_rules_directly() -> None:
    long = "x" * 80
    assert reflow([[long + " Jean-", "Pierre said", ""]]) == [f"{long} Jean-Pierre said"]
    assert reflow([[long, "pro\u00ad", "cess went on"]]) == [f"{long} process went on"]
    assert reflow([[long + " 1990 –", "1995 were"]]) == [f"{long} 1990 – 1995 were"]
    assert reflow([[long + " 1990-", "95 were"]]) == [f"{long} 1990-95 were"]
    assert reflow([["政府总体上尊重", "言论自由。"]]) == ["政府总体上尊重言论自由。"]
    assert reflow([[long, "", long]]) == [long, long]
    assert reflow([[long, "Short heading", "Next paragraph " + long]]) == \
        [f"{long} Short heading", f"Next paragraph {long}"]
    assert reflow([[long, "• first item " + long, "• second item"]]) == \
        [long, f"• first item {long}", "• second item"]
    assert reflow([[]]) == []


def test_scanned_pdf_is_refused() -> None:
    assert failure(make_pdf([[], []], image_pages=frozenset({0, 1}))) == NO_TEXT
    assert NO_TEXT == "PDF has no text layer (scanned images?); run OCR first"


def test_partly_scanned_pdf_warns() -> None:
    result = run(make_pdf([["Some text."], [], ["More text."]], image_pages=frozenset({1})))
    assert result.text == "Some text.\n\nMore text."
    assert result.warnings == [
        "1 of 3 pages have no text layer (pages 2); their content is missing"]


def _encrypted(user: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf(REPORT))))
    writer.encrypt(user_password=user, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_password_protected_pdf() -> None:
    assert failure(_encrypted("secret")) == \
        "PDF is password-protected; remove the password and import again"


def test_pdf_with_only_an_owner_password_opens() -> None:
    assert run(_encrypted("")).text.startswith("Section 1. Respect")


def test_aes_without_cryptography_gives_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: pypdf.PdfReader, password: str) -> None:
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")
    monkeypatch.setattr(pypdf.PdfReader, "decrypt", refuse)
    assert "needs the optional 'cryptography' package" in failure(_encrypted(""))


@pytest.mark.parametrize("data", [
    b"Hello, I am not a PDF at all.",
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 50,
])
def test_missing_header(data: bytes) -> None:
    assert failure(data) == "not a valid PDF (no %PDF header)"


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_truncated_pdf(cut: float) -> None:
    data = make_pdf(REPORT)
    assert failure(data[: int(len(data) * cut)]).startswith("not a valid PDF (")


@pytest.mark.parametrize("data", [b"%PDF-1.4\n" + b"garbage " * 100, b"%PDF-"])
def test_garbage_after_header(data: bytes) -> None:
    assert failure(data).startswith("not a valid PDF (")


def test_pdf_without_pages() -> None:
    pdf = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
           b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n")
    xref = len(pdf)
    pdf += (b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
            b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    assert failure(pdf) == "PDF has no pages"
