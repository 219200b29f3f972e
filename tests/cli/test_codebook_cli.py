"""The codebook, code and codings commands, run in-process (plus one real subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.storage.store import Store

REPO = Path(__file__).resolve().parents[2]
TEXT = "Police tortured detainees in 2020.\n\nSoldiers killed three protesters.\n"


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str], project: Path) -> None:
        self.capsys = capsys
        self.project = str(project)

    def __call__(self, *args: str, ok: bool = True) -> tuple[int, str, str]:
        argv = [a.replace("{P}", self.project) for a in args]
        rc = main(argv)
        out, err = self.capsys.readouterr()
        if ok:
            assert rc == 0, err
        return rc, out, err

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "--json")[1])

    def dump(self) -> dict[str, Any]:
        store = Store.open(self.project)
        try:
            return store.dump()
        finally:
            store.close()


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    doc = tmp_path / "report.txt"
    doc.write_text(TEXT, encoding="utf-8")
    c = Cli(capsys, tmp_path / "p.annotator")
    c("new", "{P}", "--coder", "ann")
    c("import", "{P}", str(doc))
    c("codebook", "add", "{P}", "Violations", "--grouping", "--definition", "Abuses")
    c("codebook", "add", "{P}", "Violations/Torture", "--color", "red", "--shortcut", "Ctrl+1")
    c("codebook", "add", "{P}", "Killing", "--parent", "Violations")
    c("codebook", "add", "{P}", "Other")
    return c


def listing(cli: Cli) -> dict[str, dict[str, Any]]:
    return {c["path"]: c for c in cli.json("codebook", "list", "{P}")}


def test_list_json_fields(cli: Cli) -> None:
    codes = listing(cli)
    assert list(codes) == ["Violations", "Violations/Torture", "Violations/Killing", "Other"]
    t = codes["Violations/Torture"]
    assert {"uuid", "path", "name", "parent_uuid", "color", "codable", "deprecated", "label",
            "definition", "shortcut", "attributes", "codings"} <= set(t)
    assert t["color"] == "#FF0000" and t["shortcut"] == "Ctrl+1" and t["codings"] == 0
    assert t["parent_uuid"] == codes["Violations"]["uuid"]
    assert codes["Violations"]["codable"] is False
    _, text, _ = cli("codebook", "list", "{P}")
    assert "  Torture  #FF0000  (0) [Ctrl+1]" in text


def test_code_and_codings(cli: Cli) -> None:
    made = cli.json("code", "{P}", "1", "0", "25", "Violations/Torture", "--coder", "bob",
                    "--memo", "clear case")
    rows = cli.json("codings", "{P}")
    assert len(rows) == 1
    row = rows[0]
    assert (row["uuid"], row["document"], row["start"], row["end"], row["code"], row["coder"],
            row["excerpt"]) == (made["uuid"], 1, 0, 25, "Violations/Torture", "bob",
                                "Police tortured detainees")
    assert cli.json("codings", "{P}", "--coder", "ann") == []
    assert listing(cli)["Violations/Torture"]["codings_by_coder"] == {"bob": 1}
    rc, _, err = cli("codings", "{P}", "--coder", "nobody", ok=False)
    assert rc == 1 and "no coder named 'nobody'" in err
    before = cli.dump()
    rc, _, err = cli("code", "{P}", "1", "0", "25", "Violations", "--coder", "bob", ok=False)
    assert rc == 1 and "grouping node" in err and cli.dump() == before


@pytest.mark.parametrize("args, message", [
    (("codebook", "add", "{P}", "Violations/torture"), "already exists under 'Violations'"),
    (("codebook", "add", "{P}", "x" * 201), "at most 200"),
    (("codebook", "add", "{P}", "Nope/Child"), "no code 'Nope' at the top level"),
    (("codebook", "add", "{P}", "New", "--color", "bluish"), "unknown colour 'bluish'"),
    (("codebook", "add", "{P}", "New", "--shortcut", "ctrl+1"), "already used"),
    (("codebook", "rename", "{P}", "Unknown", "X"), "no code 'Unknown'"),
    (("codebook", "rename", "{P}", "Other", "Violations"), "already exists at the top level"),
    (("codebook", "move", "{P}", "Violations", "Violations/Torture"), "cycle"),
    (("codebook", "move", "{P}", "Other"), "give the new parent"),
    (("codebook", "merge", "{P}", "Other", "Other"), "into itself"),
    (("codebook", "delete", "{P}", "Violations"), "has 2 sub-code"),
    (("codebook", "edit", "{P}", "Other"), "nothing to change"),
    (("codebook", "diff", "{P}", "v1"), "no codebook version 'v1'"),
    (("codebook", "template", "{P}", "no-such-template"), "no codebook template"),
    (("codebook", "freeze", "{P}", ""), "needs a name"),
])
def test_bad_input_is_refused_in_one_line(cli: Cli, args: tuple[str, ...],
                                          message: str) -> None:
    before = cli.dump()
    rc, out, err = cli(*args, ok=False)
    assert rc == 1
    assert message in err
    assert err.count("\n") == 1 and err.startswith("annotator: error: ")
    assert cli.dump() == before


def test_deleting_a_used_code(cli: Cli) -> None:
    cli("code", "{P}", "1", "0", "25", "Violations/Torture", "--coder", "ann")
    before = cli.dump()
    rc, _, err = cli("codebook", "delete", "{P}", "Violations/Torture", ok=False)
    assert rc == 1 and "used by 1 coding" in err and cli.dump() == before
    cli("codebook", "delete", "{P}", "Violations/Torture", "--recode-to", "Violations/Killing")
    assert [r["code"] for r in cli.json("codings", "{P}")] == ["Violations/Killing"]
    cli("codebook", "delete", "{P}", "Violations/Killing", "--remove-codings")
    assert cli.json("codings", "{P}") == []
    cli("codebook", "delete", "{P}", "Violations", "--lift-children")
    assert list(listing(cli)) == ["Other"]


def test_merge_split_move_rename_deprecate(cli: Cli) -> None:
    first = cli.json("code", "{P}", "1", "0", "25", "Violations/Torture", "--coder", "ann")
    cli.json("code", "{P}", "1", "36", "68", "Violations/Torture", "--coder", "ann")
    uuid = listing(cli)["Violations/Torture"]["uuid"]
    _, out, _ = cli("codebook", "split", "{P}", uuid, "Torture in custody", first["uuid"])
    assert "1 codings moved" in out
    cli("codebook", "merge", "{P}", "Violations/Killing", "Violations/Torture in custody")
    cli("codebook", "rename", "{P}", "Violations/Torture", "Ill-treatment")
    cli("codebook", "move", "{P}", "Other", "Violations", "--position", "0")
    cli("codebook", "reorder", "{P}", "Violations/Ill-treatment", "0")
    cli("codebook", "deprecate", "{P}", "Violations/Other")
    cli("codebook", "edit", "{P}", "Violations/Other", "--definition", "Anything else")
    codes = listing(cli)
    assert list(codes) == ["Violations", "Violations/Ill-treatment", "Violations/Other",
                           "Violations/Torture in custody"]
    assert codes["Violations/Ill-treatment"]["uuid"] == uuid
    assert codes["Violations/Other"]["deprecated"] is True
    assert codes["Violations/Other"]["definition"] == "Anything else"
    assert sorted(r["code"] for r in cli.json("codings", "{P}")) == [
        "Violations/Ill-treatment", "Violations/Torture in custody"]
    _, log, _ = cli("log", "{P}", "--limit", "7")
    for action in ("code.split", "code.merge", "code.update", "code.move", "code.reorder",
                   "code.deprecate"):
        assert action in log


def test_freeze_and_diff(cli: Cli) -> None:
    cli("codebook", "freeze", "{P}", "v1")
    cli("codebook", "rename", "{P}", "Violations/Killing", "Extrajudicial killing")
    cli("codebook", "add", "{P}", "Violations/Disappearance")
    cli("codebook", "freeze", "{P}", "v2")
    diff = cli.json("codebook", "diff", "{P}", "v1", "v2")
    assert [e["path"] for e in diff["added"]] == ["Violations/Disappearance"]
    assert [(e["old"], e["new"]) for e in diff["renamed"]] == [("Killing",
                                                                "Extrajudicial killing")]
    assert sum(len(v) for v in diff.values()) == 2
    _, text, _ = cli("codebook", "diff", "{P}", "v2")
    assert text.strip() == "no changes between v2 and current"
    assert [v["name"] for v in cli.json("codebook", "versions", "{P}")] == ["v1", "v2"]
    made = cli.json("code", "{P}", "1", "0", "6", "Violations/Torture", "--coder", "ann")
    assert made["codebook_version"] == "v2"


def test_export_and_import_round_trip(cli: Cli, tmp_path: Path) -> None:
    cli("code", "{P}", "1", "0", "25", "Violations/Torture", "--coder", "ann")
    qdc = tmp_path / "book.qdc"
    cli("codebook", "export", "{P}", str(qdc))
    md = tmp_path / "book.md"
    cli("codebook", "export", "{P}", str(md), "--examples", "2")
    text = md.read_text(encoding="utf-8")
    assert "Police tortured detainees" in text and "report" in text
    other = Cli(cli.capsys, tmp_path / "q.annotator")
    other("new", "{P}")
    _, out, _ = other("codebook", "import", "{P}", str(qdc))
    assert "imported 4 codes" in out
    mine, theirs = listing(cli), listing(other)
    assert list(mine) == list(theirs)
    assert {p: c["uuid"] for p, c in mine.items()} == {p: c["uuid"] for p, c in theirs.items()}
    before = other.dump()
    rc, _, err = other("codebook", "import", "{P}", str(qdc), ok=False)
    assert rc == 1 and "already in this project" in err and other.dump() == before
    other("codebook", "import", "{P}", str(qdc), "--under", "Other", "--new-ids")
    assert "Other/Violations/Torture" in listing(other)
    rc, _, err = other("codebook", "export", "{P}", str(tmp_path / "book.xyz"), ok=False)
    assert rc == 1 and "cannot export" in err


def test_templates(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.domain.codebook import stable_uuid
    from annotator.services.exchange import templates as mod

    folder = tmp_path / "templates"
    folder.mkdir()
    for tid in ("one", "two"):
        folder.joinpath(f"{tid}.json").write_text(json.dumps({
            "format": "annotator-codebook", "format_version": 1, "id": tid,
            "name": f"Template {tid}", "about": "", "codes": [
                {"uuid": stable_uuid(tid, "Other"), "name": "Other", "color": "#112233"}]}))
    monkeypatch.setattr(mod, "templates_dir", lambda: folder)
    assert [t["id"] for t in cli.json("codebook", "templates")] == ["one", "two"]
    cli("codebook", "template", "{P}", "one", "two")
    paths = list(listing(cli))
    assert paths[-4:] == ["Template one", "Template one/Other", "Template two",
                          "Template two/Other"]
    before = cli.dump()
    rc, _, err = cli("codebook", "template", "{P}", "two", ok=False)
    assert rc == 1 and "already in this project" in err and cli.dump() == before


def test_help_in_a_real_process() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "annotator", "codebook", "--help"],
                          capture_output=True, text=True, cwd=REPO, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    for action in ("templates", "import", "export", "freeze", "diff", "merge", "delete"):
        assert action in done.stdout
