"""Plain-text import (``.txt``) and the byte-to-text decoding shared with Markdown.

Decoding order: byte-order mark, then strict UTF-8, then a BOM-less UTF-16 guess, then
charset-normalizer restricted to common legacy code pages. Undecodable bytes become U+FFFD
(``errors="replace"``); lone surrogates never reach the canonical text.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

from annotator.domain.text import canonical_text
from annotator.services.importing.base import Extracted, ImportFailed

# Legacy encodings we consider, in order of preference when the detector cannot tell them apart
# (Western and Cyrillic Windows code pages are by far the most common in practice). Latin-1 comes
# last and is always read as Windows-1252 (the WHATWG rule): its bytes 0x80-0x9F are C1 control
# codes that real text never contains, where Windows-1252 has quotes, dashes and the euro sign.
_LEGACY = (
    "cp1252", "cp1251", "cp1250", "cp1256", "cp1255", "cp1253", "cp1254", "cp1257",
    "koi8_r", "cp866", "mac_cyrillic", "iso8859_2", "iso8859_15", "cp874",
    "shift_jis", "euc_jp", "euc_kr", "gb18030", "big5", "latin_1",
)
_RANK = {name: i for i, name in enumerate(_LEGACY)}
_BOMS = (  # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
# Control characters that text does not contain (tab, LF, VT, FF, CR and ESC, which terminal
# logs use for colours, are allowed).
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.05
_NUL_WINDOW = 8192
_REPLACEMENT_RUN = re.compile("\ufffd+")


@dataclass(slots=True)
class Decoded:
    """Decoded (not yet canonical) text, the encoding used and notes for the user."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode_text(data: bytes) -> Decoded:
    """Decode the bytes of a text file. Refuses binary data with :class:`ImportFailed`."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _checked(_decode(data, codec, label))
    utf16 = _guess_bomless_utf16(data)
    if utf16 is not None:
        decoded = _decode(data, utf16, f"{utf16.upper()} without byte-order mark")
        return _checked(decoded)
    if _looks_binary(data):
        raise ImportFailed("binary file, not text")
    try:
        return _checked(Decoded(data.decode("utf-8"), "UTF-8"))
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return _checked(damaged)
    return _checked(_decode_legacy(data))


def require_text(text: str) -> None:
    """Refuse a text with nothing but whitespace in it."""
    if not text.strip():
        raise ImportFailed("file is empty")


class PlainTextImporter:
    """``.txt`` files in any common encoding."""

    extensions: tuple[str, ...] = (".txt",)

    def extract(self, path: Path, data: bytes) -> Extracted:
        if not data:
            raise ImportFailed("file is empty")
        decoded = decode_text(data)
        text = canonical_text(decoded.text)
        require_text(text)
        return Extracted(text=text, source_type="txt", warnings=decoded.warnings)


def _decode(data: bytes, codec: str, label: str) -> Decoded:
    try:
        return Decoded(data.decode(codec), label)
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
        return Decoded(text, label, [_replaced_note(text)])


def _checked(decoded: Decoded) -> Decoded:
    """Refuse decoded text full of control characters; note a non-UTF-8 encoding."""
    text = decoded.text
    if text:
        controls = len(_CONTROLS.findall(text))
        if controls / len(text) > _MAX_CONTROL_SHARE:
            raise ImportFailed("binary file, not text")
    if decoded.encoding != "UTF-8":
        decoded.warnings.insert(0, f"text is not UTF-8; decoded as {decoded.encoding}")
    return decoded


def _looks_binary(data: bytes) -> bool:
    """NUL bytes near the start, or more than a stray few anywhere, mean binary data."""
    if b"\x00" in data[:_NUL_WINDOW]:
        return True
    return data.count(b"\x00") > len(data) // 1000


def _guess_bomless_utf16(data: bytes) -> str | None:
    """Recognise UTF-16 without a BOM by its NUL bytes in every other position."""
    sample = data[:_NUL_WINDOW]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.3 and even_nul < 0.02:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.02:
        return "utf-16-be"
    return None


def _damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few broken bytes stays UTF-8: its valid multi-byte characters prove it.

    Legacy 8-bit text almost never forms valid UTF-8 sequences, so it has no "good" characters.
    """
    text = data.decode("utf-8", errors="replace")
    good = len(text) - len(text.encode("ascii", errors="ignore")) - text.count("\ufffd")
    if good > 0 and good >= 2 * len(_REPLACEMENT_RUN.findall(text)):
        return Decoded(text, "UTF-8", [_replaced_note(text)])
    return None


def _decode_legacy(data: bytes) -> Decoded:
    """Pick a legacy code page with charset-normalizer, breaking ties by :data:`_LEGACY` order."""
    matches = list(from_bytes(data, cp_isolation=list(_LEGACY)))
    if not matches:
        text = data.decode("cp1252", errors="replace")
        note = "encoding could not be detected; some characters may be wrong"
        return Decoded(text, "Windows-1252", [note])

    def rank(names: list[str]) -> int:
        return min((_RANK.get(codecs.lookup(n).name.replace("-", "_"), 99) for n in names),
                   default=99)

    best = min(matches, key=lambda m: (round(m.chaos, 2), -round(m.coherence, 2),
                                       rank(m.could_be_from_charset or [m.encoding])))
    names = sorted(best.could_be_from_charset or [best.encoding],
                   key=lambda n: rank([n]))
    codec = codecs.lookup(names[0]).name
    if codec == "iso8859-1":  # read Latin-1 as its superset (see _LEGACY)
        codec = "cp1252"
    return _decode(data, codec, _display_name(codec))


def _display_name(codec: str) -> str:
    if codec.startswith("cp125"):
        return f"Windows-{codec[2:]}"
    return codec.upper().replace("_", "-")


def _replaced_note(text: str) -> str:
    count = len(_REPLACEMENT_RUN.findall(text))
    return f"undecodable bytes were replaced by U+FFFD in {count} place(s)"
