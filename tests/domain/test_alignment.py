"""Sentence alignment and carrying codings through it (pure domain)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.alignment import Edition, Sentence, align, char_diff, map_offset
from annotator.domain.carry import SourceCoding, carry
from annotator.domain.sentences import sentence_spans

WORDS = ["police", "detained", "journalists", "the", "court", "ruled", "prison", "and",
         "torture", "was", "reported", "in", "2019", "NGOs", "said", "Émile", "😀", "𝑴"]


def _edition(text: str, sections: dict[int, str] | None = None) -> Edition:
    sections = sections or {}
    sents = []
    for sp in sentence_spans(text):
        sec = ""
        for start, name in sorted(sections.items()):
            if start <= sp.start:
                sec = name
        sents.append(Sentence(sp.start, sp.end, sec))
    return Edition(text, tuple(sents))


sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=12).map(
    lambda ws: ws[0].capitalize() + " " + " ".join(ws[1:]) + ".")
paragraphs = st.lists(st.lists(sentence, min_size=1, max_size=4).map(" ".join),
                      min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(paragraphs)
def test_a_text_aligned_with_itself_is_all_same(paras: list[str]) -> None:
    text = "\n\n".join(paras)
    ed = _edition(text)
    al = align(ed, ed)
    assert {p.status for p in al.pairs} <= {"same"}
    assert len(al.pairs) == len(ed.sentences)


@settings(max_examples=60, deadline=None)
@given(paragraphs, st.data())
def test_a_coding_inside_an_unchanged_sentence_maps_to_the_same_text(
        paras: list[str], data: st.DataObject) -> None:
    old_text = "\n\n".join(paras)
    old = _edition(old_text)
    # the new edition: a paragraph added in front, one sentence of another paragraph edited
    new_paras = ["A new paragraph about elections was added."] + [
        p if i else p.replace(".", " in the capital.", 1) for i, p in enumerate(paras)]
    new = _edition("\n\n".join(new_paras))
    al = align(old, new)
    same = [p for p in al.pairs if p.status == "same"]
    if not same:
        return
    pair = data.draw(st.sampled_from(same))
    s = old.sentences[pair.old]
    a = data.draw(st.integers(s.start, s.end - 1))
    b = data.draw(st.integers(a + 1, s.end))
    done, gone = carry(al, [SourceCoding("c", a, b, "code")])
    assert not gone
    [c] = done
    assert new.text[c.start:c.end] == old_text[a:b]
    assert c.method == "same" and c.similarity == 1.0


def test_edited_moved_new_removed_and_reordered_sections() -> None:
    old_text = ("Intro sentence here.\n\nThe police detained ten journalists in May. "
                "Courts were slow.\n\nPrisons were overcrowded and unsafe.")
    old = _edition(old_text, {0: "ES", 22: "1.c", old_text.index("Prisons"): "1.d"})
    new_text = ("Intro sentence here.\n\nPrisons were overcrowded and unsafe.\n\n"
                "The police detained twelve journalists in June. Elections took place.")
    new = _edition(new_text, {0: "ES", 22: "1.d", new_text.index("The police"): "1.c"})
    al = align(old, new)
    status = {new.norm(p.new) if p.new is not None else old.norm(p.old): p.status
              for p in al.pairs}
    assert status["Intro sentence here."] == "same"
    assert status["Prisons were overcrowded and unsafe."] == "same"  # 1.d → 1.d, reordered
    assert status["The police detained twelve journalists in June."] == "edited"
    assert status["Elections took place."] == "new"
    assert status["Courts were slow."] == "removed"
    assert al.section_map == {"ES": "ES", "1.c": "1.c", "1.d": "1.d"}
    # a coding of "ten journalists" follows the edit to "twelve journalists"
    start = old.text.index("ten journalists")
    done, _ = carry(al, [SourceCoding("c", start, start + len("ten journalists"), "x")])
    assert new_text[done[0].start:done[0].end] == "twelve journalists"
    assert done[0].method == "edited" and 0.5 < done[0].similarity < 1


def test_renamed_section_is_followed_not_moved() -> None:
    body = "Arrests were common. Detainees lacked lawyers. Bail was rare."
    old = _edition(body, {0: "1.d"})
    new = _edition(body, {0: "1.e"})  # renumbered outline (e.g. 2021)
    al = align(old, new)
    assert al.section_map == {"1.d": "1.e"}
    assert {p.status for p in al.pairs} == {"same"}


def test_char_diff_and_offset_mapping() -> None:
    a, b = "The police detained ten people.", "The army detained twelve people."
    ops = char_diff(a, b)
    assert [(o.tag, a[o.old_start:o.old_end], b[o.new_start:o.new_end])
            for o in ops if o.tag != "equal"] == [("replace", "police ", "army "),
                                                  ("replace", "ten ", "twelve ")]
    assert map_offset(ops, a.index("detained"), side="start") == b.index("detained")
    assert map_offset(ops, len(a), side="end") == len(b)


def test_deterministic() -> None:
    text = "Same one. Same one. Other text here.\n\nSame one."
    ed = _edition(text)
    assert align(ed, ed).pairs == align(ed, ed).pairs
