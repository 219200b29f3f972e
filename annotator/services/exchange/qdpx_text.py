"""Source text from other programs: decoding, canonical form, and mapping positions.

A REFI-QDA selection counts code points in the source file as written. We store the canonical
text (:func:`annotator.domain.text.canonical_text`: no BOM, LF line ends, NFC), so every
position is mapped from the raw text to the canonical one. Pieces that change length (CRLF,
a BOM, an NFC composition) map their inside to their edges: a start moves to the piece's start,
an end to the piece's end, so a selection never loses a character.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from annotator.domain.text import canonical_text

_BREAK = re.compile("\r\n|\r|\n|\u0085|\u2028|\u2029")
_ONE_FOR_ONE = re.compile("[\ud800-\udfff\ufdd0\ufdd1\x00]")
#: every character canonical_text may replace or remove
_CHANGED = re.compile("[\r\u0085\u2028\u2029\ufeff\ud800-\udfff\ufdd0\ufdd1\x00]")
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


class EncodingProblem(ValueError):
    """The bytes are not text in an encoding REFI-QDA allows."""


class MappingProblem(ValueError):
    """Positions in this text cannot be mapped exactly to its canonical form."""


def _fragment(text: str) -> str:
    """Canonical form of a piece of one line (no BOM stripping: that only happens at the
    very start of a text)."""
    return unicodedata.normalize("NFC", _ONE_FOR_ONE.sub("\ufffd", text))


def decode_source(data: bytes) -> tuple[str, str | None]:
    """Decode a source file: UTF-8 (REFI-QDA's rule, BOM optional); UTF-16/32 only with a
    BOM, and then with a warning. Returns ``(text, warning)``; the BOM is not part of the
    text (positions count from the first character after it)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise EncodingProblem(f"not valid {codec.upper()} (byte {exc.start})") from None
            warning = None if codec == "utf-8" else (
                f"encoded as {codec.upper()}; REFI-QDA requires UTF-8 (read anyway)")
            return text, warning
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        raise EncodingProblem(f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at "
                              f"offset {exc.start}); REFI-QDA sources must be UTF-8") from None


@dataclass(frozen=True, slots=True)
class _Piece:
    raw_start: int
    raw_end: int
    can_start: int
    can_end: int

    @property
    def linear(self) -> bool:
        return self.raw_end - self.raw_start == self.can_end - self.can_start


class PositionMap:
    """Raw code-point offsets → canonical offsets for one text."""

    def __init__(self, raw: str) -> None:
        self.raw_length = len(raw)
        self._pieces: list[_Piece] = []
        # Fast path: nothing canonical_text would change (one scan instead of five).
        if _CHANGED.search(raw) is None and unicodedata.is_normalized("NFC", raw):
            self.canonical = raw
        else:
            self.canonical = canonical_text(raw)
        self.identity = self.canonical == raw
        if not self.identity:
            self._build(raw)
        self._starts = [p.raw_start for p in self._pieces]

    def _add(self, raw_len: int, text: str, out: list[str], pos: list[int]) -> None:
        r, c = pos
        self._pieces.append(_Piece(r, r + raw_len, c, c + len(text)))
        out.append(text)
        pos[0] += raw_len
        pos[1] += len(text)

    def _build(self, raw: str) -> None:
        out: list[str] = []
        pos = [0, 0]
        bom = len(raw) - len(raw.lstrip("\ufeff"))
        if bom:
            self._add(bom, "", out, pos)
        last = bom
        for m in _BREAK.finditer(raw, bom):
            self._line(raw[last:m.start()], out, pos)
            self._add(m.end() - m.start(), "\n", out, pos)
            last = m.end()
        self._line(raw[last:], out, pos)
        if "".join(out) != self.canonical:  # pragma: no cover - a rule canonical_text adds
            raise MappingProblem("its text changes in a way positions cannot follow")

    def _line(self, line: str, out: list[str], pos: list[int]) -> None:
        if not line:
            return
        clean = _fragment(line)  # 1:1 replacements; NFC may change the length
        if len(clean) == len(line) and unicodedata.is_normalized("NFC", line):
            self._add(len(line), clean, out, pos)
            return
        for cluster in _clusters(line):
            self._add(len(cluster), _fragment(cluster), out, pos)

    def _piece(self, p: int) -> _Piece | None:
        i = bisect.bisect_right(self._starts, p) - 1
        return self._pieces[i] if i >= 0 else None

    def start(self, p: int) -> int:
        """Canonical position for a selection start (rounded down inside a changed piece)."""
        if self.identity:
            return p
        piece = self._piece(p)
        if piece is None:
            return 0
        if p >= piece.raw_end:  # the very end of the text
            return piece.can_end
        return piece.can_start + (p - piece.raw_start) if piece.linear else piece.can_start

    def end(self, p: int) -> int:
        """Canonical position for a selection end (rounded up inside a changed piece)."""
        if self.identity:
            return p
        piece = self._piece(p)
        if piece is None:
            return 0
        if p == piece.raw_start:
            return piece.can_start
        if p >= piece.raw_end:
            return piece.can_end
        return piece.can_start + (p - piece.raw_start) if piece.linear else piece.can_end


def _clusters(line: str) -> list[str]:
    """Split at characters that start a new combining sequence, keeping together pieces
    whose normalisation would otherwise differ (e.g. Hangul jamo that compose)."""
    pieces: list[str] = []
    for ch in line:
        if pieces and unicodedata.combining(ch):
            pieces[-1] += ch
        else:
            pieces.append(ch)
    merged: list[str] = []
    for piece in pieces:
        if merged and _fragment(merged[-1] + piece) != _fragment(merged[-1]) + _fragment(piece):
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged
