"""Warnings said once per process ("the disk is full; the checkpoint was postponed").

Storage reports trouble that must not stop the user's work (a failed checkpoint or backup)
through the ``annotator.warnings`` logger. The CLI prints these as ``annotator: warning: …``;
the app shows them in the status bar and writes them to its log. Each distinct warning is
said once per process, however often the failure repeats.
"""

from __future__ import annotations

import logging

LOG = logging.getLogger("annotator.warnings")
_said: set[str] = set()


def warn_once(key: str, message: str) -> bool:
    """Log ``message`` unless a warning with the same ``key`` was already given; returns
    whether it was said now."""
    if key in _said:
        return False
    _said.add(key)
    LOG.warning("%s", message)
    return True


def reset() -> None:
    """Forget what was said (tests)."""
    _said.clear()


def is_disk_full(exc: BaseException) -> bool:
    """True when an error (driver or OS) says there is no space left."""
    import errno

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(getattr(exc, "orig", None) or exc).lower()
    return "disk is full" in text or "no space left" in text or "quota exceeded" in text


def disk_nearly_full(path: object, room: int = 1 << 20) -> bool:
    """True when the folder holding ``path`` has less than ``room`` bytes free (SQLite then
    fails even to open a file for reading: it needs room for the ``-shm`` index)."""
    import shutil
    from pathlib import Path

    try:
        return shutil.disk_usage(Path(str(path)).resolve().parent).free < room
    except OSError:
        return False


def reason(exc: BaseException) -> str:
    """A short, one-line reason for a warning."""
    if is_disk_full(exc):
        return "the disk is full"
    orig = getattr(exc, "orig", None) or exc
    if isinstance(orig, OSError) and orig.strerror:
        return orig.strerror.lower()
    text = " ".join(str(orig).split())
    return text[:200] or exc.__class__.__name__
