"""A small coded project whose analysis results can be worked out by hand.

Documents: A (Kazakhstan 2019, sections and stored paragraphs, an emoji before the coded text
so code points and UTF-16 differ), B (Turkey 2020, no stored paragraphs: blank-line blocks are
used), C (Kazakhstan 2020). Codes: Rights (group) > Detention, Torture, Expression; Elections.
Coders: ann, bob, gold (gold). Nine codings, listed in :func:`build_analysis_project`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain.model import Segment
from annotator.domain.text import paragraph_spans, text_sha256
from annotator.services.project import Project

TEXT_A = ("Police 😀 detained protesters in Almaty. Journalists were beaten.\n\n"
          "Courts convicted activists. Torture in prisons was reported often.\n\n"
          "Elections were not free.\n")
TEXT_B = "Torture was common in prisons.\n\nCafé owners were harassed.\n"
TEXT_C = "Elections were postponed twice.\n"
EXPRESSION = 'Expression "speech" & <press>'


def span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _paragraphs(text: str) -> list[Segment]:
    return [Segment("paragraph", str(i + 1), "", p.start, p.end, level=0)
            for i, p in enumerate(paragraph_spans(text))]


@dataclass
class Built:
    path: Path
    docs: dict[str, int] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)  # name -> uuid
    coders: dict[str, int] = field(default_factory=dict)


def build_analysis_project(path: Path) -> Built:
    built = Built(path)
    project = Project.create(path)
    p1_end = TEXT_A.index("\n\nElections")
    with project.store.begin() as tx:
        tx.set_meta("name", "analysis test")
        sec = [Segment("section", "1", "Integrity", 0, p1_end),
               Segment("subsection", "1.a", "Detention", 0, TEXT_A.index("\n\nCourts"), level=2)]
        a = tx.add_document(title="Kazakhstan 2019", country="Kazakhstan", year=2019,
                            source_name="a.txt", source_type="txt", text=TEXT_A,
                            sha256=text_sha256(TEXT_A), is_report=True,
                            segs=sec + _paragraphs(TEXT_A))
        b = tx.add_document(title="Turkey 2020", country="Turkey", year=2020, source_name="b.txt",
                            source_type="txt", text=TEXT_B, sha256=text_sha256(TEXT_B),
                            is_report=False, segs=[])
        c = tx.add_document(title="Kazakhstan 2020", country="Kazakhstan", year=2020,
                            source_name="c.txt", source_type="txt", text=TEXT_C,
                            sha256=text_sha256(TEXT_C), is_report=False,
                            segs=_paragraphs(TEXT_C))
        built.docs = {"A": a.id, "B": b.id, "C": c.id}
        coders = {n: tx.add_coder(n, is_gold=(n == "gold")) for n in ("ann", "bob", "gold")}
        built.coders = {n: c.id for n, c in coders.items()}
        rights = tx.add_code(name="Rights", codable=False, color="#336699", position=0,
                             definition="Human rights violations")
        det = tx.add_code(name="Detention", parent_id=rights.id, color="#CC0000", position=0,
                          definition="Arbitrary arrest or detention", inclusion="arrests")
        tor = tx.add_code(name="Torture", parent_id=rights.id, color="#AA00AA", position=1)
        exp = tx.add_code(name=EXPRESSION, parent_id=rights.id, color="#0072B2", position=2)
        ele = tx.add_code(name="Elections", color="#009E73", position=1)
        built.codes = {"Rights": rights.uuid, "Detention": det.uuid, "Torture": tor.uuid,
                       "Expression": exp.uuid, "Elections": ele.uuid}
        ann, bob, gold = coders["ann"].id, coders["bob"].id, coders["gold"].id
        plan = [  # (document, text, needle, code, coder, memo)
            (a, TEXT_A, "Police 😀 detained protesters", det, ann, ""),           # 1
            (a, TEXT_A, "detained protesters in Almaty", det, bob, ""),          # 2
            (a, TEXT_A, "Journalists were beaten", exp, ann, ""),               # 3
            (a, TEXT_A, "protesters in Almaty. Journalists", exp, bob, ""),     # 4
            (a, TEXT_A, "Torture in prisons", tor, ann, ""),                    # 5
            (a, TEXT_A, "Torture in prisons was reported often", tor, bob, "clear"),  # 6
            (a, TEXT_A, "Courts convicted activists", det, ann, ""),           # 7
            (b, TEXT_B, "Torture was common in prisons", tor, gold, ""),       # 8
            (c, TEXT_C, "Elections were postponed", ele, ann, ""),             # 9
        ]
        for doc, text, needle, code, coder, memo in plan:
            s, e = span(text, needle)
            tx.add_coding(document_id=doc.id, start=s, end=e, code_id=code.id, coder_id=coder,
                          memo=memo)
    project.close()
    return built
