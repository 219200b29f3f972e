"""A small coded project shared by the export and exchange tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from annotator.domain.model import AttributeDef, Segment
from annotator.domain.text import text_sha256
from annotator.services.project import Project

TEXT_A = ("Executive Summary\n\nThe government 😀 restricted the press. Journalists were "
          "detained.\n\nSection 1. Respect for the Integrity of the Person\n\na. Arbitrary "
          "Deprivation of Life\n\nThere were reports of killings by 𝑴 security forces.\n\n"
          "b. Disappearance\n\nNo disappearances were reported.\n")
TEXT_B = ("Section 2. Civil Liberties\n\nCafé owners said the police harassed them.\n\n"
          "Torture was common in prisons.\n")


def _segments_a() -> list[Segment]:
    s1 = TEXT_A.index("Section 1.")
    a = TEXT_A.index("a. Arbitrary")
    b = TEXT_A.index("b. Disappearance")
    end = len(TEXT_A) - 1
    return [Segment("section", "ES", "Executive Summary", 0, s1),
            Segment("section", "1", "Respect for the Integrity of the Person", s1, end),
            Segment("subsection", "1.a", "Arbitrary Deprivation of Life", a, b, level=2),
            Segment("subsection", "1.b", "Disappearance", b, end, level=2),
            Segment("paragraph", "1", "", 0, 17, level=0),
            Segment("paragraph", "2", "", 19, TEXT_A.index("\n\nSection 1."), level=0)]


def span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def build_project(path: Path) -> Project:
    """Two documents, a three-level codebook with attributes, three coders (one gold),
    overlapping codings with memos and attributes, and memos on several targets."""
    project = Project.create(path)
    t0 = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
    with project.store.begin() as tx:
        tx.set_meta("name", "test project")
        a = tx.add_document(title="2019 Country Reports: Kazakhstan", country="Kazakhstan",
                            year=2019, source_name="kaz.txt", source_type="txt", text=TEXT_A,
                            sha256=text_sha256(TEXT_A), is_report=True, segs=_segments_a())
        b = tx.add_document(title="2020 Country Reports: Turkey", country="Turkey", year=2020,
                            source_name="tur.html", source_type="html", text=TEXT_B,
                            sha256=text_sha256(TEXT_B), is_report=False, segs=[])
        ann = tx.add_coder("ann")
        bob = tx.add_coder("bob", role="adjudicator")
        gold = tx.add_coder("gold", role="owner", is_gold=True)
        score = AttributeDef("score", "ordinal", ("0", "1", "2"), "CIRI score")
        root = tx.add_code(name="Rights", codable=False, color="#336699", position=0,
                           definition="All rights")
        phys = tx.add_code(name="Physical integrity", parent_id=root.id, color="#CC0000",
                           position=0, definition="Bodily harm", inclusion="killings",
                           attributes=[score])
        kill = tx.add_code(name="Killings", parent_id=phys.id, color="#FF0000", position=0,
                           attributes=[score], shortcut="Ctrl+1")
        torture = tx.add_code(name="Torture/ill-treatment", parent_id=phys.id, color="#AA00AA",
                              position=1)
        press = tx.add_code(name="Press freedom", parent_id=root.id, color="#0072B2",
                            position=1, attributes=[AttributeDef("severity", "text")])
        s, e = span(TEXT_A, "The government 😀 restricted the press.")
        c1 = tx.add_coding(document_id=a.id, start=s, end=e, code_id=press.id, coder_id=ann.id,
                           memo="clear case", attributes={"severity": "high"},
                           created_at=t0, modified_at=t0)
        tx.add_coding(document_id=a.id, start=s, end=e + 25, code_id=press.id, coder_id=bob.id,
                      created_at=t0, modified_at=t0)
        s, e = span(TEXT_A, "killings by 𝑴 security forces")
        tx.add_coding(document_id=a.id, start=s, end=e, code_id=kill.id, coder_id=ann.id,
                      attributes={"score": "2"}, created_at=t0, modified_at=t0)
        tx.add_coding(document_id=a.id, start=s - 10, end=e, code_id=kill.id, coder_id=gold.id,
                      attributes={"score": "1"}, created_at=t0, modified_at=t0)
        tx.add_coding(document_id=a.id, start=s, end=e, code_id=phys.id, coder_id=bob.id,
                      attributes={"score": "0"}, created_at=t0, modified_at=t0)
        s, e = span(TEXT_B, "Torture was common in prisons.")
        tx.add_coding(document_id=b.id, start=s, end=e, code_id=torture.id, coder_id=gold.id,
                      memo="=SUM(A1)", created_at=t0, modified_at=t0)
        tx.add_memo("project", None, "Project-wide memo", ann.id, title="Plan")
        tx.add_memo("document", a.uuid, "About Kazakhstan", bob.id, title="Doc memo")
        tx.add_memo("code", kill.uuid, "Definition note", None, title="Code memo")
        tx.add_memo("coding", c1.uuid, "Second opinion", bob.id, title="")
    return project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = build_project(tmp_path / "source.annotator")
    yield p
    p.close()
