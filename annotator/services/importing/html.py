"""HTML importer: a saved state.gov Country Reports page (report body only) or any HTML page.

Parsing is local and inert: lxml's HTML parser with network access off, comments and processing
instructions dropped; it never loads DTDs or external entities.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from annotator.services.importing.base import (
    MAX_FILE_BYTES,
    MAX_MARKUP_ELEMENTS,
    Extracted,
    ImportFailed,
)
from annotator.services.importing.html_generic import extract_generic
from annotator.services.importing.html_state_dept import extract_report

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""",
                           re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})""")
# A DOCTYPE with an internal subset (entity declarations): dropped before parsing.
_DOCTYPE_SUBSET = re.compile(r"^\s*<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_SNIFF_BYTES = 4096


def _declared_encoding(data: bytes) -> str | None:
    head = data[:_SNIFF_BYTES]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if m is None:
        return None
    name = m.group(1).decode("ascii").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes) -> str:
    """Decode page bytes: BOM, then UTF-8, then the declared charset, then Windows-1252.

    Undecodable bytes become U+FFFD. Raises :class:`ImportFailed` for binary data.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace").lstrip("\ufeff")
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise ImportFailed("not an HTML file: it contains binary data")
    try:  # valid UTF-8 beyond ASCII is almost never an accident, whatever the page declares
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_encoding(data)
    if declared and declared not in ("utf-8", "utf-16", "utf-32"):
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    return data.decode("cp1252", errors="replace")


def parse_html(data: bytes) -> lxml_html.HtmlElement:
    """Decode and parse ``data`` safely; :class:`ImportFailed` when there is no usable HTML."""
    if not data.strip():
        raise ImportFailed("the file is empty")
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailed(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    if data.count(b"<") > MAX_MARKUP_ELEMENTS:  # every tag is a parsed element: bound memory
        raise ImportFailed(f"the page has more than {MAX_MARKUP_ELEMENTS:,} tags")
    text = decode_html(data)
    sample = text[:_SNIFF_BYTES]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise ImportFailed("not an HTML file: it contains binary data")
    text = _DOCTYPE_SUBSET.sub("", text, count=1)
    parser = lxml_html.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True,
                                  remove_pis=True, huge_tree=False)
    try:
        return lxml_html.document_fromstring(text.encode("utf-8", errors="replace"),
                                             parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ImportFailed(f"the HTML cannot be parsed ({reason})") from exc


class HtmlImporter:
    """``.html``/``.htm``: state.gov report pages keep only the report body."""

    extensions: tuple[str, ...] = (".html", ".htm")

    def extract(self, path: Path, data: bytes) -> Extracted:
        doc = parse_html(data)
        result = extract_report(doc) or extract_generic(doc)
        if not result.text.strip():
            raise ImportFailed("the HTML page has no readable text")
        return result
