"""The sample shows the product (issue 10, item 5): two coders double-coded two reports with
about 60 codings each, mostly agreeing, so agreement, disagreements and adjudication have real
content, and the default coders are the pair that shares the most documents."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from annotator.services.adjudication import disagreements
from annotator.services.agreement import AgreementRequest, compute_agreement
from annotator.services.agreement.defaults import default_coders
from annotator.services.project import Project
from annotator.services.sample import build_sample


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory):
    path = build_sample(tmp_path_factory.mktemp("sample") / "sample.annotator")
    with Project.open(path, backup=False) as project:
        yield project


def test_two_coders_double_coded_two_reports(sample: Project):
    names = {c.id: c.name for c in sample.coders()}
    with sample.read() as tx:
        per = Counter((names[c.coder_id], c.document_id) for c in tx.codings())
    shared = [d.id for d in sample.documents()
              if per["Amina", d.id] >= 20 and per["Ben", d.id] >= 20]
    assert len(shared) >= 2
    assert sum(per["Amina", d] for d in shared) >= 80
    full = max(shared, key=lambda d: per["Amina", d])
    assert 50 <= per["Amina", full] <= 70 and 50 <= per["Ben", full] <= 70


def test_agreement_computes_at_once_with_the_default_pair(sample: Project):
    coders = default_coders(sample)
    assert coders == ["Amina", "Ben"]  # not the owner, who coded nothing
    report = compute_agreement(sample, AgreementRequest(tuple(coders), unit="paragraph",
                                                        statistics=("alpha", "kappa")))
    alpha = report.overall.value("alpha")
    assert alpha is not None and 0.6 < alpha < 0.97  # mostly agreeing, not identical
    assert len(report.documents) >= 3


def test_disagreements_and_scores_to_adjudicate(sample: Project):
    items = disagreements(sample, ["Amina", "Ben"], unit="span")
    assert len(items) >= 15
    with sample.read() as tx:
        codings = tx.codings()
    assert sum(1 for c in codings if c.memo) >= 6
    assert sum(1 for c in codings if c.attributes) >= 30


def test_default_pair_prefers_shared_documents(tmp_path: Path):
    from annotator.domain.text import text_sha256

    with Project.create(tmp_path / "p.annotator") as project:
        with project.store.begin() as tx:
            docs = [tx.add_document(title=f"R{i}", country="Chile", year=2000 + i,
                                    source_name=f"{i}.txt", source_type="txt", text="abc def\n",
                                    sha256=text_sha256(f"abc def {i}\n"), is_report=True,
                                    segs=[]).id for i in range(3)]
            a, b, c = (tx.add_coder(n).id for n in ("lead", "ann", "bob"))
            gold = tx.add_coder("gold", is_gold=True).id
            code = tx.add_code(name="X").id
            for coder, ds in ((a, docs[:1]), (b, docs), (c, docs[1:]), (gold, docs)):
                for d in ds:
                    tx.add_coding(document_id=d, start=0, end=3, code_id=code, coder_id=coder)
        assert default_coders(project) == ["ann", "bob"]
