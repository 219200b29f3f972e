"""Raw source text → canonical text: decoding and position mapping."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.text import canonical_text
from annotator.services.exchange.qdpx_text import (
    EncodingProblem, PositionMap, decode_source,
)


def test_identity_when_already_canonical() -> None:
    m = PositionMap("plain 😀 text\n")
    assert m.identity and m.start(7) == 7 and m.end(9) == 9


def test_crlf_bom_and_nfd() -> None:
    raw = "\ufeffab\r\ncde\u0301f\r\n😀 x"
    m = PositionMap(raw)
    assert m.canonical == "ab\ncdéf\n😀 x"
    s, e = raw.index("cd"), raw.index("f") + 1
    assert m.canonical[m.start(s):m.end(e)] == "cdéf"
    # Inside a changed piece: a start rounds down, an end rounds up (never lose a character).
    inside = raw.index("\u0301")
    assert m.canonical[m.start(inside):m.end(inside + 1)] == "é"
    cr = raw.index("\r")
    assert (m.start(cr + 1), m.end(cr + 1)) == (2, 3)
    assert (m.start(0), m.end(len(raw))) == (0, len(m.canonical))


def test_hangul_jamo_compose_across_starters() -> None:
    raw = "x \u1100\u1161 y"  # two starters that NFC joins into one syllable
    m = PositionMap(raw)
    assert m.canonical == canonical_text(raw) == "x \uac00 y"
    assert m.canonical[m.start(2):m.end(4)] == "\uac00"


_PIECES = st.sampled_from(["a", "é", "e\u0301", "\r\n", "\r", "\n", "😀", " ", "\u2028", "Z",
                           "\u1100\u1161", "\ufeff"])


@given(st.lists(_PIECES, max_size=30), st.data())
def test_mapping_is_monotonic_and_covers_the_text(pieces: list[str], data: st.DataObject) -> None:
    raw = "".join(pieces)
    m = PositionMap(raw)
    assert m.canonical == canonical_text(raw)
    starts = [m.start(p) for p in range(len(raw) + 1)]
    ends = [m.end(p) for p in range(len(raw) + 1)]
    assert starts == sorted(starts) and ends == sorted(ends)
    assert all(s <= e for s, e in zip(starts, ends, strict=True))
    assert ends[-1] == len(m.canonical) and starts[0] == 0
    # A selection on piece boundaries maps to exactly the canonical form of its text.
    bounds = [0]
    for p in pieces:
        bounds.append(bounds[-1] + len(p))
    i = data.draw(st.integers(0, len(pieces)))
    j = data.draw(st.integers(i, len(pieces)))
    s, e = bounds[i], bounds[j]
    if s == e:
        return  # empty selections are refused before mapping
    if i > 0 and all(p == "\ufeff" for p in pieces[:i]):
        return  # a leading BOM is dropped only at the very start of the text
    piece = "".join(pieces[i:j])
    if piece.startswith("\ufeff") and i > 0:
        return
    expected = canonical_text("x" + piece)[1:] if i > 0 else canonical_text(piece)
    if "\r" in pieces[i - 1:i] and piece.startswith("\n"):
        return  # a selection starting between CR and LF
    assert m.canonical[m.start(s):m.end(e)] == expected


def test_decode() -> None:
    assert decode_source("é".encode()) == ("é", None)
    assert decode_source(b"\xef\xbb\xbfhi") == ("hi", None)
    text, warning = decode_source("hé".encode("utf-16-be").join([b"\xfe\xff", b""]))
    assert text == "hé" and "UTF-16" in (warning or "")
    with pytest.raises(EncodingProblem, match="not UTF-8"):
        decode_source(b"caf\xe9")
