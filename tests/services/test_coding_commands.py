"""Coding commands: apply, delete, update; undo restores the store exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.errors import NotFoundError, ValidationError
from annotator.domain.text import text_sha256
from annotator.services.codebook_commands import AddCode, FreezeVersion
from annotator.services.coding_commands import ApplyCode, DeleteCoding, UpdateCoding
from annotator.services.project import Project

TEXT = "😀 𝑴 The police detained journalists.\n\nA second paragraph."


def _no_events(dump: dict) -> dict:
    return {k: v for k, v in dump.items() if k != "events"}


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project.create(tmp_path / "p.annotator")
    p.use_coder("alice")
    with p.store.begin() as tx:
        tx.add_document(title="d", country=None, year=None, source_name="d.txt",
                        source_type="txt", text=TEXT, sha256=text_sha256(TEXT), is_report=False,
                        segs=[])
    yield p
    p.close()


def _code(p: Project, name: str = "Arrest", **kw) -> str:
    return p.execute(AddCode(name, **kw)).result.uuid


def test_apply_stores_code_points_and_undo_redo_are_exact(project: Project) -> None:
    code = _code(project)
    start = TEXT.index("detained")
    before = _no_events(project.store.dump())
    out = project.execute(ApplyCode(1, start, start + len("detained"), code))
    c = out.result
    assert TEXT[c.start:c.end] == "detained" and c.coder_id == project.coder.id
    after = _no_events(project.store.dump())
    undo = project.execute(out.inverse)
    assert _no_events(project.store.dump()) == before
    project.execute(undo.inverse)
    assert _no_events(project.store.dump()) == after


def test_delete_and_update_undo_exactly(project: Project) -> None:
    a, b = _code(project, "A"), _code(project, "B")
    project.execute(FreezeVersion("v1"))
    c = project.execute(ApplyCode(1, 2, 10, a, memo="m")).result
    project.execute(FreezeVersion("v2"))
    before = _no_events(project.store.dump())
    for cmd in (DeleteCoding(c.uuid), UpdateCoding(c.uuid, start=3, code_uuid=b, memo="x")):
        out = project.execute(cmd)
        changed = _no_events(project.store.dump())
        assert changed != before
        back = project.execute(out.inverse)
        assert _no_events(project.store.dump()) == before  # codebook version v1 kept
        redo = project.execute(back.inverse)
        assert _no_events(project.store.dump()) == changed
        project.execute(redo.inverse)
        assert _no_events(project.store.dump()) == before


@pytest.mark.parametrize("start,end", [(-1, 3), (5, 5), (7, 3), (0, len(TEXT) + 1)])
def test_bad_bounds_are_refused_and_nothing_changes(project: Project, start: int,
                                                    end: int) -> None:
    code = _code(project)
    before = project.store.dump()
    with pytest.raises(ValidationError, match="outside the document"):
        project.execute(ApplyCode(1, start, end, code))
    assert project.store.dump() == before


def test_grouping_and_unknown_codes_are_refused(project: Project) -> None:
    group = _code(project, "Group", codable=False)
    with pytest.raises(ValidationError, match="grouping node"):
        project.execute(ApplyCode(1, 0, 3, group))
    with pytest.raises(NotFoundError):
        project.execute(ApplyCode(1, 0, 3, "no-such-uuid"))


def test_every_action_is_logged_with_the_coder(project: Project) -> None:
    code = _code(project)
    project.execute(ApplyCode(1, 0, 3, code))
    with project.read() as tx:
        ev = tx.events(1)[0]
    assert ev["actor"] == "alice" and ev["action"] == "coding.add"
