"""Names and small helpers shared by the REFI-QDA project (``.qdpx``) writer and reader."""

from __future__ import annotations

import hashlib
import re
import uuid as _uuid
from datetime import UTC, datetime
from functools import lru_cache

from annotator.services.exchange.codebook_common import normalize_guid
from annotator.services.exchange.safe_xml import xml_safe_text

NS = "urn:QDA-XML:project:1.0"
PROJECT_FILE = "project.qde"
SOURCES_DIR = "sources/"
#: Our extras (coding attributes, coder roles...) that REFI-QDA has no place for; the outline
#: of each document is in its own member so an import reads one at a time.
EXTRAS_FILE = "annotator/extras.json"
SEGMENTS_DIR = "annotator/segments/"
EXTRAS_FORMAT = "annotator-qdpx-extras"
INTERNAL = "internal://"

#: Namespace of the GUIDs we derive (selections, coding memos, variables): the same input
#: always gives the same GUID, so exports are reproducible.
QDPX_NAMESPACE = _uuid.UUID("d0486763-f998-4788-a9ae-d2caa9f3c9b7")
COUNTRY_VARIABLE = str(_uuid.uuid5(QDPX_NAMESPACE, "variable:country"))
YEAR_VARIABLE = str(_uuid.uuid5(QDPX_NAMESPACE, "variable:year"))
_NS_BYTES = QDPX_NAMESPACE.bytes

_SPACES = re.compile(r"\s+")


def q(tag: str) -> str:
    """Qualified tag name in the project namespace."""
    return f"{{{NS}}}{tag}"


def internal_name(path: str | None) -> str | None:
    """The file name inside ``sources/`` for an ``internal://name`` path; ``None`` for any
    other path, and for names that would leave the folder."""
    text = (path or "").strip()
    if not text.lower().startswith(INTERNAL):
        return None
    name = text[len(INTERNAL):].lstrip("/")
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name:
        return None
    return name


def derived_guid(name: str) -> str:
    """``str(uuid.uuid5(QDPX_NAMESPACE, name))``, computed without the UUID object (this runs
    once per coding in an export)."""
    h = bytearray(hashlib.sha1(_NS_BYTES + name.encode("utf-8")).digest()[:16])
    h[6] = (h[6] & 0x0F) | 0x50  # version 5
    h[8] = (h[8] & 0x3F) | 0x80  # RFC 4122 variant
    x = h.hex()
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


def selection_guid(coding_uuid: str) -> str:
    """The PlainTextSelection that carries one coding."""
    return derived_guid("selection:" + coding_uuid)


def coding_memo_guid(coding_uuid: str) -> str:
    """The Note holding a coding's own memo text."""
    return derived_guid("coding-memo:" + coding_uuid)


@lru_cache(maxsize=1 << 16)
def guid(value: str | None) -> str | None:
    """A GUID as we store it (lower case, no braces), or ``None`` when it is not one."""
    return normalize_guid(value)


def xml_text(text: str | None) -> str:
    """Text with the characters XML 1.0 cannot hold removed."""
    return xml_safe_text(text or "")[0]


def excerpt_name(text: str, start: int = 0, end: int | None = None, limit: int = 80) -> str:
    """A one-line label for ``text[start:end]`` (peers show it as the quotation's name)."""
    end = len(text) if end is None else end
    cut = end - start > 4 * limit  # only the beginning is needed
    flat = _SPACES.sub(" ", xml_text(text[start:min(end, start + 4 * limit)])).strip()
    return flat if len(flat) <= limit and not cut else flat[:limit - 1].rstrip() + "…"


def format_datetime(dt: datetime | None) -> str | None:
    """``xsd:dateTime`` in UTC with a ``Z`` (microseconds kept when present)."""
    if dt is None:
        return None
    if dt.tzinfo is not UTC:
        dt = dt.astimezone(UTC) if dt.tzinfo else dt.replace(tzinfo=UTC)
    return dt.isoformat().replace("+00:00", "Z")


@lru_cache(maxsize=4096)
def parse_datetime(value: str | None) -> datetime | None:
    """Read ``xsd:dateTime`` leniently; ``None`` when absent or unreadable."""
    if not value:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    m = re.fullmatch(r"(.*T\d\d:\d\d:\d\d)\.(\d+)(.*)", text)
    if m:  # Python accepts at most six fractional digits
        text = f"{m.group(1)}.{(m.group(2) + '000000')[:6]}{m.group(3)}"
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
