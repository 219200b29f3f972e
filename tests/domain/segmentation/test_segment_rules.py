"""Segmenter rules on small synthetic documents (no corpus needed, except where noted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.segmentation import Hint, segment
from annotator.domain.text import Utf16Index

S1 = "Section 1. Respect for the Integrity of the Person, Including Freedom from:"
S2 = "Section 2. Respect for Civil Liberties, Including:"


def doc(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


def test_astral_characters_before_headings_keep_code_point_offsets() -> None:
    text = doc(
        "2019 Country Reports on Human Rights Practices: Testland 🏳️‍🌈",
        "Executive Summary",
        "Emoji 👨‍👩‍👧 and 𠀀 and 𝑴 appear before any heading 😀😀😀.",
        S1,
        "a. Arbitrary Deprivation of Life and Other Unlawful or Politically Motivated Killings",
        "Physical Conditions: 🙂 cells were crowded.",
        S2,
        "a. Freedom of Expression, Including for the Press",
        "Press and Media, Including Online Media: 📰 outlets closed.",
    )
    st = segment(text)
    assert st.is_report and st.country == "Testland 🏳️‍🌈" and st.year == 2019
    want = {"ES": "Executive Summary", "1": S1, "1.a": "a. Arbitrary", "1.a.1": "Physical",
            "2": S2, "2.a": "a. Freedom of Expression", "2.a.1": "Press and Media"}
    got = {s.path: s for s in st.segments}
    assert sorted(got) == sorted(want)
    for path, prefix in want.items():
        assert text[got[path].start:].startswith(prefix), path
    assert text[got["2"].start:got["2"].end].endswith("📰 outlets closed.")
    idx = Utf16Index(text)  # the astral characters really shift UTF-16 positions
    assert idx.to_utf16(got["2"].start) > got["2"].start


def test_non_report_text_has_paragraphs_but_no_sections() -> None:
    text = doc(
        "Minutes of the housing committee",
        "Section 1. Definitions",
        "In these rules, tenant means any person who rents a flat.",
        "Section 2. Scope",
        "Women: the committee discussed the shelter programme.",
    )
    st = segment(text)
    assert not st.is_report
    assert st.segments == [] and st.title is None and st.year is None
    assert len(st.paragraphs) == 5
    assert text[st.paragraphs[4].start:st.paragraphs[4].end].startswith("Women:")


def test_empty_text() -> None:
    st = segment("")
    assert not st.is_report and st.paragraphs == [] and st.segments == []


def test_markup_hints_make_unknown_headings_count() -> None:
    text = doc(
        "2019 Country Reports on Human Rights Practices: Testland",
        "Executive Summary",
        "Intro.",
        S1,
        "A Heading Nobody Expected",
        "Text under it.",
    )
    plain = segment(text)
    assert [s.path for s in plain.segments] == ["ES", "1"]
    start = text.index("A Heading")
    hinted = segment(text, [Hint(start, start + 25, 4)])
    unknown = hinted.by_path("1.1")
    assert unknown is not None and unknown.kind == "subheading" and unknown.level == 2
    assert unknown.title == "A Heading Nobody Expected"
    assert text[unknown.start:unknown.end] == "A Heading Nobody Expected\n\nText under it."


def test_nested_subheadings_follow_markup_levels_and_outline_depth() -> None:
    text = doc(
        "2024 Country Reports on Human Rights Practices: Testland",
        "EXECUTIVE SUMMARY", "Summary.",
        "Section 2. Liberty",
        "b. Worker Rights",
        "Acceptable Work Conditions",
        "Wage and Hour Laws",
        "Minimum wage text.",
        "Occupational Safety and Health",
        "Safety text.",
        "c. Disappearance and Abduction",
        "Disappearance",
        "None reported.",
    )
    st = segment(text)
    assert st.edition == "2024"
    paths = {s.path: (s.title, s.level) for s in st.segments}
    assert paths["2.b.1"] == ("Acceptable Work Conditions", 3)
    assert paths["2.b.1.1"] == ("Wage and Hour Laws", 4)
    assert paths["2.b.1.2"] == ("Occupational Safety and Health", 4)
    assert paths["2.c.1"] == ("Disappearance", 3)


def test_out_of_order_section_is_reported_not_used() -> None:
    text = doc(
        "2019 Country Reports on Human Rights Practices: Testland",
        S2, "Text.", S1, "More text.",
    )
    st = segment(text)
    assert [s.path for s in st.segments if s.kind == "section"] == ["2"]
    assert any("Section 1 out of order" in w for w in st.warnings)


def test_section_number_and_title_on_separate_blocks_are_joined() -> None:
    text = doc(
        "2019 Country Reports on Human Rights Practices: Testland",
        "Section 1.", "Respect for the Integrity of the Person, Including Freedom from:",
        "Body.",
        "Section 2.", "Respect for Civil Liberties, Including:", "Body two.",
    )
    st = segment(text)
    one = st.by_path("1")
    assert one.title == "Respect for the Integrity of the Person, Including Freedom from:"
    assert text[one.start:].startswith("Section 1.")
    assert text[one.start:one.end].endswith("Body.")


def test_text_without_blank_lines_is_split_into_lines() -> None:
    text = "\n".join([
        "2020 Country Reports on Human Rights Practices: Testland",
        "EXECUTIVE SUMMARY", "Summary.", S1, "Body.", S2, "Body two.",
    ]) + "\n"
    st = segment(text)
    assert [s.path for s in st.segments] == ["ES", "1", "2"]
    assert st.year == 2020 and len(st.paragraphs) == 7


def test_labels_need_title_case_or_the_known_vocabulary() -> None:
    long_known = ("Censorship or Content Restrictions for Members of the Press and Other Media, "
                  "Including Online Media")
    text = doc(
        "2021 Country Reports on Human Rights Practices: Testland",
        "Section 2. Respect for Civil Liberties",
        "a. Freedom of Expression, Including for Members of the Press and Other Media",
        "Significant human rights issues included: arrests.",
        f"{long_known}: Outlets were closed.",
        "Violence and Harassment: Journalists were beaten.",
    )
    st = segment(text)
    assert [s.title for s in st.segments if s.kind == "label"] == [
        long_known, "Violence and Harassment"]


def test_2020_wording_picks_2020_titles_for_recovered_headings(corpus: Path) -> None:
    """Without its title line and with subsection headings removed, the 2020 Kazakhstan report
    is recognised as 2020 by its wording and gets 2020 titles back."""
    blocks = (corpus / "state-dept" / "2020" / "kazakhstan.txt").read_text(
        encoding="utf-8").split("\n\n")
    lost = {"e. Status and Treatment of Internally Displaced Persons", "Women", "Children",
            "Internet Freedom", "d. Freedom of Movement"}
    kept = [b for b in blocks[1:] if b.strip() not in lost]
    assert len(kept) == len(blocks) - 1 - len(lost)
    st = segment("\n\n".join(kept) + "\n")
    assert (st.year, st.year_source) == (2020, "wording")
    inferred = {s.title for s in st.segments if s.inferred}
    assert "Status and Treatment of Internally Displaced Persons" in inferred
    assert {"Women", "Children", "Internet Freedom", "Freedom of Movement"} <= inferred


class _OtherHint:
    """Not a Hint: any object with start, end and level attributes must do."""

    def __init__(self, start: int, end: int, level: int) -> None:
        self.start, self.end, self.level = start, end, level


@pytest.mark.parametrize("cls", [Hint, _OtherHint])
def test_hint_objects_are_duck_typed(cls: type) -> None:
    text = doc("2019 Country Reports on Human Rights Practices: Testland", S1, "Odd Heading",
               "Body.")
    start = text.index("Odd Heading")
    st = segment(text, [cls(start, start + 11, 3)])
    assert st.by_path("1.1").title == "Odd Heading"
