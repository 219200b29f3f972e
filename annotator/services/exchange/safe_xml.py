"""Parse untrusted XML without DTDs, entities or network access.

Any DOCTYPE is refused outright: a document type is where entity-expansion bombs and
external entities (``file:///etc/passwd``) live, and no exchange format we read needs one.
"""

from __future__ import annotations

import re

from lxml import etree

from annotator.domain.errors import ValidationError

MAX_XML_BYTES = 64 * 1024 * 1024

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_XML_CHAR_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, dtd_validation=False,
                           load_dtd=False, huge_tree=False, remove_pis=True)


def _has_doctype(data: bytes) -> bool:
    if _DOCTYPE.search(data):
        return True
    head = data[:4]
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom) or (codec == "utf-16-le" and head[1:2] == b"\x00") or (
                codec == "utf-16-be" and head[:1] == b"\x00"):
            try:
                text = data.decode(codec, errors="ignore")
            except LookupError:  # pragma: no cover
                continue
            if "<!DOCTYPE" in text.upper():
                return True
    return False


def parse_xml(data: bytes, *, what: str = "XML file") -> etree._Element:
    """Parse ``data`` safely and return the root element.

    Raises :class:`ValidationError` naming the problem: too large, a DOCTYPE (entity
    definitions and external entities are refused), or XML that is not well-formed.
    """
    if not isinstance(data, (bytes, bytearray)):
        raise ValidationError(f"{what}: expected bytes")
    if len(data) > MAX_XML_BYTES:
        raise ValidationError(f"{what} is too large ({len(data) // (1024 * 1024)} MB; "
                              f"the limit is {MAX_XML_BYTES // (1024 * 1024)} MB)")
    if _has_doctype(bytes(data)):
        raise ValidationError(f"{what} contains a DOCTYPE declaration; DTDs and entity "
                              "definitions are refused because they can expand without limit or "
                              "read local files")
    try:
        root = etree.fromstring(bytes(data), _parser())
    except etree.XMLSyntaxError as exc:
        raise ValidationError(f"{what} is not well-formed XML: {exc}") from None
    if root is None:
        raise ValidationError(f"{what} is empty")
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise ValidationError(f"{what} contains a DOCTYPE declaration; DTDs are refused")
    for node in root.iter():
        if isinstance(node, etree._Entity):
            raise ValidationError(f"{what} uses an entity reference ({node.text}); "
                                  "entities are refused")
    return root


def parse_xml_file(path: str, *, what: str = "XML file") -> etree._Element:
    """:func:`parse_xml` for a file on disk (used for our own schemas)."""
    with open(path, "rb") as fh:
        return parse_xml(fh.read(), what=what)


def xml_safe_text(text: str) -> tuple[str, int]:
    """Drop characters XML 1.0 cannot hold; returns the text and how many were dropped."""
    cleaned, n = _XML_CHAR_INVALID.subn("", text)
    return cleaned, n
