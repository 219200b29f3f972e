"""Small double-coded projects for the agreement, adjudication and assignment tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain.model import Segment
from annotator.domain.text import text_sha256
from annotator.services.codebook_commands import AddCode
from annotator.services.coding_commands import ApplyCode
from annotator.services.project import Project

PARAS_A = [
    "Section 1. Integrity of the Person",
    "Police tortured detainees in prisons. Mr. Smith saw it in the U.S. Embassy report.",
    "Activists were detained without charge. Courts did not review the detention.",
    "Section 2. Civil Liberties",
    "The press was censored. Journalists were harassed.",
    "Nothing relevant happens in this paragraph at all.",
]
PARAS_B = [
    "Guards beat prisoners. Some were held for months.",
    "Protesters were arrested after the rally.",
    "A quiet paragraph about the weather.",
]
PARAS_C = ["Only alice coded this document about torture."]


@dataclass
class Fixture:
    path: Path
    codes: dict[str, str] = field(default_factory=dict)  # name -> uuid
    docs: dict[str, int] = field(default_factory=dict)  # "A" / "B" / "C" -> id
    paras: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)


def add_doc(project: Project, title: str, paras: list[str], report: bool = False
            ) -> tuple[int, str, list[tuple[int, int]]]:
    text = "\n\n".join(paras) + "\n"
    spans, pos = [], 0
    for p in paras:
        spans.append((pos, pos + len(p)))
        pos += len(p) + 2
    segs = [Segment("paragraph", str(i + 1), "", s, e) for i, (s, e) in enumerate(spans)]
    if report:
        heads = [i for i, p in enumerate(paras) if p.startswith("Section")]
        for k, i in enumerate(heads):
            end = spans[heads[k + 1]][0] if k + 1 < len(heads) else len(text) - 1
            segs.append(Segment("section", str(k + 1), paras[i], spans[i][0], end))
    with project.store.begin() as tx:
        doc = tx.add_document(title=title, country="Testland", year=2020, source_name=title,
                              source_type="txt", text=text, sha256=text_sha256(text),
                              is_report=report, segs=segs)
    return doc.id, text, spans


def code(project: Project, fx: Fixture, coder: str, doc: str, para: int, name: str,
         rel: tuple[int, int] | None = None) -> str:
    """Code paragraph ``para`` of document ``doc`` (or the part ``rel`` of it) as ``coder``."""
    project.use_coder(coder)
    s, e = fx.paras[doc][para]
    if rel is not None:
        s, e = s + rel[0], s + rel[1]
    return project.execute(ApplyCode(fx.docs[doc], s, e, fx.codes[name])).result.uuid


def build(tmp_path: Path, coders: tuple[str, ...] = ("alice", "bob")) -> Fixture:
    """Documents A (a report with sections), B and C; a two-level codebook; codings:

    paragraph units, Torture: alice A1 A2? no -- see the table in the agreement tests.
    """
    fx = Fixture(tmp_path / "study.annotator")
    project = Project.create(fx.path)
    try:
        for name in coders:
            project.use_coder(name)
        rights = project.execute(AddCode("Rights", codable=False)).result.uuid
        fx.codes["Rights"] = rights
        for name in ("Torture", "Detention"):
            fx.codes[name] = project.execute(AddCode(name, rights)).result.uuid
        fx.codes["Expression"] = project.execute(AddCode("Expression")).result.uuid
        fx.codes["Unused"] = project.execute(AddCode("Unused")).result.uuid
        for key, paras, report in (("A", PARAS_A, True), ("B", PARAS_B, False),
                                   ("C", PARAS_C, False)):
            fx.docs[key], fx.texts[key], fx.paras[key] = add_doc(project, f"Doc {key}", paras,
                                                                 report)
        # Torture: both coders agree on A1 and B0; alice alone on A2 (partly).
        code(project, fx, "alice", "A", 1, "Torture", (0, 36))
        code(project, fx, "bob", "A", 1, "Torture", (7, 36))
        code(project, fx, "alice", "B", 0, "Torture", (0, 22))
        code(project, fx, "bob", "B", 0, "Torture")
        code(project, fx, "alice", "A", 2, "Torture", (0, 10))
        # Detention: both on A2; bob alone on B1; alice alone on B0 (second sentence).
        code(project, fx, "alice", "A", 2, "Detention")
        code(project, fx, "bob", "A", 2, "Detention", (0, 38))
        code(project, fx, "bob", "B", 1, "Detention")
        code(project, fx, "alice", "B", 0, "Detention", (23, 48))
        # Expression: both on A4 with different bounds.
        code(project, fx, "alice", "A", 4, "Expression")
        code(project, fx, "bob", "A", 4, "Expression", (0, 23))
        # Document C: only alice.
        code(project, fx, "alice", "C", 0, "Torture")
        if "carol" in coders:
            code(project, fx, "carol", "A", 1, "Torture")
            code(project, fx, "carol", "B", 0, "Torture")
            code(project, fx, "carol", "A", 4, "Expression")
            code(project, fx, "carol", "B", 1, "Detention")
    finally:
        project.close()
    return fx


#: Paragraph presence (alice, bob) per code over the compared paragraphs of A then B
#: (A has 6 paragraphs, B has 3; C is excluded: bob never coded it).
EXPECTED_PARAGRAPHS = {
    "Torture": [(0, 0), (1, 1), (1, 0), (0, 0), (0, 0), (0, 0), (1, 1), (0, 0), (0, 0)],
    "Detention": [(0, 0), (0, 0), (1, 1), (0, 0), (0, 0), (0, 0), (1, 0), (0, 1), (0, 0)],
    "Expression": [(0, 0), (0, 0), (0, 0), (0, 0), (1, 1), (0, 0), (0, 0), (0, 0), (0, 0)],
}
