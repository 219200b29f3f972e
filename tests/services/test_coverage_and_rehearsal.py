"""The coded share of the Series tab in one aggregate query, and the rolled-back rehearsal the
workbench runs after a document opens (it must leave the project exactly as it was)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from annotator.domain.text import text_sha256
from annotator.services.codebook_commands import AddCode
from annotator.services.coding_commands import ApplyCode
from annotator.services.commands import Batch
from annotator.services.project import Project
from annotator.services.rehearsal import rehearse_coding

TEXT = "Detainees reported beatings in custody. " * 30


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project.create(tmp_path / "p.annotator")
    p.use_coder("alice")
    with p.store.begin() as tx:
        for title in ("a", "b", "empty"):
            tx.add_document(title=title, country=None, year=None, source_name=f"{title}.txt",
                            source_type="txt", text=TEXT, sha256=text_sha256(TEXT + title),
                            is_report=False, segs=[])
    yield p
    p.close()


def _union(spans: list[tuple[int, int]]) -> int:
    covered = [False] * len(TEXT)
    for s, e in spans:
        covered[s:e] = [True] * (e - s)
    return sum(covered)


def test_covered_chars_counts_overlaps_once(project: Project) -> None:
    code = project.execute(AddCode("Torture")).result.uuid
    rnd = random.Random(7)
    spans = {1: [(0, 10), (0, 10), (5, 8), (8, 20), (20, 21), (100, 300), (150, 160),
                 (299, 400)],
             2: [(rnd.randint(0, 1000), 0) for _ in range(60)]}
    spans[2] = [(s, s + rnd.randint(1, 150)) for s, _ in spans[2]]
    project.execute(Batch([ApplyCode(d, s, e, code) for d, ss in spans.items() for s, e in ss],
                          "code"))
    with project.read() as tx:
        got = tx.covered_chars()
    assert got == {1: _union(spans[1]), 2: _union(spans[2])}  # no codings: not listed
    assert got[1] == 21 + 300


def test_rehearsal_changes_nothing(project: Project) -> None:
    code = project.execute(AddCode("Torture")).result.uuid
    project.execute(ApplyCode(1, 0, 5, code))
    before = project.store.dump()
    assert rehearse_coding(project, 1, code) is True
    assert project.store.dump() == before


def test_rehearsal_without_a_coder_or_on_an_empty_range_does_nothing(tmp_path: Path) -> None:
    p = Project.create(tmp_path / "q.annotator")
    try:
        with p.store.begin() as tx:
            tx.add_document(title="e", country=None, year=None, source_name="e.txt",
                            source_type="txt", text="x", sha256=text_sha256("x"),
                            is_report=False, segs=[])
        before = p.store.dump()
        assert rehearse_coding(p, 1, "no-such-code") is False  # nobody is coding yet
        p.use_coder("alice")
        assert rehearse_coding(p, 1, "no-such-code") is False  # NotFound: a clear no
        assert p.store.dump() == {**before, **{k: v for k, v in p.store.dump().items()
                                               if k in ("coders", "events")}}
    finally:
        p.close()
