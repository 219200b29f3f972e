"""The seed excerpt: 18 lost headings come back (inferred), page boilerplate stays outside."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.segmentation import Structure, segment

# (path, title, 1-based paragraph where the lost heading's topic starts)
LOST = [
    ("2.a.7", "Internet Freedom", 31),
    ("2.a.8", "Academic Freedom and Cultural Events", 41),
    ("2.b.1", "Freedom of Peaceful Assembly", 43),
    ("2.b.2", "Freedom of Association", 47),
    ("2.c", "Freedom of Religion", 54),
    ("2.d", "Freedom of Movement", 55),
    ("2.e", "Internally Displaced Persons", 61),
    ("2.f", "Protection of Refugees", 62),
    ("2.g", "Stateless Persons", 74),
    ("3.1", "Elections and Political Participation", 85),
    ("6.1", "Women", 97),
    ("6.2", "Children", 109),
    ("6.3", "Anti-Semitism", 119),
    ("6.4", "Trafficking in Persons", 120),
    ("6.5", "Persons with Disabilities", 121),
    ("6.6", "National/Racial/Ethnic Minorities", 130),
    ("6.7", "Acts of Violence, Discrimination, and Other Abuses Based on Sexual Orientation and "
            "Gender Identity", 131),
    ("6.8", "HIV and AIDS Social Stigma", 138),
]


@pytest.fixture(scope="module")
def seed(corpus: Path) -> tuple[str, Structure]:
    text = (corpus / "seed" / "kazakhstan-2019-excerpt.txt").read_text(encoding="utf-8")
    return text, segment(text)


@pytest.fixture(scope="module")
def full_report(corpus: Path) -> list[str]:
    text = (corpus / "state-dept" / "2019" / "kazakhstan.txt").read_text(encoding="utf-8")
    return text.split("\n\n")


def test_metadata(seed) -> None:
    _text, st = seed
    assert st.is_report and st.edition == "2019-2020"
    assert (st.title, st.country) == ("Kazakhstan", "Kazakhstan")
    assert (st.year, st.year_source) == (2019, "wording")
    assert len(st.paragraphs) == 144


def test_present_headings_are_not_inferred(seed) -> None:
    text, st = seed
    present = {s.path: s for s in st.segments if not s.inferred and s.kind != "label"}
    assert sorted(present) == ["2", "2.a", "2.b", "3", "6", "ES"]
    assert text[present["2.b"].start:].startswith(
        "b. Freedoms of Peaceful Assembly and Association")


def test_lost_headings_come_back_inferred(seed) -> None:
    text, st = seed
    inferred = [s for s in st.segments if s.inferred]
    assert [(s.path, s.title) for s in inferred] == [(p, t) for p, t, _ in LOST]
    for seg, (_path, _title, para) in zip(inferred, LOST, strict=True):
        assert seg.start == st.paragraphs[para - 1].start
        assert seg.path in st.inferred_cues
    assert st.by_path("2.c").kind == "subsection" and st.by_path("2.c").level == 2
    assert st.by_path("6.1").kind == "subheading" and st.by_path("6.1").level == 2
    assert text[st.by_path("2.e").start:st.by_path("2.e").end] == "Not applicable."


def test_inferred_boundaries_agree_with_the_full_report(seed, full_report) -> None:
    """In the full 2019 report, the seed paragraph that opens an inferred topic follows the
    heading that the scrape lost."""
    text, st = seed
    index = {block: i for i, block in enumerate(full_report)}
    for seg in (s for s in st.segments if s.inferred):
        para = next(p for p in st.paragraphs if p.start == seg.start)
        k = index[text[para.start:para.end]]
        heading = full_report[k - 1]
        if seg.kind == "subsection":
            assert heading == f"{seg.path[-1]}. {seg.title}"
        else:
            assert heading == seg.title


def test_labels_nest_under_inferred_headings(seed) -> None:
    _text, st = seed
    assert st.by_path("6.1.1").title == "Rape and Domestic Violence"
    assert st.by_path("3.1.1").title == "Recent Elections"
    assert st.by_path("2.f.1").title == "Abuse of Migrants, Refugees, and Stateless Persons"
    assert st.by_path("2.a.6").title == "National Security"
    assert st.by_path("2.a.6").end < st.by_path("2.a.7").start


def test_trailing_page_boilerplate_is_outside_every_section(seed) -> None:
    text, st = seed
    last_body = st.paragraphs[137]  # "The law prohibits discrimination against persons with HIV..."
    assert text[last_body.start:].startswith(
        "The law prohibits discrimination against persons with HIV")
    assert max(s.end for s in st.segments) == last_body.end
    assert st.by_path("6").end == last_body.end
    chrome = [text[b.start:b.end] for b in st.boilerplate]
    assert chrome[0] == "Human Rights Reports\nEdit Your Custom Report"
    assert chrome[-1] == "The Lessons of 1989: Freedom and Our Future"
    assert [(b.start, b.end) for b in st.boilerplate] == [
        (p.start, p.end) for p in st.paragraphs[138:]]
