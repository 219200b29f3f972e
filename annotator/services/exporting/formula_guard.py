"""Keep spreadsheet programs from running text as formulas (CSV / formula injection).

Report excerpts, memos and code names are untrusted text: a cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return may be read by Excel, LibreOffice or Google Sheets as
a formula (``=HYPERLINK(...)``, DDE). As OWASP recommends, such a CSV cell gets a leading
apostrophe (``'=SUM(A1)``), which spreadsheets show as plain text. A plain number such as
``-1`` or ``+2.5`` is left alone: it cannot hold a formula. ``raw`` exports skip the guard.
"""

from __future__ import annotations

import re
from typing import Any

#: first characters that make a spreadsheet read a cell as a formula
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_FIRST = frozenset(TRIGGERS)
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def needs_guard(value: Any) -> bool:
    """True for text a spreadsheet could take for a formula."""
    return (isinstance(value, str) and value[:1] in _FIRST
            and _NUMBER.fullmatch(value) is None)


def guard_cell(value: Any) -> Any:
    """``value`` with a leading apostrophe when it could be taken for a formula."""
    return "'" + value if needs_guard(value) else value


def unguard_cell(value: str) -> str:
    """The text :func:`guard_cell` guarded, for files that are read back (a codebook CSV):
    ``'=SUM(A1)`` → ``=SUM(A1)``; anything else unchanged."""
    return value[1:] if value[:1] == "'" and needs_guard(value[1:]) else value


def guard_row(row: Any) -> list[Any]:
    """:func:`guard_cell` on every cell (inlined: this runs once per cell of an export)."""
    return [("'" + v) if (isinstance(v, str) and v[:1] in _FIRST
                          and _NUMBER.fullmatch(v) is None) else v for v in row]
