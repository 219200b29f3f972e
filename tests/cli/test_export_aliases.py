"""``annotator export --format csv|xlsx|html|docx`` and the format told by ``--out``."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from annotator.cli import main
from annotator.domain.text import text_sha256
from annotator.services.exporting.atomic import ExportError
from annotator.services.exporting.format_names import resolve_format
from annotator.services.project import Project

TEXT = "Section 1. Life\n\nThe police killed two protesters.\n"


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "p.annotator"
    with Project.create(path) as project, project.store.begin() as tx:
        doc = tx.add_document(title="Report", country="Chile", year=2021, source_name="r.txt",
                              source_type="txt", text=TEXT, sha256=text_sha256(TEXT),
                              is_report=True, segs=[])
        ann = tx.add_coder("ann")
        code = tx.add_code(name="Killings")
        s = TEXT.index("killed")
        tx.add_coding(document_id=doc.id, start=s, end=s + 6, code_id=code.id, coder_id=ann.id)
    return path


def _check(fmt: str, out: Path) -> None:
    if fmt == "codings-csv":
        with out.open(encoding="utf-8", newline="") as handle:
            assert [r["text"] for r in csv.DictReader(handle)] == ["killed"]
    elif fmt == "codings-xlsx":
        assert load_workbook(io.BytesIO(out.read_bytes())).sheetnames[0] == "codings"
    elif fmt == "coded-html":
        assert "killed" in out.read_text(encoding="utf-8")
    else:
        with zipfile.ZipFile(out) as z:
            assert "killed" in z.read("word/document.xml").decode("utf-8")


@pytest.mark.parametrize(("alias", "fmt", "ext"), [
    ("csv", "codings-csv", ".csv"), ("xlsx", "codings-xlsx", ".xlsx"),
    ("html", "coded-html", ".html"), ("docx", "coded-docx", ".docx")])
def test_short_names_and_extensions(project_path, tmp_path, capsys, alias, fmt, ext):
    by_alias = tmp_path / f"a{ext}"
    assert main(["export", str(project_path), "--format", alias, "--out", str(by_alias)]) == 0
    _check(fmt, by_alias)
    by_ext = tmp_path / f"b{ext}"
    assert main(["export", str(project_path), "-o", str(by_ext), "--json"]) == 0
    assert f'"format": "{fmt}"' in capsys.readouterr().out
    _check(fmt, by_ext)
    # the alias names the format even when the file's extension says something else
    odd = tmp_path / "c.txt"
    assert main(["export", str(project_path), "-f", alias, "-o", str(odd)]) == 0
    _check(fmt, odd)


def test_unknown_extension_or_format_is_one_line_and_writes_nothing(project_path, tmp_path,
                                                                    capsys):
    out = tmp_path / "x.dat"
    assert main(["export", str(project_path), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--format" in err and ".dat" in err
    with pytest.raises(SystemExit):  # argparse lists the choices
        main(["export", str(project_path), "-f", "pdf", "-o", str(out)])
    assert "csv" in capsys.readouterr().err
    assert not out.exists()


def test_resolve_format_keeps_full_names_and_reads_qdpx():
    assert resolve_format("matrix-presence", "m.csv") == "matrix-presence"
    assert resolve_format("CSV", "x") == "codings-csv"
    assert resolve_format(None, "p.QDPX") == "qdpx"
    assert resolve_format(None, Path("r.htm")) == "coded-html"
    with pytest.raises(ExportError, match="unknown export format 'pdf'"):
        resolve_format("pdf", "x.pdf")
