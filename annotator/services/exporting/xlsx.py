"""Excel workbooks: one sheet per table, frozen header row, readable widths, no silent cuts.

Excel refuses cells longer than 32,767 characters (counted in UTF-16 units). Longer text is cut
at 32,000 units and ends with an explicit marker saying how much is missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.domain.text import Utf16Index
from annotator.services.exporting.atomic import atomic_path
from annotator.services.exporting.formula_guard import needs_guard

CELL_LIMIT = 32_767
KEEP = 32_000
MAX_WIDTH = 60
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def truncation_marker(missing: int) -> str:
    return f" [truncated: {missing:,} more characters; full text in the CSV export]"


def fit_cell(value: str) -> str:
    """``value`` unchanged when Excel can hold it, else cut with :func:`truncation_marker`."""
    if len(value) <= CELL_LIMIT // 2:
        return value
    if len(value) + len(_ASTRAL.findall(value)) <= CELL_LIMIT:
        return value
    keep = Utf16Index(value).to_codepoint_floor(KEEP)
    return value[:keep] + truncation_marker(len(value) - keep)


@dataclass(frozen=True, slots=True)
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = fit_cell(_ILLEGAL.sub("\ufffd", value))
    return value


def _widths(header: Sequence[str], sample: Sequence[Sequence[Any]]) -> list[float]:
    widths = [len(h) + 2 for h in header]
    for row in sample:
        for i, v in enumerate(row):
            if v is not None:
                first_line = str(v).split("\n", 1)[0]
                widths[i] = max(widths[i], min(len(first_line), MAX_WIDTH) + 2)
    return [min(w, MAX_WIDTH + 2) for w in widths]


def write_workbook(path: Path | str, sheets: Sequence[Sheet], *,
                   raw: bool = False) -> dict[str, int]:
    """Write the sheets (streaming); returns the number of data rows per sheet.

    Text is always stored as text, never as a formula. Text that a spreadsheet could take for
    a formula once the cell is edited (see :mod:`annotator.services.exporting.formula_guard`)
    is also marked "quote prefix", Excel's own form of the leading apostrophe: the cell shows
    the text unchanged and stays text. ``raw`` leaves that mark out.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    counts: dict[str, int] = {}
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title[:31])
        rows = iter(sheet.rows)
        sample = []
        for row in rows:
            sample.append(row)
            if len(sample) >= 500:
                break
        for i, w in enumerate(_widths(sheet.header, sample), start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
        ws.freeze_panes = "A2"
        bold = Font(bold=True)
        head = []
        for h in sheet.header:
            cell = WriteOnlyCell(ws, value=_clean(h))
            cell.font = bold
            if isinstance(h, str):
                _as_text(cell, h, raw)
            head.append(cell)
        ws.append(head)
        n = 0
        for row in _chain(sample, rows):
            out = []
            for v in row:
                v = _clean(v)
                if isinstance(v, str) and (v.startswith("=") or needs_guard(v)):
                    cell = WriteOnlyCell(ws, value=v)
                    _as_text(cell, v, raw)
                    v = cell
                out.append(v)
            ws.append(out)
            n += 1
        if sheet.header:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.header))}{n + 1}"
        counts[sheet.title] = n
    with atomic_path(path) as tmp:
        wb.save(str(tmp))
    return counts


def _as_text(cell: Any, value: str, raw: bool) -> None:
    cell.data_type = "s"  # text, never a formula
    if not raw and needs_guard(value):
        cell.quotePrefix = True


def _chain(first: list[Sequence[Any]], rest: Iterable[Sequence[Any]]) -> Iterable[Sequence[Any]]:
    yield from first
    yield from rest
