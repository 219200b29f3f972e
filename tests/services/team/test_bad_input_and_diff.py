"""Bad packages give one clear line and leave the project as it was; diff_projects."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.services.team import team_helpers as th
from tests.services.team.team_helpers import Origin

from annotator.domain.errors import InputError
from annotator.services.codebook_commands import UpdateCode
from annotator.services.coding_commands import ApplyCode, DeleteCoding, UpdateCoding
from annotator.services.project import Project
from annotator.services.team import diff_projects, merge_packages


def _bad_files(origin: Origin, tmp_path: Path) -> dict[Path, str]:
    other = tmp_path / "elsewhere"
    other.mkdir()
    other_origin = Origin(other / "other.annotator", th.build_origin(other / "other.annotator"),
                          other)
    good = origin.package("alice")
    truncated = tmp_path / "truncated.annotator-pkg"
    truncated.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 3])
    scrambled = tmp_path / "scrambled.annotator-pkg"
    data = bytearray(good.read_bytes())
    for i in range(4096, len(data), 61):
        data[i] ^= 0x5A
    scrambled.write_bytes(bytes(data))
    text = tmp_path / "notes.annotator-pkg"
    text.write_text("just some notes\n" * 20, encoding="utf-8")
    empty = tmp_path / "empty.annotator-pkg"
    empty.write_bytes(b"")
    return {origin.path: "not a coding package",
            other_origin.package("alice"): "belongs to another project",
            truncated: "", scrambled: "", text: "not an annotator project",
            empty: "not an annotator project", tmp_path / "missing.annotator-pkg": "no such"}


@pytest.mark.sqlite_only("uses the project file itself as a bad package")
def test_bad_packages_are_refused_with_one_line_and_change_nothing(
        origin: Origin, tmp_path: Path) -> None:
    cases = _bad_files(origin, tmp_path)
    good = origin.folder / "alice.annotator-pkg"
    with origin.open() as p:
        before = p.store.dump()
        for path, expected in cases.items():
            for dry_run in (False, True):
                with pytest.raises(InputError) as info:
                    merge_packages(p, [good, path], dry_run=dry_run)
                message = str(info.value)
                assert "\n" not in message and message.startswith(str(path)), message
                assert expected in message
                assert p.store.dump() == before
    leftovers = [d for d in Path(__import__("tempfile").gettempdir()).glob("annotator-pkg-*")
                 if d.stat().st_mtime >= origin.path.stat().st_mtime]
    assert leftovers == []


def test_merging_nothing_is_refused(origin: Origin) -> None:
    with origin.open() as p, pytest.raises(InputError, match="at least one package"):
        merge_packages(p, [])


def test_diff_lists_what_each_side_lacks(origin: Origin) -> None:
    pkg = origin.package("alice", blind=True)
    with th.open_as(pkg, "alice") as q:
        added = q.execute(ApplyCode(1, 0, 9, origin.code("Arrest"))).result.uuid
        q.execute(UpdateCoding(origin.coding("alice:detained"), start=0))
        q.execute(DeleteCoding(origin.coding("alice:censored")))
        q.execute(UpdateCode(origin.code("Trial"), name="Fair trial"))
        doc = th.add_text(q, "gamma", "Another text.\n")
    with origin.open() as p, Project.open(pkg, backup=False) as q:
        diff = diff_projects(p, q)
        assert diff and diff_projects(p, p).to_dict()["same"]
    assert [r["uuid"] for r in diff.codings_only_b] == [added]
    assert {r["uuid"] for r in diff.codings_only_a} == {
        origin.coding("alice:censored"), origin.coding("bob:convicted"),
        origin.coding("bob:Torture")}
    (changed,) = diff.codings_changed
    assert changed["uuid"] == origin.coding("alice:detained") and changed["fields"] == ["bounds"]
    (code,) = diff.codes_changed
    assert code["renamed"] and code["path"] == "Rights/Fair trial"
    assert code["path_a"] == "Rights/Trial"
    assert [d["title"] for d in diff.documents_only_b] == ["gamma"] and doc
    assert [c["name"] for c in diff.coders_only_a] == ["bob", "owner"]
    assert "codings only b: 1" in "\n".join(diff.lines())
