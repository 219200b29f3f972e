"""annotator package / merge / diff end to end, including bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.services.coding_commands import ApplyCode, UpdateCoding
from annotator.services.project import Project

from tests.services.team import team_helpers as th  # noqa: E402


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def origin(tmp_path: Path) -> th.Origin:
    path = tmp_path / "origin.annotator"
    return th.Origin(path, th.build_origin(path), tmp_path)


def dump(path: Path) -> dict:
    with Project.open(path, backup=False) as p:
        return p.store.dump()


@pytest.mark.sqlite_only("the merge output names the backup of the project file")
def test_package_merge_and_diff(origin: th.Origin, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    pkg = tmp_path / "alice.annotator-pkg"
    rc, out, err = run(capsys, "package", str(origin.path), "--coder", "alice",
                       "--documents", "1", "--out", str(pkg), "--json")
    assert rc == 0, err
    summary = json.loads(out)
    assert summary["documents"] == 1 and summary["blind"] and summary["codings"] == 1
    with th.open_as(pkg, "alice") as q:
        new = q.execute(ApplyCode(1, 0, 9, origin.code("Arrest"))).result.uuid
        q.execute(UpdateCoding(origin.coding("alice:detained"), memo="checked"))
    rc, out, _ = run(capsys, "diff", str(origin.path), str(pkg), "--json")
    diff = json.loads(out)
    assert rc == 0 and [r["uuid"] for r in diff["codings_only_b"]] == [new]
    assert [r["uuid"] for r in diff["codings_changed"]] == [origin.coding("alice:detained")]
    assert diff["codings_changed"][0]["fields"] == ["memo"]
    before = dump(origin.path)
    rc, out, err = run(capsys, "merge", str(origin.path), str(pkg), "--preview", "--json")
    assert rc == 0, err
    preview = json.loads(out)
    assert preview["dry_run"] and preview["codings"] == {"added": 1, "updated": 1}
    assert dump(origin.path) == before
    rc, out, _ = run(capsys, "merge", str(origin.path), str(pkg))
    assert rc == 0 and "Merged:" in out and "1 new, 1 changed" in out
    assert "backup:" in out
    rc, out, _ = run(capsys, "merge", str(origin.path), str(pkg), "--json")
    assert json.loads(out)["changed"] is False
    rc, out, _ = run(capsys, "diff", str(origin.path), str(pkg))
    assert rc == 0 and "codings only a" in out  # bob's coding on alpha stays in the project
    assert new[:8] not in out


def test_merge_lists_codebook_changes_and_accepts_them_by_id(
        origin: th.Origin, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from annotator.services.codebook_commands import AddCode

    pkg = tmp_path / "bob.annotator-pkg"
    assert run(capsys, "package", str(origin.path), "--coder", "bob", "--out", str(pkg),
               "--not-blind")[0] == 0
    with th.open_as(pkg, "bob") as q:
        code = q.execute(AddCode("Flogging", origin.code("Rights"))).result.uuid
        q.execute(ApplyCode(2, 0, 7, code))
    rc, out, _ = run(capsys, "merge", str(origin.path), str(pkg), "--preview")
    assert rc == 0 and "[pending] new code: Rights/Flogging" in out and "1 waiting" in out
    rc, out, _ = run(capsys, "merge", str(origin.path), str(pkg), "--accept-codebook",
                     f"added:{code}", "--json")
    report = json.loads(out)
    assert report["packages"][0]["codebook"][0]["status"] == "applied"
    assert report["codings"] == {"added": 1}


@pytest.mark.sqlite_only("uses a project file as a bad package")
def test_bad_input_gives_one_line_and_leaves_the_project_unchanged(
        origin: th.Origin, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.annotator"
    th.build_origin(other)
    foreign = tmp_path / "foreign.annotator-pkg"
    assert run(capsys, "package", str(other), "--coder", "alice", "--out", str(foreign))[0] == 0
    junk = tmp_path / "junk.annotator-pkg"
    junk.write_bytes(b"not a database at all" * 20)
    broken = tmp_path / "broken.annotator-pkg"
    good = origin.package("alice")
    broken.write_bytes(good.read_bytes()[:4096 * 3])
    before = dump(origin.path)
    cases = {str(other): "not a coding package", str(foreign): "another project",
             str(junk): "not an annotator project", str(broken): "",
             str(tmp_path / "missing.annotator-pkg"): "no such"}
    for path, message in cases.items():
        rc, out, err = run(capsys, "merge", str(origin.path), str(good), path)
        assert rc == 1 and out == "", (path, out)
        assert err.count("\n") == 1 and err.startswith("annotator: error: ") and path in err
        assert message in err
    assert dump(origin.path) == before
    rc, _, err = run(capsys, "package", str(origin.path), "--coder", "x", "--documents", "a,b",
                     "--out", str(tmp_path / "x.annotator-pkg"))
    assert rc == 1 and "--documents" in err
