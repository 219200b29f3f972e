"""`annotator suggest` with the shipped outline model: --json writes nothing, --as-coder writes a
model coder that `annotator agreement` compares with a person; bad input gets one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.services.suggest.sources import shipped_model_path

REPORT = """2021 Country Reports on Human Rights Practices: Testland

EXECUTIVE SUMMARY

Testland is a constitutional republic. The president and the parliament were elected in free elections; the security forces report to the Ministry of Internal Affairs. Significant human rights issues included credible reports of torture, arbitrary detention and restrictions on the press.

Section 1. Respect for the Integrity of the Person

a. Arbitrary Deprivation of Life and Other Unlawful or Politically Motivated Killings

There were reports that the government or its agents committed arbitrary or unlawful killings. Police shot a protester during a demonstration, and the prosecutor opened an investigation.

c. Torture and Other Cruel, Inhuman, or Degrading Treatment or Punishment

The law prohibits torture, but detainees reported that police beat them to obtain confessions.

Section 7. Worker Rights

a. Freedom of Association and the Right to Collective Bargaining

The law provides for the right of workers to form and join independent unions, bargain collectively and conduct legal strikes. Employers dismissed union leaders after a strike at a textile factory.
"""


def _state(path: Path) -> dict:
    """Everything stored in the project (SQLite file or PostgreSQL database alike)."""
    from annotator.services.project import Project

    with Project.open(path, backup=False) as p:
        return p.store.dump()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def proj(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert shipped_model_path().is_file(), "the shipped model must be committed"
    p = tmp_path / "p.annotator"
    src = tmp_path / "testland-2021.txt"
    src.write_text(REPORT, encoding="utf-8")
    assert run(capsys, "new", str(p))[0] == 0
    assert run(capsys, "import", str(p), str(src))[0] == 0
    return p


def test_json_prints_suggestions_and_writes_nothing(proj: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    rc, _, err = run(capsys, "suggest", str(proj), "--document", "1", "--json")
    assert rc == 1 and "codebook template" in err and err.count("\n") == 1
    assert run(capsys, "codebook", "template", str(proj), "country-reports-2021")[0] == 0
    before = _state(proj)
    rc, out, err = run(capsys, "suggest", str(proj), "--document", "1", "--json")
    assert rc == 0, err
    rows = json.loads(out)
    assert rows and {"start", "end", "code_path", "confidence", "features"} <= set(rows[0])
    text = REPORT
    by_start = {r["start"]: r for r in rows}
    torture = by_start[text.index("The law prohibits torture")]
    assert torture["code_path"].endswith("1.c") or "Torture" in torture["code_path"]
    unions = by_start[text.index("The law provides for the right of workers")]
    assert "Collective Bargaining" in unions["code_path"]
    assert all(0 < r["confidence"] <= 1 for r in rows)
    assert _state(proj) == before


def test_as_coder_then_agreement(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "codebook", "template", str(proj), "country-reports-2021")[0] == 0
    rc, out, err = run(capsys, "suggest", str(proj), "--documents", "1", "--as-coder",
                       "outline-model", "--min-confidence", "0.3")
    assert rc == 0, err
    assert "written as codings of outline-model (a model)" in out
    rc, out, _ = run(capsys, "coders", str(proj), "--json")
    assert rc == 0
    coders = {c["name"]: c for c in json.loads(out)}
    assert coders["outline-model"].get("kind", "model") == "model"
    # a person codes one paragraph the same way, and agreement compares the two
    rows = json.loads(run(capsys, "suggest", str(proj), "--document", "1", "--json")[1])
    first = rows[0]
    rc, _, err = run(capsys, "code", str(proj), "1", str(first["start"]), str(first["end"]),
                     first["code"], "--coder", "amina")
    assert rc == 0, err
    rc, out, err = run(capsys, "agreement", str(proj), "--coders", "amina,outline-model",
                       "--unit", "paragraph", "--stat", "kappa,percent", "--json")
    assert rc == 0, err
    data = json.loads(out)
    assert data["coders"] == ["amina", "outline-model"]


def test_bad_input_one_line(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, _, err = run(capsys, "suggest", str(proj), "--min-confidence", "2")
    assert rc == 1 and "between 0 and 1" in err
    rc, _, err = run(capsys, "suggest", str(proj), "--model", "project")
    assert rc == 1 and "no project model yet" in err
    rc, _, err = run(capsys, "suggest", str(proj), "--train")
    assert rc == 1 and "needs at least 20 coded examples" in err


def test_propose_respects_blind_coding(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "codebook", "template", str(proj), "country-reports-2021")[0] == 0
    assert run(capsys, "assign", str(proj), "--coders", "amina,ben", "--documents", "1")[0] == 0
    rc, out, err = run(capsys, "suggest", str(proj), "--propose", "--coder", "amina")
    assert rc == 0 and "codes it blind" in err and out.startswith("0 suggestions offered")
    assert run(capsys, "done", str(proj), "1", "--coder", "amina")[0] == 0
    rc, out, err = run(capsys, "suggest", str(proj), "--propose", "--coder", "amina",
                       "--min-confidence", "0.5")
    assert rc == 0, err
    assert int(out.split()[0]) > 0 and "offered as proposals" in out
