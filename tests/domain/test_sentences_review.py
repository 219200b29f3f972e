"""Sentence splitting and the passage-set operations used by adjudication."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.errors import ValidationError
from annotator.domain.review import (Passage, by_coder, clip, clusters, coders_agree,
                                     decided_spans, intersect, merge, parse_decision)
from annotator.domain.sentences import sentence_spans


def _sentences(text: str) -> list[str]:
    return [text[s.start:s.end] for s in sentence_spans(text)]


@pytest.mark.parametrize("text, expected", [
    ("Mr. Smith arrived. He left.", ["Mr. Smith arrived.", "He left."]),
    ("The U.S. Embassy said so. Others agreed.", ["The U.S. Embassy said so.", "Others agreed."]),
    ("See No. 5 and Art. 12 of the law. Then stop.",
     ["See No. 5 and Art. 12 of the law.", "Then stop."]),
    ("John F. Kennedy spoke. Crowds cheered!", ["John F. Kennedy spoke.", "Crowds cheered!"]),
    ("Was it legal? \"No,\" he said.", ["Was it legal?", "\"No,\" he said."]),
    ("Police held activists, e.g. students. 12 were freed.",
     ["Police held activists, e.g. students.", "12 were freed."]),
    ("It rose by 3.5 percent. Prices fell.", ["It rose by 3.5 percent.", "Prices fell."]),
    ("He said (quietly.) Then left.", ["He said (quietly.)", "Then left."]),
    ("lower case after stop. does not split", ["lower case after stop. does not split"]),
    ("Section 1. Respect for the Person. In 2019. The end.",
     ["Section 1. Respect for the Person.", "In 2019.", "The end."]),
])
def test_sentences(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_sentences_stay_inside_paragraphs_and_given_blocks() -> None:
    text = "First one\n\nSecond block. With two sentences.\n"
    assert _sentences(text) == ["First one", "Second block.", "With two sentences."]
    spans = sentence_spans(text, blocks=[(11, 44)])
    assert [text[s.start:s.end] for s in spans] == ["Second block.", "With two sentences."]


@given(st.lists(st.sampled_from(["Mr.", "U.S.", "A.", "word", "Word.", "end!", "Why?", "\n\n",
                                 "3.5", "“Quote.”", "(aside)", "étude", "日本語。"]),
                max_size=40))
def test_sentences_are_ordered_trimmed_and_cover_all_words(words: list[str]) -> None:
    text = " ".join(words)
    spans = sentence_spans(text)
    last = 0
    for s in spans:
        assert last <= s.start < s.end
        assert not text[s.start].isspace() and not text[s.end - 1].isspace()
        last = s.end
    covered = "".join(text[s.start:s.end] for s in spans)
    assert "".join(text.split()) == "".join(covered.split())


def test_merge_intersect_clip() -> None:
    assert merge([(5, 8), (0, 3), (3, 4), (7, 10)]) == [(0, 4), (5, 10)]
    assert intersect([(0, 10)], [(2, 4), (6, 12)]) == [(2, 4), (6, 10)]
    assert clip([(0, 5), (8, 20)], 3, 10) == [(3, 5), (8, 10)]


def test_clusters_chain_overlaps_across_coders() -> None:
    ps = [Passage("a", "1", 0, 10), Passage("b", "2", 8, 20), Passage("a", "3", 30, 35),
          Passage("b", "4", 35, 40)]
    groups = clusters(ps)
    assert [(s, e, len(m)) for s, e, m in groups] == [(0, 20, 2), (30, 35, 1), (35, 40, 1)]


def test_decisions() -> None:
    spans = {"a": [(0, 10)], "b": [(5, 15)]}
    assert decided_spans("accept:b", spans) == [(5, 15)]
    assert decided_spans("union", spans) == [(0, 15)]
    assert decided_spans("intersection", spans) == [(5, 10)]
    assert decided_spans("edit", spans, [(2, 3)]) == [(2, 3)]
    assert decided_spans("reject", spans) == []
    assert decided_spans("accept:a", {"a": [], "b": [(1, 2)]}) == []
    with pytest.raises(ValidationError, match="did not code it"):
        decided_spans("intersection", {"a": [], "b": [(1, 2)]})
    with pytest.raises(ValidationError, match="compared coders"):
        parse_decision("accept:zoe", ["a", "b"])
    with pytest.raises(ValidationError, match="unknown decision"):
        parse_decision("maybe", ["a", "b"])
    with pytest.raises(ValidationError, match="at least one passage"):
        decided_spans("edit", spans, [])


def test_agreement_of_passage_sets() -> None:
    ps = [Passage("a", "1", 0, 5), Passage("a", "2", 5, 9), Passage("b", "3", 0, 9)]
    assert coders_agree(by_coder(ps, ["a", "b"]))
    assert not coders_agree(by_coder(ps[:1] + ps[2:], ["a", "b"]))
