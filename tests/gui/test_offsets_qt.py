"""Utf16Index and the display copy agree with QTextDocument on a hostile alphabet (§8.3)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from annotator.domain.text import Utf16Index, canonical_text
from annotator.gui.document_view.geometry import Offsets, display_text

HOSTILE = ["a", "Z", " ", "\t", ".", "😀", "👨\u200d👩\u200d👧", "𠀀", "𝑴", "☺", "\u00a0",
           "\u2028", "\u2029", "\r", "\n", "\r\n", "\ufeff", "\ufdd0", "\ufdd1", "\ud800",
           "\udfff", "\x0b", "\x0c", "\x1c", "\x1e", "\x85", "\x00", "é", "e\u0301", "ש", "ع",
           "\u200f", "\ufe0f", "🏽"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(HOSTILE), max_size=40))
def test_utf16_index_matches_qtextdocument(parts: list[str]) -> None:
    text = canonical_text("".join(parts))
    idx = Utf16Index(text)
    off = Offsets(text)
    for shown in (text, display_text(text)):
        doc = QTextDocument()
        doc.setPlainText(shown)
        assert doc.characterCount() - 1 == idx.length_utf16
        cur = QTextCursor(doc)
        for i, ch in enumerate(text):
            a, b = idx.to_utf16(i), idx.to_utf16(i + 1)
            assert off.to_u16(i) == a and idx.to_codepoint(a) == i and off.to_cp(a) == i
            cur.setPosition(a)
            cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            want = "\u2029" if shown[i] == "\n" else ch
            assert cur.selectedText() == want
            if b - a == 2:  # inside a surrogate pair: refused, or floored by Offsets
                assert off.to_cp(a + 1) == i


def test_display_copy_of_long_line_without_spaces_is_unchanged() -> None:
    cjk = "中文" * 6000
    assert display_text(cjk) == cjk
    mixed = ("word " * 2000) + cjk + (" word" * 2000)
    shown = display_text(mixed)
    assert len(shown) == len(mixed) and shown.count("\n") >= 2
