"""CSV and Excel exports never hand a spreadsheet a formula from report text (unless --raw)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from annotator.domain.text import text_sha256
from annotator.services.exporting.dispatch import run_export
from annotator.services.exporting.formula_guard import guard_cell, needs_guard
from annotator.services.exporting.tabular import write_csv
from annotator.services.exporting.xlsx import Sheet, write_workbook
from annotator.services.project import Project

HOSTILE = ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
           "\tindented", "\rcarriage"]
HARMLESS = ["plain text", "-1", "+2.5", "1e5", "", "a=b", "'already quoted"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_is_guarded(value: str) -> None:
    assert needs_guard(value) and guard_cell(value) == "'" + value


@pytest.mark.parametrize("value", HARMLESS)
def test_harmless_values_are_left_alone(value: str) -> None:
    assert not needs_guard(value) and guard_cell(value) == value
    assert guard_cell(-3) == -3 and guard_cell(None) is None


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_csv_cells_and_header_get_an_apostrophe(tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    write_csv(out, ["=head", "n"], [[v, -1] for v in HOSTILE + HARMLESS])
    rows = _read(out)
    assert rows[0] == ["'=head", "n"]
    assert [r[0] for r in rows[1:]] == ["'" + v for v in HOSTILE] + HARMLESS
    assert {r[1] for r in rows[1:]} == {"-1"}
    write_csv(out, ["=head"], [[v] for v in HOSTILE], raw=True)
    assert [r[0] for r in _read(out)] == ["=head", *HOSTILE]


def test_xlsx_cells_are_text_with_quote_prefix(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    write_workbook(out, [Sheet("s", ["@head"], [[v] for v in HOSTILE + HARMLESS])])
    ws = load_workbook(out)["s"]
    assert ws["A1"].value == "@head" and ws["A1"].quotePrefix
    for i, v in enumerate(HOSTILE, start=2):
        cell = ws.cell(row=i, column=1)
        assert cell.data_type == "s" and cell.value in (v, v.replace("\r", "\n"))
        assert cell.quotePrefix, v
    for i, v in enumerate(HARMLESS, start=2 + len(HOSTILE)):
        cell = ws.cell(row=i, column=1)
        assert not cell.quotePrefix, v
    write_workbook(out, [Sheet("s", ["h"], [[v] for v in HOSTILE])], raw=True)
    ws = load_workbook(out)["s"]
    first = ws.cell(row=2, column=1)
    assert first.value == HOSTILE[0] and first.data_type == "s" and not first.quotePrefix


def test_exported_excerpts_and_memos_are_guarded(tmp_path: Path) -> None:
    text = "=WEBSERVICE(\"http://evil\") was quoted in the report.\n- a bullet line\n"
    with Project.create(tmp_path / "p.annotator") as project:
        with project.store.begin() as tx:
            doc = tx.add_document(title="@evil title", country="X", year=2020, source_name="x",
                                  source_type="txt", text=text, sha256=text_sha256(text),
                                  is_report=False, segs=[])
            coder = tx.add_coder("ann")
            code = tx.add_code(name="-code", color="#000000", position=0)
            tx.add_coding(document_id=doc.id, start=0, end=26, code_id=code.id,
                          coder_id=coder.id, memo="+memo")
            tx.add_coding(document_id=doc.id, start=text.index("- a"), end=len(text) - 1,
                          code_id=code.id, coder_id=coder.id)
        run_export(project, "codings-csv", tmp_path / "c.csv")
        run_export(project, "codings-csv", tmp_path / "raw.csv", raw=True)
        run_export(project, "codings-xlsx", tmp_path / "c.xlsx")
    from annotator.cli import main

    assert main(["export", str(tmp_path / "p.annotator"), "--format", "codings-csv", "--out",
                 str(tmp_path / "cli-raw.csv"), "--raw"]) == 0
    assert (tmp_path / "cli-raw.csv").read_text(encoding="utf-8") == (
        tmp_path / "raw.csv").read_text(encoding="utf-8")
    with (tmp_path / "c.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["text"] == "'=WEBSERVICE(\"http://evil\")"
    assert rows[0]["memo"] == "'+memo" and rows[0]["document_title"] == "'@evil title"
    assert rows[0]["code_path"] == "'-code" and rows[1]["text"] == "'- a bullet line"
    with (tmp_path / "raw.csv").open(encoding="utf-8", newline="") as f:
        raw = list(csv.DictReader(f))
    assert raw[0]["text"] == "=WEBSERVICE(\"http://evil\")" and raw[0]["memo"] == "+memo"
    ws = load_workbook(tmp_path / "c.xlsx")["codings"]
    header = [c.value for c in ws[1]]
    cell = ws.cell(row=2, column=header.index("text") + 1)
    assert cell.value == "=WEBSERVICE(\"http://evil\")"
    assert cell.data_type == "s" and cell.quotePrefix
