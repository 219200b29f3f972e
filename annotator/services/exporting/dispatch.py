"""One entry point for every export format (used by the CLI and the File ▸ Export menu)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.services.exporting.atomic import ExportError
from annotator.services.exporting.filters import ExportFilter
from annotator.services.exporting.tabular import (
    parquet_available, parquet_path, write_csv, write_parquet,
)
from annotator.services.project import Project

if TYPE_CHECKING:
    from annotator.services.exporting.data import ExportData

UNITS = ("paragraph", "section")

FORMATS = ("codings-csv", "codings-xlsx", "matrix-code-document", "matrix-presence",
           "evidence", "qdpx", "coded-html", "coded-docx")
#: formats that also come as Parquet with ``parquet=True``
TABLE_FORMATS = ("codings-csv", "matrix-code-document", "matrix-presence", "evidence")


@dataclass
class ExportResult:
    format: str
    paths: list[Path] = field(default_factory=list)
    rows: int = 0
    notes: list[str] = field(default_factory=list)


def run_export(project: Project, fmt: str, out: Path | str, flt: ExportFilter | None = None, *,
               unit: str = "paragraph", parquet: bool = False,
               raw: bool = False) -> ExportResult:
    """Write ``fmt`` to ``out``. Raises :class:`ExportError` (one line) when it cannot.

    CSV and Excel cells that a spreadsheet could run as formulas are guarded (see
    :mod:`annotator.services.exporting.formula_guard`) unless ``raw``.
    """
    from annotator.services.exporting import data as export_data

    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (choose one of {', '.join(FORMATS)})")
    if unit not in UNITS:
        raise ExportError(f"unknown unit {unit!r} (choose one of {', '.join(UNITS)})")
    out = Path(out)
    flt = flt or ExportFilter()
    result = ExportResult(fmt, [out])
    if fmt == "qdpx":
        from annotator.services.exchange.qdpx_export import export_qdpx

        qres = export_qdpx(project, out, flt)
        result.rows = qres.codings
        result.notes += qres.warnings
        if not flt.is_empty:
            result.notes.append("the project file holds only the selected documents and "
                                "codings (the whole codebook and all coders are included)")
        return result
    data = export_data.load(project, flt)
    if fmt == "codings-xlsx":
        from annotator.services.exporting.codings_table import header, rows
        from annotator.services.exporting.reference_tables import codes_table, documents_table
        from annotator.services.exporting.xlsx import Sheet, write_workbook

        counts = write_workbook(out, [Sheet("codings", header(data), rows(data)),
                                      Sheet("codes", *codes_table(data)),
                                      Sheet("documents", *documents_table(data))],
                                raw=raw)
        result.rows = counts["codings"]
        return result
    if fmt in ("coded-html", "coded-docx"):
        if not data.documents:
            raise ExportError("no document matches the filters")
        if fmt == "coded-html":
            from annotator.services.exporting.coded_html import write_coded_html as write
        else:
            from annotator.services.exporting.coded_docx import write_coded_docx as write
        result.rows = len(data.codings)
        write(data, out)
        return result
    header_, rows_ = _table(data, fmt, unit)
    if parquet and parquet_available():
        rows_ = list(rows_)
    result.rows = write_csv(out, header_, rows_, raw=raw)
    if parquet:
        if parquet_available():
            target = parquet_path(out)
            write_parquet(target, header_, list(rows_))
            result.paths.append(target)
        else:
            result.notes.append("Parquet skipped: the optional package pyarrow is not "
                                "installed (pip install 'annotator[parquet]')")
    return result


def _table(data: ExportData, fmt: str, unit: str) -> tuple[list[str], Iterable[list[Any]]]:
    if fmt == "codings-csv":
        from annotator.services.exporting.codings_table import header, rows

        return header(data), rows(data)
    if fmt == "matrix-code-document":
        from annotator.services.exporting.matrices import code_document_counts

        return code_document_counts(data)
    if fmt == "matrix-presence":
        from annotator.services.exporting.matrices import presence_matrix

        return presence_matrix(data, unit)
    from annotator.services.exporting.evidence import evidence_table

    return evidence_table(data)
