"""agreement, assign, done and adjudicate through the command line."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import agreement as ag
from annotator.cli import main

from tests.services import agreement_helpers as h  # noqa: E402


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def fx(tmp_path: Path) -> h.Fixture:
    return h.build(tmp_path, coders=("alice", "bob", "carol"))


def test_agreement_json_matches_the_engine(fx: h.Fixture,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = run(capsys, "agreement", str(fx.path), "--coders", "alice,bob", "--unit",
                       "paragraph", "--stat", "alpha,kappa,percent", "--json")
    assert rc == 0, err
    data = json.loads(out)
    torture = next(r for r in data["codes"] if r["label"] == "Rights/Torture")
    expected = ag.krippendorff_alpha(h.EXPECTED_PARAGRAPHS["Torture"]).value
    assert torture["results"]["alpha"]["value"] == pytest.approx(expected)
    assert data["excluded"] == [{"id": 3, "title": "Doc C", "reason": "not coded by bob"}]
    assert "presence" in data["definitions"] and data["reading"]


def test_agreement_tables_for_three_coders(fx: h.Fixture,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(capsys, "agreement", str(fx.path), "--coders", "alice,bob,carol", "--stat",
                     "all", "--ci", "--n-boot", "50", "--per-document", "--definitions")
    assert rc == 0
    for text in ("Rights (+ below)", "  Torture", "All codes pooled (3)", "alice × carol",
                 "between coders:", "Left out:", "Doc C: not coded by bob, carol",
                 ".800 is customarily required", "presence: A code counts as present"):
        assert text in out, text
    assert "[" in out  # intervals shown


def test_matrix_csv(fx: h.Fixture, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_csv = tmp_path / "matrix.csv"
    rc, out, _ = run(capsys, "agreement", str(fx.path), "--coders", "alice,bob", "--codes",
                     "Expression", "--matrix-csv", str(out_csv))
    assert rc == 0 and "9 line(s) written" in out
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert [(r["alice"], r["bob"]) for r in rows] == [
        (str(a), str(b)) for a, b in h.EXPECTED_PARAGRAPHS["Expression"]]


@pytest.mark.parametrize("args, message", [
    (["--coders", "alice,zoe"], "no coder named 'zoe'"),
    (["--coders", "alice,bob", "--documents", "3"], "no documents in common"),
    (["--coders", "alice,bob", "--codes", "Unused"], "no codings of 'Unused'"),
    (["--coders", "alice,bob", "--unit", "section", "--documents", "2"], "has sections"),
    (["--coders", "alice,bob", "--stat", "alpha,nope"], "unknown statistic 'nope'"),
    (["--coders", "alice,bob", "--documents", "x"], "document ids are numbers"),
])
def test_agreement_refusals(fx: h.Fixture, capsys: pytest.CaptureFixture[str], args: list[str],
                            message: str) -> None:
    rc, out, err = run(capsys, "agreement", str(fx.path), *args)
    assert rc == 1 and message in err and "Traceback" not in err
    assert err.count("\n") == 1


def test_adjudicate_list_decide_progress_and_gold(fx: h.Fixture,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    p = str(fx.path)
    rc, out, _ = run(capsys, "adjudicate", p, "--coders", "alice,bob", "--list", "--json")
    data = json.loads(out)
    assert rc == 0 and data["total"] == 7 and data["settled"] == 0
    key = data["items"][1]["key"]
    rc, out, err = run(capsys, "adjudicate", p, "--coders", "alice,bob", "--decide", key,
                       "accept:bob", "--reason", "bounds", "--by", "judge")
    assert rc == 0, err
    assert "1 of 7 settled" in out
    rc, out, _ = run(capsys, "adjudicate", p, "--coders", "alice,bob", "--decide", "3", "edit",
                     "--edit", f"{data['items'][2]['start']}:{data['items'][2]['start'] + 4}")
    assert rc == 0 and "2 of 7 settled" in out
    rc, _, err = run(capsys, "adjudicate", p, "--coders", "alice,bob", "--decide", "7",
                     "intersection")
    assert rc == 1 and "alice did not code it" in err
    rc, out, _ = run(capsys, "adjudicate", p, "--coders", "alice,bob", "--progress")
    assert out.strip() == "2 of 7 settled"
    rc, out, _ = run(capsys, "adjudicate", p, "--coders", "alice,bob", "--list", "--open")
    assert "accept:bob" not in out and "2 of 7 settled" in out
    rc, out, _ = run(capsys, "adjudicate", p, "--coders", "alice,bob", "--gold", "--json")
    found = json.loads(out)
    assert rc == 0 and [g["coder"] for g in found] == ["alice", "bob"]
    assert found[0]["span_f1"]["details"]["reference"] == "Gold"


def test_assign_and_done(fx: h.Fixture, capsys: pytest.CaptureFixture[str]) -> None:
    p = str(fx.path)
    rc, out, _ = run(capsys, "assign", p, "--coders", "alice,bob", "--sample", "2", "--seed",
                     "5", "--json")
    chosen = json.loads(out)["documents"]
    rc2, out2, _ = run(capsys, "assign", p, "--coders", "alice,bob", "--sample", "2", "--seed",
                       "5", "--json")
    assert rc == rc2 == 0 and json.loads(out2)["documents"] == chosen
    rc, out, _ = run(capsys, "done", p, str(chosen[0]), "--coder", "alice")
    assert rc == 0 and "done for alice" in out
    rc, out, _ = run(capsys, "done", p, str(chosen[0]), "--coder", "alice")
    assert "already done" in out
    rc, _, err = run(capsys, "done", p, str(chosen[0]), "--coder", "nobody")
    assert rc == 1 and "no coder named 'nobody'" in err


def test_agreement_command_does_not_load_qt() -> None:
    code = ("import sys; from annotator.cli import _modules_for, build_parser; "
            "build_parser(_modules_for(['agreement'])); "
            "import annotator.services.agreement, annotator.services.adjudication; "
            "assert not [m for m in sys.modules if m.startswith('PySide6')]")
    subprocess.run([sys.executable, "-c", code], check=True,
                   cwd=Path(__file__).resolve().parents[2])
