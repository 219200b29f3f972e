"""Hostile import inputs (issue 11), generated on demand in a folder of the caller's choosing.

- ``paragraphs.docx``: a small .docx whose ``word/document.xml`` holds millions of one-letter
  paragraphs;
- ``one-line.txt``: a one-line text file at the import size limit;
- ``bomb.docx``: a .docx whose ``word/document.xml`` inflates to about 1.1 GB while the zip
  headers claim 4,000 bytes;
- ``text-layer.pdf``: a PDF just under the import size limit, about 2,000 pages of plain text
  in uncompressed content streams (some 45 million characters once extracted).
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{WORD_NS}"><w:body>')
TAIL = "</w:body></w:document>"
PARAGRAPH = "<w:p><w:r><w:t>a</w:t></w:r></w:p>"


def minimal_docx(document_xml: bytes) -> bytes:
    """A Word package with only the parts a reader needs."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", document_xml)
    return out.getvalue()


def _streamed_docx(path: Path, chunks: object, claimed_size: int | None = None) -> None:
    """Write a package whose document.xml is deflated from ``chunks`` (an iterable of bytes)
    without holding it in memory; ``claimed_size`` overwrites the sizes in the zip headers."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        with z.open("word/document.xml", "w", force_zip64=False) as member:
            for chunk in chunks:  # type: ignore[attr-defined]
                member.write(chunk)
    if claimed_size is not None:
        _lie_about_size(path, "word/document.xml", claimed_size)


def _lie_about_size(path: Path, name: str, size: int) -> None:
    """Overwrite the uncompressed size of ``name`` in its local and central headers."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo(name)
    offset = info.header_offset
    struct.pack_into("<I", data, offset + 22, size)  # local file header: uncompressed size
    pos = data.find(b"PK\x01\x02")
    encoded = name.encode()
    while pos != -1:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46:pos + 46 + name_len]) == encoded:
            struct.pack_into("<I", data, pos + 24, size)  # central directory: uncompressed size
            break
        pos = data.find(b"PK\x01\x02", pos + 4)
    # Descriptor-less (the data were written through a seekable file), so nothing else to patch.
    path.write_bytes(bytes(data))


def paragraphs_docx(path: Path, paragraphs: int = 4_000_000) -> Path:
    def chunks():  # type: ignore[no-untyped-def]
        yield HEAD.encode()
        block = (PARAGRAPH * 10_000).encode()
        for _ in range(paragraphs // 10_000):
            yield block
        yield (PARAGRAPH * (paragraphs % 10_000)).encode()
        yield TAIL.encode()

    _streamed_docx(path, chunks())
    return path


def bomb_docx(path: Path, inflated: int = 1_100_000_000, claimed: int = 4_000) -> Path:
    """document.xml: a valid start, then ``inflated`` bytes of one repeated character."""
    def chunks():  # type: ignore[no-untyped-def]
        yield HEAD.encode() + b"<w:p><w:r><w:t>"
        block = b"a" * (1 << 20)
        for _ in range(inflated // len(block)):
            yield block
        yield b"</w:t></w:r></w:p>" + TAIL.encode()

    _streamed_docx(path, chunks(), claimed_size=claimed)
    return path


def one_line_txt(path: Path, size: int = 50 * 1024 * 1024) -> Path:
    """One line of words, no line break, exactly ``size`` bytes."""
    words = b"torture detention press freedom elections of the country and its people "
    block = words * (1 << 20 // len(words) + 1)
    with path.open("wb") as out:
        left = size
        while left > 0:
            piece = block[:left]
            out.write(piece)
            left -= len(piece)
    return path


def text_pdf(path: Path, size: int = 47 * 1024 * 1024) -> Path:
    """A PDF of about ``size`` bytes: pages of text lines in Helvetica, each page its own
    uncompressed content stream, with a correct cross-reference table (written by hand: no
    PDF library is needed to make it)."""
    line = (b"(Security forces detained journalists and opposition members in several "
            b"provinces.) Tj T*\n")
    content = b"BT /F1 9 Tf 11 TL 36 806 Td\n" + line * (25_000 // len(line)) + b"ET\n"
    pages = max(1, size // len(content))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (4 + 2 * i)
                                                      for i in range(pages))
               + b"] /Count %d >>" % pages,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i))
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream")
    with path.open("wb") as out:
        out.write(b"%PDF-1.4\n")
        offsets = []
        for n, body in enumerate(objects, 1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
        out.write(b"".join(b"%010d 00000 n \n" % off for off in offsets))
        out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                  % (len(objects) + 1, xref))
    return path


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [paragraphs_docx(folder / "paragraphs.docx"), one_line_txt(folder / "one-line.txt"),
            bomb_docx(folder / "bomb.docx"), text_pdf(folder / "text-layer.pdf")]
