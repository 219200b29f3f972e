"""Annual series on real editions: series listing and links, alignment, carrying codings
forward as proposals (exact in unchanged sentences), the bad inputs of issue 13."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.errors import ValidationError
from annotator.domain.text import text_sha256
from annotator.services.alignment import align_documents, change_records, section_summary
from annotator.services.assignments import AssignDocuments
from annotator.services.carry import carry_forward
from annotator.services.codebook_commands import AddCode
from annotator.services.importing.pipeline import import_files
from annotator.services.project import Project
from annotator.services.series import LinkSeries, UnlinkSeries, list_series, previous_edition
from annotator.services.undo import UndoStack

REPO = Path(__file__).resolve().parents[2]
from bench import series_corpus  # noqa: E402
from bench.keyword_coder import KEYWORDS, code_sentences  # noqa: E402


def _pages(*wanted: tuple[int, str]) -> list[Path]:
    why = series_corpus.available()
    if why:
        pytest.skip(why)
    paths = series_corpus.unpack(list(wanted))
    return [paths[w] for w in wanted]


def _keyword_code(project: Project, doc_id: int, coder: str) -> int:
    from annotator.services.alignment import edition

    project.use_coder(coder)
    with project.read() as tx:
        have = {c.name: c.id for c in tx.codes()}
    ids = {n: have.get(n) or project.execute(AddCode(n)).result.id for n in KEYWORDS}
    with project.store.begin() as tx:
        hits = code_sentences(edition(tx, doc_id))
        tx.add_codings_bulk([{"document_id": doc_id, "start": s, "end": e, "code_id": ids[c],
                              "coder_id": project.coder.id} for _i, s, e, c in hits])
    return len(hits)


@pytest.fixture
def kz(tmp_path: Path) -> Project:
    pages = _pages((2019, "kazakhstan"), (2020, "kazakhstan"))
    p = Project.create(tmp_path / "kz.annotator")
    assert import_files(p, pages, workers=1).ok
    yield p
    p.close()


def test_series_from_metadata_and_links_by_hand(kz: Project) -> None:
    [s] = list_series(kz)
    assert s.country == "Kazakhstan" and [e.year for e in s.editions] == [2019, 2020]
    assert previous_edition(kz, 2).id == 1 and previous_edition(kz, 1) is None
    with kz.store.begin() as tx:
        tx.add_document(title="NGO note", country=None, year=2020, source_name="n.txt",
                        source_type="txt", text="Some text.", sha256=text_sha256("Some text."),
                        is_report=False, segs=[])
    stack = UndoStack(kz)
    stack.push(LinkSeries(3, 1))
    assert [e.document_id for e in list_series(kz)[0].editions] == [1, 2, 3]
    stack.push(UnlinkSeries(2))
    assert [e.document_id for e in list_series(kz)[0].editions] == [1, 3]
    stack.undo()
    stack.undo()
    assert [e.document_id for e in list_series(kz)[0].editions] == [1, 2]


def test_real_pair_carries_exactly_in_same_sentences(kz: Project) -> None:
    n = _keyword_code(kz, 1, "alice")
    pair = align_documents(kz, 1, 2)
    counts = pair.alignment.counts()
    assert counts["same"] > 300 and counts["edited"] > 100 and counts["new"] and counts["removed"]
    assert any(s.section == "1.c" for s in section_summary(pair.alignment))
    recs = change_records(pair.alignment)
    assert all(r["new_start"] is None or r["new_end"] > r["new_start"] for r in recs)
    stack = UndoStack(kz)
    report = carry_forward(kz, 1, 2, run=stack.push)
    assert report.made == len(report.carried) and report.not_carried
    assert len(report.carried) + len(report.not_carried) == n
    old_text, new_text = kz.text(1), kz.text(2)
    with kz.read() as tx:
        props = {p.origin_ref: p for p in tx.proposals(document_id=2)}
        assert tx.count_codings(document_id=2) == 0  # proposals are not codings
    for c in report.carried:
        p = props[c.source.uuid]
        if c.method == "same":
            assert new_text[p.start:p.end] == old_text[c.source.start:c.source.end]
        assert p.evidence["source_year"] == 2019
    exact = [c for c in report.carried if c.method == "same"]
    assert len(exact) > 50
    # a second carry offers nothing new
    again = carry_forward(kz, 1, 2)
    assert again.made == 0 and again.duplicates == len(report.carried)
    stack.undo()
    with kz.read() as tx:
        assert tx.proposals(document_id=2) == []


def test_accept_same_is_one_batch_and_self_carry_makes_nothing(kz: Project) -> None:
    _keyword_code(kz, 1, "alice")
    report = carry_forward(kz, 1, 2, accept_same=True)
    exact = sum(1 for c in report.carried if c.similarity >= 1.0)  # same, found, moved
    assert report.accepted == exact >= report.methods["same"] > 0
    with kz.read() as tx:
        made = tx.codings(document_id=2)
        assert len(made) == report.accepted and {c.origin for c in made} == {"carry"}
    self_carry = carry_forward(kz, 1, 1)
    assert {p.status for p in self_carry.alignment.pairs} == {"same"}
    assert self_carry.made == 0 and self_carry.methods["same"] == len(self_carry.carried)


def test_bad_inputs(kz: Project, tmp_path: Path) -> None:
    kz.use_coder("bob")
    with pytest.raises(ValidationError, match="no codings by bob"):
        carry_forward(kz, 1, 2)
    _keyword_code(kz, 1, "alice")
    # blind: bob works blind on the 2020 edition and may carry only his own codings
    kz.execute(AssignDocuments([2], ["bob", "carol"], True))
    kz.use_coder("bob")
    with pytest.raises(ValidationError, match="only your own"):
        carry_forward(kz, 1, 2, coder="alice")
    # two countries: allowed, with a warning
    text = kz.text(2)
    with kz.store.begin() as tx:
        tx.add_document(title="Other", country="Narnia", year=2020, source_name="o.txt",
                        source_type="txt", text=text + " ", sha256=text_sha256(text + " "),
                        is_report=True, segs=[])
    kz.use_coder("alice")
    report = carry_forward(kz, 1, 3)
    assert any("different countries" in w for w in report.warnings) and report.made > 0


def test_outline_change_2020_to_2021(tmp_path: Path) -> None:
    pages = _pages((2020, "china"), (2021, "china"))
    with Project.create(tmp_path / "cn.annotator") as p:
        assert import_files(p, pages, workers=1).ok
        pair = align_documents(p, 1, 2)
        al = pair.alignment
        counts = al.counts()
        assert counts["same"] + counts["edited"] > 0.5 * len(al.new.sentences)
        # most sections correspond to the section of the same path or title
        titles_old, titles_new = al.old.section_titles, al.new.section_titles
        agree = sum(1 for o, n in al.section_map.items()
                    if o == n or titles_old.get(o, "").lower() == titles_new.get(n, "").lower())
        assert agree >= 0.8 * len(al.section_map)
