"""Canonical text and code-point ↔ UTF-16 conversion."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.text import Span, Utf16Index, canonical_text, paragraph_spans, text_sha256

HOSTILE = st.sampled_from([
    "a", "é", "e\u0301", "😀", "👨\u200d👩\u200d👧", "𠀀", "𝑴", "☺", "\u00a0", "\u2028", "\u2029",
    "\r", "\n", "\r\n", "\ufeff", "\ufdd0", "\ufdd1", "\ud800", "\udfff", "\x0b", "\x1c", "\x00",
    "\t", "ש", "ل", "\u200f", " ",
])
hostile_text = st.lists(HOSTILE, max_size=40).map("".join)


@given(hostile_text)
def test_canonical_is_idempotent_and_clean(raw: str) -> None:
    t = canonical_text(raw)
    assert canonical_text(t) == t
    assert "\r" not in t and "\u2028" not in t and "\u2029" not in t and "\x85" not in t
    assert not t.startswith("\ufeff")
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in t)
    assert "\ufdd0" not in t and "\ufdd1" not in t and "\x00" not in t
    t.encode("utf-8")  # always encodable


def test_canonical_examples() -> None:
    assert canonical_text("\ufeff\ufeffa\r\nb\rc") == "a\nb\nc"
    assert canonical_text("e\u0301") == "é"
    assert canonical_text("x\ud800y") == "x\ufffdy"
    assert canonical_text("\t tab \t") == "\t tab \t"  # tabs and spaces are content


@given(hostile_text)
def test_utf16_round_trip(raw: str) -> None:
    t = canonical_text(raw)
    idx = Utf16Index(t)
    assert idx.length_utf16 == len(t.encode("utf-16-le")) // 2
    for cp in range(len(t) + 1):
        u = idx.to_utf16(cp)
        assert u == len(t[:cp].encode("utf-16-le")) // 2
        assert idx.to_codepoint(u) == cp


def test_utf16_refuses_middle_of_pair() -> None:
    idx = Utf16Index("a😀b")
    assert idx.to_utf16(2) == 3
    try:
        idx.to_codepoint(2)
    except ValueError as exc:
        assert "surrogate pair" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected ValueError")
    assert idx.to_codepoint_floor(2) == 1


def test_paragraphs_and_hash() -> None:
    t = "One.\n\nTwo 😀 two.\n\n\n  Three\n"
    spans = paragraph_spans(t)
    assert [t[s.start:s.end] for s in spans] == ["One.", "Two 😀 two.", "Three"]
    assert text_sha256("a") == "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"
    assert Span(1, 3).overlaps(Span(2, 5)) and not Span(1, 2).overlaps(Span(2, 3))
