"""Segmenting the 35 corpus reports (.txt): outline, offsets, paragraph counts, metadata.

Every check compares with something derived independently from the source: MANIFEST.tsv, the
``Section N.`` and ``a.`` lines of the text, and plain paragraph splitting.
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest

from annotator.domain.segmentation import Structure, segment
from annotator.domain.text import paragraph_spans

REPO = Path(__file__).resolve().parents[3]
CORPUS = Path(os.environ.get("ANNOTATOR_SHARED", REPO.parent / "shared")) / "corpus"
MANIFEST = CORPUS / "state-dept" / "MANIFEST.tsv"


def _rows() -> list[dict[str, str]]:
    if not MANIFEST.exists():
        return []
    with MANIFEST.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


ROWS = _rows()
FILES = [r["file"] for r in ROWS] or ["<corpus missing>"]
SECTION_LINE = re.compile(r"^Section ([1-7])\. (.+)$")
LETTERED_LINE = re.compile(r"^([a-h])\. ([A-Z].{2,200})$")
BOILERPLATE_LINE = re.compile(r"^(Read a Section(: .*)?|([^→]+→\s*)+|[^|]+( \| [^|]+)+)$")


@pytest.fixture(scope="module")
def reports(corpus: Path) -> dict[str, tuple[str, Structure, dict[str, str]]]:
    """Each report read and segmented once for the whole module."""
    out = {}
    for row in ROWS:
        text = (corpus / "state-dept" / row["file"]).read_text(encoding="utf-8")
        out[row["file"]] = (text, segment(text), row)
    return out


@pytest.fixture(params=FILES)
def report(request: pytest.FixtureRequest, reports) -> tuple[str, Structure, dict[str, str]]:
    if request.param not in reports:
        pytest.skip("corpus missing")
    return reports[request.param]


def _line_at(text: str, start: int) -> str:
    stop = text.find("\n", start)
    return text[start:] if stop < 0 else text[start:stop]


def test_metadata_from_title_line(report) -> None:
    text, st, row = report
    assert st.is_report
    assert st.title == text.split("\n", 1)[0]
    assert st.country == row["country"]
    assert st.year == int(row["year"]) and st.year_source == "title"


def test_paragraph_count_matches_manifest(report) -> None:
    text, st, row = report
    assert len(st.paragraphs) == int(row["paragraphs"])
    assert [(p.start, p.end) for p in st.paragraphs] == [
        (s.start, s.end) for s in paragraph_spans(text)]
    assert [p.path for p in st.paragraphs] == [str(i) for i in range(1, len(st.paragraphs) + 1)]
    assert {p.kind for p in st.paragraphs} == {"paragraph"}


def test_sections_and_subsections_are_the_ones_in_the_text(report) -> None:
    text, st, _row = report
    lines = text.split("\n")
    want_sections = [(m.group(1), m.group(2)) for line in lines if (m := SECTION_LINE.match(line))]
    want_lettered = [line for line in lines if LETTERED_LINE.match(line)]
    got_sections = [(s.path, s.title) for s in st.segments
                    if s.kind == "section" and s.path.isdigit()]
    got_lettered = [_line_at(text, s.start) for s in st.segments if s.kind == "subsection"]
    assert got_sections == want_sections
    assert got_lettered == want_lettered
    assert [s.path for s in st.segments if s.kind == "section"][:1] == ["ES"]


def test_heading_offsets_round_trip(report) -> None:
    text, st, _row = report
    for s in st.segments:
        assert not s.inferred, f"{s.path} inferred in a complete report"
        line = _line_at(text, s.start)
        if s.kind == "label":
            assert text[s.start:s.start + len(s.title) + 1] == s.title + ":"
        elif s.kind == "subsection":
            assert line == f"{s.path.split('.')[1].split('~')[0]}. {s.title}"
        elif s.kind == "section" and s.path.isdigit():
            assert line == f"Section {s.path}. {s.title}"
        else:
            assert text[s.start:s.start + len(s.title)] == s.title == line


def _expected_end(text: str, st: Structure, i: int) -> int:
    """Independent derivation: up to the next heading that is not nested in this one (labels:
    the next heading of any kind), or the end of the body, without trailing whitespace."""
    seg = st.segments[i]
    stop = None
    for other in st.segments[i + 1:]:
        if seg.kind == "label" or other.kind != "label" and other.level <= seg.level:
            stop = other.start
            break
    if stop is None:
        body = [p for p in st.paragraphs if not BOILERPLATE_LINE.match(text[p.start:p.end])]
        return body[-1].end
    return len(text[:stop].rstrip())


def test_segment_spans_run_from_heading_to_next_heading(report) -> None:
    text, st, _row = report
    for i, seg in enumerate(st.segments):
        assert seg.end == _expected_end(text, st, i), seg.path
        assert not text[seg.start:seg.end][-1:].isspace()


def test_paths_levels_and_nesting(report) -> None:
    _text, st, _row = report
    paths = [s.path for s in st.segments]
    assert len(paths) == len(set(paths))
    by_path = {s.path: s for s in st.segments}
    for s in st.segments:
        assert 1 <= s.level <= 4
        parent = s.path.rsplit(".", 1)[0] if "." in s.path else None
        if parent is not None:
            outer = by_path[parent]
            assert outer.start <= s.start and s.end <= outer.end
            assert s.level == min(outer.level + 1, 4)
    assert [s.start for s in st.segments] == sorted(s.start for s in st.segments)


def test_known_labels_are_found() -> None:
    text = (CORPUS / "state-dept" / "2019" / "kazakhstan.txt")
    if not text.exists():
        pytest.skip("corpus missing")
    st = segment(text.read_text(encoding="utf-8"))
    labels = {s.title: s.path for s in st.segments if s.kind == "label"}
    assert labels["Press and Media, Including Online Media"] == "2.a.2"
    assert labels["Physical Conditions"] == "1.c.1.1"
    assert st.by_path("1.c.1").title == "Prison and Detention Center Conditions"
    assert "Significant human rights issues included" not in labels
