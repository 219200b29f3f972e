"""UndoStack: push/undo/redo bookkeeping, and exact restoration over random edit sequences."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from annotator.domain.errors import AnnotatorError, ValidationError
from annotator.domain.text import text_sha256
from annotator.services import codebook as cb
from annotator.services.codebook_commands import (
    AddCode, DeleteCode, DeprecateCode, FreezeVersion, MergeCodes, MoveCode, ReorderCode,
    SplitCode, UpdateCode,
)
from annotator.services.coding_commands import ApplyCode
from annotator.services.project import Project
from annotator.services.undo import UndoStack

TEXT = "One two three four five six seven eight nine ten eleven twelve."


def state(project: Project) -> dict[str, Any]:
    dump = project.store.dump()
    dump.pop("events")
    return dump


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project.create(tmp_path / "u.annotator")
    p.use_coder("ann")
    with p.store.begin() as tx:
        tx.add_document(title="Doc", country=None, year=None, source_name="d.txt",
                        source_type="txt", text=TEXT, sha256=text_sha256(TEXT), is_report=False,
                        segs=[])
    yield p
    p.close()


def test_push_undo_redo(project: Project) -> None:
    stack = UndoStack(project)
    assert not stack.can_undo and not stack.can_redo and stack.undo_description is None
    empty = state(project)
    a = stack.push(AddCode("A")).result.uuid
    one = state(project)
    stack.push(UpdateCode(a, name="B"))
    two = state(project)
    assert stack.descriptions() == ["add code 'A'", "rename 'A' to 'B'"]
    assert stack.undo_description == "rename 'A' to 'B'"
    stack.undo()
    assert state(project) == one and stack.can_redo
    assert stack.redo_description == "rename 'A' to 'B'"
    stack.undo()
    assert state(project) == empty and not stack.can_undo
    stack.redo()
    assert state(project) == one
    stack.redo()
    assert state(project) == two and not stack.can_redo
    with pytest.raises(IndexError):
        stack.redo()


def test_push_clears_redo_and_no_ops_are_not_recorded(project: Project) -> None:
    stack = UndoStack(project)
    a = stack.push(AddCode("A")).result.uuid
    stack.undo()
    stack.push(AddCode("C"))
    assert not stack.can_redo and len(stack) == 1
    c = cb.resolve_code(project, "C").uuid
    stack.push(UpdateCode(c, name="C"))
    assert len(stack) == 1
    assert a not in cb.codebook(project)


def test_limit(project: Project) -> None:
    stack = UndoStack(project, limit=2)
    for name in "ABC":
        stack.push(AddCode(name))
    assert stack.descriptions() == ["add code 'B'", "add code 'C'"]


def test_refused_command_leaves_stack_and_project(project: Project) -> None:
    stack = UndoStack(project)
    stack.push(AddCode("A"))
    before = state(project)
    with pytest.raises(ValidationError):
        stack.push(AddCode("a"))
    assert state(project) == before and len(stack) == 1


def test_undo_of_coding_commands(project: Project) -> None:
    stack = UndoStack(project)
    a = stack.push(AddCode("A")).result.uuid
    before = state(project)
    coding = stack.push(ApplyCode(1, 0, 3, a)).result
    stack.undo()
    assert state(project) == before
    stack.redo()
    with project.read() as tx:
        assert tx.coding_by_uuid(coding.uuid) is not None


def _random_command(rng: random.Random, project: Project, n: int) -> Any:
    book = cb.codebook(project)
    codes = [c.uuid for c in book.walk()]
    with project.read() as tx:
        codings = [c.uuid for c in tx.codings()]
    pick = rng.choice
    kind = rng.randrange(9)
    if kind == 0:
        return AddCode(f"code {n}", pick(codes + [None]))
    if kind == 1:
        return UpdateCode(pick(codes), name=f"renamed {n}", definition=f"d{n}")
    if kind == 2:
        return MoveCode(pick(codes), pick(codes + [None]), rng.choice([None, 0, 1]))
    if kind == 3:
        return ReorderCode(pick(codes), rng.randrange(3))
    if kind == 4:
        return MergeCodes(pick(codes), pick(codes))
    if kind == 5:
        source = pick(codes)
        with project.read() as tx:
            mine = [c.uuid for c in tx.codings(code_ids=[tx.code_by_uuid(source).id])]
        return SplitCode(source, f"split {n}", mine[: rng.randrange(len(mine) + 1)])
    if kind == 6:
        return DeleteCode(pick(codes), rng.choice(["refuse", "remove", "recode"]), pick(codes),
                          rng.choice(["refuse", "lift"]))
    if kind == 7:
        return DeprecateCode(pick(codes), rng.random() < 0.7)
    return FreezeVersion(f"v{n}")


def _seed_codebook(project: Project, rng: random.Random) -> None:
    """A few nested codes with codings (made outside the undo stack)."""
    made: list[str] = []
    for i in range(8):
        parent = rng.choice(made) if made and i % 2 else None
        made.append(project.execute(AddCode(f"seed {i}", parent)).result.uuid)
    for _ in range(14):
        start = rng.randrange(len(TEXT) - 6)
        project.execute(ApplyCode(1, start, start + rng.randrange(1, 6), rng.choice(made)))


@pytest.mark.parametrize("seed", range(4))
def test_random_edit_sequences_undo_and_redo_exactly(project: Project, seed: int) -> None:
    rng = random.Random(seed)
    _seed_codebook(project, rng)
    stack = UndoStack(project)
    states = [state(project)]
    for n in range(50):
        try:
            stack.push(_random_command(rng, project, n))
        except AnnotatorError:
            assert state(project) == states[-1]  # a refusal changes nothing
            continue
        if len(stack) == len(states):
            states.append(state(project))
        else:  # a no-op was not recorded
            assert state(project) == states[-1]
    assert len(stack) == len(states) - 1 >= 15
    for expected in reversed(states[:-1]):
        stack.undo()
        assert state(project) == expected
    for expected in states[1:]:
        stack.redo()
        assert state(project) == expected


def test_undo_refuses_to_overwrite_later_changes(project: Project) -> None:
    from annotator.domain.errors import ConflictError

    stack = UndoStack(project)
    a = stack.push(AddCode("A")).result.uuid
    stack.push(UpdateCode(a, name="B"))
    project.execute(UpdateCode(a, name="C"))  # another window, outside this stack
    before = state(project)
    with pytest.raises(ConflictError, match="cannot undo rename 'A' to 'B'"):
        stack.undo()
    assert state(project) == before and stack.undo_description == "rename 'A' to 'B'"


def test_undo_refuses_to_drop_codes_or_versions_in_use(project: Project) -> None:
    stack = UndoStack(project)
    a = stack.push(AddCode("A")).result.uuid
    project.execute(ApplyCode(1, 0, 3, a))  # made outside this stack
    before = state(project)
    with pytest.raises(ValidationError, match="'A' has 1 coding\\(s\\) made since"):
        stack.undo()
    stack.push(FreezeVersion("v1"))
    project.execute(ApplyCode(1, 4, 7, a))
    with pytest.raises(ValidationError, match="refer to version 'v1'"):
        stack.undo()
    assert len(stack) == 2 and state(project) != before
