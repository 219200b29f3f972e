"""Read a user's file safely and run the right importer on it.

Every failure surfaces as :class:`ImportFailed` with a one-line reason (the pipeline prefixes the
file name); a parser's unexpected exception never reaches the user as a traceback.
"""

from __future__ import annotations

import stat
from pathlib import Path

from annotator.domain.errors import AnnotatorError
from annotator.services.importing.base import MAX_FILE_BYTES, Extracted, ImportFailed
from annotator.services.importing.registry import importer_for, sniff_mismatch

_LIMIT_TEXT = f"file is larger than {MAX_FILE_BYTES // 2**20} MB"


def read_source(path: Path) -> bytes:
    """The bytes of ``path``, refusing missing, special, unreadable and oversized files."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ImportFailed("no such file") from None
    except PermissionError:
        raise ImportFailed("permission denied") from None
    except OSError as exc:
        raise ImportFailed(f"cannot access the file ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ImportFailed("is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ImportFailed("not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise ImportFailed(_LIMIT_TEXT)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except PermissionError:
        raise ImportFailed("permission denied (the file is not readable)") from None
    except OSError as exc:
        raise ImportFailed(f"cannot read the file ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:  # it grew after stat()
        raise ImportFailed(_LIMIT_TEXT)
    return data


def extract_file(path: Path) -> Extracted:
    """Read ``path``, check its content against its extension and extract its text."""
    data = read_source(path)
    importer = importer_for(path)
    if not data:
        raise ImportFailed("file is empty")
    sniff_mismatch(path, data)
    try:
        return importer.extract(path, data)
    except AnnotatorError:
        raise
    except MemoryError:
        raise ImportFailed("not enough memory to import this file") from None
    except RecursionError:
        raise ImportFailed("the file's structure is nested too deeply") from None
    except Exception as exc:  # a parser bug or an unforeseen malformation
        reason = f"{type(exc).__name__}: {short_reason(exc)}"
        raise ImportFailed(f"could not read the file ({reason})") from exc


def short_reason(exc: BaseException) -> str:
    """A one-line, bounded description of ``exc`` for a user-facing message."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    reason = lines[0] if lines else type(exc).__name__
    return reason if len(reason) <= 120 else reason[:117] + "..."
