"""Printing helpers: plain tables, JSON, one-line errors."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from annotator.domain.display import shown_name, terminal_safe
from annotator.domain.errors import is_cleanup_echo


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
        print(for_terminal(fmt(row)))


def for_terminal(text: str) -> str:
    """Document text for stdout: on a terminal, control characters (escape sequences that
    could move the cursor or recolour the screen) are shown escaped; a pipe gets the text as is."""
    return terminal_safe(text) if sys.stdout.isatty() else text


def error(message: str) -> None:
    """One line on stderr."""
    global _error_said
    _error_said = True  # what a failed write's finalizers say afterwards is only an echo
    line = shown_name(" ".join(str(message).split()))
    print(f"annotator: error: {line}", file=sys.stderr)


class _WarningPrinter(logging.Handler):
    """Prints ``annotator.warnings`` records as ``annotator: warning: …`` (one line each)."""

    def emit(self, record: logging.LogRecord) -> None:
        line = " ".join(record.getMessage().split())
        print(f"annotator: warning: {line}", file=sys.stderr)


def install_warning_printer() -> None:
    """Show the warnings storage says once (a failed checkpoint or backup) on stderr, and keep
    the clean-up of a failed write quiet (see :func:`_quiet_unraisable`)."""
    log = logging.getLogger("annotator.warnings")
    if not any(isinstance(h, _WarningPrinter) for h in log.handlers):
        log.addHandler(_WarningPrinter())
    if sys.unraisablehook is not _quiet_unraisable:
        global _default_unraisable
        _default_unraisable = sys.unraisablehook
        sys.unraisablehook = _quiet_unraisable


_default_unraisable = sys.__unraisablehook__


def _quiet_unraisable(info: Any) -> None:
    """After a write failed (full disk), libraries' finalizers (a zip file, a worksheet
    stream) fail again while being collected; the failure was already reported in one line,
    so these echoes ("Exception ignored in …") are dropped. Anything else is shown as usual."""
    if _error_said or is_cleanup_echo(info.exc_value):
        return
    _default_unraisable(info)


_error_said = False
