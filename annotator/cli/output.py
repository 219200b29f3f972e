"""Printing helpers: plain tables, JSON, one-line errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any


def _default(o: Any) -> Any:
    if isinstance(o, datetime | date):
        return o.isoformat()
    if isinstance(o, set | tuple):
        return list(o)
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def print_json(data: Any, *, indent: int | None = None) -> None:
    """JSON on stdout. Compact by default (fast on big listings); pipe through ``jq`` to read."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent, default=_default))
    sys.stdout.write("\n")


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]],
                align_right: Sequence[int] = ()) -> None:
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, v in enumerate(row):
            widths[i] = min(max(widths[i], len(v)), 60)

    def fmt(row: Sequence[str]) -> str:
        out = []
        for i, v in enumerate(row):
            v = v if len(v) <= 60 else v[:59] + "…"
            out.append(v.rjust(widths[i]) if i in align_right else v.ljust(widths[i]))
        return "  ".join(out).rstrip()

    print(fmt(list(headers)))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print(fmt(row))


def error(message: str) -> None:
    """One line on stderr."""
    line = " ".join(str(message).split())
    print(f"annotator: error: {line}", file=sys.stderr)
