"""Blind double coding: seeded samples, blind state until done, undo, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.errors import AnnotatorError, ValidationError
from annotator.domain.text import text_sha256
from annotator.services import assignments as asg
from annotator.services.adjudication import decide, disagreements
from annotator.services.project import Project
from annotator.services.undo import UndoStack

from tests.services import agreement_helpers as h  # noqa: E402


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project.create(tmp_path / "a.annotator")
    with p.store.begin() as tx:
        for i in range(20):
            text = f"Document number {i}."
            tx.add_document(title=f"Doc {i}", country=None, year=None, source_name=f"{i}.txt",
                            source_type="txt", text=text, sha256=text_sha256(text),
                            is_report=False, segs=[])
    p.use_coder("lead")
    yield p
    p.close()


def test_sample_is_seeded_and_sized(project: Project) -> None:
    a = asg.sample_documents(project, 5, seed=7)
    assert a == asg.sample_documents(project, 5, seed=7)
    assert a != asg.sample_documents(project, 5, seed=8)
    assert len(a) == 5 == len(set(a)) and a == sorted(a)
    pool = [1, 2, 3, 4]
    assert set(asg.sample_documents(project, 2, seed=1, among=pool)) <= set(pool)
    with pytest.raises(ValidationError, match="larger than the 4 documents"):
        asg.sample_documents(project, 5, among=pool)


def test_assign_creates_blind_assignments_for_every_coder(project: Project) -> None:
    chosen = asg.assign(project, ["ann", "ben"], sample=3, seed=2)
    rows = asg.assignments(project)
    assert {(r["document_id"], r["coder"]) for r in rows} == {
        (d, c) for d in chosen for c in ("ann", "ben")}
    assert all(r["blind"] and not r["done"] for r in rows)
    assert {c.name for c in project.coders()} >= {"ann", "ben"}


def test_blind_until_done_for_that_coder_only(project: Project) -> None:
    asg.assign(project, ["ann", "ben"], documents=[1, 2])
    ann = asg.blind_state(project, "ann", 1)
    ids = {c.name: c.id for c in project.coders()}
    assert ann.blind and ann.hidden_coders == {ids["ben"], ids["lead"]}
    assert "mark this document done" in ann.message
    stack = UndoStack(project)
    asg.mark_done(project, 1, "ann", execute=stack.push)
    assert not asg.blind_state(project, "ann", 1).blind
    assert asg.blind_state(project, "ann", 1).done
    assert asg.blind_state(project, "ben", 1).blind  # ben is not done yet
    assert asg.blind_state(project, "ann", 2).blind
    assert not asg.blind_state(project, "ann", 3).blind  # not assigned: nothing hidden
    stack.undo()
    assert asg.blind_state(project, "ann", 1).blind


def test_open_assignments_are_not_blind(project: Project) -> None:
    asg.assign(project, ["ann", "ben"], documents=[4], blind=False)
    assert not asg.blind_state(project, "ann", 4).blind


def test_assign_is_undoable_and_idempotent(project: Project) -> None:
    stack = UndoStack(project)
    asg.assign(project, ["ann", "ben"], documents=[1, 2], execute=stack.push)
    asg.assign(project, ["ann", "ben"], documents=[1, 2, 3], execute=stack.push)
    assert len(asg.assignments(project)) == 6
    stack.undo()
    assert len(asg.assignments(project)) == 4
    stack.undo()
    assert asg.assignments(project) == []
    stack.redo()
    assert len(asg.assignments(project)) == 4


@pytest.mark.parametrize("kwargs, message", [
    ({"coders": ["ann"], "documents": [1]}, "at least two different coders"),
    ({"coders": ["ann", "ben"], "documents": [99]}, "no document with id 99"),
    ({"coders": ["ann", "ben"]}, "say which documents"),
    ({"coders": ["ann", "ben"], "sample": 0}, "at least one document"),
])
def test_bad_assignments(project: Project, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(AnnotatorError, match=message):
        asg.assign(project, **kwargs)  # type: ignore[arg-type]


def test_done_needs_an_assignment(project: Project) -> None:
    project.use_coder("ann")
    with pytest.raises(ValidationError, match="not assigned to ann"):
        asg.mark_done(project, 1, "ann")
    with pytest.raises(AnnotatorError, match="no coder named 'zed'"):
        asg.mark_done(project, 1, "zed")


def test_gold_coder_cannot_be_assigned(tmp_path: Path) -> None:
    fx = h.build(tmp_path)
    with Project.open(fx.path, backup=False) as p:
        decide(p, disagreements(p, ["alice", "bob"])[0], "union")
        with pytest.raises(ValidationError, match="holds the gold standard"):
            asg.assign(p, ["alice", "Gold"], documents=[1])
