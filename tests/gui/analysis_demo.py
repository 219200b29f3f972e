"""A realistic project for Analysis screenshots: a few corpus reports, a two-level codebook in
Okabe-Ito colours, three coders and a few hundred codings (deterministic)."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest

from annotator.domain.segmentation import segment
from annotator.domain.text import canonical_text, text_sha256
from annotator.services.project import Project

#: ``../shared`` next to the checkout, or ``$ANNOTATOR_SHARED``
CORPUS = Path(os.environ.get("ANNOTATOR_SHARED", Path(__file__).resolve().parents[2].parent
                             / "shared")) / "corpus" / "state-dept"
FILES = ("2019/kazakhstan.txt", "2020/turkey.txt", "2019/russia.txt", "2020/georgia.txt",
         "2020/kazakhstan.txt")
GROUPS = {
    "Physical integrity": ("#D55E00", ("Killings", "Torture", "Disappearance", "Detention")),
    "Civil liberties": ("#0072B2", ("Expression", "Assembly", "Religion")),
    "Political rights": ("#009E73", ("Elections", "Participation", "Corruption")),
}
_WORD = re.compile(r"\w+")


def build_demo(path: Path, codings: int = 900) -> Path:
    missing = [f for f in FILES if not (CORPUS / f).exists()]
    if missing:
        pytest.fail(f"corpus files missing under {CORPUS}: {missing} (put the shared folder "
                    "next to the checkout or set ANNOTATOR_SHARED)")
    rng = random.Random(11)
    project = Project.create(path)
    with project.store.begin() as tx:
        tx.set_meta("name", "demo")
        coders = [tx.add_coder(n, is_gold=(n == "gold")) for n in ("ann", "bob", "gold")]
        leaves = []
        for g, (group, (color, names)) in enumerate(GROUPS.items()):
            root = tx.add_code(name=group, codable=False, color=color, position=g,
                               definition=f"Codes about {group.lower()}.")
            for k, name in enumerate(names):
                leaves.append(tx.add_code(name=name, parent_id=root.id, color=color,
                                          position=k, definition=f"Reports of {name.lower()}."))
        docs = []
        for f in FILES:
            text = canonical_text((CORPUS / f).read_text(encoding="utf-8"))
            found = segment(text)
            doc = tx.add_document(title=found.title or f, country=found.country, year=found.year,
                                  source_name=f, source_type="txt", text=text,
                                  sha256=text_sha256(text), is_report=True,
                                  segs=[*found.segments, *found.paragraphs])
            paras = [(s.start, s.end) for s in found.paragraphs]
            docs.append((doc.id, text, paras))
        weights = [5, 4, 1, 6, 5, 2, 1, 2, 1, 3]
        for n in range(codings):
            doc_id, text, paras = docs[n % len(docs)]
            ps, pe = rng.choice(paras[: max(8, len(paras) // 2)])
            words = [m.span() for m in _WORD.finditer(text, ps, pe)] or [(ps, pe)]
            a = rng.randrange(len(words))
            b = min(len(words) - 1, a + rng.randrange(3, 30))
            code = rng.choices(leaves, weights)[0]
            for coder in coders[: 1 + (n % 3 == 0) + (n % 5 == 0)]:
                jitter = rng.choice((0, 0, 1, 2))
                end = words[min(len(words) - 1, b + jitter)][1]
                tx.add_coding(document_id=doc_id, start=words[a][0], end=end,
                              code_id=code.id, coder_id=coder.id,
                              memo="checked against the annex" if n % 17 == 0 else "")
    project.close()
    return path
