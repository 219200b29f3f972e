"""``annotator export`` and ``annotator import FILE.qdpx`` from the command line."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from annotator.cli import main
from annotator.domain.text import text_sha256
from annotator.services.project import Project

TEXT = "Section 1. Life\n\nThe police 😀 killed two protesters.\n\nCourts were slow.\n"


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "p.annotator"
    with Project.create(path) as project, project.store.begin() as tx:
        doc = tx.add_document(title="Report", country="Chile", year=2021, source_name="r.txt",
                              source_type="txt", text=TEXT, sha256=text_sha256(TEXT),
                              is_report=True, segs=[])
        ann = tx.add_coder("ann")
        gold = tx.add_coder("gold", is_gold=True)
        code = tx.add_code(name="Killings")
        other = tx.add_code(name="Justice")
        s = TEXT.index("killed")
        tx.add_coding(document_id=doc.id, start=s, end=s + 6, code_id=code.id, coder_id=ann.id)
        tx.add_coding(document_id=doc.id, start=s, end=s + 22, code_id=code.id,
                      coder_id=gold.id)
        s = TEXT.index("Courts")
        tx.add_coding(document_id=doc.id, start=s, end=s + 17, code_id=other.id,
                      coder_id=ann.id)
    return path


def run(*args: str) -> int:
    return main([str(a) for a in args])


def test_codings_csv_with_filters(project_path: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "c.csv"
    assert run("export", project_path, "--format", "codings-csv", "--out", out,
               "--coders", "ann,gold", "--codes", "Killings") == 0
    assert "wrote" in capsys.readouterr().out
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["text"] for r in rows] == ["killed", "killed two protesters."]
    assert run("export", project_path, "-f", "codings-csv", "-o", out, "--gold-only") == 0
    with out.open(encoding="utf-8", newline="") as handle:
        assert [r["coder"] for r in csv.DictReader(handle)] == ["gold"]


@pytest.mark.parametrize("fmt", ["codings-xlsx", "matrix-code-document", "matrix-presence",
                                 "evidence", "qdpx", "coded-html", "coded-docx"])
def test_every_format(project_path: Path, tmp_path: Path, fmt: str,
                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"out-{fmt}.{'xlsx' if fmt == 'codings-xlsx' else 'bin'}"
    assert run("export", project_path, "--format", fmt, "--out", out, "--country", "chile",
               "--year", "2021", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["paths"] == [str(out)] and out.stat().st_size > 0
    if fmt == "codings-xlsx":
        assert load_workbook(out)["codings"].max_row == 4


def test_presence_by_section(project_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.csv"
    assert run("export", project_path, "-f", "matrix-presence", "-o", out, "--unit",
               "section") == 0
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["unit_kind"] == "document" and rows[0]["Killings"] == "1"


def test_errors_are_one_line(project_path: Path, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    assert run("export", project_path, "-f", "codings-csv", "-o", tmp_path / "x.csv",
               "--coders", "nobody") == 1
    err = capsys.readouterr().err
    assert err.startswith("annotator: error: no coder named 'nobody'") and err.count("\n") == 1
    assert run("export", project_path, "-f", "codings-csv", "-o",
               tmp_path / "missing" / "x.csv") == 1
    assert "the folder does not exist" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run("export", project_path, "-f", "nonsense", "-o", tmp_path / "x")


def test_qdpx_round_trip_through_import(project_path: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    qdpx = tmp_path / "p.qdpx"
    assert run("export", project_path, "-f", "qdpx", "-o", qdpx) == 0
    target = tmp_path / "new.annotator"
    assert run("new", target) == 0
    capsys.readouterr()
    assert run("import", target, qdpx) == 0
    out = capsys.readouterr()
    assert "imported 1: Report" in out.out
    assert "3 codings added" in out.err
    with Project.open(target, backup=False) as copy, copy.read() as tx:
        assert len(tx.codings()) == 3
        assert {c.name for c in tx.coders()} == {"ann", "gold"}
        assert tx.coder_by_name("gold").is_gold


def test_import_refuses_a_bad_qdpx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "new.annotator"
    assert run("new", target) == 0
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"not a zip")
    assert run("import", target, bad) == 1
    assert "not a readable zip" in capsys.readouterr().err


def test_pandas_reads_the_tables_back(project_path: Path, tmp_path: Path) -> None:
    """What R, Stata and pandas users do first: load the files and count."""
    pd = pytest.importorskip("pandas")
    codings = tmp_path / "codings.csv"
    assert run("export", project_path, "-f", "codings-csv", "-o", codings) == 0
    df = pd.read_csv(codings)
    assert len(df) == 3
    assert {"start", "end", "text", "coder", "code_uuid"} <= set(df.columns)
    assert (df["end"] > df["start"]).all()
    assert sorted(df["coder"]) == ["ann", "ann", "gold"]
    xlsx = tmp_path / "codings.xlsx"
    assert run("export", project_path, "-f", "codings-xlsx", "-o", xlsx) == 0
    sheets = pd.read_excel(xlsx, sheet_name=None)
    assert len(next(iter(sheets.values()))) == 3
    counts = tmp_path / "counts.csv"
    assert run("export", project_path, "-f", "matrix-code-document", "-o", counts) == 0
    m = pd.read_csv(counts)
    assert len(m) == 1
    evidence = tmp_path / "evidence.csv"
    assert run("export", project_path, "-f", "evidence", "-o", evidence) == 0
    ev = pd.read_csv(evidence)
    assert {"country", "year"} <= set(ev.columns) and set(ev["country"]) == {"Chile"}
