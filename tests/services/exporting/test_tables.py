"""Codings table (CSV, XLSX), matrices and the evidence table: columns, counts, filters."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from annotator.domain.errors import NotFoundError
from annotator.services.exporting import tabular
from annotator.services.exporting.dispatch import run_export
from annotator.services.exporting.filters import ExportFilter
from annotator.services.exporting.xlsx import CELL_LIMIT, fit_cell
from annotator.services.project import Project


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_codings_csv_has_one_row_per_coding_with_all_columns(project: Project,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "codings.csv"
    result = run_export(project, "codings-csv", out)
    rows = read_csv(out)
    assert result.rows == len(rows) == 6
    assert list(rows[0]) == [
        "coding_uuid", "document_id", "document_uuid", "document_title", "country", "year",
        "section_path", "section_title", "start", "end", "text", "code_path", "code_uuid",
        "coder", "coder_is_gold", "attr_score", "attr_severity", "memo", "created_at",
        "modified_at", "codebook_version"]
    first = rows[0]
    assert first["text"] == "The government 😀 restricted the press."  # code points, not UTF-16
    assert (first["section_path"], first["section_title"]) == ("ES", "Executive Summary")
    assert first["code_path"] == "Rights/Press freedom"
    assert (first["coder"], first["attr_severity"], first["memo"]) == ("ann", "high", "clear case")
    assert first["created_at"] == "2024-05-01T12:00:00Z"
    killings = [r for r in rows if r["code_path"].endswith("Killings")]
    assert {r["section_path"] for r in killings} == {"1.a"}  # the innermost section
    assert {r["attr_score"] for r in killings} == {"1", "2"}
    assert "Torture\\/ill-treatment" in rows[-1]["code_path"]  # '/' inside a name is escaped


@pytest.mark.parametrize(("flt", "expected"), [
    (ExportFilter(coders=("ANN",)), 2),
    (ExportFilter(coders=("ann", "bob")), 4),
    (ExportFilter(gold_only=True), 2),
    (ExportFilter(codes=("Rights/Physical integrity",)), 4),  # the whole subtree
    (ExportFilter(codes=("rights/physical integrity/killings",)), 2),
    (ExportFilter(country="turkey"), 1),
    (ExportFilter(year=2019), 5),
    (ExportFilter(documents=("2",)), 1),
    (ExportFilter(gold_only=True, country="Kazakhstan"), 1),
])
def test_filters(project: Project, tmp_path: Path, flt: ExportFilter, expected: int) -> None:
    out = tmp_path / "f.csv"
    run_export(project, "codings-csv", out, flt)
    assert len(read_csv(out)) == expected


@pytest.mark.parametrize("flt", [ExportFilter(coders=("nobody",)),
                                 ExportFilter(codes=("No/Such",)),
                                 ExportFilter(documents=("99",))])
def test_unknown_filter_values_are_named(project: Project, tmp_path: Path,
                                         flt: ExportFilter) -> None:
    with pytest.raises(NotFoundError):
        run_export(project, "codings-csv", tmp_path / "x.csv", flt)
    assert not (tmp_path / "x.csv").exists()


def test_xlsx_has_three_sheets_frozen_headers_and_widths(project: Project,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "codings.xlsx"
    run_export(project, "codings-xlsx", out)
    wb = load_workbook(out)
    assert wb.sheetnames == ["codings", "codes", "documents"]
    ws = wb["codings"]
    assert ws.freeze_panes == "A2"
    assert ws.max_row == 7
    header = [c.value for c in ws[1]]
    assert header[0] == "coding_uuid" and "attr_score" in header
    assert 10 < ws.column_dimensions["K"].width <= 62  # the excerpt column
    memo_col = header.index("memo") + 1
    cell = ws.cell(row=7, column=memo_col)
    assert cell.value == "=SUM(A1)" and cell.data_type == "s"  # text, never a formula
    assert wb["codes"].max_row == 6 and wb["documents"].max_row == 3
    assert [c.value for c in wb["documents"][1]][:3] == ["document_id", "document_uuid", "title"]


def test_long_cells_are_cut_with_an_explicit_marker() -> None:
    short = "x" * 100
    assert fit_cell(short) == short
    long = "😀" * 20_000  # 40,000 UTF-16 units: too long for Excel although 20,000 characters
    cut = fit_cell(long)
    assert cut.endswith("more characters; full text in the CSV export]")
    assert "[truncated: 4,000 more characters" in cut
    assert len(cut.encode("utf-16-le")) // 2 <= CELL_LIMIT
    plain = "a" * 40_000
    assert "[truncated: 8,000 more characters" in fit_cell(plain)


def test_xlsx_long_excerpt_keeps_marker(tmp_path: Path) -> None:
    from annotator.services.exporting.xlsx import Sheet, write_workbook

    out = tmp_path / "long.xlsx"
    write_workbook(out, [Sheet("codings", ["text"], [["é" * 50_000], ["ok\x01"]])])
    ws = load_workbook(out)["codings"]
    assert "[truncated: 18,000 more characters" in ws["A2"].value
    assert ws["A3"].value == "ok\ufffd"  # control characters Excel refuses are replaced


def test_code_document_matrix(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    run_export(project, "matrix-code-document", out)
    rows = read_csv(out)
    assert [r["country"] for r in rows] == ["Kazakhstan", "Turkey"]
    assert rows[0]["codings"] == "5" and rows[1]["codings"] == "1"
    assert rows[0]["Rights/Press freedom"] == "2"
    assert rows[0]["Rights/Physical integrity/Killings"] == "2"
    assert "Rights" not in rows[0]  # a grouping code without codings is no column


def test_presence_matrix_by_paragraph_and_section(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "p.csv"
    run_export(project, "matrix-presence", out)
    rows = read_csv(out)
    kaz = [r for r in rows if r["country"] == "Kazakhstan"]
    assert [r["unit_path"] for r in kaz] == ["1", "2"]
    assert [r["Rights/Press freedom"] for r in kaz] == ["0", "1"]
    tur = [r for r in rows if r["country"] == "Turkey"]  # no stored paragraphs: computed
    assert len(tur) == 3 and tur[2]["Rights/Physical integrity/Torture\\/ill-treatment"] == "1"
    run_export(project, "matrix-presence", out, unit="section")
    rows = {(r["country"], r["unit_path"]): r for r in read_csv(out)}
    assert rows[("Kazakhstan", "1")]["Rights/Physical integrity/Killings"] == "1"
    assert rows[("Kazakhstan", "1.a")]["Rights/Physical integrity/Killings"] == "1"
    assert rows[("Kazakhstan", "1.b")]["Rights/Physical integrity/Killings"] == "0"
    assert rows[("Turkey", "")]["unit_kind"] == "document"


def test_evidence_table(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "e.csv"
    run_export(project, "evidence", out)
    rows = read_csv(out)
    assert list(rows[0]) == ["country", "year", "code_path", "code_uuid", "coder", "gold",
                             "codings", "documents", "score", "severity", "coding_uuids"]
    killings = {r["coder"]: r for r in rows if r["code_path"].endswith("Killings")}
    assert killings["gold"]["gold"] == "1" and killings["gold"]["score"] == "1"
    assert killings["ann"]["score"] == "2"
    press = [r for r in rows if r["code_path"] == "Rights/Press freedom"]
    assert len(press) == 2 and all(len(r["coding_uuids"].split(";")) == 1 for r in press)
    total = sum(len(r["coding_uuids"].split(";")) for r in rows)
    assert total == 6


def test_evidence_joins_several_codings_and_orders_levels(project: Project,
                                                          tmp_path: Path) -> None:
    with project.store.begin() as tx:
        kill = next(c for c in tx.codes() if c.name == "Killings")
        ann = tx.coder_by_name("ann")
        tx.add_coding(document_id=1, start=0, end=5, code_id=kill.id, coder_id=ann.id,
                      attributes={"score": "0"})
    out = tmp_path / "e.csv"
    run_export(project, "evidence", out, ExportFilter(coders=("ann",)))
    row = next(r for r in read_csv(out) if r["code_path"].endswith("Killings"))
    assert row["codings"] == "2" and row["score"] == "0;2"
    assert len(row["coding_uuids"].split(";")) == 2


def test_parquet_is_skipped_cleanly_without_pyarrow(project: Project, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "parquet_available", lambda: False)
    import annotator.services.exporting.dispatch as dispatch

    monkeypatch.setattr(dispatch, "parquet_available", lambda: False)
    result = run_export(project, "evidence", tmp_path / "e.csv", parquet=True)
    assert result.paths == [tmp_path / "e.csv"]
    assert any("pyarrow" in n for n in result.notes)
    assert not (tmp_path / "e.parquet").exists()


def test_parquet_written_when_pyarrow_is_there(project: Project, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    result = run_export(project, "matrix-code-document", tmp_path / "m.csv", parquet=True)
    assert tmp_path / "m.parquet" in result.paths
    table = pq.read_table(tmp_path / "m.parquet")
    assert table.num_rows == 2 and "Rights/Press freedom" in table.column_names
    assert str(table.schema.field("codings").type) == "int64"


def test_large_id_filters_are_applied_after_the_query(project: Project) -> None:
    """More ids than SQLite accepts as parameters: filtered in Python, same result."""
    from annotator.storage import exchange_queries as xq

    with project.read() as tx:
        everything = list(xq.coding_rows(tx))
        many = list(xq.coding_rows(tx, document_ids=range(1, 7000), coder_ids=range(1, 7000)))
        few = list(xq.coding_rows(tx, document_ids=[2]))
    assert many == everything and len(everything) == 6
    assert [c.document_id for c in few] == [2]
    assert everything[0].created_at is not None and everything[0].created_at.tzinfo is not None
