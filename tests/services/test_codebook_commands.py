"""Codebook commands: validation, restructuring with codings, exact undo, versions, templates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.domain.codebook import Codebook, CodeNode
from annotator.domain.errors import AnnotatorError, NotFoundError, ValidationError
from annotator.domain.text import text_sha256
from annotator.services import codebook as cb
from annotator.services.codebook_commands import (
    AddCode, AddTemplate, DeleteCode, DeprecateCode, FreezeVersion, ImportCodebook, MergeCodes,
    MoveCode, ReorderCode, SplitCode, UpdateCode,
)
from annotator.services.coding_commands import ApplyCode
from annotator.services.project import Project

TEXT = "Police tortured detainees. Soldiers killed protesters. Courts lacked independence."


def state(project: Project) -> dict[str, Any]:
    """Every table except the append-only event log."""
    dump = project.store.dump()
    dump.pop("events")
    return dump


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project.create(tmp_path / "p.annotator")
    p.use_coder("ann")
    with p.store.begin() as tx:
        tx.add_document(title="Report", country=None, year=None, source_name="r.txt",
                        source_type="txt", text=TEXT, sha256=text_sha256(TEXT), is_report=False,
                        segs=[])
    yield p
    p.close()


def add(project: Project, name: str, parent: str | None = None, **fields: Any) -> str:
    return project.execute(AddCode(name, parent, **fields)).result.uuid


def code_at(project: Project, start: int, end: int, code_uuid: str) -> str:
    return project.execute(ApplyCode(1, start, end, code_uuid)).result.uuid


def coding_code(project: Project, coding_uuid: str) -> str:
    with project.read() as tx:
        c = tx.coding_by_uuid(coding_uuid)
        assert c is not None
        return tx.code(c.code_id).uuid


def paths(project: Project) -> list[str]:
    return list(cb.code_paths(project).values())


@pytest.fixture
def tree(project: Project) -> dict[str, str]:
    """Violations (group) / Torture, Killing ; Other ; codings on Torture (2) and Killing (1)."""
    v = add(project, "Violations", codable=False)
    t = add(project, "Torture", v)
    k = add(project, "Killing", v)
    o = add(project, "Other")
    c1 = code_at(project, 0, 25, t)
    c2 = code_at(project, 6, 15, t)
    c3 = code_at(project, 27, 53, k)
    return {"v": v, "t": t, "k": k, "o": o, "c1": c1, "c2": c2, "c3": c3}


def do_undo_redo(project: Project, cmd: Any) -> Any:
    """Run a command, check that undo restores exactly and redo re-does exactly."""
    before = state(project)
    out = project.execute(cmd)
    after = state(project)
    assert after != before
    undone = project.execute(out.inverse)
    assert state(project) == before
    project.execute(undone.inverse)
    assert state(project) == after
    return out


def refused(project: Project, cmd: Any, match: str, exc: type = ValidationError) -> None:
    before = state(project)
    with pytest.raises(exc, match=match):
        project.execute(cmd)
    assert state(project) == before


# ----- add / update -------------------------------------------------------------------------
def test_same_name_under_two_parents_is_fine(project: Project) -> None:
    a, b = add(project, "A"), add(project, "B")
    add(project, "Other", a)
    add(project, "Other", b)
    assert paths(project) == ["A", "A/Other", "B", "B/Other"]


@pytest.mark.parametrize("name, match", [
    ("other", "already exists under 'A'"),
    ("", "needs a name"),
    ("   ", "needs a name"),
    ("x" * 201, "201 characters long; at most 200"),
    ("two\nlines", "line break"),
])
def test_bad_names_are_refused(project: Project, name: str, match: str) -> None:
    a = add(project, "A")
    add(project, "Other", a)
    refused(project, AddCode(name, a), match)


def test_name_of_200_characters_and_spaces_are_trimmed(project: Project) -> None:
    long_name, trimmed = add(project, "x" * 200), add(project, "  Torture  ")
    assert cb.codebook(project).get(long_name).name == "x" * 200
    assert cb.codebook(project).get(trimmed).name == "Torture"


def test_colours_are_normalised_and_bad_colours_refused(project: Project) -> None:
    a, b = add(project, "A", color="red"), add(project, "B", color="#abc")
    assert cb.codebook(project).get(a).color == "#FF0000"
    assert cb.codebook(project).get(b).color == "#AABBCC"
    refused(project, AddCode("C", color="not-a-colour"), "unknown colour")
    refused(project, UpdateCode(a, color="#12345"), "unknown colour")


def test_default_colours_follow_the_palette_and_parent(project: Project) -> None:
    a = add(project, "A")
    child = add(project, "Child", a)
    book = cb.codebook(project)  # after the adds
    assert book.get(a).color.startswith("#") and book.get(child).color != book.get(a).color


def test_shortcut_unique_across_project(project: Project) -> None:
    a = add(project, "A", shortcut="Ctrl+1")
    b = add(project, "B")
    refused(project, AddCode("X", b, shortcut="ctrl+1"), "already used by 'A'")
    refused(project, UpdateCode(b, shortcut="Ctrl+1"), "already used")
    project.execute(UpdateCode(a, shortcut=None))
    project.execute(UpdateCode(b, shortcut="Ctrl+1"))
    assert cb.codebook(project).get(b).shortcut == "Ctrl+1"


def test_unknown_field_and_unknown_code_are_refused(project: Project) -> None:
    a = add(project, "A")
    refused(project, UpdateCode(a, colour="#FFFFFF"), "unknown code field")
    refused(project, UpdateCode("0" * 8 + "-0000-4000-8000-" + "0" * 12, name="X"),
            "no code", NotFoundError)
    refused(project, AddCode("X", parent_uuid="nope"), "no parent code", NotFoundError)


def test_rename_keeps_uuid_and_undo_is_exact(project: Project, tree: dict[str, str]) -> None:
    out = do_undo_redo(project, UpdateCode(tree["t"], name="Torture and ill-treatment",
                                           definition="Severe pain inflicted by officials"))
    assert out.result.uuid == tree["t"]
    node = cb.codebook(project).get(tree["t"])
    assert node.name == "Torture and ill-treatment"
    assert coding_code(project, tree["c1"]) == tree["t"]


def test_add_undo_is_exact(project: Project, tree: dict[str, str]) -> None:
    do_undo_redo(project, AddCode("Disappearance", tree["v"], position=0,
                                  definition="Missing persons"))
    assert paths(project)[:2] == ["Violations", "Violations/Disappearance"]


def test_codable_cannot_be_switched_off_while_used(project: Project,
                                                   tree: dict[str, str]) -> None:
    refused(project, UpdateCode(tree["t"], codable=False), "used by 2 codings")
    do_undo_redo(project, UpdateCode(tree["o"], codable=False))


def test_update_without_change_has_no_inverse(project: Project, tree: dict[str, str]) -> None:
    out = project.execute(UpdateCode(tree["t"], name="Torture"))
    assert out.inverse is None and out.description == "no change"


# ----- move / reorder -------------------------------------------------------------------------
def test_move_and_undo(project: Project, tree: dict[str, str]) -> None:
    out = do_undo_redo(project, MoveCode(tree["o"], tree["v"], position=0))
    assert out.description == "move 'Other' to 'Violations'"
    assert paths(project) == ["Violations", "Violations/Other", "Violations/Torture",
                              "Violations/Killing"]
    do_undo_redo(project, MoveCode(tree["t"], None))
    assert paths(project)[-1] == "Torture"


def test_cycles_are_refused(project: Project, tree: dict[str, str]) -> None:
    deep = add(project, "Deep", tree["t"])
    refused(project, MoveCode(tree["v"], tree["v"]), "into itself")
    refused(project, MoveCode(tree["v"], deep), "its own sub-code 'Violations/Torture/Deep'")
    refused(project, MoveCode(tree["t"], deep), "cycle")


def test_move_refuses_a_sibling_name_clash(project: Project, tree: dict[str, str]) -> None:
    add(project, "Other", tree["v"])
    refused(project, MoveCode(tree["o"], tree["v"]), "already exists under 'Violations'")


def test_reorder(project: Project, tree: dict[str, str]) -> None:
    do_undo_redo(project, ReorderCode(tree["k"], 0))
    assert paths(project)[:3] == ["Violations", "Violations/Killing", "Violations/Torture"]
    do_undo_redo(project, ReorderCode(tree["o"], 0))
    assert paths(project)[0] == "Other"


# ----- merge ---------------------------------------------------------------------------------
def test_merge_recodes_codings_moves_children_and_undoes(project: Project,
                                                         tree: dict[str, str]) -> None:
    sub = add(project, "In custody", tree["t"])
    c4 = code_at(project, 0, 6, sub)
    with project.read() as tx:
        old_id = tx.code_by_uuid(tree["t"]).id
    before = state(project)
    out = project.execute(MergeCodes(tree["t"], tree["k"]))
    assert tree["t"] not in cb.codebook(project)
    assert {coding_code(project, c) for c in (tree["c1"], tree["c2"], tree["c3"])} == {tree["k"]}
    assert coding_code(project, c4) == sub
    assert "Violations/Killing/In custody" in paths(project)
    after = state(project)
    undone = project.execute(out.inverse)
    assert state(project) == before
    with project.read() as tx:
        restored = tx.code_by_uuid(tree["t"])
        assert restored is not None and restored.id == old_id
    assert coding_code(project, tree["c1"]) == tree["t"]
    assert "Violations/Torture/In custody" in paths(project)
    project.execute(undone.inverse)
    assert state(project) == after


def test_merge_refusals(project: Project, tree: dict[str, str]) -> None:
    refused(project, MergeCodes(tree["t"], tree["t"]), "into itself")
    sub = add(project, "Sub", tree["t"])
    refused(project, MergeCodes(tree["t"], sub), "into its own sub-code")
    refused(project, MergeCodes(tree["t"], tree["v"]), "grouping node")
    refused(project, MergeCodes(tree["t"], "missing"), "no code to merge into", NotFoundError)
    add(project, "Sub", tree["k"])
    refused(project, MergeCodes(tree["t"], tree["k"]), "already exists under 'Violations/Killing'")


# ----- split ---------------------------------------------------------------------------------
def test_split_moves_chosen_codings_and_undoes(project: Project, tree: dict[str, str]) -> None:
    out = do_undo_redo(project, SplitCode(tree["t"], "Torture in custody", [tree["c2"]]))
    new = out.result.uuid
    assert coding_code(project, tree["c2"]) == new
    assert coding_code(project, tree["c1"]) == tree["t"]
    assert paths(project)[:4] == ["Violations", "Violations/Torture",
                                  "Violations/Torture in custody", "Violations/Killing"]


def test_split_refusals(project: Project, tree: dict[str, str]) -> None:
    refused(project, SplitCode(tree["t"], "Killing", [tree["c1"]]), "already exists")
    refused(project, SplitCode(tree["t"], "New", [tree["c3"]]), "not coded with 'Torture'")
    refused(project, SplitCode(tree["t"], "New", ["nope"]), "no coding with uuid nope")
    refused(project, SplitCode(tree["t"], "New", [tree["c1"], tree["c1"]]), "listed twice")


# ----- delete --------------------------------------------------------------------------------
def test_delete_used_code_is_refused(project: Project, tree: dict[str, str]) -> None:
    refused(project, DeleteCode(tree["t"]), "used by 2 coding")
    refused(project, DeleteCode(tree["t"], "recode"), "recode_to")
    refused(project, DeleteCode(tree["t"], "recode", tree["t"]), "being deleted")
    refused(project, DeleteCode(tree["t"], "recode", tree["v"]), "grouping node")
    refused(project, DeleteCode(tree["v"]), "has 2 sub-code")


def test_delete_with_recode(project: Project, tree: dict[str, str]) -> None:
    do_undo_redo(project, DeleteCode(tree["t"], "recode", tree["k"]))
    assert coding_code(project, tree["c1"]) == tree["k"]
    assert tree["t"] not in cb.codebook(project)


def test_delete_with_removal(project: Project, tree: dict[str, str]) -> None:
    do_undo_redo(project, DeleteCode(tree["t"], "remove"))
    with project.read() as tx:
        assert tx.coding_by_uuid(tree["c1"]) is None
        assert tx.coding_by_uuid(tree["c3"]) is not None


def test_delete_lifting_children(project: Project, tree: dict[str, str]) -> None:
    do_undo_redo(project, DeleteCode(tree["v"], children="lift"))
    assert paths(project) == ["Torture", "Killing", "Other"]


def test_delete_lift_refuses_name_clash(project: Project, tree: dict[str, str]) -> None:
    add(project, "Other", tree["v"])
    refused(project, DeleteCode(tree["v"], children="lift"), "'Other' already exists")


def test_delete_unused_code(project: Project, tree: dict[str, str]) -> None:
    do_undo_redo(project, DeleteCode(tree["o"]))
    assert "Other" not in paths(project)


# ----- deprecate -----------------------------------------------------------------------------
def test_deprecated_code_is_not_offered(project: Project, tree: dict[str, str]) -> None:
    do_undo_redo(project, DeprecateCode(tree["k"]))
    refused(project, ApplyCode(1, 0, 5, tree["k"]), "deprecated")
    project.execute(DeprecateCode(tree["k"], False))
    code_at(project, 0, 5, tree["k"])


# ----- event log -----------------------------------------------------------------------------
def test_every_change_is_logged(project: Project, tree: dict[str, str]) -> None:
    def actions() -> list[str]:
        with project.read() as tx:
            return [e["action"] for e in tx.events()]

    n = len(actions())
    out = project.execute(MergeCodes(tree["t"], tree["k"]))
    project.execute(out.inverse)
    latest = actions()
    assert len(latest) == n + 2
    assert latest[:2] == ["codebook.restore", "code.merge"]
    with project.read() as tx:
        event = tx.events(2)[1]
    assert event["entity_uuid"] == tree["t"] and event["payload"]["codings"] == 2
    assert event["actor"] == "ann"


# ----- versions ------------------------------------------------------------------------------
def test_diff_between_frozen_versions_lists_exactly_the_changes(
        project: Project, tree: dict[str, str]) -> None:
    project.execute(FreezeVersion("v1"))
    refused(project, FreezeVersion("V1"), "already exists")
    refused(project, FreezeVersion("current"), "reserved")
    new = add(project, "Disappearance", tree["v"])
    project.execute(DeleteCode(tree["o"]))
    project.execute(UpdateCode(tree["k"], name="Extrajudicial killing"))
    project.execute(UpdateCode(tree["t"], definition="Severe pain"))
    extra = add(project, "Arbitrary detention")
    project.execute(MoveCode(extra, tree["v"]))
    project.execute(FreezeVersion("v2"))
    diff = cb.diff_versions(project, "v1", "v2")
    assert [(e.kind, e.path) for e in diff.entries()] == [
        ("added", "Violations/Disappearance"),
        ("added", "Violations/Arbitrary detention"),
        ("removed", "Other"),
        ("renamed", "Violations/Extrajudicial killing"),
        ("redescribed", "Violations/Torture"),
    ]
    assert new in {e.uuid for e in diff.added}
    assert not cb.diff_versions(project, "v2", "current")
    assert [v["name"] for v in cb.versions(project)] == ["v1", "v2"]
    with pytest.raises(NotFoundError, match="versions: v1, v2"):
        cb.diff_versions(project, "v9", "current")


def test_diff_reports_moves(project: Project, tree: dict[str, str]) -> None:
    project.execute(FreezeVersion("v1"))
    project.execute(MoveCode(tree["o"], tree["v"]))
    diff = cb.diff_versions(project, "v1", "current")
    assert [(e.kind, e.path, e.old, e.new) for e in diff.entries()] == [
        ("moved", "Violations/Other", "(top level)", "Violations")]


def test_codings_record_the_latest_version(project: Project, tree: dict[str, str]) -> None:
    with project.read() as tx:
        assert tx.coding_by_uuid(tree["c1"]).codebook_version is None
    out = do_undo_redo(project, FreezeVersion("2024 pilot"))
    assert out.result["name"] == "2024 pilot"
    c = code_at(project, 0, 10, tree["k"])
    with project.read() as tx:
        assert tx.coding_by_uuid(c).codebook_version == "2024 pilot"
        snapshot = tx.version_snapshot("2024 pilot")
    assert Codebook.from_nested(snapshot).find(tree["t"]).name == "Torture"


# ----- templates and import ------------------------------------------------------------------
def _template(folder: Path, tid: str, names: list[str]) -> None:
    from annotator.domain.codebook import stable_uuid

    codes = [{"uuid": stable_uuid(tid, n), "name": n, "color": "#336699"} for n in names]
    folder.joinpath(f"{tid}.json").write_text(json.dumps({
        "format": "annotator-codebook", "format_version": 1, "id": tid, "name": tid.upper(),
        "about": "test", "codes": codes}), encoding="utf-8")


@pytest.fixture
def templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    _template(folder, "alpha", ["Other", "Torture"])
    _template(folder, "beta", ["Other"])
    from annotator.services.exchange import templates as mod
    monkeypatch.setattr(mod, "templates_dir", lambda: folder)
    return folder


def test_templates_combine_each_under_its_own_root(project: Project, templates: Path) -> None:
    add(project, "Mine")
    out = do_undo_redo(project, AddTemplate("alpha"))
    assert len(out.result.added) == 3 and len(out.result.root_uuids) == 1
    project.execute(AddTemplate("beta"))
    assert paths(project) == ["Mine", "ALPHA", "ALPHA/Other", "ALPHA/Torture", "BETA",
                              "BETA/Other"]
    refused(project, AddTemplate("alpha"), "already in this project.*added only once")
    refused(project, AddTemplate("gamma"), "no codebook template called 'gamma'", NotFoundError)


def test_shipped_templates_combine(project: Project) -> None:
    from annotator.services.exchange.templates import list_templates

    found = list_templates()
    if len(found) < 2:
        pytest.skip("fewer than two shipped templates")
    for t in found:
        project.execute(AddTemplate(t.id))
    book = cb.codebook(project)
    assert book.problems() == []
    assert len(book) >= sum(t.codes for t in found)
    assert len(book.roots()) == len(found)


def _book(*names: str, parent_of: dict[str, str] | None = None) -> Codebook:
    from annotator.domain.codebook import stable_uuid

    parent_of = parent_of or {}
    nodes = [CodeNode(stable_uuid("t", n), n, stable_uuid("t", parent_of[n])
                      if n in parent_of else None, position=i) for i, n in enumerate(names)]
    return Codebook(name="Imported", nodes=tuple(nodes))


def test_import_keeps_uuids_and_refuses_clashes(project: Project, tree: dict[str, str]) -> None:
    book = _book("Rights", "Speech", "Assembly", parent_of={"Speech": "Rights",
                                                            "Assembly": "Rights"})
    out = do_undo_redo(project, ImportCodebook(book, tree["v"]))
    assert out.result.added == [n.uuid for n in book.walk()]
    assert "Violations/Rights/Assembly" in paths(project)
    refused(project, ImportCodebook(book), "already in this project with the same identifier")
    copy = project.execute(ImportCodebook(book, tree["o"], new_ids=True)).result
    assert copy.warnings and "new identifiers" in copy.warnings[0]
    assert "Other/Rights/Speech" in paths(project)
    assert not set(copy.added) & {n.uuid for n in book.nodes}


def test_import_refuses_name_clash_and_unsound_books(project: Project,
                                                     tree: dict[str, str]) -> None:
    refused(project, ImportCodebook(_book("other")), "'Other' already exists at the top level")
    broken = Codebook(name="Broken", nodes=(CodeNode(
        "11111111-1111-4111-8111-111111111111", "A", None, color="blue"),))
    refused(project, ImportCodebook(broken), "cannot be imported.*colour")
    refused(project, ImportCodebook(Codebook(name="Empty")), "has no codes")


def test_import_drops_clashing_shortcuts_with_a_warning(project: Project) -> None:
    add(project, "Mine", shortcut="1")
    book = Codebook(name="B", nodes=(CodeNode(
        "22222222-2222-4222-8222-222222222222", "Theirs", None, shortcut="1"),))
    summary = project.execute(ImportCodebook(book)).result
    assert "shortcut" in summary.warnings[0]
    assert cb.codebook(project).get(book.nodes[0].uuid).shortcut is None


def test_resolve_by_path_uuid_and_case(project: Project, tree: dict[str, str]) -> None:
    book = cb.codebook(project)
    assert cb.resolve(book, "Violations/Torture").uuid == tree["t"]
    assert cb.resolve(book, "violations/torture").uuid == tree["t"]
    assert cb.resolve(book, tree["k"]).name == "Killing"
    with pytest.raises(AnnotatorError, match="no code 'Violations/Nope'"):
        cb.resolve(book, "Violations/Nope")


def test_counts(project: Project, tree: dict[str, str]) -> None:
    by_uuid = cb.counts_by_uuid(project)
    assert by_uuid[tree["t"]] == 2 and by_uuid[tree["k"]] == 1 and by_uuid[tree["o"]] == 0
    with project.read() as tx:
        tid = tx.code_by_uuid(tree["t"]).id
    assert cb.counts(project)[tid] == 2
    assert cb.counts(project, coder_id=999) == {}


def test_examples_come_from_several_documents_with_sections(project: Project,
                                                            tree: dict[str, str]) -> None:
    from annotator.domain.model import Segment

    text = "Section 1\nc. Torture\nGuards beat prisoners in custody.\n"
    with project.store.begin() as tx:
        doc = tx.add_document(
            title="Country 2020", country="X", year=2020, source_name="x.txt",
            source_type="txt", text=text, sha256=text_sha256(text), is_report=True, segs=[
                Segment("section", "1", "Section 1", 0, len(text), level=1),
                Segment("subsection", "1.c", "Torture", 10, len(text), level=2)])
    start = text.index("Guards")
    project.execute(ApplyCode(doc.id, start, start + 20, tree["t"]))
    found = cb.coded_examples(project, 2)[tree["t"]]
    assert [(e.document, e.section) for e in found] == [("Report", ""),
                                                        ("Country 2020", "1.c Torture")]
    assert found[1].text == "Guards beat prisoner"
    assert len(cb.coded_examples(project, 1)[tree["t"]]) == 1


def test_file_import_through_the_undo_stack(project: Project, tree: dict[str, str],
                                            tmp_path: Path) -> None:
    from annotator.services.undo import UndoStack

    path = tmp_path / "book.json"
    cb.export_codebook(project, path)
    other = Project.create(tmp_path / "other.annotator")
    try:
        stack = UndoStack(other)
        summary = cb.import_codebook(other, path, execute=stack.push)
        assert len(summary.added) == 4 and stack.can_undo
        assert list(cb.code_paths(other).items()) == list(cb.code_paths(project).items())
        stack.undo()
        assert cb.code_paths(other) == {}
    finally:
        other.close()
