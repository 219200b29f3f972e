"""Find: accent- and case-insensitive, code-point offsets, on ASCII and non-ASCII texts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.services.find import find_in_text


def test_ascii_and_accented_texts() -> None:
    assert find_in_text("The Police and the police", "POLICE") == [(4, 10), (19, 25)]
    text = "😀 Café CAFÉ cafe"
    assert [text[s:e] for s, e in find_in_text(text, "cafe")] == ["Café", "CAFÉ", "cafe"]
    assert find_in_text("e\u0301tat", "etat") == [(0, 5)]  # combining mark stays inside
    assert find_in_text("anything", "   ") == []
    assert find_in_text("cat catalog", "cat", whole_words=True) == [(0, 3)]


@given(st.text(alphabet="aAbB éÉ😀\n", max_size=60), st.sampled_from(["a", "ab", "é", "b a"]))
def test_hits_are_the_query_up_to_case_and_accents(text: str, query: str) -> None:
    for s, e in find_in_text(text, query):
        assert find_in_text(text[s:e], query) == [(0, e - s)]
