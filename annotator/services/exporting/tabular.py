"""Write tables (a header and rows of plain values) as CSV or, when pyarrow is there, Parquet."""

from __future__ import annotations

import csv
import importlib.util
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from annotator.services.exporting.atomic import ExportError, atomic_open, atomic_path
from annotator.services.exporting.formula_guard import guard_row

Value = str | int | float | bool | None
Table = tuple[list[str], list[list[Any]]]


def iso(dt: datetime | None) -> str:
    """UTC timestamp as ``YYYY-MM-DDTHH:MM:SSZ`` ("" when unknown)."""
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ") if dt else ""


def write_csv(path: Path | str, header: Sequence[str], rows: Iterable[Sequence[Any]], *,
              raw: bool = False) -> int:
    """UTF-8 CSV (no BOM, RFC 4180 quoting); ``None`` becomes an empty cell. Returns the
    number of data rows. Text a spreadsheet could run as a formula gets a leading apostrophe
    (:mod:`annotator.services.exporting.formula_guard`) unless ``raw``."""
    count = [0]

    def counted() -> Iterable[Sequence[Any]]:
        for row in rows:
            count[0] += 1
            yield row if raw else guard_row(row)

    with atomic_open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)  # writes None as an empty cell
        writer.writerow(header if raw else guard_row(header))
        writer.writerows(counted())
    return count[0]


def parquet_available() -> bool:
    return importlib.util.find_spec("pyarrow") is not None


def write_parquet(path: Path | str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
    """Parquet with one typed column per header entry (integer columns stay integers).

    Raises :class:`ExportError` when pyarrow is not installed.
    """
    if not parquet_available():
        raise ExportError("Parquet export needs the optional package pyarrow "
                          "(pip install 'annotator[parquet]')")
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns: dict[str, Any] = {}
    for i, name in enumerate(header):
        values = [row[i] for row in rows]
        present = [v for v in values if v is not None and v != ""]
        if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
            columns[name] = pa.array([v if isinstance(v, int) else None for v in values],
                                     type=pa.int64())
        else:
            columns[name] = pa.array(["" if v is None else str(v) for v in values],
                                     type=pa.string())
    table = pa.table(columns)
    with atomic_path(path) as tmp:
        pq.write_table(table, str(tmp))
    return len(rows)


def parquet_path(csv_path: Path | str) -> Path:
    """``x.csv`` -> ``x.parquet`` (any other name gets ``.parquet`` appended)."""
    p = Path(csv_path)
    return p.with_suffix(".parquet") if p.suffix.lower() == ".csv" else Path(f"{p}.parquet")
