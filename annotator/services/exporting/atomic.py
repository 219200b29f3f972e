"""Write export files safely: into a temporary file next to the target, then rename.

A failure (unwritable folder, full disk, a bug half-way) leaves no partial file behind and
surfaces as one :class:`ExportError` line naming the target.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from annotator.domain.errors import AnnotatorError

_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EROFS: "the file system is read-only",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "it is a folder",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.EFBIG: "the file is too large for this file system",
}


class ExportError(AnnotatorError):
    """An export could not be written (one line, names the file)."""


def describe_os_error(exc: OSError) -> str:
    """A short human reason for an OS-level failure."""
    reason = _REASONS.get(exc.errno or 0)
    return reason or (exc.strerror or str(exc) or type(exc).__name__).rstrip(".").lower()


def cannot_write(path: Path | str, exc: OSError) -> ExportError:
    return ExportError(f"cannot write {path}: {describe_os_error(exc)}")


@contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path in ``target``'s folder; on success it replaces ``target``.

    Libraries that insist on saving to a path (openpyxl, python-docx) write to the yielded
    path. Any exception removes the temporary file; OS errors become :class:`ExportError`.
    """
    dest = Path(target)
    if dest.is_dir():
        raise ExportError(f"cannot write {dest}: it is a folder")
    folder = dest.parent if str(dest.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise cannot_write(dest, exc) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        _fsync(tmp)
        _set_mode(tmp, dest)
        os.replace(tmp, dest)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise cannot_write(dest, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_open(target: Path | str, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """Like ``open(target, mode)`` but all-or-nothing (see :func:`atomic_path`)."""
    with atomic_path(target) as tmp:
        try:
            handle = open(tmp, mode, **kwargs)  # noqa: SIM115 - closed below
        except OSError as exc:
            raise cannot_write(target, exc) from None
        try:
            yield handle
        finally:
            handle.close()


def _set_mode(tmp: Path, dest: Path) -> None:
    """Temporary files are private (0600); give the result the usual permissions."""
    try:
        mode = dest.stat().st_mode & 0o777 if dest.exists() else 0o644
        os.chmod(tmp, mode)
    except OSError:
        pass


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
